// End-to-end tests of `targetdesk-cli receive`: the CLI runs as a child process on 127.0.0.1; the test makes
// deliveries the way ZITADEL does (ZITADEL-Signature, JWT, JWE for RSA-2048 and P-256) with lib/crypto, posts them,
// and reads the JSON lines, the answers, the stderr messages and the exit code after a signal.

#include "cliprocess.h"
#include "privatekeyring.h"
#include "rawhttpclient.h"
#include "receiveprocess.h"
#include "testfiles.h"
#include "vaultkeys.h"

#include "crypto/jwe.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/privatekey.h"
#include "crypto/webhooksignature.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace targetdesk;
using targetdesk::test::RawHttpClient;
using targetdesk::test::RawResponse;
using targetdesk::test::ReceiveProcess;

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QByteArray kSigningKey = "tdtest-receive-signing-7d20c1";
const QString kSigningKeyVariable = QStringLiteral("TDTEST_RECEIVE_SIGNING_KEY");
const QString kInstanceKid = QStringLiteral("310000000000000042");
const QByteArray kPayload =
    R"({"fullMethod":"/zitadel.user.v2.UserService/AddHumanUser","instanceID":"328868442541179603","request":{"username":"minnie"}})";

crypto::PrivateKey generated(crypto::KeyType type)
{
    auto key = crypto::PrivateKey::generate(type);
    if (!key)
        qFatal("cannot generate a key");
    return key.value();
}

QString checkStatus(const QJsonObject &line, const QString &check)
{
    for (const QJsonValue &value : line.value(QLatin1String("checks")).toArray()) {
        if (value.toObject().value(QLatin1String("check")).toString() == check)
            return value.toObject().value(QLatin1String("status")).toString();
    }
    return QStringLiteral("(absent)");
}

QString describe(const QJsonObject &line)
{
    return QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

} // namespace

class TestCliReceive : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    crypto::PrivateKey m_rsa;      // the target's RSA-2048 key (--key)
    crypto::PrivateKey m_ec;       // the target's P-256 key (--key)
    crypto::PrivateKey m_instance; // the instance's signing key (--jwks)
    QString m_rsaPath;
    QString m_ecPath;
    QString m_jwksPath;
    QString m_dataDir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(kSigningKeyVariable, QString::fromUtf8(kSigningKey));
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dataDir);
        return env;
    }

    // receive with the keys, the JWKS and the signing key, plus `extra`.
    bool startReceiver(ReceiveProcess &receiver, const QStringList &extra = {})
    {
        QString error;
        const QStringList args = QStringList{QStringLiteral("--key"),
                                             m_rsaPath,
                                             QStringLiteral("--key"),
                                             m_ecPath,
                                             QStringLiteral("--jwks"),
                                             m_jwksPath,
                                             QStringLiteral("--signing-key-env"),
                                             kSigningKeyVariable} +
                                 extra;
        if (!receiver.start(args, &error, environment())) {
            qWarning().noquote() << error;
            return false;
        }
        return true;
    }

    static QByteArray signedJwt(const crypto::PrivateKey &key, const QString &kid,
                                const QString &alg = QStringLiteral("RS256"))
    {
        return crypto::signJws(kPayload, key, alg, kid).value();
    }

    static QByteArray jweTo(const crypto::PrivateKey &target, const QByteArray &inner, const QString &kid)
    {
        crypto::JweEncryption how;
        how.kid = kid;
        return crypto::encryptJwe(inner, target.publicKeyDer(), how).value();
    }

    // Posts `body` with a ZITADEL-Signature made with `signingKey` at `timestamp` (0: now); the answer.
    static std::optional<RawResponse> deliver(quint16 port, const QByteArray &body,
                                              const QByteArray &signingKey = kSigningKey, qint64 timestamp = 0,
                                              const QByteArray &contentType = "application/json")
    {
        return deliverSigned(port, body,
                             crypto::webhookSignatureHeader(body, signingKey,
                                                            timestamp ? timestamp : QDateTime::currentSecsSinceEpoch()),
                             contentType);
    }

    static std::optional<RawResponse> deliverSigned(quint16 port, const QByteArray &body, const QByteArray &signature,
                                                    const QByteArray &contentType = "application/json")
    {
        RawHttpClient client;
        if (!client.connectTo(port))
            return std::nullopt;
        client.send("POST /zitadel/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType +
                    "\r\nZITADEL-Signature: " + signature + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\n\r\n" + body);
        return client.response();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rsa = generated(crypto::KeyType::Rsa2048);
        m_ec = generated(crypto::KeyType::EcP256);
        m_instance = generated(crypto::KeyType::Rsa2048);
        m_rsaPath = m_dir.filePath(QStringLiteral("rsa.pem"));
        m_ecPath = m_dir.filePath(QStringLiteral("ec.pem"));
        m_jwksPath = m_dir.filePath(QStringLiteral("jwks.json"));
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        QVERIFY(test::writeFile(m_rsaPath, m_rsa.privateKeyPem().value()));
        QVERIFY(test::writeFile(m_ecPath, m_ec.privateKeyPem().value()));
        const crypto::Jwk jwk = crypto::Jwk::fromPublicKey(m_instance.publicKeyPem(), kInstanceKid).value();
        QJsonObject member = jwk.json();
        member.insert(QStringLiteral("kid"), kInstanceKid);
        QVERIFY(test::writeFile(m_jwksPath,
                                QJsonDocument(QJsonObject{{QStringLiteral("keys"), QJsonArray{member}}}).toJson()));
    }

    // Valid deliveries of every payload type: decrypted, verified, the payload printed, the default answer.
    void validDeliveries_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("json") << QStringLiteral("json");
        QTest::newRow("jwt") << QStringLiteral("jwt");
        QTest::newRow("jwe rsa-2048") << QStringLiteral("rsa");
        QTest::newRow("jwe p-256") << QStringLiteral("ec");
    }

    void validDeliveries()
    {
        QFETCH(QString, kind);
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver));
        QVERIFY(receiver.url().host() == QLatin1String("127.0.0.1"));
        QByteArray body = kPayload;
        QByteArray contentType = "application/json";
        if (kind != QLatin1String("json")) {
            body = signedJwt(m_instance, kInstanceKid);
            contentType = "application/jwt";
        }
        if (kind == QLatin1String("rsa"))
            body = jweTo(m_rsa, body, QStringLiteral("rsa-key-1"));
        if (kind == QLatin1String("ec"))
            body = jweTo(m_ec, body, QStringLiteral("ec-key-1"));

        const std::optional<RawResponse> answer = deliver(receiver.port(), body, kSigningKey, 0, contentType);
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body, QByteArray("{}"));

        const std::optional<QJsonObject> line = receiver.nextLine();
        QVERIFY2(line, qPrintable(receiver.err()));
        QVERIFY2(line->value(QLatin1String("ok")).toBool(), qPrintable(describe(*line)));
        QCOMPARE(line->value(QLatin1String("exit")).toInt(), 0);
        QCOMPARE(line->value(QLatin1String("path")).toString(), QStringLiteral("/zitadel/hook"));
        QVERIFY(line->value(QLatin1String("peer")).toString().startsWith(QLatin1String("127.0.0.1:")));
        const QDateTime receivedAt =
            QDateTime::fromString(line->value(QLatin1String("receivedAt")).toString(), Qt::ISODateWithMs);
        QVERIFY(receivedAt.isValid());
        QVERIFY(qAbs(receivedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
        QCOMPARE(line->value(QLatin1String("payload")).toObject(), QJsonDocument::fromJson(kPayload).object());
        QCOMPARE(checkStatus(*line, QStringLiteral("webhook-signature")), QStringLiteral("passed"));
        if (kind != QLatin1String("json")) {
            QCOMPARE(checkStatus(*line, QStringLiteral("signature")), QStringLiteral("passed"));
            QVERIFY(line->value(QLatin1String("signatureVerified")).toBool());
        }
        if (kind == QLatin1String("rsa") || kind == QLatin1String("ec")) {
            QCOMPARE(checkStatus(*line, QStringLiteral("decryption")), QStringLiteral("passed"));
            QCOMPARE(line->value(QLatin1String("decryptedWith"))
                         .toString()
                         .contains(kind == QLatin1String("rsa") ? m_rsaPath : m_ecPath),
                     true);
        }

        QCOMPARE(receiver.stop(SIGINT), 0);
        const QString err = receiver.err();
        QVERIFY2(err.contains(QLatin1String("delivery from 127.0.0.1:")), qPrintable(err));
        QVERIFY(err.contains(QLatin1String("1 deliveries: 1 ok, 0 invalid")));
        QVERIFY(!err.contains(QString::fromUtf8(kSigningKey)));
        QVERIFY(!receiver.linesRead().join(QLatin1Char('\n')).contains(QString::fromUtf8(kSigningKey)));
    }

    // Each bad delivery is reported with its class; without --fail-on-invalid the run still ends with 0.
    void invalidDeliveries_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("exitClass");
        QTest::addColumn<QString>("failedCheck");
        QTest::newRow("tampered body") << QStringLiteral("tampered") << 5 << QStringLiteral("webhook-signature");
        QTest::newRow("wrong signing key") << QStringLiteral("wrong-key") << 5 << QStringLiteral("webhook-signature");
        QTest::newRow("expired timestamp") << QStringLiteral("expired") << 5 << QStringLiteral("webhook-signature");
        QTest::newRow("no signature header") << QStringLiteral("unsigned") << 5 << QStringLiteral("webhook-signature");
        QTest::newRow("jwt from another key") << QStringLiteral("foreign-jwt") << 5 << QStringLiteral("signature");
        QTest::newRow("jwe to an unknown key") << QStringLiteral("unknown-jwe") << 4 << QStringLiteral("decryption");
        QTest::newRow("not json") << QStringLiteral("garbage") << 3 << QString();
    }

    void invalidDeliveries()
    {
        QFETCH(QString, kind);
        QFETCH(int, exitClass);
        QFETCH(QString, failedCheck);
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        std::optional<RawResponse> answer;
        if (kind == QLatin1String("tampered")) {
            QByteArray tampered = kPayload;
            tampered.replace("minnie", "mallory");
            answer =
                deliverSigned(receiver.port(), tampered, crypto::webhookSignatureHeader(kPayload, kSigningKey, now));
        } else if (kind == QLatin1String("wrong-key")) {
            answer = deliver(receiver.port(), kPayload, "another-signing-key");
        } else if (kind == QLatin1String("expired")) {
            answer = deliver(receiver.port(), kPayload, kSigningKey, now - 400);
        } else if (kind == QLatin1String("unsigned")) {
            RawHttpClient client;
            QVERIFY(client.connectTo(receiver.port()));
            client.send("POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(kPayload.size()) +
                        "\r\n\r\n" + kPayload);
            answer = client.response();
        } else if (kind == QLatin1String("foreign-jwt")) {
            answer = deliver(receiver.port(), signedJwt(generated(crypto::KeyType::Rsa2048), kInstanceKid));
        } else if (kind == QLatin1String("unknown-jwe")) {
            answer = deliver(receiver.port(), jweTo(generated(crypto::KeyType::EcP256),
                                                    signedJwt(m_instance, kInstanceKid), QStringLiteral("other")));
        } else {
            answer = deliver(receiver.port(), "this is not json");
        }
        QVERIFY(answer);
        QCOMPARE(answer->status, 200); // the answer is the configured one whatever the checks found

        const std::optional<QJsonObject> line = receiver.nextLine();
        QVERIFY2(line, qPrintable(receiver.err()));
        QVERIFY(!line->value(QLatin1String("ok")).toBool(true));
        QCOMPARE(line->value(QLatin1String("exit")).toInt(), exitClass);
        QVERIFY(!line->value(QLatin1String("error")).toString().isEmpty());
        if (!failedCheck.isEmpty())
            QCOMPARE(checkStatus(*line, failedCheck), QStringLiteral("failed"));
        if (kind == QLatin1String("expired"))
            QVERIFY2(describe(*line).contains(QLatin1String("6 min")), qPrintable(describe(*line)));

        QCOMPARE(receiver.stop(), 0);
        QVERIFY(receiver.err().contains(QStringLiteral("(exit %1)").arg(exitClass)));
        QVERIFY(receiver.err().contains(QLatin1String("1 deliveries: 0 ok, 1 invalid")));
    }

    // --vault: every vault key with a ZITADEL key id is loaded at start and used for the JWE whose kid it is.
    void vaultKeys()
    {
        const crypto::PrivateKey vaultKey = generated(crypto::KeyType::EcP256);
        QVERIFY(test::storeInVault(m_dataDir, vaultKey, QStringLiteral("320000000000000007"),
                                   QStringLiteral("receive-hook")));
        ReceiveProcess receiver(kCli);
        QString error;
        QVERIFY2(
            receiver.start({QStringLiteral("--vault"), QStringLiteral("--jwks"), m_jwksPath}, &error, environment()),
            qPrintable(error));
        const QByteArray inner = signedJwt(m_instance, kInstanceKid);
        QVERIFY(deliver(receiver.port(), jweTo(vaultKey, inner, QStringLiteral("320000000000000007"))));
        QVERIFY(deliver(receiver.port(), jweTo(vaultKey, inner, QStringLiteral("329999999999999999"))));
        const std::optional<QJsonObject> byKid = receiver.nextLine();
        const std::optional<QJsonObject> otherKid = receiver.nextLine();
        QVERIFY2(byKid && otherKid, qPrintable(receiver.err()));
        QVERIFY2(byKid->value(QLatin1String("ok")).toBool(), qPrintable(describe(*byKid)));
        QCOMPARE(byKid->value(QLatin1String("decryptedWith")).toString().contains(QLatin1String("receive-hook")), true);
        // The vault is matched by kid only: the same key under another kid is not tried.
        QCOMPARE(otherKid->value(QLatin1String("exit")).toInt(), 4);
        QCOMPARE(receiver.stop(), 0);
    }

    // --fail-on-invalid: after SIGTERM the highest class of all deliveries.
    void failOnInvalid()
    {
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver, {QStringLiteral("--fail-on-invalid")}));
        QVERIFY(deliver(receiver.port(), kPayload));
        QVERIFY(deliver(receiver.port(), jweTo(generated(crypto::KeyType::EcP256), signedJwt(m_instance, kInstanceKid),
                                               QStringLiteral("other"))));
        for (int i = 0; i < 2; ++i)
            QVERIFY(receiver.nextLine());
        QCOMPARE(receiver.stop(), 4);

        ReceiveProcess worse(kCli);
        QVERIFY(startReceiver(worse, {QStringLiteral("--fail-on-invalid")}));
        QVERIFY(deliver(worse.port(), kPayload, "wrong"));
        QVERIFY(deliver(worse.port(), "not json"));
        for (int i = 0; i < 2; ++i)
            QVERIFY(worse.nextLine());
        QCOMPARE(worse.stop(), 5);

        ReceiveProcess clean(kCli);
        QVERIFY(startReceiver(clean, {QStringLiteral("--fail-on-invalid")}));
        QVERIFY(deliver(clean.port(), kPayload));
        QVERIFY(clean.nextLine());
        QCOMPARE(clean.stop(), 0);
    }

    void statusAnswer()
    {
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver, {QStringLiteral("--status"), QStringLiteral("403")}));
        const std::optional<RawResponse> answer = deliver(receiver.port(), kPayload);
        QVERIFY(answer);
        QCOMPARE(answer->status, 403);
        QCOMPARE(answer->body, QByteArray("{}"));
        QVERIFY(receiver.nextLine());
        QCOMPARE(receiver.stop(), 0);
    }

    void answerFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("answer.json"));
        const QByteArray json = R"({"append_claims":[{"key":"tier","value":"gold"}]})";
        QVERIFY(test::writeFile(path, json + "\n"));
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver, {QStringLiteral("--answer"), path}));
        const std::optional<RawResponse> answer = deliver(receiver.port(), kPayload);
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body, json);
        QCOMPARE(receiver.stop(), 0);
    }

    void bodyOverMaxBodyIsRefused()
    {
        ReceiveProcess receiver(kCli);
        QVERIFY(startReceiver(receiver, {QStringLiteral("--max-body"), QStringLiteral("100")}));
        const std::optional<RawResponse> answer = deliver(receiver.port(), kPayload); // 128 bytes
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        // Refused before it was a delivery: no JSON line, a message on stderr.
        QVERIFY(!receiver.nextLine(500));
        QCOMPARE(receiver.stop(), 0);
        QVERIFY2(receiver.err().contains(QLatin1String("refused a request from 127.0.0.1:")),
                 qPrintable(receiver.err()));
        QVERIFY(receiver.err().contains(QLatin1String("413")));
        QVERIFY(receiver.err().contains(QLatin1String("0 deliveries: 0 ok, 0 invalid; 1 requests refused")));
        QVERIFY(receiver.remainingOut().isEmpty());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no port") << QStringList{QStringLiteral("receive")} << QStringLiteral("--port");
        QTest::newRow("bad port") << QStringList{QStringLiteral("receive"), QStringLiteral("--port"),
                                                 QStringLiteral("70000")}
                                  << QStringLiteral("not a port number");
        QTest::newRow("bad host") << QStringList{QStringLiteral("receive"), QStringLiteral("--port"),
                                                 QStringLiteral("0"), QStringLiteral("--host"),
                                                 QStringLiteral("example.com")}
                                  << QStringLiteral("not an IP address");
        QTest::newRow("status and answer")
            << QStringList{QStringLiteral("receive"),  QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--status"), QStringLiteral("500"),    QStringLiteral("--answer"),
                           QStringLiteral("x.json")}
            << QStringLiteral("exclude each other");
        QTest::newRow("bad status") << QStringList{QStringLiteral("receive"), QStringLiteral("--port"),
                                                   QStringLiteral("0"), QStringLiteral("--status"),
                                                   QStringLiteral("99")}
                                    << QStringLiteral("not an HTTP status");
        QTest::newRow("missing answer") << QStringList{QStringLiteral("receive"), QStringLiteral("--port"),
                                                       QStringLiteral("0"), QStringLiteral("--answer"),
                                                       QStringLiteral("/nonexistent/answer.json")}
                                        << QStringLiteral("--answer /nonexistent/answer.json");
        QTest::newRow("bad max body") << QStringList{QStringLiteral("receive"), QStringLiteral("--port"),
                                                     QStringLiteral("0"), QStringLiteral("--max-body"),
                                                     QStringLiteral("0")}
                                      << QStringLiteral("--max-body");
        QTest::newRow("secret on the command line")
            << QStringList{QStringLiteral("receive"), QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--signing-key-env"), QStringLiteral("s3cr3t-value!")}
            << QStringLiteral("never the secret itself");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const test::CliRun run = test::runProcess(kCli, args, QProcessEnvironment::systemEnvironment());
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.describe()));
        QVERIFY(!run.err.contains(QLatin1String("s3cr3t-value!")));
    }

    void answerFileMustBeAnObject()
    {
        const QString path = m_dir.filePath(QStringLiteral("bad-answer.json"));
        QVERIFY(test::writeFile(path, "[1, 2"));
        test::CliRun run = test::runProcess(kCli,
                                            {QStringLiteral("receive"), QStringLiteral("--port"), QStringLiteral("0"),
                                             QStringLiteral("--answer"), path},
                                            QProcessEnvironment::systemEnvironment());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("not JSON")), qPrintable(run.describe()));
        QVERIFY(test::writeFile(path, "[1, 2]"));
        run = test::runProcess(kCli,
                               {QStringLiteral("receive"), QStringLiteral("--port"), QStringLiteral("0"),
                                QStringLiteral("--answer"), path},
                               QProcessEnvironment::systemEnvironment());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("not a JSON object")), qPrintable(run.describe()));
    }

    void portInUse()
    {
        ReceiveProcess first(kCli);
        QVERIFY(startReceiver(first));
        const test::CliRun run =
            test::runProcess(kCli, {QStringLiteral("receive"), QStringLiteral("--port"), QString::number(first.port())},
                             QProcessEnvironment::systemEnvironment());
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(QLatin1String("cannot listen")), qPrintable(run.describe()));
        QCOMPARE(first.stop(), 0);
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestCliReceive)
#include "tst_cli_receive.moc"
