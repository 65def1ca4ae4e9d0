// `targetdesk-cli targets test` against a sandbox child process (--allow-private-endpoints, so targets may point at
// 127.0.0.1) and receivers the test starts itself: an in-process delivery::Receiver answering as told, and for the
// JWE round trip a `targetdesk-cli receive` child. Checks the exit codes 0 / 6 / 7, --dry-run, --json and the
// condition handling.

#include "cliprocess.h"
#include "receiveprocess.h"
#include "testfiles.h"

#include "crypto/privatekey.h"
#include "crypto/webhooksignature.h"
#include "delivery/receiver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace targetdesk;
using targetdesk::delivery::ReceivedDelivery;
using targetdesk::delivery::Receiver;
using Run = targetdesk::test::CliRun;

Q_DECLARE_METATYPE(targetdesk::delivery::ReceivedDelivery)
Q_DECLARE_METATYPE(targetdesk::crypto::KeyType)

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QString kToken = QStringLiteral("tdtest-target-test-3e91b2");

struct CreatedTarget {
    QString id;
    QByteArray signingKey;
};

} // namespace

class TestCliTargetTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::SandboxProcess m_sandbox{kCli};
    Receiver m_receiver;
    int m_counter = 0;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_INSTANCE"), m_sandbox.url());
        env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("TARGETDESK_AUDIT_LOG"), m_dir.filePath(QStringLiteral("audit.log")));
        return env;
    }

    // The in-process receiver serves while the child runs.
    Run cli(const QStringList &args)
    {
        return test::runProcess(kCli, args, environment(), {.timeoutMs = 60000, .processEvents = true});
    }

    CreatedTarget createTarget(const QString &endpoint, const QStringList &extra = {})
    {
        const Run r = cli(QStringList{QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--json"),
                                      QStringLiteral("--name"), QStringLiteral("test-%1").arg(++m_counter),
                                      QStringLiteral("--endpoint"), endpoint, QStringLiteral("--type"),
                                      QStringLiteral("webhook"), QStringLiteral("--timeout"), QStringLiteral("3s")} +
                          extra);
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        const QJsonObject created = r.json();
        return {created.value(QLatin1String("id")).toString(),
                created.value(QLatin1String("signingKey")).toString().toUtf8()};
    }

    QString receiverEndpoint() const { return m_receiver.url().toString() + QStringLiteral("hook"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(
            m_sandbox.start({QStringLiteral("--token"), kToken, QStringLiteral("--allow-private-endpoints")}, &error),
            qPrintable(error));
        QVERIFY2(m_receiver.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }

    void init() { m_receiver.setAnswer({}); }

    // A webhook answering 200: exit 0, and what arrived is the signed sample body.
    void success()
    {
        const CreatedTarget target = createTarget(receiverEndpoint());
        QVERIFY(!target.id.isEmpty());
        QVERIFY(!target.signingKey.isEmpty());
        QSignalSpy received(&m_receiver, &Receiver::received);
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("success")), qPrintable(r.describe()));
        QVERIFY(r.out.contains(QLatin1String("Answer:    200")));
        // No execution calls it: the default condition, and the command says so.
        QVERIFY2(r.err.contains(QLatin1String("request:/zitadel.user.v2.UserService/AddHumanUser (no execution calls")),
                 qPrintable(r.err));

        QCOMPARE(received.size(), 1);
        const ReceivedDelivery delivery = received.at(0).at(0).value<ReceivedDelivery>();
        QCOMPARE(delivery.path, QByteArray("/hook"));
        QCOMPARE(delivery.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(delivery.body).object();
        QCOMPARE(body.value(QLatin1String("fullMethod")).toString(),
                 QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
        const std::optional<QByteArray> signature = delivery.header("ZITADEL-Signature");
        QVERIFY(signature);
        const crypto::WebhookSignatureCheck check = crypto::verifyWebhookSignature(
            *signature, delivery.body, target.signingKey, QDateTime::currentSecsSinceEpoch());
        QVERIFY2(check.ok(), qPrintable(check.message));
        QVERIFY(!r.out.contains(QString::fromUtf8(target.signingKey)));
        QVERIFY(!r.err.contains(QString::fromUtf8(target.signingKey)));
    }

    // A target answering 500: ZITADEL counts it as a failure; exit 6 with the reason.
    void failureAnswer()
    {
        m_receiver.setAnswer({500, R"({"error":"boom"})", "application/json"});
        const CreatedTarget target = createTarget(receiverEndpoint());
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.out.contains(QLatin1String("failure")), qPrintable(r.describe()));
        QVERIFY(r.out.contains(QLatin1String("500")));
        QVERIFY(r.err.contains(QLatin1String("error: ")));

        // The same as JSON: request, response, verdict and the exit code.
        const Run j = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id, QStringLiteral("--json")});
        QCOMPARE(j.exitCode, 6);
        const QJsonObject out = j.json();
        QCOMPARE(out.value(QLatin1String("exit")).toInt(), 6);
        QCOMPARE(out.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(), 500);
        QCOMPARE(out.value(QLatin1String("response")).toObject().value(QLatin1String("outcome")).toString(),
                 QStringLiteral("answered"));
        QCOMPARE(out.value(QLatin1String("verdict")).toObject().value(QLatin1String("success")).toBool(true), false);
        QVERIFY(!out.value(QLatin1String("verdict")).toObject().value(QLatin1String("reason")).toString().isEmpty());
        QCOMPARE(out.value(QLatin1String("request")).toObject().value(QLatin1String("url")).toString(),
                 receiverEndpoint());
    }

    // Nobody listens: no answer at all, exit 7.
    void unreachable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const CreatedTarget target = createTarget(QStringLiteral("http://127.0.0.1:%1/hook").arg(port));
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.out.contains(QLatin1String("none after")), qPrintable(r.describe()));
    }

    // --dry-run: the wire text with the signature header, and nothing reaches the receiver.
    void dryRun()
    {
        const CreatedTarget target = createTarget(receiverEndpoint());
        QSignalSpy received(&m_receiver, &Receiver::received);
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id, QStringLiteral("--dry-run"),
                           QStringLiteral("--condition"), QStringLiteral("event:user.human.added")});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.startsWith(QLatin1String("POST /hook HTTP/1.1\r\n")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("\r\nZITADEL-Signature: t=")));
        QVERIFY(r.out.contains(QLatin1String("\r\nContent-Type: application/json\r\n")));
        QVERIFY(r.out.contains(QLatin1String("\r\n\r\n{")));
        QVERIFY(r.out.contains(QLatin1String("\"event_type\":\"user.human.added\"")));
        QVERIFY(r.err.contains(QLatin1String("nothing was sent")));
        QTest::qWait(200);
        QCOMPARE(received.size(), 0);
    }

    void dryRunJson()
    {
        const CreatedTarget target =
            createTarget(receiverEndpoint(), {QStringLiteral("--payload"), QStringLiteral("jwt")});
        const QString body = m_dir.filePath(QStringLiteral("body.json"));
        QVERIFY(test::writeFile(body, R"({"event_type":"user.human.added","custom":"value <&>"})"));
        const Run r =
            cli({QStringLiteral("targets"), QStringLiteral("test"), target.id, QStringLiteral("--dry-run"),
                 QStringLiteral("--json"), QStringLiteral("--condition"), QStringLiteral("event-group:user.human"),
                 QStringLiteral("--event"), QStringLiteral("user.human.added"), QStringLiteral("--body"), body});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject out = r.json();
        QCOMPARE(out.value(QLatin1String("url")).toString(), receiverEndpoint());
        QVERIFY(out.value(QLatin1String("headers")).toObject().contains(QLatin1String("ZITADEL-Signature")));
        QCOMPARE(out.value(QLatin1String("headers")).toObject().value(QLatin1String("Content-Type")).toString(),
                 QStringLiteral("application/json")); // for every payload type, as ZITADEL sends it
        QCOMPARE(out.value(QLatin1String("json")).toObject().value(QLatin1String("custom")).toString(),
                 QStringLiteral("value <&>"));
        const QString jwt = out.value(QLatin1String("jwt")).toString();
        QCOMPARE(jwt.count(QLatin1Char('.')), 2);
        QCOMPARE(out.value(QLatin1String("body")).toString(), jwt);
        // Signed with the local test key: the command says what that means.
        QVERIFY2(r.err.contains(QLatin1String("local test key")), qPrintable(r.err));
    }

    // Without --condition the first execution that calls the target is played, and named.
    void conditionFromExecution()
    {
        const CreatedTarget target = createTarget(receiverEndpoint());
        const Run set = cli({QStringLiteral("executions"), QStringLiteral("set"),
                             QStringLiteral("event:user.human.added"), QStringLiteral("--target"), target.id});
        QVERIFY2(set.exitCode == 0, qPrintable(set.describe()));
        QSignalSpy received(&m_receiver, &Receiver::received);
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("condition: event:user.human.added (the first execution")),
                 qPrintable(r.err));
        QCOMPARE(received.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(received.at(0).at(0).value<ReceivedDelivery>().body)
                     .object()
                     .value(QLatin1String("event_type"))
                     .toString(),
                 QStringLiteral("user.human.added"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad condition") << QStringList{QStringLiteral("--condition"), QStringLiteral("requets:all")} << 2
                                       << QStringLiteral("--condition: ");
        QTest::newRow("event with a request condition")
            << QStringList{QStringLiteral("--condition"), QStringLiteral("request:all"), QStringLiteral("--event"),
                           QStringLiteral("user.human.added")}
            << 2 << QStringLiteral("--event goes with");
        QTest::newRow("event outside the group")
            << QStringList{QStringLiteral("--condition"), QStringLiteral("event-group:user.human"),
                           QStringLiteral("--event"), QStringLiteral("org.added")}
            << 2 << QStringLiteral("is not in the event group");
        QTest::newRow("body not an object") << QStringList{QStringLiteral("--body"), QStringLiteral("ARRAY")} << 3
                                            << QStringLiteral("not a JSON object");
        QTest::newRow("body missing") << QStringList{QStringLiteral("--body"), QStringLiteral("/nonexistent.json")} << 3
                                      << QStringLiteral("--body /nonexistent.json");
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString array = m_dir.filePath(QStringLiteral("array.json"));
        QVERIFY(test::writeFile(array, "[1,2]"));
        args.replaceInStrings(QStringLiteral("ARRAY"), array);
        QSignalSpy received(&m_receiver, &Receiver::received);
        const CreatedTarget target = createTarget(receiverEndpoint());
        const Run r = cli(QStringList{QStringLiteral("targets"), QStringLiteral("test"), target.id} + args);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.describe()));
        QCOMPARE(received.size(), 0);
    }

    void unknownTarget()
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("999999999999999999")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 6);
        QVERIFY(!r.err.isEmpty());
    }

    // A JWE target with an active RSA-2048 or P-256 key, received by `targetdesk-cli receive` with the private half:
    // decrypted, the signature header checked; the inner JWT is signed with the local test key, so without that JWKS it
    // stays unverified but readable.
    void jweRoundTripThroughReceive_data()
    {
        QTest::addColumn<crypto::KeyType>("type");
        QTest::newRow("rsa-2048") << crypto::KeyType::Rsa2048;
        QTest::newRow("p-256") << crypto::KeyType::EcP256;
    }

    void jweRoundTripThroughReceive()
    {
        QFETCH(crypto::KeyType, type);
        const crypto::PrivateKey key = crypto::PrivateKey::generate(type).value();
        const QString publicPath = m_dir.filePath(QStringLiteral("jwe-public.pem"));
        const QString privatePath = m_dir.filePath(QStringLiteral("jwe-private.pem"));
        QVERIFY(test::writeFile(publicPath, key.publicKeyPem()));
        QVERIFY(test::writeFile(privatePath, key.privateKeyPem().value()));

        // The signing key is only known once the target exists, so the receiver starts afterwards, on a port
        // picked before.
        QTcpServer reserve;
        QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
        const quint16 port = reserve.serverPort();
        reserve.close();
        const CreatedTarget target = createTarget(QStringLiteral("http://127.0.0.1:%1/jwe").arg(port),
                                                  {QStringLiteral("--payload"), QStringLiteral("jwe")});
        QVERIFY(!target.id.isEmpty());
        const Run added = cli({QStringLiteral("keys"), QStringLiteral("add"), target.id, QStringLiteral("--public-key"),
                               publicPath, QStringLiteral("--json")});
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        QString keyId = added.json().value(QLatin1String("keyId")).toString();
        if (keyId.isEmpty())
            keyId = added.out.trimmed();
        const Run activated = cli({QStringLiteral("keys"), QStringLiteral("activate"), target.id, keyId});
        QVERIFY2(activated.exitCode == 0, qPrintable(activated.describe()));

        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TDTEST_TARGET_SIGNING_KEY"), QString::fromUtf8(target.signingKey));
        test::ReceiveProcess receiver(kCli);
        QString error;
        QVERIFY2(receiver.start({QStringLiteral("--key"), privatePath, QStringLiteral("--signing-key-env"),
                                 QStringLiteral("TDTEST_TARGET_SIGNING_KEY")},
                                &error, env, port),
                 qPrintable(error));
        QCOMPARE(receiver.port(), port);

        const Run r = cli({QStringLiteral("targets"), QStringLiteral("test"), target.id});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const std::optional<QJsonObject> line = receiver.nextLine();
        QVERIFY2(line, qPrintable(receiver.err()));
        const QString text = QString::fromUtf8(QJsonDocument(*line).toJson(QJsonDocument::Compact));
        QVERIFY2(line->value(QLatin1String("ok")).toBool(), qPrintable(text));
        QVERIFY(line->value(QLatin1String("decryptedWith")).toString().contains(privatePath));
        QCOMPARE(line->value(QLatin1String("payload")).toObject().value(QLatin1String("fullMethod")).toString(),
                 QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
        bool signaturePassed = false;
        for (const QJsonValue &check : line->value(QLatin1String("checks")).toArray()) {
            if (check.toObject().value(QLatin1String("check")).toString() == QLatin1String("webhook-signature"))
                signaturePassed = check.toObject().value(QLatin1String("status")).toString() == QLatin1String("passed");
        }
        QVERIFY2(signaturePassed, qPrintable(text));
        QCOMPARE(receiver.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliTargetTest)
#include "tst_cli_target_test.moc"
