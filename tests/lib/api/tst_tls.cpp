// TLS in ZitadelClient against the sandbox serving HTTPS: verification on by default, pinning a self-signed
// certificate, a changed pinned certificate refused, a private CA imported, the certificate shown before pinning,
// and plain http refused for hosts that are not loopback.
#include "api/auth/connectiontest.h"
#include "api/auth/serviceuserkey.h"
#include "api/auth/serviceuserkeyprovider.h"
#include "api/tlsoptions.h"
#include "api/zitadelclient.h"
#include "openssl.h"
#include "sandbox/sandbox.h"
#include "sandboxsession.h"
#include "selfsignedcertificate.h"
#include "testutil.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace targetdesk;
using namespace std::chrono_literals;
using test::await;

namespace
{

struct CertificateFiles {
    QString certificate;
    QString key;
};

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    CertificateFiles m_selfSignedA;
    CertificateFiles m_selfSignedB;
    CertificateFiles m_ca;
    CertificateFiles m_issued; // by m_ca
    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    std::unique_ptr<ZitadelClient> m_client;

    static bool openssl(const QStringList &args, QByteArray *out = nullptr)
    {
        const test::OpensslRun r = test::openssl(args);
        if (r.exitCode != 0) {
            qWarning("openssl %s: %s", qPrintable(args.join(QLatin1Char(' '))), QByteArray(r.out + r.err).constData());
            return false;
        }
        if (out)
            *out = r.out;
        return true;
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // EC keys: quick to make. Every certificate names 127.0.0.1, so only trust decides.
    bool makeSelfSigned(const QString &name, CertificateFiles *files)
    {
        const auto made = test::SelfSignedCertificate::make(m_dir.path(), name);
        *files = {made.certificatePath, made.keyPath};
        return !made.certificate.isNull();
    }
    bool makeCaAndLeaf()
    {
        m_ca = {path(QStringLiteral("ca.crt")), path(QStringLiteral("ca.key"))};
        m_issued = {path(QStringLiteral("leaf.crt")), path(QStringLiteral("leaf.key"))};
        const QString csr = path(QStringLiteral("leaf.csr"));
        const QString ext = path(QStringLiteral("leaf.ext"));
        QFile extFile(ext);
        if (!extFile.open(QIODevice::WriteOnly))
            return false;
        extFile.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        extFile.close();
        return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), m_ca.key, QStringLiteral("-out"), m_ca.certificate,
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=Targetdesk Test CA"), QStringLiteral("-addext"),
                        QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                        QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")}) &&
               openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), m_issued.key, QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                        QStringLiteral("/CN=127.0.0.1")}) &&
               openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                        QStringLiteral("-CA"), m_ca.certificate, QStringLiteral("-CAkey"), m_ca.key,
                        QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-extfile"), ext, QStringLiteral("-out"), m_issued.certificate});
    }
    // The fingerprint as openssl prints it: "sha256 Fingerprint=AB:CD:..." (the case of the prefix varies).
    static QByteArray opensslFingerprint(const CertificateFiles &files)
    {
        QByteArray out;
        if (!openssl({QStringLiteral("x509"), QStringLiteral("-in"), files.certificate, QStringLiteral("-noout"),
                      QStringLiteral("-fingerprint"), QStringLiteral("-sha256")},
                     &out))
            return {};
        return parseSha256Fingerprint(QString::fromLatin1(out)).value_or(QByteArray());
    }
    static QSslCertificate certificateOf(const CertificateFiles &files)
    {
        QFile f(files.certificate);
        if (!f.open(QIODevice::ReadOnly))
            return QSslCertificate();
        return QSslCertificate(f.readAll(), QSsl::Pem);
    }

    bool startSandbox(const CertificateFiles &files, quint16 port = 0)
    {
        m_sandbox.reset();
        QString error;
        m_sandbox = test::startSandbox(&error, {files.certificate, files.key, port});
        if (!m_sandbox)
            qWarning("%s", qPrintable(error));
        return m_sandbox != nullptr;
    }

    Result<TargetPage> list()
    {
        return test::awaitApi<TargetPage>([&](auto cb) { m_client->listTargets({}, this, cb); },
                                          ApiError::Kind::Network);
    }
    Result<CertificateInfo> fetchCertificate()
    {
        return test::awaitApi<CertificateInfo>([&](auto cb) { m_client->fetchServerCertificate(this, cb); },
                                               ApiError::Kind::Network);
    }
    void connectClient() { m_client = test::clientFor(*m_sandbox, m_sandbox->generateToken()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeSelfSigned(QStringLiteral("a"), &m_selfSignedA));
        QVERIFY(makeSelfSigned(QStringLiteral("b"), &m_selfSignedB));
        QVERIFY(makeCaAndLeaf());
    }
    void cleanup()
    {
        m_client.reset();
        m_sandbox.reset();
    }

    void sandboxSpeaksHttps()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        QVERIFY(m_sandbox->isTls());
        QCOMPARE(m_sandbox->url().scheme(), QStringLiteral("https"));
    }

    void selfSignedIsRefusedByDefault()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        connectClient();
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);
        // The message names the fingerprint a user would check before pinning.
        const QByteArray expected = opensslFingerprint(m_selfSignedA);
        QCOMPARE(expected.size(), 32);
        QVERIFY2(page.error().message.contains(formatSha256Fingerprint(expected)), qPrintable(page.error().message));
        QVERIFY(page.error().message.contains(QLatin1String("not trusted")));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);
    }

    void pinnedCertificateIsAccepted()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        connectClient();
        TlsOptions tls;
        tls.pinnedSha256 = opensslFingerprint(m_selfSignedA);
        m_client->setTlsOptions(tls);
        const auto page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 1);
    }

    void changedCertificateIsRefused()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        const quint16 port = m_sandbox->port();
        connectClient();
        TlsOptions tls;
        tls.pinnedSha256 = opensslFingerprint(m_selfSignedA);
        m_client->setTlsOptions(tls);
        QVERIFY(list().ok());

        // The "instance" restarts on the same address with another certificate.
        QVERIFY(startSandbox(m_selfSignedB, port));
        m_client->setToken(m_sandbox->generateToken());
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);
        const QString message = page.error().message;
        QVERIFY2(message.contains(QLatin1String("changed")), qPrintable(message));
        QVERIFY2(message.contains(formatSha256Fingerprint(opensslFingerprint(m_selfSignedA))), qPrintable(message));
        QVERIFY2(message.contains(formatSha256Fingerprint(opensslFingerprint(m_selfSignedB))), qPrintable(message));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);
    }

    void privateCaIsAcceptedOnceImported()
    {
        QVERIFY(startSandbox(m_issued));
        connectClient();
        auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);

        QFile caFile(m_ca.certificate);
        QVERIFY(caFile.open(QIODevice::ReadOnly));
        QString error;
        TlsOptions tls;
        tls.caCertificates = readPemCertificates(caFile.readAll(), &error);
        QVERIFY2(!tls.caCertificates.isEmpty(), qPrintable(error));
        m_client->setTlsOptions(tls);
        page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
    }

    void pinWinsOverAValidChain()
    {
        // The certificate verifies with the imported CA, but the pin names another one: refused.
        QVERIFY(startSandbox(m_issued));
        connectClient();
        TlsOptions tls;
        QFile caFile(m_ca.certificate);
        QVERIFY(caFile.open(QIODevice::ReadOnly));
        tls.caCertificates = readPemCertificates(caFile.readAll());
        tls.pinnedSha256 = opensslFingerprint(m_selfSignedA);
        m_client->setTlsOptions(tls);
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);
        QVERIFY(page.error().message.contains(QLatin1String("changed")));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);
    }

    // With a pin, no CA is trusted at all (not the system's, not an imported one); the pinned certificate itself is
    // still accepted, even when it is issued by an imported CA.
    void pinTrustsNoCa()
    {
        QFile caFile(m_ca.certificate);
        QVERIFY(caFile.open(QIODevice::ReadOnly));
        TlsOptions tls;
        tls.caCertificates = readPemCertificates(caFile.readAll());
        QVERIFY(!tls.caCertificates.isEmpty());
        QVERIFY(ZitadelClient::sslConfiguration(tls).caCertificates().contains(tls.caCertificates.first()));
        tls.pinnedSha256 = opensslFingerprint(m_issued);
        QVERIFY(ZitadelClient::sslConfiguration(tls).caCertificates().isEmpty());

        QVERIFY(startSandbox(m_issued));
        connectClient();
        m_client->setTlsOptions(tls);
        const auto page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
    }

    void certificateIsShownBeforePinning()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        connectClient();
        auto info = fetchCertificate();
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        QCOMPARE(info->sha256, opensslFingerprint(m_selfSignedA));
        QCOMPARE(info->fingerprint, formatSha256Fingerprint(info->sha256));
        QVERIFY2(info->subject.contains(QLatin1String("CN=127.0.0.1")), qPrintable(info->subject));
        QVERIFY(info->selfSigned);
        QVERIFY(info->notAfter > QDateTime::currentDateTimeUtc());
        QVERIFY(info->subjectAlternativeNames.contains(QStringLiteral("127.0.0.1")));
        QVERIFY(!info->verifies());
        QVERIFY(!info->trusted());
        QVERIFY(!info->matchesPin);
        // Looking sends no request.
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);

        TlsOptions tls;
        tls.pinnedSha256 = info->sha256;
        m_client->setTlsOptions(tls);
        info = fetchCertificate();
        QVERIFY(info.ok());
        QVERIFY(info->matchesPin);
        QVERIFY(info->trusted());
    }

    void certificateOfPrivateCa()
    {
        QVERIFY(startSandbox(m_issued));
        connectClient();
        auto info = fetchCertificate();
        QVERIFY(info.ok());
        QVERIFY(!info->verifies());
        QVERIFY(info->issuer.contains(QLatin1String("Targetdesk Test CA")));
        TlsOptions tls;
        tls.caCertificates = {certificateOf(m_ca)};
        m_client->setTlsOptions(tls);
        info = fetchCertificate();
        QVERIFY(info.ok());
        QVERIFY2(info->verifies(), qPrintable(info->problems.join(QLatin1Char('\n'))));
    }

    void keyFileAuthUsesTheSameTlsRules()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        connectClient();
        const auto key = auth::ServiceUserKey::fromJson(m_sandbox->createServiceUser(QStringLiteral("tls-bot")));
        QVERIFY(key.ok());
        m_client->setAuthProvider(std::make_shared<auth::ServiceUserKeyProvider>(*key));
        auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("Token")), 0);

        TlsOptions tls;
        tls.pinnedSha256 = opensslFingerprint(m_selfSignedA);
        m_client->setTlsOptions(tls);
        page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("Token")), 1);
    }

    void connectionTestReportsTls()
    {
        QVERIFY(startSandbox(m_selfSignedA));
        connectClient();
        auto run = [this] {
            auth::ConnectionTest test(m_client.get());
            bool finished = false;
            connect(&test, &auth::ConnectionTest::finished, this, [&] { finished = true; });
            test.start();
            if (!QTest::qWaitFor([&] { return finished; }, 15000))
                qWarning("connection test did not finish");
            return test.report();
        };
        auth::ConnectionReport r = run();
        QCOMPARE(int(r.reachable.state), int(auth::ConnectionReport::State::Ok));
        QCOMPARE(int(r.tls.state), int(auth::ConnectionReport::State::Failed));
        QVERIFY(r.certificate.has_value());
        QVERIFY(r.tls.detail.contains(r.certificate->fingerprint));
        QCOMPARE(int(r.token.state), int(auth::ConnectionReport::State::NotChecked));

        TlsOptions tls;
        tls.pinnedSha256 = r.certificate->sha256;
        m_client->setTlsOptions(tls);
        r = run();
        QVERIFY2(r.ok(), qPrintable(r.tls.detail + r.token.detail + r.read.detail + r.write.detail));
        QCOMPARE(int(r.tls.state), int(auth::ConnectionReport::State::Ok));

        // The pinned certificate changes.
        QVERIFY(startSandbox(m_selfSignedB, m_sandbox->port()));
        m_client->setToken(m_sandbox->generateToken());
        r = run();
        QCOMPARE(int(r.tls.state), int(auth::ConnectionReport::State::Failed));
        QVERIFY(r.tls.detail.contains(QLatin1String("changed")));
    }

    void plainHttpOnlyForLoopback()
    {
        // A local HTTP proxy stands in for the remote host, so nothing leaves 127.0.0.1.
        QTcpServer proxy;
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        QByteArray seen;
        connect(&proxy, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = proxy.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [&seen, socket] {
                seen += socket->readAll();
                if (!seen.contains("\r\n\r\n"))
                    return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                              "Connection: close\r\n\r\n{}");
                socket->disconnectFromHost();
            });
        });
        m_client = std::make_unique<ZitadelClient>();
        m_client->networkAccessManager()->setProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.serverPort()));
        m_client->setInstance(QUrl(QStringLiteral("http://zitadel.example.test")));
        m_client->setToken(QStringLiteral("pat-secret-value"));
        m_client->setTimeout(10s);

        auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::InvalidRequest);
        QVERIFY(page.error().message.contains(QLatin1String("http")));
        auto form = await<HttpAnswer>([&](auto cb) {
            m_client->postForm(QStringLiteral("/oauth/v2/token"), "grant_type=client_credentials", {}, this, cb);
        });
        QVERIFY(form.has_value() && !form->ok());
        QCOMPARE(form->error().kind, ApiError::Kind::InvalidRequest);
        QTest::qWait(100);
        QVERIFY2(seen.isEmpty(), seen.constData());

        // The explicit flag lets it through.
        TlsOptions tls;
        tls.allowInsecureHttp = true;
        m_client->setTlsOptions(tls);
        page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QVERIFY2(seen.startsWith("POST http://zitadel.example.test/v2/actions/targets/search"), seen.constData());
    }

    void loopbackHosts_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("127.1.2.3") << QStringLiteral("127.1.2.3") << true;
        QTest::newRow("::1") << QStringLiteral("::1") << true;
        QTest::newRow("[::1]") << QStringLiteral("[::1]") << true;
        QTest::newRow("localhost") << QStringLiteral("LocalHost") << true;
        QTest::newRow("x.localhost") << QStringLiteral("zitadel.localhost") << true;
        QTest::newRow("10.0.0.1") << QStringLiteral("10.0.0.1") << false;
        QTest::newRow("name") << QStringLiteral("localhost.example.com") << false;
        QTest::newRow("mapped") << QStringLiteral("::ffff:192.0.2.1") << false;
    }
    void loopbackHosts()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackHost(host), loopback);
    }

    void otherSchemesAreRefused()
    {
        m_client = std::make_unique<ZitadelClient>();
        m_client->setInstance(QUrl(QStringLiteral("ftp://127.0.0.1")));
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::InvalidRequest);
    }

    void fingerprintText()
    {
        const QByteArray digest =
            QByteArray::fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        const QString text = formatSha256Fingerprint(digest);
        QCOMPARE(text.left(9), QStringLiteral("00:11:22:"));
        QCOMPARE(parseSha256Fingerprint(text), std::optional<QByteArray>(digest));
        QCOMPARE(parseSha256Fingerprint(QString::fromLatin1(digest.toHex())), std::optional<QByteArray>(digest));
        QCOMPARE(parseSha256Fingerprint(QStringLiteral("SHA256 Fingerprint=") + text),
                 std::optional<QByteArray>(digest));
        QVERIFY(!parseSha256Fingerprint(text.left(20)).has_value());
        QVERIFY(!parseSha256Fingerprint(QStringLiteral("zz") + text.mid(2)).has_value());
    }

    void pemCertificates()
    {
        QFile f(m_ca.certificate);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pem = f.readAll();
        QString error;
        QCOMPARE(readPemCertificates(pem + pem, &error).size(), 2);
        QVERIFY(readPemCertificates("not a certificate", &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
