// End-to-end tests of `targetdesk-cli inspect`: the CLI runs as a child process on the committed JOSE vectors
// (tests/data/jose), with a tiny HTTP server on 127.0.0.1 for --jwks URL and a private keyring
// (support/privatekeyring.h) for --vault. Checks stdout, stderr and exit codes, and that no secret reaches any output.

#include "cliprocess.h"
#include "interopvectors.h"
#include "privatekeyring.h"
#include "testfiles.h"
#include "vaultkeys.h"

#include "crypto/base64url.h"
#include "crypto/privatekey.h"
#include "vault/vault.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using targetdesk::test::CliRun;
using targetdesk::test::writeFile;

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QString kPassphrase = QStringLiteral("tdtest-inspect-passphrase-5c1e");
const QString kKid2048 = QStringLiteral("310000000000000001");

QString dataPath(const QString &name)
{
    return targetdesk::test::testDataPath(QStringLiteral("jose/interop/") + name);
}

QByteArray data(const QString &name)
{
    return targetdesk::test::readTestData(QStringLiteral("jose/interop/") + name);
}

QString signingKey()
{
    return QString::fromUtf8(data(QStringLiteral("signing-key.txt")).trimmed());
}

// A committed vector by name ("zitadel-rsa-2048-request", "jwt-RS256").
QJsonObject vector(const QString &name, const QString &generator = QStringLiteral("jwcrypto"))
{
    for (const QJsonValue &v : targetdesk::test::interopVectors(generator)) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    qFatal("no vector %s", qPrintable(name));
}

QByteArray token(const QString &name)
{
    return vector(name).value(QLatin1String("token")).toString().toLatin1();
}

QJsonObject payloadOf(const QString &vectorName)
{
    return QJsonDocument::fromJson(data(vector(vectorName).value(QLatin1String("payload")).toString())).object();
}

// Flips one bit in the middle of a part of a compact token.
QByteArray tamper(const QByteArray &compact, int part)
{
    QList<QByteArray> parts = compact.split('.');
    QByteArray decoded = *targetdesk::crypto::base64UrlDecode(parts.at(part));
    decoded[decoded.size() / 2] = char(decoded[decoded.size() / 2] ^ 0x01);
    parts[part] = targetdesk::crypto::base64UrlEncode(decoded);
    return parts.join('.');
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// The test's own JWKS server: answers every request with what it is told, or hangs, or slams the door.
class HttpServer : public QObject
{
public:
    enum class Mode { Answer, Hang, Close };

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path = QStringLiteral("/oauth/v2/keys")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void answer(int status, const QByteArray &body)
    {
        m_mode = Mode::Answer;
        m_status = status;
        m_body = body;
    }
    void setMode(Mode mode) { m_mode = mode; }
    QStringList requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

    HttpServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                if (m_mode == Mode::Close) {
                    socket->abort();
                    socket->deleteLater();
                    continue;
                }
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
    }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        m_requests << QString::fromLatin1(buffer.left(buffer.indexOf("\r\n")));
        buffer.clear();
        if (m_mode == Mode::Hang)
            return; // keep the connection open, say nothing
        QByteArray response = "HTTP/1.1 " + QByteArray::number(m_status) + " X\r\nContent-Type: application/json\r\n";
        response += "Content-Length: " + QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n";
        response += m_body;
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    Mode m_mode = Mode::Answer;
    int m_status = 200;
    QByteArray m_body;
    QStringList m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestCliInspect : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_dataDir;
    QStringList m_outputs;
    HttpServer m_http;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Runs the CLI with `input` on stdin while this thread's event loop keeps running (the JWKS server lives here).
    CliRun cli(const QStringList &args, const QByteArray &input = {}, const QMap<QString, QString> &extraEnv = {},
               int timeoutMs = 90000)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dataDir);
        env.remove(QStringLiteral("TDTEST_SIGNING_KEY"));
        env.remove(QStringLiteral("TDTEST_PW"));
        for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
            env.insert(it.key(), it.value());
        const CliRun r = targetdesk::test::runProcess(kCli, QStringList{QStringLiteral("inspect")} + args, env,
                                                      {.timeoutMs = timeoutMs, .input = input, .processEvents = true});
        m_outputs << r.out << r.err;
        return r;
    }

    static QMap<QString, QString> signingEnv(const QString &key = signingKey())
    {
        return {{QStringLiteral("TDTEST_SIGNING_KEY"), key}};
    }

    // Every target key as --key options.
    static QStringList allKeys()
    {
        QStringList args;
        for (const char *name : {"rsa-2048", "rsa-3072", "ec-p256", "ec-p384", "ec-p521"})
            args << QStringLiteral("--key") << dataPath(QStringLiteral("enc-%1.pem").arg(QLatin1String(name)));
        return args;
    }

    // Stores a committed key in the vault under a ZITADEL key id, the way `keys generate --vault` + `keys add` do.
    bool storeInVault(const QString &keyFile, const QString &keyId, const QString &label)
    {
        const auto key = targetdesk::crypto::PrivateKey::fromPem(data(keyFile));
        return key &&
               targetdesk::test::storeInVault(m_dataDir, *key, keyId, label, QStringLiteral("https://inspect.example"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        QVERIFY(m_http.listen());
        QVERIFY(QFileInfo(kCli).isExecutable());
    }

    void help()
    {
        CliRun r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *word :
             {"--key PRIVATE.pem", "--vault", "--jwks FILE|URL", "--signing-key-env VAR", "--passphrase-env VAR",
              "--signature-tolerance SECONDS", "--json", "--bulk", "Exit codes"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);
        for (const QString &line : r.out.split(QLatin1Char('\n')))
            QVERIFY2(line.size() <= 120, qPrintable(line));
        // The general help lists the command.
        const CliRun general =
            targetdesk::test::runProcess(kCli, {QStringLiteral("--help")}, QProcessEnvironment::systemEnvironment());
        QVERIFY(general.out.contains(QLatin1String("inspect [FILE|-]")));
    }

    void defaultOutput()
    {
        const QString file = path(QStringLiteral("request.jwe"));
        QVERIFY(writeFile(file, token(QStringLiteral("zitadel-rsa-2048-request")) + '\n'));
        const CliRun r = cli({QStringLiteral("--key"), dataPath(QStringLiteral("enc-rsa-2048.pem")), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        // Only the payload on stdout, pretty-printed; what happened on stderr.
        QCOMPARE(parseObject(r.out.toUtf8()), payloadOf(QStringLiteral("zitadel-rsa-2048-request")));
        QVERIFY2(r.out.startsWith(QLatin1String("{\n    \"")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("Decrypted with")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("JWT signature not verified (no --jwks)")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("Decrypted")));
    }

    void everyKeyType_data()
    {
        QTest::addColumn<QString>("generator");
        QTest::addColumn<QString>("name");
        for (const char *generator : {"jwcrypto", "node"}) {
            const QJsonArray all =
                QJsonDocument::fromJson(data(QStringLiteral("vectors-%1.json").arg(QLatin1String(generator)))).array();
            for (const QJsonValue &v : all) {
                const QString name = v.toObject().value(QLatin1String("name")).toString();
                if (name.startsWith(QLatin1String("zitadel-")) && name.endsWith(QLatin1String("-event")))
                    QTest::newRow(qPrintable(QLatin1String(generator) + QLatin1Char(' ') + name))
                        << QString::fromLatin1(generator) << name;
            }
        }
    }

    void everyKeyType()
    {
        QFETCH(QString, generator);
        QFETCH(QString, name);
        const QJsonObject v = vector(name, generator);
        const QString jwks =
            generator == QLatin1String("node") ? QStringLiteral("jwks-node.json") : QStringLiteral("jwks.json");
        const CliRun r = cli(allKeys() + QStringList{QStringLiteral("--jwks"), dataPath(jwks), QStringLiteral("-")},
                             v.value(QLatin1String("token")).toString().toLatin1());
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(parseObject(r.out.toUtf8()),
                 QJsonDocument::fromJson(data(v.value(QLatin1String("payload")).toString())).object());
        QVERIFY2(r.err.contains(v.value(QLatin1String("key")).toString()), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("Signature verified")), qPrintable(r.err));
    }

    void jsonShape()
    {
        const CliRun r =
            cli({QStringLiteral("--json"), QStringLiteral("--key"), dataPath(QStringLiteral("enc-rsa-2048.pem")),
                 QStringLiteral("--jwks"), dataPath(QStringLiteral("jwks.json"))},
                token(QStringLiteral("zitadel-rsa-2048-event")));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject report = r.json();
        QCOMPARE(report.value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(report.value(QLatin1String("exit")), QJsonValue(0));
        QCOMPARE(report.value(QLatin1String("form")), QJsonValue(QStringLiteral("jwe")));
        QCOMPARE(report.value(QLatin1String("kind")), QJsonValue(QStringLiteral("event")));
        QCOMPARE(report.value(QLatin1String("payload")).toObject(),
                 payloadOf(QStringLiteral("zitadel-rsa-2048-event")));
        QCOMPARE(report.value(QLatin1String("verifiedWith")), QJsonValue(QStringLiteral("sig-rs256")));
        QVERIFY(report.value(QLatin1String("decryptedWith")).toString().endsWith(QLatin1String("enc-rsa-2048.pem")));
        QStringList layers;
        for (const QJsonValue &layer : report.value(QLatin1String("layers")).toArray())
            layers << layer.toObject().value(QLatin1String("layer")).toString();
        QCOMPARE(layers, (QStringList{QStringLiteral("jwe"), QStringLiteral("jwt"), QStringLiteral("payload")}));
        const QJsonObject jweHeader =
            report.value(QLatin1String("layers")).toArray().at(0).toObject().value(QLatin1String("header")).toObject();
        QCOMPARE(jweHeader.value(QLatin1String("kid")), QJsonValue(kKid2048));
        QStringList checks;
        for (const QJsonValue &check : report.value(QLatin1String("checks")).toArray())
            checks << check.toObject().value(QLatin1String("check")).toString() + QLatin1Char('=') +
                          check.toObject().value(QLatin1String("status")).toString();
        QVERIFY2(checks.contains(QLatin1String("decryption=passed")), qPrintable(checks.join(QLatin1Char(' '))));
        QVERIFY2(checks.contains(QLatin1String("signature=passed")), qPrintable(checks.join(QLatin1Char(' '))));

        // A failing report is still printed whole, with its class.
        const CliRun failed =
            cli({QStringLiteral("--json"), QStringLiteral("--key"), dataPath(QStringLiteral("enc-rsa-3072.pem"))},
                token(QStringLiteral("zitadel-rsa-2048-event")));
        QCOMPARE(failed.exitCode, 4);
        QCOMPARE(failed.json().value(QLatin1String("outcome")), QJsonValue(QStringLiteral("cannot-decrypt")));
        QCOMPARE(failed.json().value(QLatin1String("exit")), QJsonValue(4));
    }

    void exitClasses_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrText");

        const QString rsa2048 = dataPath(QStringLiteral("enc-rsa-2048.pem"));
        const QString rsa3072 = dataPath(QStringLiteral("enc-rsa-3072.pem"));
        const QString jwks = dataPath(QStringLiteral("jwks.json"));
        const QByteArray jwe = token(QStringLiteral("zitadel-rsa-2048-request"));
        const QByteArray jwt = token(QStringLiteral("jwt-RS256"));
        const QStringList key{QStringLiteral("--key"), rsa2048};

        QTest::newRow("0 jwe") << key << jwe << 0 << "Decrypted with";
        QTest::newRow("0 jwt without --jwks") << QStringList{} << jwt << 0 << "not verified";
        QTest::newRow("0 json body") << QStringList{} << data(QStringLiteral("payload-event.json")) << 0 << "";
        QTest::newRow("2 unknown option") << QStringList{QStringLiteral("--frob")} << jwe << 2 << "frob";
        QTest::newRow("2 two inputs") << QStringList{QStringLiteral("a"), QStringLiteral("b")} << jwe << 2
                                      << "unexpected argument";
        QTest::newRow("2 option of another command")
            << QStringList{QStringLiteral("--instance"), QStringLiteral("https://x.example")} << jwe << 2
            << "not valid for 'inspect'";
        QTest::newRow("2 missing key file")
            << QStringList{QStringLiteral("--key"), path(QStringLiteral("none.pem"))} << jwe << 2 << "none.pem";
        QTest::newRow("2 public key as --key")
            << QStringList{QStringLiteral("--key"), dataPath(QStringLiteral("enc-rsa-2048.pub.pem"))} << jwe << 2
            << "--key";
        QTest::newRow("2 missing input file")
            << QStringList{path(QStringLiteral("missing.jwe"))} << jwe << 2 << "cannot read";
        QTest::newRow("2 jwks file not a jwks")
            << QStringList{QStringLiteral("--jwks"), dataPath(QStringLiteral("enc-rsa-2048.pem"))} << jwe << 2
            << "not a JWKS";
        QTest::newRow("2 bad tolerance") << QStringList{QStringLiteral("--signature-tolerance"), QStringLiteral("soon")}
                                         << jwe << 2 << "--signature-tolerance";
        QTest::newRow("2 signing key variable unset")
            << QStringList{QStringLiteral("--signing-key-env"), QStringLiteral("TDTEST_NOT_SET_ANYWHERE")} << jwe << 2
            << "not set";
        QTest::newRow("3 garbage") << QStringList{} << QByteArray("garbage, not a payload\n") << 3 << "";
        QTest::newRow("3 bad base64 header") << key << QByteArray("e!30.e30.e30.e30.e30") << 3 << "";
        QTest::newRow("3 truncated jwe") << key << jwe.left(jwe.lastIndexOf('.')) << 3 << "";
        QTest::newRow("3 json header not an object") << key << QByteArray("WzFd.e30.c2ln") << 3 << "";
        QTest::newRow("4 wrong key") << QStringList{QStringLiteral("--key"), rsa3072} << jwe << 4
                                     << "Could not decrypt";
        QTest::newRow("4 no key") << QStringList{} << jwe << 4 << "no private key";
        QTest::newRow("4 no fitting key") << key << token(QStringLiteral("zitadel-ec-p256-request")) << 4 << "EC P-256";
        QTest::newRow("4 tampered ciphertext") << key << tamper(jwe, 3) << 4 << "Could not decrypt";
        QTest::newRow("4 tampered tag") << key << tamper(jwe, 4) << 4 << "Could not decrypt";
        QTest::newRow("5 jwks without the signing key")
            << key + QStringList{QStringLiteral("--jwks"), dataPath(QStringLiteral("jwks-other.json"))} << jwe << 5
            << "sig-rs256";
        QTest::newRow("5 tampered jwt") << QStringList{QStringLiteral("--jwks"), jwks} << tamper(jwt, 2) << 5 << "";
        QTest::newRow("5 jwt signed by another instance")
            << QStringList{QStringLiteral("--jwks"), dataPath(QStringLiteral("jwks-node.json"))} << jwt << 5 << "";
    }

    void exitClasses()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrText);
        const CliRun r = cli(args, input);
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QVERIFY2(r.exitCode == exitCode, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(stderrText), qPrintable(r.describe()));
        // A payload reaches stdout only when everything checked out.
        QCOMPARE(r.out.isEmpty(), exitCode != 0);
    }

    void standardInput()
    {
        const QByteArray jwe = token(QStringLiteral("zitadel-ec-p384-function"));
        const QStringList key{QStringLiteral("--key"), dataPath(QStringLiteral("enc-ec-p384.pem"))};
        // "-" and no FILE at all read standard input alike; surrounding whitespace does not matter.
        for (const QStringList &args : {key + QStringList{QStringLiteral("-")}, key}) {
            const CliRun r = cli(args, "\n  " + jwe + "  \r\n\n");
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
            QCOMPARE(parseObject(r.out.toUtf8()), payloadOf(QStringLiteral("zitadel-ec-p384-function")));
        }
    }

    void jwksFile()
    {
        const QByteArray jwe = token(QStringLiteral("zitadel-ec-p521-response"));
        const QStringList key{QStringLiteral("--key"), dataPath(QStringLiteral("enc-ec-p521.pem")),
                              QStringLiteral("--json")};
        CliRun r = cli(key + QStringList{QStringLiteral("--jwks"), dataPath(QStringLiteral("jwks.json"))}, jwe);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.json().value(QLatin1String("signatureVerified")), QJsonValue(true));
        QCOMPARE(r.json().value(QLatin1String("verifiedWith")), QJsonValue(QStringLiteral("sig-rs256")));

        // The same token against a JWKS of another instance: decrypted, but not from that instance.
        r = cli(key + QStringList{QStringLiteral("--jwks"), dataPath(QStringLiteral("jwks-node.json"))}, jwe);
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(QLatin1String("signatureVerified")), QJsonValue(false));
        QCOMPARE(r.json().value(QLatin1String("outcome")), QJsonValue(QStringLiteral("signature-invalid")));
    }

    void jwksUrl_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrText");
        QTest::newRow("the instance's jwks") << 200 << data(QStringLiteral("jwks.json")) << 0 << "Signature verified";
        QTest::newRow("another jwks") << 200 << data(QStringLiteral("jwks-other.json")) << 5 << "sig-rs256";
        QTest::newRow("404") << 404 << QByteArray("{}") << 6 << "HTTP 404";
        QTest::newRow("not a jwks") << 200 << QByteArray("<html>hello</html>") << 7 << "did not answer with a JWKS";
    }

    void jwksUrl()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrText);
        m_http.answer(status, body);
        m_http.clearRequests();
        const CliRun r = cli({QStringLiteral("--jwks"), m_http.url(), QStringLiteral("--key"),
                              dataPath(QStringLiteral("enc-rsa-3072.pem"))},
                             token(QStringLiteral("zitadel-rsa-3072-request")));
        QVERIFY2(r.exitCode == exitCode, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(stderrText), qPrintable(r.describe()));
        QCOMPARE(m_http.requests(), QStringList{QStringLiteral("GET /oauth/v2/keys HTTP/1.1")});
        if (exitCode == 0)
            QCOMPARE(parseObject(r.out.toUtf8()), payloadOf(QStringLiteral("zitadel-rsa-3072-request")));
    }

    void jwksUrlTransportFailures()
    {
        const QByteArray jwt = token(QStringLiteral("jwt-ES256"));
        // No answer within --timeout.
        m_http.setMode(HttpServer::Mode::Hang);
        QElapsedTimer clock;
        clock.start();
        CliRun r = cli({QStringLiteral("--jwks"), m_http.url(), QStringLiteral("--timeout"), QStringLiteral("1")}, jwt);
        QVERIFY2(r.exitCode == 7, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("within 1 s")), qPrintable(r.describe()));
        QVERIFY(clock.elapsed() < 20000);
        // --request-timeout before the command word means the same.
        r = targetdesk::test::runProcess(kCli,
                                         {QStringLiteral("--request-timeout"), QStringLiteral("bogus"),
                                          QStringLiteral("inspect"), QStringLiteral("-")},
                                         QProcessEnvironment::systemEnvironment());
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));

        // The connection is reset.
        m_http.setMode(HttpServer::Mode::Close);
        r = cli({QStringLiteral("--jwks"), m_http.url()}, jwt);
        QVERIFY2(r.exitCode == 7, qPrintable(r.describe()));
        m_http.setMode(HttpServer::Mode::Answer);

        // Nobody listens.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        r = cli({QStringLiteral("--jwks"), QStringLiteral("http://127.0.0.1:%1/oauth/v2/keys").arg(port)}, jwt);
        QVERIFY2(r.exitCode == 7, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("connection refused")), qPrintable(r.describe()));
    }

    // --jwks URL goes through the API client's fetch: its URL rules, and no redirect is followed.
    void jwksUrlFollowsTheClientsRules()
    {
        const QByteArray jwt = token(QStringLiteral("jwt-ES256"));
        m_http.clearRequests();
        CliRun r = cli({QStringLiteral("--jwks"), QStringLiteral("http://keys.example.com/oauth/v2/keys")}, jwt);
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("--jwks: Refusing plain http to keys.example.com")),
                 qPrintable(r.describe()));
        QVERIFY(m_http.requests().isEmpty());

        m_http.answer(302, "{}");
        r = cli({QStringLiteral("--jwks"), m_http.url()}, jwt);
        QVERIFY2(r.exitCode == 6, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("answered HTTP 302")) && r.err.contains(QLatin1String("not followed")),
                 qPrintable(r.describe()));
        QCOMPARE(m_http.requests().size(), 1);
        m_http.answer(200, data(QStringLiteral("jwks.json")));
    }

    void signingKeyEnv_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("tolerance");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrText");
        const QString good = signingKey();
        const QString wrong = good + QStringLiteral("x");
        for (const char *capture : {"capture-jwe.http", "capture-jwt.http", "capture-json.http"}) {
            const QString c = QString::fromLatin1(capture);
            QTest::newRow(qPrintable(c + QStringLiteral(" valid, age not enforced")))
                << c << good << QStringLiteral("any") << 0 << "is valid";
            QTest::newRow(qPrintable(c + QStringLiteral(" valid, tolerance 0")))
                << c << good << QStringLiteral("0") << 0 << "is valid";
            QTest::newRow(qPrintable(c + QStringLiteral(" wrong key")))
                << c << wrong << QStringLiteral("any") << 5 << "";
            // The captures were signed on 2026-01-01: far older than the default 300 s.
            QTest::newRow(qPrintable(c + QStringLiteral(" too old"))) << c << good << QString() << 5 << "tolerance";
            QTest::newRow(qPrintable(c + QStringLiteral(" too old for 60 s")))
                << c << good << QStringLiteral("60") << 5 << "tolerance of 60 s";
        }
    }

    void signingKeyEnv()
    {
        QFETCH(QString, capture);
        QFETCH(QString, key);
        QFETCH(QString, tolerance);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrText);
        QStringList args = allKeys() + QStringList{QStringLiteral("--signing-key-env"),
                                                   QStringLiteral("TDTEST_SIGNING_KEY"), dataPath(capture)};
        if (!tolerance.isEmpty())
            args << QStringLiteral("--signature-tolerance") << tolerance;
        const CliRun r = cli(args, {}, signingEnv(key));
        QVERIFY2(r.exitCode == exitCode, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(stderrText), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("ZITADEL-Signature")), qPrintable(r.describe()));
        if (exitCode == 0)
            QVERIFY(r.out.contains(QLatin1String("300000000000000001")));
    }

    void bulk()
    {
        // A mix of every outcome, with blank lines in between; enough lines for the worker threads to overtake
        // each other.
        const QByteArray good = token(QStringLiteral("zitadel-rsa-2048-request"));
        const QByteArray goodEc = token(QStringLiteral("zitadel-ec-p256-event"));
        const QByteArray wrongKey = token(QStringLiteral("zitadel-rsa-3072-request"));
        const QByteArray badSignature = tamper(token(QStringLiteral("jwt-RS256")), 2);
        const QByteArray capture = data(QStringLiteral("captures.jsonl")).split('\n').at(0);
        struct Expected {
            qint64 line;
            int exit;
            QJsonObject payload;
        };
        QList<Expected> expected;
        QByteArray file;
        qint64 line = 0;
        auto add = [&](const QByteArray &text, int exit, const QJsonObject &payload = {}) {
            file += text + '\n';
            ++line;
            if (!text.trimmed().isEmpty())
                expected.append({line, exit, payload});
        };
        const QJsonObject request = payloadOf(QStringLiteral("zitadel-rsa-2048-request"));
        const QJsonObject event = payloadOf(QStringLiteral("zitadel-ec-p256-event"));
        for (int i = 0; i < 40; ++i) {
            add(good, 0, request);
            add("not a token at all", 3);
            add(wrongKey, 4);
            add(i % 2 ? QByteArray() : QByteArray("   "), 0);
            add(badSignature, 5);
            add(goodEc, 0, event);
            add(capture, 0, parseObject(parseObject(capture).value(QLatin1String("body")).toString().toUtf8()));
        }
        const QString bulkFile = path(QStringLiteral("mixed.jsonl"));
        QVERIFY(writeFile(bulkFile, file));
        const QStringList args{QStringLiteral("--bulk"),
                               QStringLiteral("--key"),
                               dataPath(QStringLiteral("enc-rsa-2048.pem")),
                               QStringLiteral("--key"),
                               dataPath(QStringLiteral("enc-ec-p256.pem")),
                               QStringLiteral("--jwks"),
                               dataPath(QStringLiteral("jwks.json")),
                               QStringLiteral("--signing-key-env"),
                               QStringLiteral("TDTEST_SIGNING_KEY"),
                               QStringLiteral("--signature-tolerance"),
                               QStringLiteral("any")};
        const CliRun r = cli(args + QStringList{bulkFile}, {}, signingEnv());
        QVERIFY2(r.exitCode == 5, qPrintable(r.describe().left(3000)));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), expected.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject result = parseObject(lines.at(i).toUtf8());
            const Expected &want = expected.at(i);
            QVERIFY2(lines.at(i).startsWith(QStringLiteral("{\"line\":%1,").arg(want.line)), qPrintable(lines.at(i)));
            QCOMPARE(result.value(QLatin1String("ok")).toBool(), want.exit == 0);
            if (want.exit == 0) {
                QCOMPARE(result.value(QLatin1String("payload")).toObject(), want.payload);
            } else {
                QCOMPARE(result.value(QLatin1String("exit")).toInt(), want.exit);
                QVERIFY(!result.value(QLatin1String("error")).toString().isEmpty());
                QVERIFY(!result.contains(QLatin1String("payload")));
            }
        }

        // The exit code is the highest of the lines, wherever that line stands; stdin works the same.
        const QByteArray noBadSignature = good + "\n" + wrongKey + "\nnot a token\n" + good + "\n";
        CliRun r2 = cli(args + QStringList{QStringLiteral("-")}, noBadSignature, signingEnv());
        QCOMPARE(r2.exitCode, 4);
        QCOMPARE(r2.out.count(QLatin1Char('\n')), 4);
        r2 = cli(args, good + "\n" + goodEc + "\n", signingEnv());
        QVERIFY2(r2.exitCode == 0, qPrintable(r2.describe()));
        QVERIFY2(r2.err.contains(QLatin1String("2 ok")), qPrintable(r2.err));

        // --json: the whole report per line.
        r2 = cli(args + QStringList{QStringLiteral("--json"), QStringLiteral("-")}, good + "\n\n" + wrongKey + "\n",
                 signingEnv());
        QCOMPARE(r2.exitCode, 4);
        const QStringList jsonLines = r2.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(jsonLines.size(), 2);
        QCOMPARE(parseObject(jsonLines.at(0).toUtf8()).value(QLatin1String("line")), QJsonValue(1));
        QVERIFY(parseObject(jsonLines.at(0).toUtf8()).contains(QLatin1String("layers")));
        QCOMPARE(parseObject(jsonLines.at(1).toUtf8()).value(QLatin1String("line")), QJsonValue(3));
        QCOMPARE(parseObject(jsonLines.at(1).toUtf8()).value(QLatin1String("outcome")),
                 QJsonValue(QStringLiteral("cannot-decrypt")));
    }

    void bulkStreams()
    {
        // A result comes out while the input is still open: nothing waits for the end of a (possibly endless) input.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dataDir);
        p.setProcessEnvironment(env);
        p.start(kCli, {QStringLiteral("inspect"), QStringLiteral("--bulk"), QStringLiteral("--key"),
                       dataPath(QStringLiteral("enc-rsa-2048.pem")), QStringLiteral("-")});
        QVERIFY(p.waitForStarted(10000));
        p.write(token(QStringLiteral("zitadel-rsa-2048-request")) + '\n');
        QDeadlineTimer deadline(30000);
        while (!p.canReadLine() && !deadline.hasExpired() && p.state() == QProcess::Running)
            p.waitForReadyRead(100);
        QVERIFY2(p.canReadLine(), "no result line before the end of the input");
        QCOMPARE(p.state(), QProcess::Running);
        const QJsonObject first = parseObject(p.readLine());
        QCOMPARE(first.value(QLatin1String("line")), QJsonValue(1));
        QCOMPARE(first.value(QLatin1String("ok")), QJsonValue(true));
        p.write("garbage\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
        QCOMPARE(parseObject(p.readLine()).value(QLatin1String("line")), QJsonValue(2));
    }

    void vaultKeyByKid()
    {
        const QByteArray jwe = token(QStringLiteral("zitadel-rsa-2048-response"));
        // Before the vault holds it: nothing to decrypt with.
        CliRun r = cli({QStringLiteral("--vault")}, jwe);
        QVERIFY2(r.exitCode == 4, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("holds no key with key id ") + kKid2048), qPrintable(r.describe()));

        // The RSA 2048 key under another key id: same type, but the vault is matched by kid only.
        QVERIFY(storeInVault(QStringLiteral("enc-rsa-2048.pem"), QStringLiteral("399999999999999999"),
                             QStringLiteral("other-target")));
        r = cli({QStringLiteral("--vault")}, jwe);
        QVERIFY2(r.exitCode == 4, qPrintable(r.describe()));

        QVERIFY(storeInVault(QStringLiteral("enc-rsa-2048.pem"), kKid2048, QStringLiteral("billing-webhook")));
        r = cli({QStringLiteral("--vault")}, jwe);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(parseObject(r.out.toUtf8()), payloadOf(QStringLiteral("zitadel-rsa-2048-response")));
        QVERIFY2(r.err.contains(QLatin1String("vault key billing-webhook")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("key id ") + kKid2048), qPrintable(r.err));

        // The vault comes first; a key file that also fits is not needed.
        r = cli({QStringLiteral("--vault"), QStringLiteral("--json"), QStringLiteral("--key"),
                 dataPath(QStringLiteral("enc-rsa-2048.pem"))},
                jwe);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("decryptedWith")),
                 QJsonValue(QStringLiteral("vault key billing-webhook")));

        // Bulk: vault keys for every kid, key files for the rest.
        r = cli({QStringLiteral("--vault"), QStringLiteral("--bulk"), QStringLiteral("--key"),
                 dataPath(QStringLiteral("enc-ec-p256.pem"))},
                jwe + "\n" + token(QStringLiteral("zitadel-ec-p256-event")) + "\n" +
                    token(QStringLiteral("zitadel-rsa-3072-event")) + "\n");
        QCOMPARE(r.exitCode, 4);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(parseObject(lines.at(0).toUtf8()).value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(parseObject(lines.at(1).toUtf8()).value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(parseObject(lines.at(2).toUtf8()).value(QLatin1String("exit")), QJsonValue(4));
    }

    void encryptedKeyFile()
    {
        const QString encrypted = path(QStringLiteral("enc-rsa-2048.encrypted.pem"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TDTEST_PW"), kPassphrase);
        const CliRun made = targetdesk::test::runProcess(
            QStringLiteral("openssl"),
            {QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"),
             QStringLiteral("-in"), dataPath(QStringLiteral("enc-rsa-2048.pem")), QStringLiteral("-out"), encrypted,
             QStringLiteral("-passout"), QStringLiteral("env:TDTEST_PW")},
            env);
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        const QByteArray jwe = token(QStringLiteral("zitadel-rsa-2048-function"));
        const QStringList key{QStringLiteral("--key"), encrypted};

        CliRun r = cli(key + QStringList{QStringLiteral("--passphrase-env"), QStringLiteral("TDTEST_PW")}, jwe,
                       {{QStringLiteral("TDTEST_PW"), kPassphrase}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(parseObject(r.out.toUtf8()), payloadOf(QStringLiteral("zitadel-rsa-2048-function")));

        r = cli(key, jwe);
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("--passphrase-env")), qPrintable(r.describe()));
        r = cli(key + QStringList{QStringLiteral("--passphrase-env"), QStringLiteral("TDTEST_PW")}, jwe,
                {{QStringLiteral("TDTEST_PW"), kPassphrase + QStringLiteral("-wrong")}});
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
    }

    void secretsNeverOnTheCommandLine()
    {
        // A secret typed where the variable name belongs is refused without being echoed.
        const CliRun r =
            cli({QStringLiteral("--signing-key-env"), signingKey(), dataPath(QStringLiteral("capture-jwe.http"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("never the secret itself")), qPrintable(r.describe()));
        QVERIFY(!r.err.contains(signingKey()));
        // There is no option that takes a secret's value.
        for (const char *option : {"--signing-key", "--passphrase"}) {
            const CliRun bad = cli({QLatin1String(option), QStringLiteral("x"), QStringLiteral("-")});
            QCOMPARE(bad.exitCode, 2);
        }
    }

    void cleanupTestCase()
    {
        // Neither the signing key, the passphrase nor any private key ever reached an output.
        const QByteArray privateKey = data(QStringLiteral("enc-rsa-2048.pem"));
        const QString keyLine = QString::fromLatin1(privateKey.split('\n').value(1));
        QVERIFY(!keyLine.isEmpty());
        for (const QString &output : std::as_const(m_outputs)) {
            QVERIFY(!output.contains(signingKey()));
            QVERIFY(!output.contains(kPassphrase));
            QVERIFY(!output.contains(QLatin1String("PRIVATE KEY")));
            QVERIFY(!output.contains(keyLine));
        }
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestCliInspect)

#include "tst_cli_inspect.moc"
