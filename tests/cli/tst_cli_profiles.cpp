// End-to-end tests of the connection options of targetdesk-cli: --key-file against a `targetdesk-cli sandbox`
// process that wrote the key file (--service-user-key), --profile with every authentication method, `profiles list`
// without secrets, `profiles test` on good and bad profiles, and a TLS sandbox (--tls-cert/--tls-key) refused
// without a pin and accepted through a profile that pins its certificate. Profiles are stored here through
// ProfileStore in the private XDG_CONFIG_HOME and keychain of support/privatekeyring.h, which the CLI inherits.

#include "awaitresult.h"
#include "cliprocess.h"
#include "privatekeyring.h"
#include "sandboxsession.h"
#include "selfsignedcertificate.h"
#include "silentkeychain.h"
#include "testfiles.h"

#include "api/tlsoptions.h"
#include "profiles/profilestore.h"
#include "sandbox/sandbox.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using targetdesk::test::CliRun;
using targetdesk::test::readFile;
using namespace targetdesk;
using namespace targetdesk::profiles;

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QString kCliToken = QStringLiteral("tdtest-cliprof-rw-5c1e92");
const QString kTlsToken = QStringLiteral("tdtest-cliprof-tls-77a0d3");

} // namespace

class TestCliProfiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    targetdesk::test::SandboxProcess m_cliSandbox{kCli};
    std::unique_ptr<sandbox::Sandbox> m_sandbox; // in this process, for the credentials only it can make
    std::unique_ptr<ProfileStore> m_store;
    QStringList m_secrets;
    QStringList m_outputs;

    // The CLI must not block this process's event loop: the in-process sandbox answers from it.
    CliRun cli(const QStringList &args, const QMap<QString, QString> &extraEnv = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("TARGETDESK_TOKEN"));
        env.remove(QStringLiteral("TARGETDESK_INSTANCE"));
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
            env.insert(it.key(), it.value());
        const CliRun r = targetdesk::test::runProcess(kCli, args, env, {.processEvents = true});
        m_outputs << r.out << r.err;
        return r;
    }

    Profile add(const Profile &profile, const ProfileSecrets &secrets)
    {
        auto r = targetdesk::test::awaitResult<ProfileResult<Profile>>(
            [&](auto cb) { m_store->add(profile, secrets, this, cb); });
        if (!r || !*r) {
            qWarning("add failed: %s", r ? qPrintable(r->error().message) : "timeout");
            return {};
        }
        return **r;
    }

    static QStringList list(const QStringList &connection)
    {
        return QStringList{QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json")} + connection;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const QString keyFile = m_dir.filePath(QStringLiteral("bot.json"));
        QVERIFY2(m_cliSandbox.start({QStringLiteral("--token"), kCliToken, QStringLiteral("--seed"),
                                     QStringLiteral("--service-user-key"), keyFile},
                                    &error),
                 qPrintable(error));
        QVERIFY(QFile::exists(keyFile));
        QVERIFY(QFile(keyFile).permissions() & QFile::ReadOwner);
        QVERIFY(!(QFile(keyFile).permissions() & QFile::ReadOther));

        m_sandbox = targetdesk::test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_sandbox->seed();
        // The CLI reads the native settings file in XDG_CONFIG_HOME and the keychain service "Targetdesk".
        m_store = std::make_unique<ProfileStore>(ProfileStoreSettings::defaults());
        QVERIFY(m_store->settingsFilePath().startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")));
        m_secrets << kCliToken << kTlsToken;
    }

    void keyFileEndToEnd()
    {
        const QString keyFile = m_dir.filePath(QStringLiteral("bot.json"));
        const CliRun r =
            cli(list({QStringLiteral("--instance"), m_cliSandbox.url(), QStringLiteral("--key-file"), keyFile}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(!r.json().value(QLatin1String("targets")).toArray().isEmpty());

        const CliRun noInstance = cli(list({QStringLiteral("--key-file"), keyFile}));
        QCOMPARE(noInstance.exitCode, 2);
        QVERIFY(noInstance.err.contains(QLatin1String("--instance")));

        QFile bad(m_dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"type":"serviceaccount","keyId":"1","userId":"2","key":"not a key"})");
        bad.close();
        const CliRun badKey =
            cli(list({QStringLiteral("--instance"), m_cliSandbox.url(), QStringLiteral("--key-file"), bad.fileName()}));
        QCOMPARE(badKey.exitCode, 3);
        QVERIFY(badKey.err.contains(QLatin1String("--key-file")));
    }

    void profileWithEachMethod_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("personal access token") << int(auth::Method::PersonalAccessToken);
        QTest::newRow("service-user key") << int(auth::Method::ServiceUserKey);
        QTest::newRow("client credentials") << int(auth::Method::ClientCredentials);
    }
    void profileWithEachMethod()
    {
        QFETCH(int, method);
        const auto m = auth::Method(method);
        Profile profile = Profile::create(QStringLiteral("Method %1").arg(method), m_sandbox->url(), m);
        ProfileSecrets secrets;
        if (m == auth::Method::PersonalAccessToken) {
            secrets = ProfileSecrets::token(m_sandbox->generateToken());
            m_secrets << secrets.personalAccessToken;
        } else if (m == auth::Method::ServiceUserKey) {
            secrets = ProfileSecrets::keyFile(m_sandbox->createServiceUser(QStringLiteral("cli-bot")));
            m_secrets << QString::fromUtf8(QJsonDocument::fromJson(secrets.serviceUserKey)
                                               .object()
                                               .value(QLatin1String("key"))
                                               .toString()
                                               .toUtf8()
                                               .mid(40, 60));
        } else {
            const auto credentials = m_sandbox->createClient(QStringLiteral("cli-client"));
            profile.clientId = credentials.clientId;
            secrets = ProfileSecrets::client(credentials.clientSecret);
            m_secrets << credentials.clientSecret;
        }
        const Profile stored = add(profile, secrets);
        QVERIFY(!stored.id.isEmpty());

        // Even with a token in the environment, the profile's own secret is used.
        const CliRun r = cli(list({QStringLiteral("--profile"), stored.name.toUpper()}),
                             {{QStringLiteral("TARGETDESK_TOKEN"), QStringLiteral("wrong")}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(!r.json().value(QLatin1String("targets")).toArray().isEmpty());
        QCOMPARE(m_store->lastUsedId(), stored.id);
    }

    void profileUsageErrors()
    {
        const CliRun both = cli(list({QStringLiteral("--profile"), QStringLiteral("Method 0"),
                                      QStringLiteral("--instance"), m_sandbox->url().toString()}));
        QCOMPARE(both.exitCode, 2);
        QVERIFY(both.err.contains(QLatin1String("--instance")));
        const CliRun unknown = cli(list({QStringLiteral("--profile"), QStringLiteral("no such profile")}));
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QLatin1String("profiles list")));
        const CliRun sandbox = cli(list({QStringLiteral("--profile"), QStringLiteral("sandbox")}));
        QCOMPARE(sandbox.exitCode, 2);
    }

    void profilesListShowsNoSecret()
    {
        const CliRun text = cli({QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
        QVERIFY(text.out.contains(QLatin1String("Method 0")));
        QVERIFY(text.out.contains(QLatin1String("client-credentials")));
        QVERIFY(text.out.contains(m_sandbox->url().toString()));
        QVERIFY(text.out.contains(QLatin1String("Sandbox")));

        const CliRun json = cli({QStringLiteral("profiles"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
        const QJsonArray profiles = json.json().value(QLatin1String("profiles")).toArray();
        QCOMPARE(profiles.size(), m_store->profiles().size());
        const QJsonObject first = profiles.first().toObject();
        QCOMPARE(first.value(QLatin1String("method")).toString(), QStringLiteral("personal-access-token"));
        QVERIFY(first.contains(QLatin1String("color")));
        QVERIFY(first.contains(QLatin1String("insecure")));
        QVERIFY(first.contains(QLatin1String("lastUsed")));

        const QByteArray settings = readFile(m_store->settingsFilePath());
        QVERIFY(!settings.isEmpty());
        for (const QString &secret : std::as_const(m_secrets)) {
            QVERIFY(!text.out.contains(secret));
            QVERIFY(!json.out.contains(secret));
            QVERIFY2(!settings.contains(secret.toUtf8()), qPrintable(secret.left(6)));
        }
    }

    void profilesTestGoodAndBad()
    {
        const CliRun good = cli({QStringLiteral("profiles"), QStringLiteral("test"), QStringLiteral("Method 0")});
        QVERIFY2(good.exitCode == 0, qPrintable(good.describe()));
        for (const char *check : {"reachable", "token", "read", "write"})
            QVERIFY2(good.out.contains(QRegularExpression(QStringLiteral("%1 +ok").arg(QLatin1String(check)))),
                     qPrintable(good.out));

        const Profile wrongToken = add(Profile::create(QStringLiteral("Wrong token"), m_sandbox->url()),
                                       ProfileSecrets::token(QStringLiteral("tdtest-not-a-token")));
        const CliRun refused = cli({QStringLiteral("profiles"), QStringLiteral("test"), wrongToken.name});
        QCOMPARE(refused.exitCode, 6);
        QVERIFY(refused.out.contains(QRegularExpression(QStringLiteral("token +failed +\\S"))));
        QVERIFY(!refused.out.contains(QLatin1String("tdtest-not-a-token")));

        const Profile readOnly = add(Profile::create(QStringLiteral("Read only"), m_sandbox->url()),
                                     ProfileSecrets::token(m_sandbox->generateToken(sandbox::Role::ReadOnly)));
        const CliRun noWrite =
            cli({QStringLiteral("profiles"), QStringLiteral("test"), readOnly.name, QStringLiteral("--json")});
        QCOMPARE(noWrite.exitCode, 6);
        QCOMPARE(noWrite.json().value(QLatin1String("read")).toObject().value(QLatin1String("state")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(noWrite.json().value(QLatin1String("write")).toObject().value(QLatin1String("state")).toString(),
                 QStringLiteral("failed"));

        // A port nobody listens on: the sandbox's, after it is closed.
        quint16 closedPort = 0;
        {
            sandbox::Sandbox gone;
            QVERIFY(gone.listen());
            closedPort = gone.port();
        }
        QUrl nowhere = m_sandbox->url();
        nowhere.setPort(closedPort);
        const Profile unreachable = add(Profile::create(QStringLiteral("Nowhere"), nowhere),
                                        ProfileSecrets::token(QStringLiteral("tdtest-nowhere")));
        const CliRun down = cli({QStringLiteral("profiles"), QStringLiteral("test"), unreachable.name});
        QCOMPARE(down.exitCode, 7);
        QVERIFY(down.out.contains(QRegularExpression(QStringLiteral("reachable +failed"))));
    }

    void tlsRefusedWithoutPinAcceptedWithPin()
    {
        const auto certificate = targetdesk::test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("tls"));
        QVERIFY(!certificate.certificate.isNull());
        targetdesk::test::SandboxProcess tls{kCli};
        QString error;
        QVERIFY2(
            tls.start({QStringLiteral("--token"), kTlsToken, QStringLiteral("--seed"), QStringLiteral("--tls-cert"),
                       certificate.certificatePath, QStringLiteral("--tls-key"), certificate.keyPath},
                      &error),
            qPrintable(error));
        QVERIFY(tls.url().startsWith(QLatin1String("https://")));

        const CliRun refused =
            cli(list({QStringLiteral("--instance"), tls.url()}), {{QStringLiteral("TARGETDESK_TOKEN"), kTlsToken}});
        QCOMPARE(refused.exitCode, 7);

        Profile pinned = Profile::create(QStringLiteral("Pinned TLS"), QUrl(tls.url()));
        pinned.pinnedSha256 = certificateSha256(certificate.certificate);
        add(pinned, ProfileSecrets::token(kTlsToken));
        const CliRun accepted = cli(list({QStringLiteral("--profile"), QStringLiteral("Pinned TLS")}));
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.describe()));
        const CliRun tested = cli({QStringLiteral("profiles"), QStringLiteral("test"), QStringLiteral("Pinned TLS")});
        QVERIFY2(tested.exitCode == 0, qPrintable(tested.describe()));
        QVERIFY(tested.out.contains(QRegularExpression(QStringLiteral("tls +ok"))));

        // inspect --jwks uses the profile's TLS options: refused without the profile, fetched through it.
        const QString jwks = tls.url() + QStringLiteral("/oauth/v2/keys");
        const auto inspect = [this, &jwks](const QStringList &extra) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
            return targetdesk::test::runProcess(kCli,
                                                QStringList{QStringLiteral("inspect")} + extra +
                                                    QStringList{QStringLiteral("--jwks"), jwks, QStringLiteral("-")},
                                                env, {.input = "{\"a\":1}", .processEvents = true});
        };
        CliRun inspected = inspect({});
        QVERIFY2(inspected.exitCode == 7 && inspected.err.contains(QLatin1String("not trusted")),
                 qPrintable(inspected.describe()));
        inspected = inspect({QStringLiteral("--profile"), QStringLiteral("Pinned TLS")});
        QVERIFY2(inspected.exitCode == 0, qPrintable(inspected.describe()));

        // Another certificate on the same profile: the pin no longer matches and the connection is refused.
        const auto other = targetdesk::test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("other"));
        Profile changed = Profile::create(QStringLiteral("Changed pin"), QUrl(tls.url()));
        changed.pinnedSha256 = certificateSha256(other.certificate);
        add(changed, ProfileSecrets::token(kTlsToken));
        const CliRun blocked = cli({QStringLiteral("profiles"), QStringLiteral("test"), QStringLiteral("Changed pin")});
        QCOMPARE(blocked.exitCode, 7);
        QVERIFY(blocked.out.contains(QRegularExpression(QStringLiteral("tls +failed"))));
    }

    // A keychain that never answers ends with a clear message and exit 4 instead of a hang.
    void keychainTimeout()
    {
        targetdesk::test::SilentKeychain keychain;
        QString error;
        QVERIFY2(keychain.start(&error), qPrintable(error));
        const QString address = keychain.address();
        QVERIFY(add(Profile::create(QStringLiteral("Locked"), QUrl(m_cliSandbox.url())), ProfileSecrets()).id.size());
        QElapsedTimer clock;
        clock.start();
        const CliRun r = cli(list({QStringLiteral("--profile"), QStringLiteral("Locked")}),
                             {{QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address},
                              {QStringLiteral("TARGETDESK_KEYCHAIN_TIMEOUT"), QStringLiteral("2")}});
        QVERIFY2(r.finished, "the CLI hung on the keychain");
        QVERIFY2(r.exitCode == 4, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("The keychain did not answer within 2 s")), qPrintable(r.describe()));
        QVERIFY(clock.elapsed() < 20000);
        QVERIFY(keychain.calls() > 0); // it really asked the (silent) keychain
    }

    void sandboxTlsOptionsGoTogether()
    {
        const CliRun r = targetdesk::test::runProcess(
            kCli, {QStringLiteral("sandbox"), QStringLiteral("--tls-cert"), m_dir.filePath(QStringLiteral("tls.crt"))},
            QProcessEnvironment::systemEnvironment());
        QCOMPARE(r.exitCode, 2);
    }

    void cleanupTestCase()
    {
        for (const QString &output : std::as_const(m_outputs)) {
            for (const QString &secret : std::as_const(m_secrets))
                QVERIFY(!output.contains(secret));
        }
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestCliProfiles)

#include "tst_cli_profiles.moc"
