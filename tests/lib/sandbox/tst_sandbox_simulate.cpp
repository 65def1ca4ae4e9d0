// The sandbox as ZITADEL's executor (POST /sandbox/v1/executions:simulate, Sandbox::simulate): deliveries to a
// receiver on 127.0.0.1 for every payload and key type, verified by the inspector against the sandbox's JWKS and the
// target's signing key; the best match; the order of targets; interrupt-on-error; restCall answers replacing the
// message; ZITADEL defect #11985; the deny list at connect time; and who may call the route.

#include "crypto/privatekey.h"
#include "delivery/receiver.h"
#include "delivery/samples.h"
#include "inspect/inspector.h"
#include "restcall.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxhttpserver.h"
#include "sandboxsession.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace targetdesk;
using namespace targetdesk::sandbox;

namespace
{

const QString kAddHumanUser = QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser");

using Reply = targetdesk::test::RestReply;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject requestCondition(const char *field, const QJsonValue &value, const char *kind = "request")
{
    return {{QString::fromLatin1(kind), QJsonObject{{QString::fromLatin1(field), value}}}};
}

// One request that reached the hook.
struct Delivery {
    QString path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int answeredBefore = 0; // how many deliveries the hook had answered when this one arrived

    // Request line, headers, blank line, body: what inspect::parseCapture() reads as an HTTP request.
    QByteArray capture() const
    {
        QByteArray out = "POST " + path.toUtf8() + " HTTP/1.1\r\n";
        for (const auto &[name, value] : headers)
            out += name + ": " + value + "\r\n";
        return out + "\r\n" + body;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A target endpoint on 127.0.0.1: records every request and answers per path (200 {} unless told otherwise), after
// an optional delay.
class Hook
{
public:
    struct Answer {
        int status = 200;
        QByteArray body = "{}";
        int delayMs = 0;
    };

    Hook() : m_server([this](const QHttpServerRequest &request, QTcpSocket *socket) { onRequest(request, socket); }) {}
    bool listen() { return (m_port = m_server.listen(QHostAddress::LocalHost, 0)) != 0; }
    QString url(const QString &path, const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QStringLiteral("http://%1:%2/%3").arg(host).arg(m_port).arg(path);
    }
    void setAnswer(const QString &path, const Answer &answer) { m_answers.insert(QLatin1Char('/') + path, answer); }

    QList<Delivery> deliveries;
    int answered = 0;

    QStringList paths() const
    {
        QStringList out;
        for (const Delivery &d : deliveries)
            out << d.path.mid(1);
        return out;
    }
    const Delivery *at(const QString &path) const
    {
        for (const Delivery &d : deliveries) {
            if (d.path == QLatin1Char('/') + path)
                return &d;
        }
        return nullptr;
    }

private:
    void onRequest(const QHttpServerRequest &request, QTcpSocket *socket)
    {
        Delivery d;
        d.path = request.url().path();
        d.headers = request.headers();
        d.body = request.body();
        d.answeredBefore = answered;
        deliveries.append(d);
        const Answer answer = m_answers.value(d.path);
        auto responder = std::make_shared<QHttpServerResponder>(SandboxHttpServer::responder(request, socket));
        auto write = [this, responder, answer] {
            ++answered;
            responder->write(answer.body, {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}},
                             static_cast<QHttpServerResponder::StatusCode>(answer.status));
        };
        if (answer.delayMs > 0)
            QTimer::singleShot(answer.delayMs, &m_server, write);
        else
            write();
    }

    SandboxHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, Answer> m_answers;
};

struct CreatedTarget {
    QString id;
    QString signingKey;
};

} // namespace

class TestSandboxSimulate : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Hook> m_hook;
    QString m_token;
    QString m_readOnlyToken;

    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        return targetdesk::test::restCall(*m_nam, m_sandbox->url(), verb, path, body, token.isNull() ? m_token : token,
                                          30000);
    }

    CreatedTarget createTarget(const QString &name, const QString &endpoint, const char *type = "restWebhook",
                               const char *payloadType = "PAYLOAD_TYPE_JSON", bool interrupt = false)
    {
        QJsonObject typeBody;
        if (qstrcmp(type, "restAsync") != 0)
            typeBody.insert(QStringLiteral("interruptOnError"), interrupt);
        const QJsonObject body{{QStringLiteral("name"), name},
                               {QString::fromLatin1(type), typeBody},
                               {QStringLiteral("timeout"), QStringLiteral("10s")},
                               {QStringLiteral("endpoint"), endpoint},
                               {QStringLiteral("payloadType"), QString::fromLatin1(payloadType)}};
        const Reply r = send("POST", QStringLiteral("/v2/actions/targets"), compact(body));
        if (r.status != 200)
            qWarning("create %s: %d %s", qPrintable(name), r.status, r.body.constData());
        return {r.json.value(QLatin1String("id")).toString(), r.json.value(QLatin1String("signingKey")).toString()};
    }

    // Adds the public half of `key` to the target and activates it; returns the key id (the JWE kid).
    QString addActiveKey(const QString &targetId, const crypto::PrivateKey &key)
    {
        const Reply added =
            send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys").arg(targetId),
                 compact({{QStringLiteral("publicKey"), QString::fromLatin1(key.publicKeyPem().toBase64())}}));
        const QString keyId = added.json.value(QLatin1String("keyId")).toString();
        if (added.status != 200 || keyId.isEmpty()) {
            qWarning("add key: %d %s", added.status, added.body.constData());
            return {};
        }
        const Reply activated =
            send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys/%2/activate").arg(targetId, keyId), "{}");
        if (activated.status != 200)
            qWarning("activate key: %d %s", activated.status, activated.body.constData());
        return keyId;
    }

    bool setExecution(const QJsonObject &condition, const QStringList &targets)
    {
        const Reply r = send("PUT", QStringLiteral("/v2/actions/executions"),
                             compact({{QStringLiteral("condition"), condition},
                                      {QStringLiteral("targets"), QJsonArray::fromStringList(targets)}}));
        if (r.status != 200)
            qWarning("set execution: %d %s", r.status, r.body.constData());
        return r.status == 200;
    }

    Reply simulate(const QJsonObject &condition, const QJsonObject &body = {}, const QString &token = {})
    {
        QJsonObject request{{QStringLiteral("condition"), condition}};
        if (!body.isEmpty())
            request.insert(QStringLiteral("body"), body);
        return send("POST", QStringLiteral("/sandbox/v1/executions:simulate"), compact(request), token);
    }

    static QJsonObject targetResult(const Reply &r, const QString &targetId)
    {
        for (const QJsonValue &v : r.json.value(QLatin1String("targets")).toArray()) {
            if (v[u"targetId"].toString() == targetId)
                return v.toObject();
        }
        return {};
    }

    static QStringList outcomes(const Reply &r)
    {
        QStringList out;
        for (const QJsonValue &v : r.json.value(QLatin1String("targets")).toArray())
            out << v[u"outcome"].toString();
        return out;
    }

    // The sandbox's JWKS as a receiver fetches it.
    crypto::Jwks jwks()
    {
        const Reply r = send("GET", QStringLiteral("/oauth/v2/keys"), {}, QStringLiteral(""));
        const auto parsed = crypto::Jwks::parse(r.body);
        if (!parsed)
            qWarning("jwks: %s", r.body.constData());
        return parsed ? *parsed : crypto::Jwks();
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_sandbox = targetdesk::test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        // The hook listens on 127.0.0.1: only allowed with the deny list lifted, as the in-app sandbox does.
        m_sandbox->setAllowPrivateEndpoints(true);
        m_token = m_sandbox->generateToken(Role::ReadWrite);
        m_readOnlyToken = m_sandbox->generateToken(Role::ReadOnly);
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_hook = std::make_unique<Hook>();
        QVERIFY(m_hook->listen());
    }

    void cleanup()
    {
        m_hook.reset();
        m_nam.reset();
        m_sandbox.reset();
    }

    // ---- round trips: every payload type and key type, verified as a receiver verifies them ----

    void roundTrip_data()
    {
        QTest::addColumn<QString>("payloadType");
        QTest::addColumn<int>("keyType"); // -1: no key
        QTest::newRow("json") << QStringLiteral("PAYLOAD_TYPE_JSON") << -1;
        QTest::newRow("jwt") << QStringLiteral("PAYLOAD_TYPE_JWT") << -1;
        for (const crypto::KeyType type : crypto::allKeyTypes())
            QTest::newRow(qPrintable(QStringLiteral("jwe ") + crypto::keyTypeName(type)))
                << QStringLiteral("PAYLOAD_TYPE_JWE") << int(type);
    }
    void roundTrip()
    {
        QFETCH(QString, payloadType);
        QFETCH(int, keyType);
        // The project's own receiver as the target's endpoint.
        delivery::Receiver receiver;
        QString error;
        QVERIFY2(receiver.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QList<delivery::ReceivedDelivery> received;
        connect(&receiver, &delivery::Receiver::received, this,
                [&received](const delivery::ReceivedDelivery &d) { received.append(d); });
        const CreatedTarget target =
            createTarget(QStringLiteral("hook"), receiver.url().resolved(QUrl(QStringLiteral("hook"))).toString(),
                         "restWebhook", qPrintable(payloadType));
        QVERIFY(!target.id.isEmpty());
        auto keys = std::make_shared<inspect::KeyList>();
        QString keyId;
        if (keyType >= 0) {
            const auto key = crypto::PrivateKey::generate(crypto::KeyType(keyType));
            QVERIFY(key);
            keyId = addActiveKey(target.id, *key);
            QVERIFY(!keyId.isEmpty());
            keys->add({*key, QStringLiteral("test key"), keyId});
        }
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {target.id}));

        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json[u"matched"].toBool(), true);
        QCOMPARE(r.json[u"executionId"].toString(), QStringLiteral("request/zitadel.user.v2.UserService/AddHumanUser"));
        QCOMPARE(outcomes(r), QStringList{QStringLiteral("success")});
        QCOMPARE(targetResult(r, target.id)[u"status"].toInt(), 200);
        QCOMPARE(r.json[u"callFails"].toBool(), false);
        QCOMPARE(received.size(), 1);

        // What arrived, checked by the inspector with what a receiver has: the JWKS from /oauth/v2/keys, the
        // target's signing key and (JWE) the private half of the target's key.
        const delivery::ReceivedDelivery &d = received.first();
        QCOMPARE(d.path, QByteArray("/hook"));
        inspect::InspectOptions options;
        options.jwks = jwks();
        options.signingKey = target.signingKey.toUtf8();
        options.keys = keys;
        const inspect::Report report = inspect::inspectDelivery(d.captureText(), options);
        QVERIFY2(report.ok(), qPrintable(report.error + QStringLiteral(": ") + report.errorDetail));
        const inspect::Check *hmac = report.check(inspect::Check::Kind::WebhookSignature);
        QVERIFY(hmac);
        QCOMPARE(hmac->status, inspect::Check::Status::Passed);
        QCOMPARE(report.payloadJson[u"fullMethod"].toString(), kAddHumanUser);
        if (payloadType == QLatin1String("PAYLOAD_TYPE_JSON")) {
            QCOMPARE(report.form, inspect::Capture::Form::HttpRequest);
            QVERIFY(!report.signatureVerified);
            QCOMPARE(QJsonDocument::fromJson(d.body).object()[u"fullMethod"].toString(), kAddHumanUser);
        } else {
            QVERIFY(report.signatureVerified);
            QCOMPARE(report.verifiedWith, m_sandbox->webKeyId());
            const inspect::Check *decryption = report.check(inspect::Check::Kind::Decryption);
            if (keyType >= 0) {
                QVERIFY(decryption);
                QCOMPARE(decryption->status, inspect::Check::Status::Passed);
                QCOMPARE(targetResult(r, target.id)[u"encryptionKeyId"].toString(), keyId);
                QCOMPARE(d.body.count('.'), 4); // compact JWE
            } else {
                QCOMPARE(d.body.count('.'), 2); // compact JWS
            }
        }
    }

    // ---- what fires ----

    void bestMatchPicksOnlyTheWinner()
    {
        const CreatedTarget all = createTarget(QStringLiteral("all"), m_hook->url(QStringLiteral("all")));
        const CreatedTarget service = createTarget(QStringLiteral("service"), m_hook->url(QStringLiteral("service")));
        const CreatedTarget method = createTarget(QStringLiteral("method"), m_hook->url(QStringLiteral("method")));
        QVERIFY(setExecution(requestCondition("all", true), {all.id}));
        QVERIFY(setExecution(requestCondition("service", QStringLiteral("zitadel.user.v2.UserService")), {service.id}));
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {method.id}));

        Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("method")});
        QCOMPARE(r.json[u"executionId"].toString(), QStringLiteral("request/zitadel.user.v2.UserService/AddHumanUser"));

        m_hook->deliveries.clear();
        r = simulate(requestCondition("method", QStringLiteral("/zitadel.user.v2.UserService/DeactivateUser")));
        QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("service")});
        QCOMPARE(r.json[u"executionId"].toString(), QStringLiteral("request/zitadel.user.v2.UserService"));
        QCOMPARE(r.json[u"call"].toString(), QStringLiteral("request/zitadel.user.v2.UserService/DeactivateUser"));

        m_hook->deliveries.clear();
        r = simulate(requestCondition("method", QStringLiteral("/zitadel.session.v2.SessionService/CreateSession")));
        QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("all")});
        QCOMPARE(r.json[u"executionId"].toString(), QStringLiteral("request"));

        // A response is a separate execution: none is set, so nothing fires.
        m_hook->deliveries.clear();
        r = simulate(requestCondition("method", kAddHumanUser, "response"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json[u"matched"].toBool(), false);
        QVERIFY(r.json[u"executionId"].isNull());
        QCOMPARE(r.json[u"targets"].toArray().size(), 0);
        QVERIFY(m_hook->deliveries.isEmpty());
    }

    void noMatchingExecution()
    {
        const CreatedTarget t = createTarget(QStringLiteral("fn"), m_hook->url(QStringLiteral("fn")), "restCall");
        QVERIFY(setExecution(requestCondition("name", QStringLiteral("preuserinfo"), "function"), {t.id}));
        const Reply r = simulate(requestCondition("event", QStringLiteral("user.human.added"), "event"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json[u"matched"].toBool(), false);
        QCOMPARE(r.json[u"call"].toString(), QStringLiteral("event/user.human.added"));
        QVERIFY(r.json[u"summary"].toString().contains(QStringLiteral("No execution matches")));
        QVERIFY(m_hook->deliveries.isEmpty());
    }

    void targetsCalledOneAfterAnotherInOrder()
    {
        const CreatedTarget a = createTarget(QStringLiteral("a"), m_hook->url(QStringLiteral("a")));
        const CreatedTarget b = createTarget(QStringLiteral("b"), m_hook->url(QStringLiteral("b")));
        const CreatedTarget c = createTarget(QStringLiteral("c"), m_hook->url(QStringLiteral("c")));
        // Not the creation order; and slow answers, so targets called at once would overlap.
        for (const char *path : {"a", "b", "c"})
            m_hook->setAnswer(QString::fromLatin1(path), {200, "{}", 150});
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {c.id, a.id, b.id}));
        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(m_hook->paths(), (QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
        for (int i = 0; i < m_hook->deliveries.size(); ++i)
            QCOMPARE(m_hook->deliveries.at(i).answeredBefore, i); // each one only after the one before was answered
        QStringList order;
        for (const QJsonValue &v : r.json[u"targets"].toArray())
            order << v[u"targetId"].toString();
        QCOMPARE(order, (QStringList{c.id, a.id, b.id}));
    }

    // ---- interrupt-on-error ----

    void interruptOnErrorStopsTheChain_data()
    {
        QTest::addColumn<bool>("interrupt");
        QTest::newRow("interrupt-on-error") << true;
        QTest::newRow("without") << false;
    }
    void interruptOnErrorStopsTheChain()
    {
        QFETCH(bool, interrupt);
        const CreatedTarget first = createTarget(QStringLiteral("first"), m_hook->url(QStringLiteral("first")),
                                                 "restWebhook", "PAYLOAD_TYPE_JSON", interrupt);
        const CreatedTarget second = createTarget(QStringLiteral("second"), m_hook->url(QStringLiteral("second")));
        m_hook->setAnswer(QStringLiteral("first"), {500, "{\"error\":\"boom\"}", 0});
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {first.id, second.id}));

        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(targetResult(r, first.id)[u"outcome"].toString(), QStringLiteral("failure"));
        QCOMPARE(targetResult(r, first.id)[u"status"].toInt(), 500);
        QCOMPARE(targetResult(r, first.id)[u"verdict"][u"success"].toBool(), false);
        if (interrupt) {
            QCOMPARE(targetResult(r, second.id)[u"outcome"].toString(), QStringLiteral("not-called"));
            QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("first")});
            QCOMPARE(r.json[u"interrupted"].toBool(), true);
            QCOMPARE(r.json[u"callFails"].toBool(), true);
        } else {
            QCOMPARE(targetResult(r, second.id)[u"outcome"].toString(), QStringLiteral("success"));
            QCOMPARE(m_hook->paths(), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
            QCOMPARE(r.json[u"interrupted"].toBool(), false);
            QCOMPARE(r.json[u"callFails"].toBool(), false);
        }
    }

    // ---- restCall ----

    void restCallAnswerReplacesTheMessage()
    {
        const CreatedTarget call =
            createTarget(QStringLiteral("call"), m_hook->url(QStringLiteral("call")), "restCall");
        const CreatedTarget after = createTarget(QStringLiteral("after"), m_hook->url(QStringLiteral("after")));
        targetdesk::ExecutionCondition condition;
        condition.kind = targetdesk::ExecutionCondition::Kind::Request;
        condition.value = kAddHumanUser;
        QJsonObject message = delivery::sampleBody(condition).value(QLatin1String("request")).toObject();
        QVERIFY(!message.isEmpty());
        message.insert(QStringLiteral("username"), QStringLiteral("replaced-by-the-call"));
        m_hook->setAnswer(QStringLiteral("call"), {200, compact(message), 0});
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {call.id, after.id}));

        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(outcomes(r), (QStringList{QStringLiteral("success"), QStringLiteral("success")}));
        QCOMPARE(m_hook->paths(), (QStringList{QStringLiteral("call"), QStringLiteral("after")}));
        QVERIFY(m_hook->at(QStringLiteral("call"))->json()[u"request"][u"username"].toString() !=
                QStringLiteral("replaced-by-the-call"));
        QCOMPARE(m_hook->at(QStringLiteral("after"))->json()[u"request"].toObject(), message);
        QCOMPARE(r.json[u"message"].toObject(), message);
    }

    // A function's later target sees, under "response", what the earlier targets answered (a later answer's
    // members replace the earlier ones, as decoding into ZITADEL's collected response does).
    void functionTargetsSeeTheCollectedResponse()
    {
        const CreatedTarget first =
            createTarget(QStringLiteral("first"), m_hook->url(QStringLiteral("first")), "restCall");
        const CreatedTarget second =
            createTarget(QStringLiteral("second"), m_hook->url(QStringLiteral("second")), "restCall");
        const CreatedTarget third = createTarget(QStringLiteral("third"), m_hook->url(QStringLiteral("third")));
        const QJsonObject claims{{QStringLiteral("append_claims"),
                                  QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("tier")},
                                                         {QStringLiteral("value"), QStringLiteral("gold")}}}}};
        const QJsonObject logClaims{{QStringLiteral("append_log_claims"), QJsonArray{QStringLiteral("seen")}}};
        m_hook->setAnswer(QStringLiteral("first"), {200, compact(claims), 0});
        m_hook->setAnswer(QStringLiteral("second"), {200, compact(logClaims), 0});
        const QJsonObject condition{
            {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), QStringLiteral("preaccesstoken")}}}};
        QVERIFY(setExecution(condition, {first.id, second.id, third.id}));

        const Reply r = simulate(condition);
        QCOMPARE(r.status, 200);
        QCOMPARE(outcomes(r),
                 (QStringList{QStringLiteral("success"), QStringLiteral("success"), QStringLiteral("success")}));
        QVERIFY(!m_hook->at(QStringLiteral("first"))->json().contains(u"response"));
        QCOMPARE(m_hook->at(QStringLiteral("second"))->json()[u"response"].toObject(), claims);
        QJsonObject both = claims;
        both.insert(QStringLiteral("append_log_claims"), logClaims.value(QLatin1String("append_log_claims")));
        QCOMPARE(m_hook->at(QStringLiteral("third"))->json()[u"response"].toObject(), both);
    }

    // ---- events ----

    void eventJwtAndJweTargetsReceiveNothing()
    {
        const CreatedTarget jwe =
            createTarget(QStringLiteral("jwe"), m_hook->url(QStringLiteral("jwe")), "restWebhook", "PAYLOAD_TYPE_JWE");
        const auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        QVERIFY(key);
        QVERIFY(!addActiveKey(jwe.id, *key).isEmpty());
        const CreatedTarget json = createTarget(QStringLiteral("json"), m_hook->url(QStringLiteral("json")));
        const QJsonObject event = requestCondition("event", QStringLiteral("user.human.added"), "event");
        QVERIFY(setExecution(event, {jwe.id, json.id}));

        QVERIFY(m_sandbox->reproducesEventJwtDefect());
        Reply r = simulate(event);
        QCOMPARE(r.status, 200);
        QCOMPARE(outcomes(r), (QStringList{QStringLiteral("skipped"), QStringLiteral("success")}));
        QVERIFY(targetResult(r, jwe.id)[u"reason"].toString().contains(QStringLiteral("#11985")));
        QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("json")});
        QCOMPARE(m_hook->at(QStringLiteral("json"))->json()[u"event_type"].toString(),
                 QStringLiteral("user.human.added"));

        // As a fixed server: the JWE target gets its payload.
        m_sandbox->setReproduceEventJwtDefect(false);
        m_hook->deliveries.clear();
        r = simulate(event);
        QCOMPARE(outcomes(r), (QStringList{QStringLiteral("success"), QStringLiteral("success")}));
        QCOMPARE(m_hook->paths(), (QStringList{QStringLiteral("jwe"), QStringLiteral("json")}));
    }

    void eventFailureStopsTheChainButNoCallFails()
    {
        const CreatedTarget first = createTarget(QStringLiteral("first"), m_hook->url(QStringLiteral("first")),
                                                 "restWebhook", "PAYLOAD_TYPE_JSON", true);
        const CreatedTarget second = createTarget(QStringLiteral("second"), m_hook->url(QStringLiteral("second")));
        m_hook->setAnswer(QStringLiteral("first"), {500, "{}", 0});
        const QJsonObject group = requestCondition("group", QStringLiteral("user.human"), "event");
        QVERIFY(setExecution(group, {first.id, second.id}));
        const Reply r = simulate(group);
        QCOMPARE(r.json[u"executionId"].toString(), QStringLiteral("event/user.human.*"));
        QCOMPARE(outcomes(r), (QStringList{QStringLiteral("failure"), QStringLiteral("not-called")}));
        QCOMPARE(r.json[u"interrupted"].toBool(), true);
        QCOMPARE(r.json[u"callFails"].toBool(), false);
    }

    // ---- what cannot be sent ----

    void noActiveWebKey()
    {
        const CreatedTarget jwt =
            createTarget(QStringLiteral("jwt"), m_hook->url(QStringLiteral("jwt")), "restWebhook", "PAYLOAD_TYPE_JWT");
        const CreatedTarget strict = createTarget(QStringLiteral("strict"), m_hook->url(QStringLiteral("strict")),
                                                  "restWebhook", "PAYLOAD_TYPE_JWT", true);
        const CreatedTarget json = createTarget(QStringLiteral("json"), m_hook->url(QStringLiteral("json")));
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {jwt.id, json.id, strict.id}));
        m_sandbox->setWebKeyActive(false);
        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(outcomes(r),
                 (QStringList{QStringLiteral("skipped"), QStringLiteral("success"), QStringLiteral("failure")}));
        QVERIFY(targetResult(r, jwt.id)[u"reason"].toString().contains(QStringLiteral("Errors.WebKey.NoActive")));
        QCOMPARE(r.json[u"callFails"].toBool(), true);
        QCOMPARE(m_hook->paths(), QStringList{QStringLiteral("json")});
    }

    void jweWithoutUsableKeySendsNothing()
    {
        const CreatedTarget jwe =
            createTarget(QStringLiteral("jwe"), m_hook->url(QStringLiteral("jwe")), "restWebhook", "PAYLOAD_TYPE_JWE");
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {jwe.id}));
        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(outcomes(r), QStringList{QStringLiteral("skipped")});
        QVERIFY(targetResult(r, jwe.id)[u"reason"].toString().contains(QStringLiteral("Nothing is sent")));
        QVERIFY(m_hook->deliveries.isEmpty());
    }

    void asyncTargetsAreNotAwaited()
    {
        const CreatedTarget async =
            createTarget(QStringLiteral("async"), m_hook->url(QStringLiteral("async")), "restAsync");
        const CreatedTarget after = createTarget(QStringLiteral("after"), m_hook->url(QStringLiteral("after")));
        m_hook->setAnswer(QStringLiteral("async"), {500, "{}", 1500});
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {async.id, after.id}));
        const Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(outcomes(r), (QStringList{QStringLiteral("sent"), QStringLiteral("success")}));
        QCOMPARE(r.json[u"callFails"].toBool(), false);
        // The next target ran while the async one had not been answered yet.
        QTRY_VERIFY(m_hook->at(QStringLiteral("after")));
        QCOMPARE(m_hook->at(QStringLiteral("after"))->answeredBefore, 0);
        QVERIFY(m_hook->at(QStringLiteral("async")));
    }

    // ---- the deny list, at connect time ----

    void privateEndpointsRefusedWhenConnecting_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("loopback address") << QStringLiteral("127.0.0.1");
        QTest::newRow("name resolving to loopback") << QStringLiteral("localhost");
    }
    void privateEndpointsRefusedWhenConnecting()
    {
        QFETCH(QString, host);
        const CreatedTarget t = createTarget(QStringLiteral("local"), m_hook->url(QStringLiteral("local"), host),
                                             "restWebhook", "PAYLOAD_TYPE_JSON", true);
        QVERIFY(!t.id.isEmpty());
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {t.id}));

        m_sandbox->setAllowPrivateEndpoints(false);
        Reply r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(r.status, 200);
        QCOMPARE(outcomes(r), QStringList{QStringLiteral("failure")});
        QVERIFY2(targetResult(r, t.id)[u"reason"].toString().contains(QStringLiteral("deny list")), r.body.constData());
        QCOMPARE(r.json[u"callFails"].toBool(), true);
        QVERIFY(m_hook->deliveries.isEmpty());

        m_sandbox->setAllowPrivateEndpoints(true);
        r = simulate(requestCondition("method", kAddHumanUser));
        QCOMPARE(outcomes(r), QStringList{QStringLiteral("success")});
        QCOMPARE(m_hook->deliveries.size(), 1);
    }

    // ---- the route ----

    void routeNeedsTheWriteRole()
    {
        const QJsonObject condition = requestCondition("method", kAddHumanUser);
        QCOMPARE(simulate(condition, {}, m_readOnlyToken).status, 403);
        QCOMPARE(simulate(condition, {}, QStringLiteral("")).status, 401);
        QCOMPARE(simulate(condition).status, 200);
    }

    void badRequestsAreRefused()
    {
        Reply r = send("POST", QStringLiteral("/sandbox/v1/executions:simulate"), "{}");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json[u"message"].toString().contains(QStringLiteral("Condition")));
        r = send("POST", QStringLiteral("/sandbox/v1/executions:simulate"),
                 compact({{QStringLiteral("condition"), requestCondition("method", kAddHumanUser)},
                          {QStringLiteral("bogus"), 1}}));
        QCOMPARE(r.status, 400);
        r = simulate(requestCondition("method", QStringLiteral("/zitadel.user.v2.UserService/NoSuchMethod")));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json[u"details"][0][u"id"].toString(), QStringLiteral("COMMAND-vysplsevt8"));
        QCOMPARE(send("GET", QStringLiteral("/sandbox/v1/executions:simulate")).status, 405);
    }

    void bodyOverrideIsSent()
    {
        const CreatedTarget t = createTarget(QStringLiteral("t"), m_hook->url(QStringLiteral("t")));
        QVERIFY(setExecution(requestCondition("method", kAddHumanUser), {t.id}));
        const QJsonObject body{
            {QStringLiteral("fullMethod"), kAddHumanUser},
            {QStringLiteral("request"), QJsonObject{{QStringLiteral("username"), QStringLiteral("<x>")}}}};
        const Reply r = simulate(requestCondition("method", kAddHumanUser), body);
        QCOMPARE(outcomes(r), QStringList{QStringLiteral("success")});
        QCOMPARE(m_hook->deliveries.size(), 1);
        QCOMPARE(m_hook->deliveries.first().json(), body);
        // Go's encoding: HTML characters escaped.
        QVERIFY(m_hook->deliveries.first().body.contains("\\u003cx\\u003e"));
    }

    // The C++ entry point the GUI uses answers the same way, without HTTP.
    void simulateInProcess()
    {
        const CreatedTarget t = createTarget(QStringLiteral("t"), m_hook->url(QStringLiteral("t")));
        QVERIFY(setExecution(requestCondition("name", QStringLiteral("preuserinfo"), "function"), {t.id}));
        targetdesk::ExecutionCondition condition;
        condition.kind = targetdesk::ExecutionCondition::Kind::Function;
        condition.value = QStringLiteral("preuserinfo");
        QJsonObject result;
        bool done = false;
        m_sandbox->simulate(condition, {}, [&](const QJsonObject &r) {
            result = r;
            done = true;
        });
        QVERIFY(!done); // answered from the event loop
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        QCOMPARE(result[u"executionId"].toString(), QStringLiteral("function/preuserinfo"));
        QCOMPARE(result[u"targets"][0][u"outcome"].toString(), QStringLiteral("success"));
        QCOMPARE(m_hook->deliveries.size(), 1);
        QCOMPARE(m_hook->deliveries.first().json()[u"function"].toString(), QStringLiteral("function/preuserinfo"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxSimulate)
#include "tst_sandbox_simulate.moc"
