// End-to-end tests of `targetdesk-cli keys`: a real `targetdesk-cli sandbox` process and the key commands run as
// separate processes against it, checking stdout, stderr, exit codes, the files written (with the openssl command
// line as the independent judge), the audit log and the vault. Runs on a private session bus with its own keyring
// (support/privatekeyring.h) for `keys generate --vault`.

#include "cliprocess.h"
#include "openssl.h"
#include "privatekeyring.h"
#include "testfiles.h"

#include "vault/vault.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using targetdesk::test::CliRun;
using targetdesk::test::readFile;
using targetdesk::test::writeFile;

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QString kToken = QStringLiteral("tdtest-keys-rw-8e2f41c9");
const QString kPassphrase = QStringLiteral("tdtest-keys-passphrase-3b7d");

CliRun openssl(const QStringList &args, const QString &passphrase = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!passphrase.isNull())
        env.insert(QStringLiteral("TDTEST_PW"), passphrase);
    return targetdesk::test::runProcess(QStringLiteral("openssl"), args, env);
}

// The fingerprint of a public key PEM file, computed with the openssl command line.
QString opensslFingerprint(const QString &publicPemPath)
{
    return targetdesk::test::opensslFingerprint(readFile(publicPemPath));
}

} // namespace

class TestCliKeys : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    targetdesk::test::SandboxProcess m_sandbox{kCli};
    QString m_auditLog;
    QString m_dataDir;
    QStringList m_outputs;
    int m_counter = 0;

    QProcessEnvironment environment(const QString &instance) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_INSTANCE"), instance);
        env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
        env.insert(QStringLiteral("TARGETDESK_DATA_DIR"), m_dataDir);
        env.insert(QStringLiteral("TARGETDESK_AUDIT_LOG"), m_auditLog);
        env.remove(QStringLiteral("TDTEST_PW"));
        return env;
    }

    CliRun cliIn(const QString &instance, const QStringList &args, const QMap<QString, QString> &extraEnv = {})
    {
        QProcessEnvironment env = environment(instance);
        for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
            env.insert(it.key(), it.value());
        const CliRun r = targetdesk::test::runProcess(kCli, args, env);
        m_outputs << r.out << r.err;
        return r;
    }
    CliRun cli(const QStringList &args, const QMap<QString, QString> &extraEnv = {})
    {
        return cliIn(m_sandbox.url(), args, extraEnv);
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString unique(const QString &tag) { return QStringLiteral("%1-%2").arg(tag).arg(++m_counter); }

    QString createTarget(const QString &instance)
    {
        const CliRun r =
            cliIn(instance, {QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--json"),
                             QStringLiteral("--name"), unique(QStringLiteral("keys-target")),
                             QStringLiteral("--endpoint"), QStringLiteral("https://hooks.example.com/k"),
                             QStringLiteral("--type"), QStringLiteral("webhook"), QStringLiteral("--timeout"),
                             QStringLiteral("10s"), QStringLiteral("--payload"), QStringLiteral("jwe")});
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.json().value(QLatin1String("id")).toString();
    }

    // Generates a key pair; returns the public key file.
    QString generatePublic(const QString &type = QStringLiteral("ec-p256"))
    {
        const QString name = unique(QStringLiteral("gen"));
        const CliRun r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"), type,
                              QStringLiteral("--out"), path(name + QStringLiteral(".key")),
                              QStringLiteral("--public-out"), path(name + QStringLiteral(".pub"))});
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return path(name + QStringLiteral(".pub"));
    }

    QString addKey(const QString &instance, const QString &target, const QString &publicKey)
    {
        const CliRun r = cliIn(instance, {QStringLiteral("keys"), QStringLiteral("add"), target,
                                          QStringLiteral("--public-key"), publicKey});
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.out.trimmed();
    }

    QJsonArray listKeys(const QString &instance, const QString &target)
    {
        const CliRun r =
            cliIn(instance, {QStringLiteral("keys"), QStringLiteral("list"), target, QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.json().value(QLatin1String("publicKeys")).toArray();
    }

    QStringList activeKeys(const QString &instance, const QString &target)
    {
        QStringList ids;
        for (const QJsonValue &v : listKeys(instance, target)) {
            if (v.toObject().value(QLatin1String("active")).toBool())
                ids << v.toObject().value(QLatin1String("keyId")).toString();
        }
        return ids;
    }

    QList<QJsonObject> auditLines() const
    {
        QList<QJsonObject> out;
        for (const QByteArray &line : readFile(m_auditLog).split('\n')) {
            if (!line.isEmpty())
                out << QJsonDocument::fromJson(line).object();
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(qEnvironmentVariableIsSet(targetdesk::test::kPrivateKeyringVariable));
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(kCli), qPrintable(kCli));
        m_dataDir = path(QStringLiteral("data"));
        m_auditLog = path(QStringLiteral("audit/keys.jsonl"));
        QString error;
        QVERIFY2(m_sandbox.start({QStringLiteral("--seed"), QStringLiteral("--token"), kToken}, &error),
                 qPrintable(error));
    }

    void helpAndUsage()
    {
        CliRun r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *word : {"keys list TARGET_ID", "keys generate", "keys add TARGET_ID", "keys activate",
                                 "keys deactivate TARGET_ID [KEY_ID]", "keys remove", "keys fingerprint FILE"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);
        r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *word : {"--type TYPE", "ec-p521", "--out FILE", "--public-out", "--passphrase-env VAR",
                                 "--force", "--vault", "--audit-log", "--json"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);
        QVERIFY(!r.out.contains(QLatin1String("webhook")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString k = QStringLiteral("keys");
        QTest::newRow("keys alone") << QStringList{k} << "'keys' needs a subcommand";
        QTest::newRow("unknown") << QStringList{k, QStringLiteral("frob")} << "unknown subcommand 'keys frob'";
        QTest::newRow("list without target") << QStringList{k, QStringLiteral("list")} << "needs the target id";
        QTest::newRow("activate one id") << QStringList{k, QStringLiteral("activate"), QStringLiteral("1")}
                                         << "needs the target id and the key id";
        QTest::newRow("remove three ids")
            << QStringList{k, QStringLiteral("remove"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}
            << "unexpected argument '3'";
        QTest::newRow("all targets and an id")
            << QStringList{k, QStringLiteral("deactivate"), QStringLiteral("1"), QStringLiteral("--all-targets")}
            << "--all-targets stands for every target";
        QTest::newRow("generate without type")
            << QStringList{k, QStringLiteral("generate"), QStringLiteral("--out"), QStringLiteral("x.pem")}
            << "'keys generate' needs --type";
        QTest::newRow("add without file")
            << QStringList{k, QStringLiteral("add"), QStringLiteral("1")} << "needs --public-key";
        QTest::newRow("option of another command")
            << QStringList{k, QStringLiteral("list"), QStringLiteral("1"), QStringLiteral("--all-targets")}
            << "--all-targets is not valid for 'keys list'";
        QTest::newRow("token on the command line")
            << QStringList{k, QStringLiteral("list"), QStringLiteral("1"), QStringLiteral("--token"), kToken}
            << "TARGETDESK_TOKEN";
        QTest::newRow("label without vault") << QStringList{k,
                                                            QStringLiteral("generate"),
                                                            QStringLiteral("--type"),
                                                            QStringLiteral("ec-p256"),
                                                            QStringLiteral("--out"),
                                                            QStringLiteral("x.pem"),
                                                            QStringLiteral("--label"),
                                                            QStringLiteral("l")}
                                             << "together with --vault";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = cli(args);
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.contains(kToken));
    }

    void generateEveryType_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("opensslText"); // what `openssl pkey -text` says about such a key
        QTest::newRow("rsa-2048") << "rsa-2048"
                                  << "Private-Key: (2048 bit";
        QTest::newRow("rsa-3072") << "rsa-3072"
                                  << "Private-Key: (3072 bit";
        QTest::newRow("rsa-4096") << "rsa-4096"
                                  << "Private-Key: (4096 bit";
        QTest::newRow("ec-p256") << "ec-p256"
                                 << "NIST CURVE: P-256";
        QTest::newRow("ec-p384") << "ec-p384"
                                 << "NIST CURVE: P-384";
        QTest::newRow("ec-p521") << "ec-p521"
                                 << "NIST CURVE: P-521";
    }

    void generateEveryType()
    {
        QFETCH(QString, type);
        QFETCH(QString, opensslText);
        const QString priv = path(type + QStringLiteral(".key"));
        const QString pub = path(type + QStringLiteral(".pub"));
        const CliRun r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"), type,
                              QStringLiteral("--out"), priv, QStringLiteral("--public-out"), pub});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        // stdout is the fingerprint and nothing else, so scripts can capture it.
        static const QRegularExpression fingerprintLine(QStringLiteral("^SHA256:[A-Za-z0-9+/]{43}\\n$"));
        QVERIFY2(fingerprintLine.match(r.out).hasMatch(), qPrintable(r.describe()));
        const QString fingerprint = r.out.trimmed();

        QCOMPARE(QFile::permissions(priv) & 0x0077, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(priv) & QFileDevice::ReadOwner);
        const QByteArray privatePem = readFile(priv);
        QVERIFY(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(readFile(pub).startsWith("-----BEGIN PUBLIC KEY-----"));

        // openssl reads the private key, finds the promised type, and derives the same public key.
        const CliRun text = openssl(
            {QStringLiteral("pkey"), QStringLiteral("-in"), priv, QStringLiteral("-text"), QStringLiteral("-noout")});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(opensslText), qPrintable(text.out.left(200)));
        const CliRun derived =
            openssl({QStringLiteral("pkey"), QStringLiteral("-in"), priv, QStringLiteral("-pubout")});
        QCOMPARE(derived.out.toUtf8(), readFile(pub));

        QCOMPARE(opensslFingerprint(pub), fingerprint);
        const CliRun fp = cli({QStringLiteral("keys"), QStringLiteral("fingerprint"), pub});
        QCOMPARE(fp.exitCode, 0);
        QCOMPARE(fp.out, fingerprint + QLatin1Char('\n'));
    }

    void generateRefusesToOverwrite()
    {
        const QString priv = path(QStringLiteral("existing.key"));
        QVERIFY(writeFile(priv, "keep me\n"));
        const QStringList args{QStringLiteral("keys"),    QStringLiteral("generate"), QStringLiteral("--type"),
                               QStringLiteral("ec-p256"), QStringLiteral("--out"),    priv};
        CliRun r = cli(args);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("already exists")) && r.err.contains(QLatin1String("--force")),
                 qPrintable(r.describe()));
        QCOMPARE(readFile(priv), QByteArray("keep me\n"));

        // An existing --public-out is refused before anything is written, too.
        const QString fresh = path(QStringLiteral("fresh.key"));
        r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"),
                 QStringLiteral("ec-p256"), QStringLiteral("--out"), fresh, QStringLiteral("--public-out"), priv});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!QFile::exists(fresh));

        QVERIFY(QFile::setPermissions(priv, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther |
                                                QFileDevice::ReadGroup));
        r = cli(args + QStringList{QStringLiteral("--force")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(readFile(priv).startsWith("-----BEGIN PRIVATE KEY-----"));
        QCOMPARE(QFile::permissions(priv) & 0x0077, QFileDevice::Permissions()); // 0600 again
    }

    void generateWithPassphrase()
    {
        const QString priv = path(QStringLiteral("encrypted.key"));
        const QStringList args{QStringLiteral("keys"),
                               QStringLiteral("generate"),
                               QStringLiteral("--type"),
                               QStringLiteral("rsa-2048"),
                               QStringLiteral("--out"),
                               priv,
                               QStringLiteral("--passphrase-env"),
                               QStringLiteral("TDTEST_KEY_PW")};
        // A variable that is not set: refused rather than writing the key in clear.
        CliRun r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("TDTEST_KEY_PW")), qPrintable(r.describe()));
        QVERIFY(!QFile::exists(priv));

        r = cli(args, {{QStringLiteral("TDTEST_KEY_PW"), kPassphrase}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QByteArray pem = readFile(priv);
        QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(QFile::permissions(priv) & 0x0077, QFileDevice::Permissions());
        const CliRun ok = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), priv, QStringLiteral("-passin"),
                                   QStringLiteral("env:TDTEST_PW"), QStringLiteral("-noout")},
                                  kPassphrase);
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        const CliRun wrong = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), priv, QStringLiteral("-passin"),
                                      QStringLiteral("env:TDTEST_PW"), QStringLiteral("-noout")},
                                     QStringLiteral("wrong"));
        QVERIFY(wrong.exitCode != 0);

        // The passphrase given on the command line instead of a variable name is refused without echoing it.
        r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"),
                 QStringLiteral("ec-p256"), QStringLiteral("--out"), path(QStringLiteral("x.key")),
                 QStringLiteral("--passphrase-env"), QStringLiteral("my secret!")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!r.err.contains(QLatin1String("my secret!")));
    }

    void fingerprintRefusesNonPublicKeys()
    {
        const QString garbage = path(QStringLiteral("garbage.pem"));
        QVERIFY(writeFile(garbage, "hello, I am not a key\n"));
        CliRun r = cli({QStringLiteral("keys"), QStringLiteral("fingerprint"), garbage});
        QCOMPARE(r.exitCode, 3);
        r = cli({QStringLiteral("keys"), QStringLiteral("fingerprint"), path(QStringLiteral("ec-p256.key"))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("PRIVATE"), Qt::CaseInsensitive), qPrintable(r.describe()));
        r = cli({QStringLiteral("keys"), QStringLiteral("fingerprint"), path(QStringLiteral("missing.pem"))});
        QCOMPARE(r.exitCode, 3);
    }

    void addAndList()
    {
        const QString target = createTarget(m_sandbox.url());
        QVERIFY(!target.isEmpty());
        const QString pub = generatePublic(QStringLiteral("ec-p384"));
        CliRun r = cli({QStringLiteral("keys"), QStringLiteral("add"), target, QStringLiteral("--public-key"), pub});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        static const QRegularExpression idLine(QStringLiteral("^[0-9]+\\n$"));
        QVERIFY2(idLine.match(r.out).hasMatch(), qPrintable(r.describe()));
        const QString keyId = r.out.trimmed();

        r = cli({QStringLiteral("keys"), QStringLiteral("add"), target, QStringLiteral("--public-key"), pub,
                 QStringLiteral("--json"), QStringLiteral("--expires"), QStringLiteral("2099-01-31T00:00:00Z")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject added = r.json();
        QCOMPARE(added.keys(), (QStringList{QStringLiteral("creationDate"), QStringLiteral("keyId")}));
        QVERIFY(added.value(QLatin1String("creationDate")).toString().endsWith(QLatin1Char('Z')));
        const QString secondId = added.value(QLatin1String("keyId")).toString();

        // --json: ZITADEL's shape.
        r = cli({QStringLiteral("keys"), QStringLiteral("list"), target, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.json().keys(), QStringList{QStringLiteral("publicKeys")});
        const QJsonArray keys = r.json().value(QLatin1String("publicKeys")).toArray();
        QCOMPARE(keys.size(), 2);
        for (const QJsonValue &v : keys) {
            const QJsonObject k = v.toObject();
            QVERIFY(!k.contains(QLatin1String("active"))); // new keys start inactive; false is omitted
            QCOMPARE(QByteArray::fromBase64(k.value(QLatin1String("publicKey")).toString().toLatin1()), readFile(pub));
            QCOMPARE(k.value(QLatin1String("fingerprint")).toString(), opensslFingerprint(pub));
            QVERIFY(k.value(QLatin1String("creationDate")).toString().endsWith(QLatin1Char('Z')));
        }
        QStringList ids{keys.at(0).toObject().value(QLatin1String("keyId")).toString(),
                        keys.at(1).toObject().value(QLatin1String("keyId")).toString()};
        ids.sort();
        QStringList expected{keyId, secondId};
        expected.sort();
        QCOMPARE(ids, expected);

        // Text: a table with the real state, the key type and the expiration.
        r = cli({QStringLiteral("keys"), QStringLiteral("list"), target});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        static const QRegularExpression header(
            QStringLiteral("^KEY ID +STATE +TYPE +EXPIRES +CREATED +VAULT +FINGERPRINT$"));
        QVERIFY2(header.match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));
        QCOMPARE(lines.last(), QStringLiteral("2 keys"));
        QVERIFY(r.out.contains(QLatin1String(" inactive ")));
        QVERIFY(r.out.contains(QLatin1String("EC P-384")));
        QVERIFY(r.out.contains(QLatin1String("2099-01-31T00:00:00Z")));
        QVERIFY(r.out.contains(QLatin1String(" never ")));

        r = cli({QStringLiteral("keys"), QStringLiteral("list"), createTarget(m_sandbox.url())});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("has no public keys")));
        // ZITADEL lists the keys of a missing target as an empty list (the sandbox does the same).
        r = cli({QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("999999")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("has no public keys")));
    }

    // A private key, garbage, an empty file or a bad expiration: refused with 3 and nothing reaches the server.
    void addRefusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("private key") << QByteArray() << QStringList{} << "PRIVATE";
        QTest::newRow("garbage") << QByteArray("not a key at all\n") << QStringList{} << "--public-key";
        QTest::newRow("empty") << QByteArray("") << QStringList{} << "--public-key";
        QTest::newRow("expiration in the past")
            << QByteArray("public") << QStringList{QStringLiteral("--expires"), QStringLiteral("2020-01-01T00:00:00Z")}
            << "in the past";
        QTest::newRow("expiration not a time")
            << QByteArray("public") << QStringList{QStringLiteral("--expires"), QStringLiteral("next tuesday")}
            << "RFC 3339";
    }

    void addRefusesBadInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QString target = createTarget(m_sandbox.url());
        QVERIFY(!target.isEmpty());
        QString file = path(unique(QStringLiteral("bad")));
        if (content.isEmpty() && QString::fromLatin1(QTest::currentDataTag()) == QLatin1String("private key"))
            file = path(QStringLiteral("ec-p256.key"));
        else if (content == "public")
            file = generatePublic();
        else
            QVERIFY(writeFile(file, content));
        const CliRun r = cli(
            QStringList{QStringLiteral("keys"), QStringLiteral("add"), target, QStringLiteral("--public-key"), file} +
            extra);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(message, Qt::CaseInsensitive), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
        // A private key given by mistake is not echoed.
        QVERIFY(!r.err.contains(QLatin1String("PRIVATE KEY-----")));
        for (const QByteArray &line : readFile(file).split('\n')) {
            if (line.size() >= 40 && !line.startsWith("-----"))
                QVERIFY(!r.err.contains(QString::fromLatin1(line)));
        }
        QCOMPARE(listKeys(m_sandbox.url(), target).size(), 0);
    }

    void activateRemoveDeactivate()
    {
        const QString target = createTarget(m_sandbox.url());
        const QString first = addKey(m_sandbox.url(), target, generatePublic());
        const QString second = addKey(m_sandbox.url(), target, generatePublic(QStringLiteral("rsa-2048")));
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        CliRun r = cli({QStringLiteral("keys"), QStringLiteral("activate"), target, first});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(activeKeys(m_sandbox.url(), target), QStringList{first});
        // Activating another key deactivates the previous one in the same step.
        r = cli({QStringLiteral("keys"), QStringLiteral("activate"), target, second, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.json().value(QLatin1String("changeDate")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(activeKeys(m_sandbox.url(), target), QStringList{second});
        r = cli({QStringLiteral("keys"), QStringLiteral("list"), target});
        QVERIFY(r.out.contains(QLatin1String(" active ")) && r.out.contains(QLatin1String(" inactive ")));

        // The active key cannot be removed: ZITADEL's message and id, exit 6, and the key stays.
        r = cli({QStringLiteral("keys"), QStringLiteral("remove"), target, second});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("Active public key cannot be removed")), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("(ErrPublicKeyDeleteActiveKey)")), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("FailedPrecondition")), qPrintable(r.describe()));
        QCOMPARE(listKeys(m_sandbox.url(), target).size(), 2);

        // The inactive one can.
        r = cli({QStringLiteral("keys"), QStringLiteral("remove"), target, first});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(listKeys(m_sandbox.url(), target).size(), 1);

        // Break-glass: deactivate whatever is active, without knowing its id.
        r = cli({QStringLiteral("keys"), QStringLiteral("deactivate"), target});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(second), qPrintable(r.describe()));
        QVERIFY(activeKeys(m_sandbox.url(), target).isEmpty());
        r = cli({QStringLiteral("keys"), QStringLiteral("deactivate"), target});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("no active key")), qPrintable(r.describe()));

        // With the key id.
        QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("activate"), target, second}).exitCode, 0);
        r = cli({QStringLiteral("keys"), QStringLiteral("deactivate"), target, second});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(activeKeys(m_sandbox.url(), target).isEmpty());

        // A key of another target, or no such target.
        r = cli({QStringLiteral("keys"), QStringLiteral("activate"), QStringLiteral("999999"), second});
        QCOMPARE(r.exitCode, 6);
    }

    void deactivateAllTargetsWithOneFailure()
    {
        // Its own sandbox: the first DeactivatePublicKey request answers 503, every later one works.
        targetdesk::test::SandboxProcess faulty(kCli);
        QString error;
        QVERIFY2(faulty.start({QStringLiteral("--token"), kToken, QStringLiteral("--fault"),
                               QStringLiteral("DeactivatePublicKey=503*1")},
                              &error),
                 qPrintable(error));
        QStringList targets;
        for (int i = 0; i < 4; ++i) {
            const QString target = createTarget(faulty.url());
            QVERIFY(!target.isEmpty());
            const QString key = addKey(faulty.url(), target, generatePublic());
            QCOMPARE(cliIn(faulty.url(), {QStringLiteral("keys"), QStringLiteral("activate"), target, key}).exitCode,
                     0);
            targets << target;
        }
        const QString idle = createTarget(faulty.url()); // no active key at all

        CliRun r = cliIn(faulty.url(), {QStringLiteral("keys"), QStringLiteral("deactivate"),
                                        QStringLiteral("--all-targets"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 6);
        const QJsonArray results = r.json().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), 5);
        int failed = 0;
        int deactivated = 0;
        QString failedTarget;
        for (const QJsonValue &v : results) {
            const QJsonObject o = v.toObject();
            const QString result = o.value(QLatin1String("result")).toString();
            if (o.value(QLatin1String("targetId")).toString() == idle) {
                QCOMPARE(result, QStringLiteral("no-active-key"));
            } else if (result == QLatin1String("failed")) {
                ++failed;
                failedTarget = o.value(QLatin1String("targetId")).toString();
                QVERIFY(o.value(QLatin1String("errors")).toArray().at(0).toString().contains(QLatin1String("503")));
            } else {
                QCOMPARE(result, QStringLiteral("deactivated"));
                ++deactivated;
            }
        }
        QCOMPARE(failed, 1);
        QCOMPARE(deactivated, 3);
        // The server agrees: only the failed target still has its active key.
        for (const QString &target : std::as_const(targets))
            QCOMPARE(activeKeys(faulty.url(), target).size(), target == failedTarget ? 1 : 0);

        // Running it again retries what is still active; text output this time.
        r = cliIn(faulty.url(),
                  {QStringLiteral("keys"), QStringLiteral("deactivate"), QStringLiteral("--all-targets")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(failedTarget) && r.out.contains(QLatin1String("0 target(s) failed")),
                 qPrintable(r.describe()));
        QVERIFY(activeKeys(faulty.url(), failedTarget).isEmpty());
    }

    void vaultOption()
    {
        const QString priv = path(QStringLiteral("vaulted.key"));
        const QString pub = path(QStringLiteral("vaulted.pub"));
        CliRun r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"),
                        QStringLiteral("ec-p256"), QStringLiteral("--out"), priv, QStringLiteral("--public-out"), pub,
                        QStringLiteral("--vault"), QStringLiteral("--label"), QStringLiteral("rotation 2026")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QString fingerprint = r.out.trimmed();

        targetdesk::vault::VaultSettings settings;
        settings.indexPath = m_dataDir + QStringLiteral("/vault-index.json");
        settings.keychainService = QStringLiteral("Targetdesk");
        targetdesk::vault::Vault vault(settings);
        QList<targetdesk::vault::VaultEntry> entries = vault.findByFingerprint(fingerprint);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).label, QStringLiteral("rotation 2026"));
        QCOMPARE(entries.at(0).keyType, QStringLiteral("ec-p256"));
        QVERIFY(!entries.at(0).isBound());

        // The keychain holds the very key written to --out.
        std::optional<targetdesk::vault::VaultResult<targetdesk::crypto::PrivateKey>> loaded;
        vault.load(fingerprint, this, [&loaded](auto result) { loaded.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(loaded.has_value(), 20000);
        QVERIFY2(loaded->ok(), qPrintable(loaded->ok() ? QString() : loaded->error().message));
        QCOMPARE(loaded->value().privateKeyPem().value(), readFile(priv));

        // Adding the public key binds the vault entry to the instance, the target and the new key id.
        const QString target = createTarget(m_sandbox.url());
        const QString keyId = addKey(m_sandbox.url(), target, pub);
        QVERIFY(!keyId.isEmpty());
        entries = vault.findByFingerprint(fingerprint);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).targetId, target);
        QCOMPARE(entries.at(0).keyId, keyId);
        QCOMPARE(entries.at(0).instance, targetdesk::vault::normalizeInstance(m_sandbox.url()));
        r = cli({QStringLiteral("keys"), QStringLiteral("list"), target});
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("inactive .* yes +SHA256:"))), qPrintable(r.out));

        // Removing the key on the server leaves the private key in the vault.
        r = cli({QStringLiteral("keys"), QStringLiteral("remove"), target, keyId});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("vault keeps")), qPrintable(r.describe()));
        QCOMPARE(vault.findByFingerprint(fingerprint).size(), 1);

        const QByteArray index = readFile(settings.indexPath);
        QVERIFY(!index.isEmpty());
        QVERIFY(!index.contains("PRIVATE KEY"));
        for (const QByteArray &line : readFile(priv).split('\n')) {
            if (line.size() >= 40 && !line.startsWith("-----"))
                QVERIFY(!index.contains(line));
        }
    }

    // Runs after the others: every key operation above is in the audit log, with no secret.
    void auditLog()
    {
        const QList<QJsonObject> lines = auditLines();
        QVERIFY(lines.size() > 10);
        QSet<QString> seen;
        for (const QJsonObject &o : lines) {
            const QString operation = o.value(QLatin1String("operation")).toString();
            const QString result = o.value(QLatin1String("result")).toString();
            seen << operation + QLatin1Char(':') +
                        (result == QLatin1String("ok") ? QStringLiteral("ok") : QStringLiteral("error"));
            QVERIFY(QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).isValid());
            QVERIFY(o.value(QLatin1String("time")).toString().endsWith(QLatin1Char('Z')));
            for (const char *field : {"instance", "target", "keyId", "fingerprint", "operation", "result"})
                QVERIFY2(o.contains(QLatin1String(field)), field);
            if (operation != QLatin1String("generate") && operation != QLatin1String("vault-store"))
                QCOMPARE(o.value(QLatin1String("instance")).toString().left(17), QStringLiteral("http://127.0.0.1:"));
        }
        for (const char *expected :
             {"generate:ok", "add:ok", "activate:ok", "deactivate:ok", "remove:ok", "remove:error", "break-glass:ok",
              "break-glass:error", "vault-store:ok", "vault-update:ok"})
            QVERIFY2(seen.contains(QLatin1String(expected)), expected);

        // The refused removal keeps ZITADEL's reason, and activations name the key's fingerprint.
        bool refusal = false;
        for (const QJsonObject &o : lines) {
            if (o.value(QLatin1String("operation")).toString() == QLatin1String("remove") &&
                o.value(QLatin1String("result"))
                    .toString()
                    .contains(QLatin1String("Active public key cannot be removed")))
                refusal = true;
            if (o.value(QLatin1String("operation")).toString() == QLatin1String("activate") &&
                o.value(QLatin1String("result")).toString() == QLatin1String("ok"))
                QVERIFY(o.value(QLatin1String("fingerprint")).toString().startsWith(QLatin1String("SHA256:")));
        }
        QVERIFY(refusal);

        const QByteArray raw = readFile(m_auditLog);
        QVERIFY(!raw.contains("PRIVATE KEY"));
        QVERIFY(!raw.contains(kPassphrase.toUtf8()));
        QVERIFY(!raw.contains(kToken.toUtf8()));
        QCOMPARE(QFile::permissions(m_auditLog) & 0x0077, QFileDevice::Permissions());

        // --audit-log overrides the environment.
        const QString other = path(QStringLiteral("other-audit.jsonl"));
        const CliRun r = cli({QStringLiteral("keys"), QStringLiteral("generate"), QStringLiteral("--type"),
                              QStringLiteral("ec-p256"), QStringLiteral("--out"), path(QStringLiteral("audited.key")),
                              QStringLiteral("--audit-log"), other});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> otherLines = readFile(other).split('\n');
        QCOMPARE(otherLines.size(), 2); // one line and the final newline
        QVERIFY(otherLines.at(0).contains(r.out.trimmed().toUtf8()));
    }

    void cleanupTestCase()
    {
        m_sandbox.stop();
        // Neither the token nor the passphrase ever reached any output.
        for (const QString &output : std::as_const(m_outputs)) {
            QVERIFY(!output.contains(kToken));
            QVERIFY(!output.contains(kPassphrase));
        }
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestCliKeys)

#include "tst_cli_keys.moc"
