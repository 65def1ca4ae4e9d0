// The ZITADEL client against the sandbox: every call, success and error paths, and the transport failures.
#include "api/zitadelclient.h"
#include "openssl.h"
#include "sandbox/sandbox.h"
#include "sandboxsession.h"
#include "testutil.h"

#include <QJsonArray>
#include <QPointer>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace std::chrono_literals;
using test::await;
using test::awaitApi;

class TestClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    std::unique_ptr<ZitadelClient> m_client;
    QString m_token;

    CreateTargetRequest sample(const QString &name)
    {
        CreateTargetRequest r;
        r.name = name;
        r.type = TargetType::Webhook;
        r.timeout = 10s;
        r.endpoint = QStringLiteral("https://hooks.example.com/") + name;
        r.payloadType = PayloadType::Json;
        return r;
    }

    Result<CreateTargetResponse> create(const CreateTargetRequest &r)
    {
        return awaitApi<CreateTargetResponse>([&](auto cb) { m_client->createTarget(r, this, cb); });
    }
    Result<Target> get(const QString &id)
    {
        return awaitApi<Target>([&](auto cb) { m_client->getTarget(id, this, cb); });
    }
    Result<TargetPage> list(const TargetQuery &q)
    {
        return awaitApi<TargetPage>([&](auto cb) { m_client->listTargets(q, this, cb); });
    }
    // A fresh PKIX public key from the openssl command line (a code path independent of ours).
    static QByteArray makePublicKey(const QString &curve = QStringLiteral("P-256"))
    {
        const test::OpensslRun key =
            test::openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                           QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:") + curve});
        if (key.exitCode != 0)
            return {};
        return test::openssl({QStringLiteral("pkey"), QStringLiteral("-pubout")}, key.out).out;
    }
    Result<PublicKeyPage> keys(const QString &targetId, const PublicKeyQuery &q = {})
    {
        return awaitApi<PublicKeyPage>([&](auto cb) { m_client->listPublicKeys(targetId, q, this, cb); });
    }

    QStringList names(const TargetPage &page)
    {
        QStringList out;
        for (const Target &t : page.targets)
            out << t.name;
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_sandbox = test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_token = m_sandbox->generateToken(sandbox::Role::ReadWrite);
        m_client = test::clientFor(*m_sandbox, m_token);
    }
    void cleanup()
    {
        m_client.reset();
        m_sandbox.reset();
    }

    void createAndGet()
    {
        CreateTargetRequest r = sample(QStringLiteral("created"));
        r.type = TargetType::Call;
        r.interruptOnError = true;
        r.timeout = 1500ms;
        r.payloadType = PayloadType::Jwe;
        const auto created = create(r);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QVERIFY(!created->id.isEmpty());
        QVERIFY(!created->signingKey.isEmpty());
        QVERIFY(created->creationDate.isValid());

        const auto got = get(created->id);
        QVERIFY(got.ok());
        QCOMPARE(got->name, r.name);
        QCOMPARE(got->type, TargetType::Call);
        QVERIFY(got->interruptOnError);
        QCOMPARE(got->timeout, Duration(1500ms));
        QCOMPARE(got->endpoint, r.endpoint);
        QCOMPARE(got->payloadType, PayloadType::Jwe);
        QCOMPARE(got->signingKey, created->signingKey);

        // The sandbox really holds it.
        const QJsonArray stored = m_sandbox->snapshot().value(QLatin1String("targets")).toArray();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).toObject().value(QLatin1String("name")).toString(), r.name);
    }

    void createDuplicateIsAlreadyExists()
    {
        QVERIFY(create(sample(QStringLiteral("dup"))).ok());
        const auto again = create(sample(QStringLiteral("dup")));
        QVERIFY(!again.ok());
        const ApiError &e = again.error();
        QCOMPARE(e.kind, ApiError::Kind::Server);
        QCOMPARE(e.httpStatus, 409);
        QCOMPARE(e.grpcCode, 6);
        QVERIFY(!e.errorId.isEmpty());
        QVERIFY(!e.message.isEmpty());
        QVERIFY(e.toString().contains(e.errorId));
    }

    void createInvalidIsInvalidArgument()
    {
        CreateTargetRequest r = sample(QStringLiteral("bad"));
        r.timeout = 0s;
        auto res = create(r);
        QVERIFY(!res.ok());
        QCOMPARE(res.error().httpStatus, 400);
        QCOMPARE(res.error().grpcCode, 3);

        r = sample(QStringLiteral("local"));
        r.endpoint = QStringLiteral("http://127.0.0.1:8080/hook"); // on ZITADEL's deny list
        res = create(r);
        QVERIFY(!res.ok());
        QCOMPARE(res.error().httpStatus, 400);
        QVERIFY(!res.error().message.isEmpty());
        QCOMPARE(m_sandbox->snapshot().value(QLatin1String("targets")).toArray().size(), 0);
    }

    void getMissingIsNotFound()
    {
        const auto got = get(QStringLiteral("999999"));
        QVERIFY(!got.ok());
        QCOMPARE(got.error().httpStatus, 404);
        QCOMPARE(got.error().grpcCode, 5);
        QVERIFY(!got.error().errorId.isEmpty());
    }

    void updateChangesOnlyGivenFields()
    {
        const auto created = create(sample(QStringLiteral("before")));
        QVERIFY(created.ok());
        TargetPatch patch;
        patch.name = QStringLiteral("after");
        auto updated =
            await<UpdateTargetResponse>([&](auto cb) { m_client->updateTarget(created->id, patch, this, cb); });
        QVERIFY(updated && updated->ok());
        QVERIFY((*updated)->changeDate.isValid());
        QVERIFY((*updated)->signingKey.isEmpty());

        auto got = get(created->id);
        QVERIFY(got.ok());
        QCOMPARE(got->name, QStringLiteral("after"));
        QCOMPARE(got->timeout, Duration(10s));
        QCOMPARE(got->endpoint, QStringLiteral("https://hooks.example.com/before"));
        QCOMPARE(got->signingKey, created->signingKey);

        // Switching to async clears interrupt-on-error.
        TargetPatch toCall;
        toCall.type = TargetPatch::TypeSetting{TargetType::Call, true};
        updated = await<UpdateTargetResponse>([&](auto cb) { m_client->updateTarget(created->id, toCall, this, cb); });
        QVERIFY(updated && updated->ok());
        QVERIFY(get(created->id)->interruptOnError);
        TargetPatch toAsync;
        toAsync.type = TargetPatch::TypeSetting{TargetType::Async, false};
        updated = await<UpdateTargetResponse>([&](auto cb) { m_client->updateTarget(created->id, toAsync, this, cb); });
        QVERIFY(updated && updated->ok());
        got = get(created->id);
        QCOMPARE(got->type, TargetType::Async);
        QVERIFY(!got->interruptOnError);
    }

    void rotateSigningKey()
    {
        const auto created = create(sample(QStringLiteral("rotate")));
        QVERIFY(created.ok());
        TargetPatch patch;
        patch.rotateSigningKey = true;
        const auto updated =
            await<UpdateTargetResponse>([&](auto cb) { m_client->updateTarget(created->id, patch, this, cb); });
        QVERIFY(updated && updated->ok());
        QVERIFY(!(*updated)->signingKey.isEmpty());
        QVERIFY((*updated)->signingKey != created->signingKey);
        QCOMPARE(get(created->id)->signingKey, (*updated)->signingKey);
    }

    // ZITADEL's interrupt-on-error defect (reproduced by the sandbox by default): a plain "off" is answered 200 and
    // not written. The checked update reads back, notices, and applies on-then-off.
    void updateCheckedTurnsInterruptOffWithOnThenOff()
    {
        CreateTargetRequest r = sample(QStringLiteral("ioe"));
        r.interruptOnError = true;
        const auto created = create(r);
        QVERIFY(created.ok());
        TargetPatch off;
        off.type = TargetPatch::TypeSetting{TargetType::Webhook, false};
        const int updatesBefore = m_sandbox->requestCount(QStringLiteral("UpdateTarget"));
        const auto checked =
            awaitApi<CheckedUpdate>([&](auto cb) { m_client->updateTargetChecked(created->id, off, this, cb); });
        QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().toString()));
        QVERIFY(checked->appliedOnThenOff);
        QVERIFY(checked->notTaken.isEmpty());
        QVERIFY(!checked->target.interruptOnError);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("UpdateTarget")) - updatesBefore, 3); // off, on, off
        QVERIFY(!get(created->id)->interruptOnError);

        // A type switch carrying "off" has the same problem and the same cure.
        r = sample(QStringLiteral("ioe-call"));
        r.interruptOnError = true;
        const auto second = create(r);
        QVERIFY(second.ok());
        TargetPatch toCall;
        toCall.type = TargetPatch::TypeSetting{TargetType::Call, false};
        const auto switched =
            awaitApi<CheckedUpdate>([&](auto cb) { m_client->updateTargetChecked(second->id, toCall, this, cb); });
        QVERIFY(switched.ok());
        QVERIFY(switched->appliedOnThenOff);
        QCOMPARE(switched->target.type, TargetType::Call);
        QVERIFY(!switched->target.interruptOnError);

        // Nothing extra when the update takes at once.
        TargetPatch rename;
        rename.name = QStringLiteral("renamed");
        const int before = m_sandbox->requestCount(QStringLiteral("UpdateTarget"));
        const auto plain =
            awaitApi<CheckedUpdate>([&](auto cb) { m_client->updateTargetChecked(second->id, rename, this, cb); });
        QVERIFY(plain.ok());
        QVERIFY(!plain->appliedOnThenOff);
        QVERIFY(plain->notTaken.isEmpty());
        QCOMPARE(plain->target.name, QStringLiteral("renamed"));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("UpdateTarget")) - before, 1);
    }

    void updateCheckedNamesFieldsThatDidNotTake()
    {
        const auto created = create(sample(QStringLiteral("stuck")));
        QVERIFY(created.ok());
        // The server acknowledges the update and changes nothing.
        sandbox::Fault ignore;
        ignore.kind = sandbox::Fault::Kind::Ignored;
        m_sandbox->setFault(QStringLiteral("UpdateTarget"), ignore);
        TargetPatch patch;
        patch.name = QStringLiteral("new-name");
        patch.timeout = 20s;
        patch.rotateSigningKey = true;
        const auto checked =
            awaitApi<CheckedUpdate>([&](auto cb) { m_client->updateTargetChecked(created->id, patch, this, cb); });
        QVERIFY(checked.ok());
        QStringList fields;
        for (const UntakenField &f : checked->notTaken)
            fields << f.field;
        QCOMPARE(fields,
                 (QStringList{QStringLiteral("name"), QStringLiteral("timeout"), QStringLiteral("signingKey")}));
        QCOMPARE(checked->notTaken.at(0),
                 (UntakenField{QStringLiteral("name"), QStringLiteral("new-name"), QStringLiteral("stuck")}));
        QCOMPARE(checked->notTaken.at(1).stored, QStringLiteral("10s"));
        QCOMPARE(describeUntaken({checked->notTaken.at(1)}),
                 QStringLiteral("timeout (sent 20s, ZITADEL still has 10s)"));
        QCOMPARE(checked->target.name, QStringLiteral("stuck"));
    }

    void errorDetailSlugIsRead()
    {
        // Newer servers: zitadel.error.v2.ErrorDetail with "slug" instead of "id".
        const ApiError e = ApiError::fromHttp(
            404,
            R"({"code":5,"message":"Target not found","details":[{"@type":"type.googleapis.com/zitadel.error.v2.ErrorDetail","slug":"QUERY-hj5oaniyrz","message":"Target not found"}]})");
        QCOMPARE(e.errorId, QStringLiteral("QUERY-hj5oaniyrz"));
        QCOMPARE(e.detailMessage, QStringLiteral("Target not found"));
        QCOMPARE(e.toString(), QStringLiteral("Target not found (QUERY-hj5oaniyrz) [HTTP 404, NotFound]"));
    }

    void updateMissingIsNotFound()
    {
        TargetPatch patch;
        patch.name = QStringLiteral("x");
        const auto updated = await<UpdateTargetResponse>(
            [&](auto cb) { m_client->updateTarget(QStringLiteral("42"), patch, this, cb); });
        QVERIFY(updated && !updated->ok());
        QCOMPARE(updated->error().httpStatus, 404);
    }

    void deleteIsIdempotent()
    {
        const auto created = create(sample(QStringLiteral("gone")));
        QVERIFY(created.ok());
        auto deleted = await<DeleteTargetResponse>([&](auto cb) { m_client->deleteTarget(created->id, this, cb); });
        QVERIFY(deleted && deleted->ok());
        QVERIFY((*deleted)->deletionDate.isValid());
        QCOMPARE(get(created->id).error().httpStatus, 404);
        deleted = await<DeleteTargetResponse>([&](auto cb) { m_client->deleteTarget(created->id, this, cb); });
        QVERIFY(deleted && deleted->ok());
    }

    void emptyIdIsRefusedLocally()
    {
        const int before = m_sandbox->requestCount(QStringLiteral("GetTarget"));
        const auto got = get(QString());
        QVERIFY(!got.ok());
        QCOMPARE(got.error().kind, ApiError::Kind::InvalidRequest);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("GetTarget")), before);
    }

    void listSortsFiltersAndPages()
    {
        for (const char *n : {"alpha", "Bravo", "charlie", "delta-hook", "echo-HOOK"})
            QVERIFY(create(sample(QLatin1String(n))).ok());

        TargetQuery q;
        q.sortingColumn = TargetSortColumn::Name;
        q.asc = true;
        auto page = list(q);
        QVERIFY(page.ok());
        QCOMPARE(page->totalResult, quint64(5));
        QCOMPARE(page->targets.size(), 5);

        // Default order is by creation date, descending.
        page = list(TargetQuery{});
        QVERIFY(page.ok());
        QCOMPARE(names(*page).first(), QStringLiteral("echo-HOOK"));
        QCOMPARE(names(*page).last(), QStringLiteral("alpha"));

        q = {};
        q.nameFilter = QStringLiteral("hook");
        q.nameFilterMethod = TextFilterMethod::ContainsIgnoreCase;
        page = list(q);
        QVERIFY(page.ok());
        QCOMPARE(page->totalResult, quint64(2));

        q.nameFilterMethod = TextFilterMethod::Contains;
        page = list(q);
        QCOMPARE(names(*page), QStringList{QStringLiteral("delta-hook")});

        q.nameFilter = QStringLiteral("bravo");
        q.nameFilterMethod = TextFilterMethod::EqualsIgnoreCase;
        QCOMPARE(names(*list(q)), QStringList{QStringLiteral("Bravo")});
        q.nameFilterMethod = TextFilterMethod::Equals;
        QCOMPARE(list(q)->targets.size(), 0);

        q.nameFilter = QStringLiteral("ECHO");
        q.nameFilterMethod = TextFilterMethod::StartsWithIgnoreCase;
        QCOMPARE(names(*list(q)), QStringList{QStringLiteral("echo-HOOK")});
        q.nameFilterMethod = TextFilterMethod::StartsWith;
        QCOMPARE(list(q)->targets.size(), 0);

        q.nameFilter = QStringLiteral("HOOK");
        q.nameFilterMethod = TextFilterMethod::EndsWith;
        QCOMPARE(names(*list(q)), QStringList{QStringLiteral("echo-HOOK")});
        q.nameFilterMethod = TextFilterMethod::EndsWithIgnoreCase;
        QCOMPARE(list(q)->targets.size(), 2);

        // Offset and limit.
        q = {};
        q.sortingColumn = TargetSortColumn::Name;
        q.asc = true;
        q.offset = 1;
        q.limit = 2;
        page = list(q);
        QVERIFY(page.ok());
        QCOMPARE(page->totalResult, quint64(5));
        QCOMPARE(page->appliedLimit, quint32(2));
        QCOMPARE(page->targets.size(), 2);

        // By id.
        const QString firstId = page->targets.first().id;
        q = {};
        q.idFilter = QStringList{firstId};
        page = list(q);
        QCOMPARE(page->targets.size(), 1);
        QCOMPARE(page->targets.first().id, firstId);
    }

    void listLimitAboveMaximumIsRefused()
    {
        TargetQuery q;
        q.limit = 1001;
        const auto page = list(q);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 400);
    }

    void listAllPagesThroughEverything()
    {
        m_sandbox->seedTargets(2500);
        QList<int> pageSizes;
        QSet<QString> ids;
        TargetQuery q;
        q.limit = 5000; // capped at 1000 by the helper
        auto total = await<quint64>([&](auto cb) {
            m_client->listAllTargets(
                q, this,
                [&](const TargetPage &page) {
                    pageSizes << int(page.targets.size());
                    for (const Target &t : page.targets)
                        ids.insert(t.id);
                },
                cb);
        });
        QVERIFY(total && total->ok());
        QCOMPARE(**total, quint64(2500));
        QCOMPARE(pageSizes, (QList<int>{1000, 1000, 500}));
        QCOMPARE(ids.size(), 2500);
    }

    void listAllCancelStops()
    {
        m_sandbox->seedTargets(3000);
        m_sandbox->setFault(QStringLiteral("ListTargets"), sandbox::Fault{sandbox::Fault::Kind::Delay, 200, 503, -1});
        int pages = 0;
        QPointer<ApiCall> call;
        auto total = await<quint64>([&](auto cb) {
            call = m_client->listAllTargets(
                {}, this, [&](const TargetPage &) { ++pages; }, cb);
            QTimer::singleShot(50, this, [&] { call->cancel(); });
        });
        QVERIFY(total && !total->ok());
        QCOMPARE(total->error().kind, ApiError::Kind::Cancelled);
        QCOMPARE(pages, 0);
    }

    void missingTokenIsUnauthenticated()
    {
        m_client->setToken(QString());
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
        QCOMPARE(page.error().grpcCode, 16);
    }

    void wrongTokenNeverLeaks()
    {
        const QString secret = QStringLiteral("not-the-right-token-5f0c");
        m_client->setToken(secret);
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
        QVERIFY(!page.error().toString().contains(secret));
        QVERIFY(!page.error().message.contains(secret));
    }

    void readOnlyTokenCannotWrite()
    {
        m_client->setToken(m_sandbox->generateToken(sandbox::Role::ReadOnly));
        QVERIFY(list({}).ok());
        const auto created = create(sample(QStringLiteral("ro")));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().httpStatus, 403);
        QCOMPARE(created.error().grpcCode, 7);
    }

    void faultTimeout()
    {
        m_sandbox->setFault(QStringLiteral("ListTargets"), sandbox::Fault{sandbox::Fault::Kind::Hang, 0, 503, -1});
        m_client->setTimeout(300ms);
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Timeout);
        QVERIFY(page.error().message.contains(QLatin1String("0.3 s")));
    }

    void faultDelayWithinTimeoutSucceeds()
    {
        m_sandbox->setFault(QStringLiteral("ListTargets"), sandbox::Fault{sandbox::Fault::Kind::Delay, 200, 503, -1});
        m_client->setTimeout(5s);
        QVERIFY(list({}).ok());
    }

    void faultReset()
    {
        m_sandbox->setFault(QStringLiteral("GetTarget"), sandbox::Fault{sandbox::Fault::Kind::Reset, 0, 503, -1});
        const auto got = get(QStringLiteral("1"));
        QVERIFY(!got.ok());
        QCOMPARE(got.error().kind, ApiError::Kind::ConnectionClosed);
        QVERIFY(got.error().isTransport());
    }

    void faultServerErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("grpc");
        QTest::newRow("500") << 500 << 13;
        QTest::newRow("503") << 503 << 14;
    }
    void faultServerErrors()
    {
        QFETCH(int, status);
        QFETCH(int, grpc);
        m_sandbox->setFault(QStringLiteral("CreateTarget"),
                            sandbox::Fault{sandbox::Fault::Kind::HttpError, 0, status, 1});
        auto created = create(sample(QStringLiteral("five-hundred")));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().kind, ApiError::Kind::Server);
        QCOMPARE(created.error().httpStatus, status);
        QCOMPARE(created.error().grpcCode, grpc);
        // The fault applied once; the next call goes through.
        created = create(sample(QStringLiteral("five-hundred")));
        QVERIFY(created.ok());
    }

    void faultMalformedBody()
    {
        m_sandbox->setFault(QStringLiteral("ListTargets"),
                            sandbox::Fault{sandbox::Fault::Kind::MalformedBody, 0, 503, -1});
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::MalformedResponse);
        QCOMPARE(page.error().httpStatus, 200);
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        m_client->setInstance(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::ConnectionRefused);
        QVERIFY(page.error().message.contains(QString::number(port)));
    }

    void tlsFailure()
    {
        // The sandbox speaks plain HTTP; a TLS handshake with it must fail as a TLS error, not hang.
        QUrl url = m_sandbox->url();
        url.setScheme(QStringLiteral("https"));
        m_client->setInstance(url);
        m_client->setTimeout(5s);
        const auto page = list({});
        QVERIFY(!page.ok());
        QVERIFY2(page.error().kind == ApiError::Kind::Tls || page.error().kind == ApiError::Kind::ConnectionClosed,
                 qPrintable(page.error().message));
    }

    void noInstanceIsInvalidRequest()
    {
        m_client->setInstance(QUrl());
        const auto page = list({});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::InvalidRequest);
    }

    void cancelDeliversCancelled()
    {
        m_sandbox->setFault(QStringLiteral("*"), sandbox::Fault{sandbox::Fault::Kind::Hang, 0, 503, -1});
        QPointer<ApiCall> call;
        const auto page = await<TargetPage>([&](auto cb) {
            call = m_client->listTargets({}, this, cb);
            QTimer::singleShot(50, this, [&] { call->cancel(); });
        });
        QVERIFY(page.has_value());
        QCOMPARE(page->error().kind, ApiError::Kind::Cancelled);
    }

    void destroyedContextGetsNoCallback()
    {
        m_sandbox->setFault(QStringLiteral("*"), sandbox::Fault{sandbox::Fault::Kind::Delay, 100, 503, -1});
        auto *context = new QObject;
        bool called = false;
        QPointer<ApiCall> call = m_client->listTargets({}, context, [&](Result<TargetPage>) { called = true; });
        delete context;
        QTRY_VERIFY(call.isNull());
        QTest::qWait(300);
        QVERIFY(!called);
    }

    void callFinishesAndDeletesItself()
    {
        QPointer<ApiCall> call = m_client->listTargets({}, this, [](Result<TargetPage>) {});
        QSignalSpy finished(call.data(), &ApiCall::finished);
        QTRY_COMPARE(finished.count(), 1);
        QTRY_VERIFY(call.isNull());
    }
    void publicKeyLifecycle()
    {
        const auto target = create(sample(QStringLiteral("keys")));
        QVERIFY(target.ok());
        const QString tid = target->id;
        const QByteArray pem1 = makePublicKey();
        const QByteArray pem2 = makePublicKey(QStringLiteral("P-384"));
        QVERIFY(pem1.startsWith("-----BEGIN PUBLIC KEY-----"));

        AddPublicKeyRequest add;
        add.publicKeyPem = pem1;
        add.expirationDate = QDateTime::currentDateTimeUtc().addDays(30);
        const auto first = awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(tid, add, this, cb); });
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        QVERIFY(!first->keyId.isEmpty());
        add.publicKeyPem = pem2;
        add.expirationDate = {};
        const auto second =
            awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(tid, add, this, cb); });
        QVERIFY(second.ok());

        auto page = keys(tid);
        QVERIFY(page.ok());
        QCOMPARE(page->totalResult, quint64(2));
        for (const PublicKey &k : page->publicKeys) {
            QVERIFY(!k.active); // new keys start inactive
            QCOMPARE(k.state(), PublicKey::State::Inactive);
            QVERIFY(k.fingerprint.startsWith(QLatin1String("SHA256:")));
            QVERIFY(k.publicKeyPem == pem1 || k.publicKeyPem == pem2);
        }

        QVERIFY(awaitApi<QDateTime>([&](auto cb) { m_client->activatePublicKey(tid, first->keyId, this, cb); }).ok());
        PublicKeyQuery activeOnly;
        activeOnly.active = true;
        page = keys(tid, activeOnly);
        QCOMPARE(page->publicKeys.size(), 1);
        QCOMPARE(page->publicKeys.first().keyId, first->keyId);
        QVERIFY(page->publicKeys.first().isUsable());

        // Activating the second deactivates the first in the same step.
        QVERIFY(awaitApi<QDateTime>([&](auto cb) { m_client->activatePublicKey(tid, second->keyId, this, cb); }).ok());
        page = keys(tid, activeOnly);
        QCOMPARE(page->publicKeys.size(), 1);
        QCOMPARE(page->publicKeys.first().keyId, second->keyId);

        // The active key cannot be removed.
        const auto refused =
            awaitApi<QDateTime>([&](auto cb) { m_client->removePublicKey(tid, second->keyId, this, cb); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus, 400);
        QCOMPARE(refused.error().grpcCode, 9);

        QVERIFY(
            awaitApi<QDateTime>([&](auto cb) { m_client->deactivatePublicKey(tid, second->keyId, this, cb); }).ok());
        QCOMPARE(keys(tid, activeOnly)->publicKeys.size(), 0);
        QVERIFY(awaitApi<QDateTime>([&](auto cb) { m_client->removePublicKey(tid, second->keyId, this, cb); }).ok());
        PublicKeyQuery byId;
        byId.keyIds = QStringList{first->keyId};
        page = keys(tid, byId);
        QCOMPARE(page->publicKeys.size(), 1);
        QCOMPARE(keys(tid)->publicKeys.size(), 1);
    }

    void publicKeyErrors()
    {
        const auto target = create(sample(QStringLiteral("badkeys")));
        QVERIFY(target.ok());
        AddPublicKeyRequest add;
        add.publicKeyPem = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n";
        auto r = awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(target->id, add, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 400);

        add.publicKeyPem = makePublicKey();
        add.expirationDate = QDateTime::currentDateTimeUtc().addDays(-1);
        r = awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(target->id, add, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 400);

        // ZITADEL lists the keys of a missing target as an empty list.
        const auto missing = keys(QStringLiteral("123456789"));
        QVERIFY(missing.ok());
        QVERIFY(missing->publicKeys.isEmpty());
        QCOMPARE(missing->totalResult, quint64(0));
    }

    // RSA keys under 2048 bits are refused before they reach ZITADEL (which would take them), with the reason.
    void shortRsaKeysAreRefused()
    {
        const auto target = create(sample(QStringLiteral("short-rsa")));
        QVERIFY(target.ok());
        const test::OpensslRun key =
            test::openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                           QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:1024")});
        QCOMPARE(key.exitCode, 0);
        AddPublicKeyRequest add;
        add.publicKeyPem = test::openssl({QStringLiteral("pkey"), QStringLiteral("-pubout")}, key.out).out;
        QVERIFY(add.publicKeyPem.startsWith("-----BEGIN PUBLIC KEY-----"));
        const auto r =
            awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(target->id, add, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::InvalidRequest);
        QVERIFY2(r.error().message.contains(QLatin1String("RSA 1024")) &&
                     r.error().message.contains(QLatin1String("under 2048 bits")),
                 qPrintable(r.error().message));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("AddPublicKey")), 0);
        // 2048 bits pass.
        const test::OpensslRun ok =
            test::openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                           QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048")});
        add.publicKeyPem = test::openssl({QStringLiteral("pkey"), QStringLiteral("-pubout")}, ok.out).out;
        QVERIFY(
            awaitApi<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(target->id, add, this, cb); }).ok());
    }

    void executionsReferencingATarget()
    {
        const auto a = create(sample(QStringLiteral("exec-a")));
        const auto b = create(sample(QStringLiteral("exec-b")));
        QVERIFY(a.ok() && b.ok());
        ExecutionCondition onRequest;
        onRequest.kind = ExecutionCondition::Kind::Request;
        onRequest.value = QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser");
        ExecutionCondition onEvent;
        onEvent.kind = ExecutionCondition::Kind::Event;
        onEvent.value = QStringLiteral("user.human.added");
        QVERIFY(awaitApi<QDateTime>([&](auto cb) {
                    m_client->setExecution(onRequest, {a->id, b->id}, this, cb);
                }).ok());
        QVERIFY(awaitApi<QDateTime>([&](auto cb) { m_client->setExecution(onEvent, {b->id}, this, cb); }).ok());

        ExecutionQuery q;
        q.targetId = a->id;
        auto page = awaitApi<ExecutionPage>([&](auto cb) { m_client->listExecutions(q, this, cb); });
        QVERIFY(page.ok());
        QCOMPARE(page->executions.size(), 1);
        const Execution &e = page->executions.first();
        QCOMPARE(e.condition, onRequest);
        QCOMPARE(e.targets, (QStringList{a->id, b->id}));
        QCOMPARE(e.condition.displayText(), QStringLiteral("request · /zitadel.user.v2.UserService/AddHumanUser"));

        q.targetId = b->id;
        page = awaitApi<ExecutionPage>([&](auto cb) { m_client->listExecutions(q, this, cb); });
        QCOMPARE(page->executions.size(), 2);

        // Deleting a target removes it from its executions.
        QVERIFY(awaitApi<DeleteTargetResponse>([&](auto cb) { m_client->deleteTarget(b->id, this, cb); }).ok());
        q.targetId = a->id;
        page = awaitApi<ExecutionPage>([&](auto cb) { m_client->listExecutions(q, this, cb); });
        QCOMPARE(page->executions.size(), 1);
        QCOMPARE(page->executions.first().targets, QStringList{a->id});

        // Unknown target ids are refused.
        const auto unknown = awaitApi<QDateTime>(
            [&](auto cb) { m_client->setExecution(onEvent, {QStringLiteral("424242")}, this, cb); });
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().httpStatus, 404);
    }

    void executionCatalogues()
    {
        const auto functions = awaitApi<QStringList>([&](auto cb) { m_client->listExecutionFunctions(this, cb); });
        QVERIFY(functions.ok());
        QVERIFY(functions->contains(QStringLiteral("preuserinfo")));
        const auto methods = awaitApi<QStringList>([&](auto cb) { m_client->listExecutionMethods(this, cb); });
        QVERIFY(methods.ok());
        QVERIFY(methods->contains(QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser")));
        const auto services = awaitApi<QStringList>([&](auto cb) { m_client->listExecutionServices(this, cb); });
        QVERIFY(services.ok());
        QVERIFY(!services->isEmpty());
    }

    void conditionTexts()
    {
        ExecutionCondition c;
        c.kind = ExecutionCondition::Kind::Event;
        c.value = QStringLiteral("user.human.added");
        QCOMPARE(c.displayText(), QStringLiteral("event · user.human.added"));
        c.kind = ExecutionCondition::Kind::Function;
        c.value = QStringLiteral("preuserinfo");
        QCOMPARE(c.displayText(), QStringLiteral("function · preuserinfo"));
        QCOMPARE(c.toJson(), (QJsonObject{{QStringLiteral("function"),
                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("preuserinfo")}}}}));
        c.kind = ExecutionCondition::Kind::Response;
        c.scope = ExecutionCondition::Scope::All;
        c.value.clear();
        QCOMPARE(c.displayText(), QStringLiteral("response · all methods"));
        QCOMPARE(executionConditionFromJson(c.toJson()).condition, std::optional<ExecutionCondition>(c));
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
