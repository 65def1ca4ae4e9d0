// The private-key vault and the audit log against a real Secret Service (gnome-keyring on a private session bus, see
// support/privatekeyring.h): store, list, find, load, export (checked with the openssl command line), import,
// remove, and that no private material reaches the index file or the audit log.

#include "awaitresult.h"
#include "diskflushes.h"
#include "openssl.h"
#include "privatekeyring.h"
#include "testfiles.h"

#include "crypto/privatekey.h"
#include "vault/auditlog.h"
#include "vault/keychain.h"
#include "vault/securefile.h"
#include "vault/vault.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using targetdesk::test::readFile;
using namespace targetdesk;
using namespace targetdesk::vault;

namespace
{

const QByteArray kPassphrase = "tdtest-passphrase-7c1e9a";

// Runs the event loop until the callback delivered its result (nullopt after the deadline).
template <typename T, typename Start>
std::optional<VaultResult<T>> await(Start start)
{
    return test::awaitResult<VaultResult<T>>(start);
}

using Openssl = test::OpensslRun;
using test::openssl;
using test::opensslFingerprint;

} // namespace

class TestVault : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    VaultSettings m_settings;
    std::unique_ptr<Vault> m_vault;
    // Every private key PEM the test saw in clear: none of their lines may show up in a file the vault writes.
    QList<QByteArray> m_secrets;

    crypto::PrivateKey generate(crypto::KeyType type)
    {
        auto key = crypto::PrivateKey::generate(type);
        if (!key)
            return {};
        m_secrets << key->privateKeyPem().value();
        return *key;
    }

    std::optional<VaultResult<VaultEntry>> store(const crypto::PrivateKey &key, const VaultEntry &entry)
    {
        return await<VaultEntry>([&](auto cb) { m_vault->store(key, entry, this, cb); });
    }

    std::optional<VaultResult<crypto::PrivateKey>> load(const QString &fingerprint)
    {
        return await<crypto::PrivateKey>([&](auto cb) { m_vault->load(fingerprint, this, cb); });
    }

    static VaultEntry binding(const QString &instance, const QString &target, const QString &label = {})
    {
        VaultEntry e;
        e.instance = instance;
        e.targetId = target;
        e.label = label;
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Never the user's keyring: main() re-launched us inside a private session.
        QVERIFY(qEnvironmentVariableIsSet(targetdesk::test::kPrivateKeyringVariable));
        QVERIFY(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
        QVERIFY(m_dir.isValid());
        m_settings.indexPath = m_dir.filePath(QStringLiteral("state/vault-index.json"));
        m_settings.auditLogPath = m_dir.filePath(QStringLiteral("state/audit.jsonl"));
        m_settings.keychainService =
            QStringLiteral("targetdesk-test-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_vault = std::make_unique<Vault>(m_settings);
        QVERIFY(m_vault->entries().isEmpty());
        QVERIFY(m_vault->indexError().isEmpty());
    }

    void normalizeInstances()
    {
        QCOMPARE(normalizeInstance(QStringLiteral("HTTPS://My.Zitadel.Example/")),
                 QStringLiteral("https://my.zitadel.example"));
        QCOMPARE(normalizeInstance(QStringLiteral("my.zitadel.example")), QStringLiteral("https://my.zitadel.example"));
        QCOMPARE(normalizeInstance(QStringLiteral("https://my.zitadel.example:443/ui/console")),
                 QStringLiteral("https://my.zitadel.example"));
        QCOMPARE(normalizeInstance(QStringLiteral("http://127.0.0.1:8080")), QStringLiteral("http://127.0.0.1:8080"));
        QCOMPARE(normalizeInstance(QString()), QString());
    }

    void storeListFind()
    {
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        QVERIFY(!key.isNull());
        QSignalSpy changed(m_vault.get(), &Vault::entriesChanged);
        QSignalSpy stored(m_vault.get(), &Vault::entryStored);

        const auto r = store(key, binding(QStringLiteral("HTTPS://Zitadel.Example/"), QStringLiteral("t1"),
                                          QStringLiteral("first key")));
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
        const VaultEntry e = r->value();
        QCOMPARE(e.instance, QStringLiteral("https://zitadel.example"));
        QCOMPARE(e.targetId, QStringLiteral("t1"));
        QCOMPARE(e.fingerprint, key.fingerprint());
        QCOMPARE(e.keyType, QStringLiteral("ec-p256"));
        QCOMPARE(e.label, QStringLiteral("first key"));
        QVERIFY(e.keyId.isEmpty());
        QVERIFY(e.created.isValid());
        QVERIFY(qAbs(e.created.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(stored.size(), 1);

        const crypto::PrivateKey other = generate(crypto::KeyType::Rsa2048);
        QVERIFY(store(other, binding(QStringLiteral("https://other.example"), QStringLiteral("t9")))->ok());

        QCOMPARE(m_vault->entries().size(), 2);
        QCOMPARE(m_vault->entriesForInstance(QStringLiteral("https://zitadel.example/")).size(), 1);
        QCOMPARE(m_vault->entriesForTarget(QStringLiteral("zitadel.example"), QStringLiteral("t1")).value(0), e);
        QVERIFY(m_vault->entriesForTarget(QStringLiteral("zitadel.example"), QStringLiteral("t9")).isEmpty());
        QCOMPARE(m_vault->findByFingerprint(key.fingerprint()), QList<VaultEntry>{e});
        QVERIFY(m_vault->contains(other.fingerprint()));
        QVERIFY(!m_vault->contains(QStringLiteral("SHA256:nothing")));
        QVERIFY(m_vault->findByKeyId(QStringLiteral("1234")).isEmpty());

        // The key id arrives once the public key is added on the server.
        const auto bound = m_vault->bind(key.fingerprint(), QStringLiteral("https://zitadel.example"),
                                         QStringLiteral("t1"), QStringLiteral("1234"));
        QVERIFY(bound.ok());
        QCOMPARE(bound->keyId, QStringLiteral("1234"));
        QCOMPARE(m_vault->findByKeyId(QStringLiteral("1234")).size(), 1);
        QCOMPARE(m_vault->findByKeyId(QStringLiteral("1234"), QStringLiteral("https://zitadel.example")).size(), 1);
        QVERIFY(m_vault->findByKeyId(QStringLiteral("1234"), QStringLiteral("https://other.example")).isEmpty());
        QCOMPARE(m_vault->entries().size(), 2);

        // Storing the same binding again updates it instead of adding a second entry.
        QVERIFY(store(key, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("t1"),
                                   QStringLiteral("renamed")))
                    ->ok());
        QCOMPARE(m_vault->entries().size(), 2);
        QCOMPARE(m_vault->findByFingerprint(key.fingerprint()).value(0).label, QStringLiteral("renamed"));
        QCOMPARE(m_vault->findByFingerprint(key.fingerprint()).value(0).keyId, QStringLiteral("1234"));

        // Another Vault (another process, the GUI next to the CLI) reads the same index.
        Vault second(m_settings);
        QCOMPARE(second.entries(), m_vault->entries());
        QVERIFY(second
                    .bind(other.fingerprint(), QStringLiteral("https://other.example"), QStringLiteral("t9"),
                          QStringLiteral("777"))
                    .ok());
        QCOMPARE(m_vault->findByKeyId(QStringLiteral("777")).size(), 1);

        // A fingerprint the vault does not hold cannot be bound.
        const auto missing = m_vault->bind(QStringLiteral("SHA256:nothing"), QStringLiteral("x"), QStringLiteral("y"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, VaultError::Kind::NotFound);

        // A key that does not match the fingerprint it is stored under is refused.
        VaultEntry wrong = binding(QStringLiteral("https://zitadel.example"), QStringLiteral("t2"));
        wrong.fingerprint = key.fingerprint();
        const auto mismatch = store(other, wrong);
        QVERIFY(mismatch && !mismatch->ok());
        QCOMPARE(mismatch->error().kind, VaultError::Kind::InvalidKey);
        QVERIFY(!store(crypto::PrivateKey(), wrong)->ok());
    }

    void loadBack()
    {
        for (const VaultEntry &e : m_vault->entries()) {
            const auto r = load(e.fingerprint);
            QVERIFY(r);
            QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
            QCOMPARE(r->value().fingerprint(), e.fingerprint);
            // The same private key, not just the same public half.
            QVERIFY(m_secrets.contains(r->value().privateKeyPem().value()));
        }
        const auto missing = load(QStringLiteral("SHA256:nothing"));
        QVERIFY(missing && !missing->ok());
        QCOMPARE(missing->error().kind, VaultError::Kind::NotFound);
    }

    void exportEncrypted()
    {
        const VaultEntry e = m_vault->findByKeyId(QStringLiteral("1234")).value(0);
        QVERIFY(!e.fingerprint.isEmpty());
        const auto r = await<QByteArray>([&](auto cb) { m_vault->exportKey(e.fingerprint, kPassphrase, this, cb); });
        QVERIFY(r && r->ok());
        const QByteArray pem = r->value();
        QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));

        // The openssl command line decrypts it with the passphrase, and gets the same key.
        const Openssl clear =
            openssl({QStringLiteral("pkey"), QStringLiteral("-passin"), QStringLiteral("env:TDTEST_PW")}, pem,
                    QString::fromUtf8(kPassphrase));
        QVERIFY2(clear.exitCode == 0, clear.err.constData());
        QVERIFY(clear.out.contains("BEGIN PRIVATE KEY"));
        QCOMPARE(opensslFingerprint(clear.out), e.fingerprint);
        const Openssl wrong =
            openssl({QStringLiteral("pkey"), QStringLiteral("-passin"), QStringLiteral("env:TDTEST_PW")}, pem,
                    QStringLiteral("not-the-passphrase"));
        QVERIFY(wrong.exitCode != 0);

        // Scrypt, as `openssl pkcs8 -scrypt` writes it.
        const auto s = await<QByteArray>(
            [&](auto cb) { m_vault->exportKey(e.fingerprint, kPassphrase, this, cb, crypto::PassphraseKdf::Scrypt); });
        QVERIFY(s && s->ok());
        const Openssl scrypt =
            openssl({QStringLiteral("pkey"), QStringLiteral("-passin"), QStringLiteral("env:TDTEST_PW")}, s->value(),
                    QString::fromUtf8(kPassphrase));
        QVERIFY2(scrypt.exitCode == 0, scrypt.err.constData());
        QCOMPARE(opensslFingerprint(scrypt.out), e.fingerprint);

        // Never in clear.
        const auto empty = await<QByteArray>([&](auto cb) { m_vault->exportKey(e.fingerprint, {}, this, cb); });
        QVERIFY(empty && !empty->ok());
        QCOMPARE(empty->error().kind, VaultError::Kind::InvalidArgument);

        // To a file: owner-only, and an existing file is not replaced unless asked.
        const QString path = m_dir.filePath(QStringLiteral("export.pem"));
        const auto f =
            await<QString>([&](auto cb) { m_vault->exportToFile(e.fingerprint, path, kPassphrase, false, this, cb); });
        QVERIFY(f && f->ok());
        QCOMPARE(QFile::permissions(path) & 0x7777,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
        const QByteArray first = readFile(path);
        QVERIFY(first.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const auto again =
            await<QString>([&](auto cb) { m_vault->exportToFile(e.fingerprint, path, kPassphrase, false, this, cb); });
        QVERIFY(again && !again->ok());
        QCOMPARE(again->error().kind, VaultError::Kind::Exists);
        QCOMPARE(readFile(path), first);
        const auto replaced =
            await<QString>([&](auto cb) { m_vault->exportToFile(e.fingerprint, path, kPassphrase, true, this, cb); });
        QVERIFY(replaced && replaced->ok());
        QVERIFY(readFile(path) != first); // a fresh salt and IV
    }

    void importKeys()
    {
        // A clear PKCS#8 file made by openssl.
        const Openssl ec = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-384")});
        QVERIFY2(ec.exitCode == 0, ec.err.constData());
        m_secrets << ec.out;
        const QString clearPath = m_dir.filePath(QStringLiteral("clear.pem"));
        QVERIFY(securefile::write(clearPath, ec.out, securefile::kPrivateMode, securefile::Overwrite::Refuse).ok());
        const auto imported = await<VaultEntry>([&](auto cb) {
            m_vault->importFile(clearPath, {}, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("t3")),
                                this, cb);
        });
        QVERIFY(imported);
        QVERIFY2(imported->ok(), qPrintable(imported->ok() ? QString() : imported->error().message));
        QCOMPARE(imported->value().fingerprint, opensslFingerprint(ec.out));
        QCOMPARE(imported->value().keyType, QStringLiteral("ec-p384"));
        QCOMPARE(m_vault->entriesForTarget(QStringLiteral("https://zitadel.example"), QStringLiteral("t3")).size(), 1);
        const auto loaded = load(imported->value().fingerprint);
        QVERIFY(loaded && loaded->ok());

        // An encrypted PKCS#8 file (openssl's default PBES2) needs its passphrase.
        const Openssl rsa =
            openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                     QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-aes-256-cbc"),
                     QStringLiteral("-pass"), QStringLiteral("env:TDTEST_PW")},
                    {}, QString::fromUtf8(kPassphrase));
        QVERIFY2(rsa.exitCode == 0, rsa.err.constData());
        QVERIFY(rsa.out.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const QString encryptedPath = m_dir.filePath(QStringLiteral("encrypted.pem"));
        QVERIFY(
            securefile::write(encryptedPath, rsa.out, securefile::kPrivateMode, securefile::Overwrite::Refuse).ok());
        const VaultEntry t4 = binding(QStringLiteral("https://zitadel.example"), QStringLiteral("t4"));

        const auto noPassphrase =
            await<VaultEntry>([&](auto cb) { m_vault->importFile(encryptedPath, {}, t4, this, cb); });
        QVERIFY(noPassphrase && !noPassphrase->ok());
        QCOMPARE(noPassphrase->error().kind, VaultError::Kind::PassphraseRequired);
        const auto wrong =
            await<VaultEntry>([&](auto cb) { m_vault->importFile(encryptedPath, "wrong", t4, this, cb); });
        QVERIFY(wrong && !wrong->ok());
        QCOMPARE(wrong->error().kind, VaultError::Kind::WrongPassphrase);
        QVERIFY(m_vault->entriesForTarget(QStringLiteral("https://zitadel.example"), QStringLiteral("t4")).isEmpty());

        const auto ok =
            await<VaultEntry>([&](auto cb) { m_vault->importFile(encryptedPath, kPassphrase, t4, this, cb); });
        QVERIFY(ok);
        QVERIFY2(ok->ok(), qPrintable(ok->ok() ? QString() : ok->error().message));
        QCOMPARE(ok->value().keyType, QStringLiteral("rsa-2048"));
        const auto rsaLoaded = load(ok->value().fingerprint);
        QVERIFY(rsaLoaded && rsaLoaded->ok());
        m_secrets << rsaLoaded->value().privateKeyPem().value();

        // A public key, garbage and a missing file are not private keys.
        const auto publicPem = await<VaultEntry>(
            [&](auto cb) { m_vault->importPem(rsaLoaded->value().publicKeyPem(), {}, t4, this, cb); });
        QVERIFY(publicPem && !publicPem->ok());
        QCOMPARE(publicPem->error().kind, VaultError::Kind::InvalidKey);
        const auto garbage = await<VaultEntry>([&](auto cb) { m_vault->importPem("not a key", {}, t4, this, cb); });
        QVERIFY(garbage && !garbage->ok());
        const auto missing = await<VaultEntry>(
            [&](auto cb) { m_vault->importFile(m_dir.filePath(QStringLiteral("nope.pem")), {}, t4, this, cb); });
        QVERIFY(missing && !missing->ok());
        QCOMPARE(missing->error().kind, VaultError::Kind::NotFound);
    }

    void removeBindingsAndKeys()
    {
        const VaultEntry e =
            m_vault->entriesForTarget(QStringLiteral("https://zitadel.example"), QStringLiteral("t3")).value(0);
        QVERIFY(!e.fingerprint.isEmpty());
        // The same key pair used by a second target: one secret, two entries.
        const auto second = m_vault->bind(e.fingerprint, QStringLiteral("https://zitadel.example"),
                                          QStringLiteral("t5"), QStringLiteral("555"));
        QVERIFY(second.ok());
        QCOMPARE(m_vault->findByFingerprint(e.fingerprint).size(), 2);

        QSignalSpy removed(m_vault.get(), &Vault::entryRemoved);
        auto r = await<VaultEntry>([&](auto cb) { m_vault->remove(e, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(removed.size(), 1);
        QCOMPARE(m_vault->findByFingerprint(e.fingerprint).size(), 1);
        const auto stillThere = load(e.fingerprint);
        QVERIFY(stillThere && stillThere->ok()); // t5 still needs it

        r = await<VaultEntry>([&](auto cb) { m_vault->remove(*second, this, cb); });
        QVERIFY(r && r->ok());
        QVERIFY(!m_vault->contains(e.fingerprint));
        const auto gone = load(e.fingerprint);
        QVERIFY(gone && !gone->ok());
        QCOMPARE(gone->error().kind, VaultError::Kind::NotFound);

        // Removing what is not there says so.
        r = await<VaultEntry>([&](auto cb) { m_vault->remove(e, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, VaultError::Kind::NotFound);
    }

    // Removing the last binding cannot race with binding the key elsewhere: the removal leaves a tombstone under the
    // index lock before it deletes the secret, and bind() (here from a second Vault, as another process would)
    // refuses a key being removed instead of listing a binding whose secret is about to vanish.
    void removeCannotRaceWithBind()
    {
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        const auto stored = store(key, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("race")));
        QVERIFY(stored && stored->ok());
        Vault other(m_settings);
        bool finished = false;
        VaultResult<VaultEntry> removed = VaultError{};
        m_vault->remove(**stored, this, [&](VaultResult<VaultEntry> r) {
            removed = r;
            finished = true;
        });
        // The keychain delete is under way now.
        const auto bound =
            other.bind(key.fingerprint(), QStringLiteral("https://other.example"), QStringLiteral("late"));
        QVERIFY(!bound);
        QCOMPARE(bound.error().kind, VaultError::Kind::NotFound);
        QVERIFY2(bound.error().message.contains(QLatin1String("being removed")), qPrintable(bound.error().message));
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        QVERIFY(removed.ok());
        QVERIFY(!other.contains(key.fingerprint()));
        QVERIFY(!readFile(m_settings.indexPath).contains("removing")); // the tombstone went with the entry
        const auto gone = load(key.fingerprint());
        QVERIFY(gone && !gone->ok());
        // Afterwards the key can be stored again.
        QVERIFY(store(key, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("race")))->ok());
        QVERIFY(await<VaultEntry>([&](auto cb) {
                    m_vault->remove(binding(QStringLiteral("https://zitadel.example"), QStringLiteral("race")), this,
                                    cb);
                }).has_value());
    }

    // A keychain write whose index write then fails is undone: no secret is left that nothing lists.
    void failedIndexWriteUndoesTheKeychainWrite()
    {
        QTemporaryDir dir;
        VaultSettings settings = m_settings;
        settings.indexPath = dir.filePath(QStringLiteral("vault-index.json"));
        settings.auditLogPath.clear();
        Vault vault(settings);
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        bool finished = false;
        VaultResult<VaultEntry> result = VaultEntry{};
        vault.store(key, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("undo")), this,
                    [&](VaultResult<VaultEntry> r) {
                        result = r;
                        finished = true;
                    });
        // The keychain write is under way; the index cannot be written any more.
        QVERIFY(QDir().mkdir(settings.indexPath));
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        QVERIFY(!result.ok());
        QVERIFY(QDir().rmdir(settings.indexPath));
        const Keychain keychain(settings.keychainService);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto entry = await<QByteArray>(
                    [&](auto cb) { keychain.read(QStringLiteral("private-key ") + key.fingerprint(), this, cb); });
                return entry && !entry->ok() && entry->error().kind == VaultError::Kind::NotFound;
            }(),
            20000);
    }

    // The audit log moves to <path>.1 before it passes its size limit; read() still shows both generations. A failed
    // write is signalled for the GUI to show.
    void auditLogRotatesAndReportsFailures()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
        AuditLog log(path);
        log.setMaxBytes(2000);
        for (int i = 0; i < 30; ++i) {
            QString error;
            QVERIFY2(log.append(AuditEntry::make(AuditOperation::Generate, QStringLiteral("https://zitadel.example"),
                                                 QString::number(i), {}, QStringLiteral("SHA256:x"))),
                     qPrintable(error));
            QVERIFY(QFileInfo(path).size() <= 2000);
        }
        QVERIFY(QFile::exists(log.rotatedPath()));
        QVERIFY(QFileInfo(log.rotatedPath()).size() <= 2000);
        QVERIFY(!(QFile::permissions(log.rotatedPath()) & QFileDevice::ReadOther));
        const auto entries = log.read();
        QVERIFY(entries.ok());
        QVERIFY(entries->size() > 10 && entries->size() < 30); // the oldest generation was dropped
        QCOMPARE(entries->last().targetId, QStringLiteral("29"));

        QSignalSpy failed(&log, &AuditLog::appendFailed);
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkdir(path)); // the log cannot be written any more
        log.setMaxBytes(AuditLog::kDefaultMaxBytes);
        QString error;
        QVERIFY(
            !log.append(AuditEntry::make(AuditOperation::Generate, {}, {}, {}, QStringLiteral("SHA256:y")), &error));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().toString(), error);
        QVERIFY(!error.isEmpty());
    }

    void callbackNotCalledAfterContextIsGone()
    {
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        auto *context = new QObject;
        bool called = false;
        m_vault->store(key, binding(QStringLiteral("https://zitadel.example"), QStringLiteral("t6")), context,
                       [&called](VaultResult<VaultEntry>) { called = true; });
        delete context;
        // The secret is stored and listed even though nobody waits for the answer.
        QTRY_VERIFY_WITH_TIMEOUT(m_vault->contains(key.fingerprint()), 20000);
        QTest::qWait(100);
        QVERIFY(!called);
    }

    void damagedIndexIsNotOverwritten()
    {
        QTemporaryDir dir;
        VaultSettings settings = m_settings;
        settings.indexPath = dir.filePath(QStringLiteral("vault-index.json"));
        settings.auditLogPath.clear();
        {
            QFile f(settings.indexPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{ this is not json");
        }
        Vault vault(settings);
        QVERIFY(!vault.indexError().isEmpty());
        QVERIFY(vault.entries().isEmpty());
        const auto r = await<VaultEntry>([&](auto cb) {
            vault.store(generate(crypto::KeyType::EcP256), binding(QStringLiteral("x"), QStringLiteral("y")), this, cb);
        });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, VaultError::Kind::Io);
        QCOMPARE(readFile(settings.indexPath), QByteArray("{ this is not json"));
    }

    // Importing an encrypted key file runs the file's own key derivation (here PBKDF2 at the cap, a million
    // iterations) on a worker: the call returns before anything is decided, and the caller's event loop keeps going.
    void importDecryptsOnAWorker()
    {
        const Openssl ec = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256")});
        QVERIFY2(ec.exitCode == 0, ec.err.constData());
        m_secrets << ec.out;
        const Openssl costly = openssl(
            {QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"),
             QStringLiteral("-v2prf"), QStringLiteral("hmacWithSHA256"), QStringLiteral("-iter"),
             QStringLiteral("1000000"), QStringLiteral("-passout"), QStringLiteral("env:TDTEST_PW")},
            ec.out, QString::fromUtf8(kPassphrase));
        QVERIFY2(costly.exitCode == 0, costly.err.constData());
        const QString path = m_dir.filePath(QStringLiteral("costly.pem"));
        QVERIFY(securefile::write(path, costly.out, securefile::kPrivateMode, securefile::Overwrite::Refuse).ok());
        const VaultEntry entry = binding(QStringLiteral("https://zitadel.example"), QStringLiteral("costly"));

        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        // Audit entries of imports of this file (the log may rotate, so count these rather than all lines).
        const auto imports = [this, &path] {
            const auto read = m_vault->auditLog()->read();
            const QList<AuditEntry> all = read ? *read : QList<AuditEntry>();
            return std::count_if(all.begin(), all.end(), [&](const AuditEntry &e) {
                return e.operation == auditOperationName(AuditOperation::Import) &&
                       e.detail == QDir::toNativeSeparators(path);
            });
        };
        QCOMPARE(imports(), 0);
        std::optional<VaultResult<VaultEntry>> wrong;
        int ticksAtWrong = -1;
        m_vault->importFile(path, "wrong", entry, this, [&](VaultResult<VaultEntry> r) {
            wrong = r;
            ticksAtWrong = ticks;
        });
        // Nothing was decided inside the call: no result and no audit entry yet.
        QVERIFY(!wrong);
        QCOMPARE(imports(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(wrong.has_value(), 30000);
        QVERIFY(!wrong->ok());
        QCOMPARE(wrong->error().kind, VaultError::Kind::WrongPassphrase);
        QVERIFY2(ticksAtWrong >= 8, qPrintable(QStringLiteral("%1 ticks during the key derivation").arg(ticksAtWrong)));
        QCOMPARE(imports(), 1);

        const auto ok = await<VaultEntry>([&](auto cb) { m_vault->importFile(path, kPassphrase, entry, this, cb); });
        QVERIFY(ok);
        QVERIFY2(ok->ok(), qPrintable(ok->ok() ? QString() : ok->error().message));
        QCOMPARE(ok->value().fingerprint, opensslFingerprint(ec.out));
        QVERIFY(await<VaultEntry>([&](auto cb) { m_vault->remove(ok->value(), this, cb); }).has_value());
    }

    // Another process holding the index lock (here the test, through QLockFile as targetdesk-cli would) never blocks
    // the caller's thread in store, bind or remove: they try again from the event loop, which keeps running, and
    // finish once the lock is free.
    void lockedIndexDoesNotBlockTheEventLoop()
    {
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        QVERIFY(!key.isNull());
        const QString instance = QStringLiteral("https://zitadel.example");
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        QLockFile lock(m_settings.indexPath + QStringLiteral(".lock"));

        // Runs `start` with the lock held and releases it after `holdMs` from the event loop; the result, and whether
        // it came (wrongly) before the release.
        struct Outcome {
            std::optional<VaultResult<VaultEntry>> result;
            bool beforeRelease = false;
            int ticksWhileLocked = 0;
        };
        const auto whileLocked = [&](const std::function<void(VaultCallback<VaultEntry>)> &start) {
            auto outcome = std::make_shared<Outcome>();
            if (!lock.tryLock(0))
                return outcome;
            auto released = std::make_shared<bool>(false);
            const int ticksBefore = ticks;
            start([outcome, released](VaultResult<VaultEntry> r) {
                outcome->result = std::move(r);
                outcome->beforeRelease = !*released;
            });
            QTimer::singleShot(500, this, [&lock, released, outcome, &ticks, ticksBefore] {
                outcome->ticksWhileLocked = ticks - ticksBefore;
                *released = true;
                lock.unlock();
            });
            QDeadlineTimer deadline(30000);
            while (!(outcome->result && *released) && !deadline.hasExpired())
                QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
            return outcome;
        };
        const auto check = [](const Outcome &o) {
            if (!o.result)
                return QStringLiteral("no result");
            if (!o.result->ok())
                return o.result->error().message;
            if (o.beforeRelease)
                return QStringLiteral("finished while the lock was held");
            if (o.ticksWhileLocked < 10)
                return QStringLiteral("%1 ticks while the lock was held").arg(o.ticksWhileLocked);
            return QString();
        };

        auto stored =
            whileLocked([&](auto cb) { m_vault->store(key, binding(instance, QStringLiteral("locked")), this, cb); });
        QVERIFY2(check(*stored).isEmpty(), qPrintable(check(*stored)));
        QVERIFY(m_vault->contains(key.fingerprint()));

        auto bound = whileLocked([&](auto cb) {
            m_vault->bind(key.fingerprint(), instance, QStringLiteral("locked"), QStringLiteral("kid-locked"), this,
                          cb);
        });
        QVERIFY2(check(*bound).isEmpty(), qPrintable(check(*bound)));
        QCOMPARE(bound->result->value().keyId, QStringLiteral("kid-locked"));
        QCOMPARE(m_vault->findByKeyId(QStringLiteral("kid-locked")).size(), 1);

        auto removed = whileLocked([&](auto cb) { m_vault->remove(bound->result->value(), this, cb); });
        QVERIFY2(check(*removed).isEmpty(), qPrintable(check(*removed)));
        QVERIFY(!m_vault->contains(key.fingerprint()));
    }

    // A lock held past the deadline ends with a clear message (the CLI's synchronous bind() waits as long and says
    // the same); a secret the failed store wrote is not left behind in the keychain.
    void lockHeldPastTheDeadline()
    {
        VaultSettings settings = m_settings;
        settings.lockTimeoutMs = 300;
        Vault vault(settings);
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        const QString instance = QStringLiteral("https://zitadel.example");
        const auto stored =
            await<VaultEntry>([&](auto cb) { vault.store(key, binding(instance, QStringLiteral("busy")), this, cb); });
        QVERIFY(stored && stored->ok());
        QLockFile lock(settings.indexPath + QStringLiteral(".lock"));
        QVERIFY(lock.tryLock(0));
        const QString busy =
            QStringLiteral("The vault is busy (another Targetdesk or targetdesk-cli is changing it); try again.");

        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        const auto bound = await<VaultEntry>([&](auto cb) {
            vault.bind(key.fingerprint(), instance, QStringLiteral("busy"), QStringLiteral("kid-busy"), this, cb);
        });
        QVERIFY(bound && !bound->ok());
        QCOMPARE(bound->error().kind, VaultError::Kind::Busy);
        QCOMPARE(bound->error().message, busy);
        QVERIFY2(ticks >= 10, qPrintable(QStringLiteral("%1 ticks").arg(ticks)));

        const auto blocking =
            vault.bind(key.fingerprint(), instance, QStringLiteral("busy"), QStringLiteral("kid-busy"));
        QVERIFY(!blocking);
        QCOMPARE(blocking.error().kind, VaultError::Kind::Busy);
        QCOMPARE(blocking.error().message, busy);

        const crypto::PrivateKey fresh = generate(crypto::KeyType::EcP256);
        const auto refused = await<VaultEntry>(
            [&](auto cb) { vault.store(fresh, binding(instance, QStringLiteral("busy-fresh")), this, cb); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error().kind, VaultError::Kind::Busy);
        const auto removeRefused = await<VaultEntry>([&](auto cb) { vault.remove(stored->value(), this, cb); });
        QVERIFY(removeRefused && !removeRefused->ok());
        QCOMPARE(removeRefused->error().message, busy);
        lock.unlock();

        // The store's secret went again; nothing changed in the index.
        const Keychain keychain(settings.keychainService);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto secret = await<QByteArray>(
                    [&](auto cb) { keychain.read(QStringLiteral("private-key ") + fresh.fingerprint(), this, cb); });
                return secret && !secret->ok() && secret->error().kind == VaultError::Kind::NotFound;
            }(),
            10000);
        QVERIFY(!vault.contains(fresh.fingerprint()));
        QVERIFY(vault.findByKeyId(QStringLiteral("kid-busy")).isEmpty());
        QVERIFY(await<VaultEntry>([&](auto cb) { vault.remove(stored->value(), this, cb); }).has_value());
    }

    void auditEntries()
    {
        AuditLog log(m_settings.auditLogPath);
        const auto read = log.read();
        QVERIFY(read.ok());
        QStringList operations;
        for (const AuditEntry &e : *read)
            operations << e.operation + QLatin1Char(':') +
                              (e.succeeded() ? QStringLiteral("ok") : QStringLiteral("error"));
        for (const char *expected :
             {"vault-store:ok", "vault-store:error", "vault-update:ok", "vault-update:error", "export:ok",
              "export:error", "import:ok", "import:error", "vault-remove:ok", "vault-remove:error"})
            QVERIFY2(operations.contains(QLatin1String(expected)),
                     qPrintable(QLatin1String(expected) + QLatin1Char(' ') + operations.join(QLatin1Char(' '))));

        const AuditEntry first = read->constFirst();
        QCOMPARE(first.operation, QStringLiteral("vault-store"));
        QCOMPARE(first.instance, QStringLiteral("https://zitadel.example"));
        QCOMPARE(first.targetId, QStringLiteral("t1"));
        QVERIFY(first.fingerprint.startsWith(QLatin1String("SHA256:")));
        QVERIFY(first.knownOperation() == AuditOperation::VaultStore);
        for (const AuditEntry &e : *read) {
            QVERIFY(e.time.isValid());
            QCOMPARE(e.time.timeSpec(), Qt::UTC);
        }
        // A failure keeps its reason.
        bool sawWrongPassphrase = false;
        for (const AuditEntry &e : *read)
            sawWrongPassphrase = sawWrongPassphrase || (e.operation == QLatin1String("import") && !e.succeeded());
        QVERIFY(sawWrongPassphrase);

        // Lines on disk: one JSON object each, UTC RFC 3339 times, the fields in a fixed order.
        const QList<QByteArray> lines = readFile(m_settings.auditLogPath).split('\n');
        static const QRegularExpression line(QStringLiteral(
            "^\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\",\"instance\":\"[^\"]*\",\"target\":"
            "\"[^\"]*\",\"keyId\":\"[^\"]*\",\"fingerprint\":\"[^\"]*\",\"operation\":\"[a-z-]+\",\"result\":"));
        int count = 0;
        for (const QByteArray &l : lines) {
            if (l.isEmpty())
                continue;
            ++count;
            QVERIFY2(line.match(QString::fromUtf8(l)).hasMatch(), l.constData());
        }
        QCOMPARE(count, int(read->size()));

        // Newest N, and entries appended by another writer show up.
        QSignalSpy appended(&log, &AuditLog::appended);
        QVERIFY(log.append(AuditEntry::make(AuditOperation::BreakGlass, QStringLiteral("https://zitadel.example"),
                                            QStringLiteral("t1"), QStringLiteral("1234"), QString(), QString(),
                                            QStringLiteral("one click"))));
        QCOMPARE(appended.size(), 1);
        const auto tail = log.read(1);
        QVERIFY(tail.ok());
        QCOMPARE(tail->size(), 1);
        QCOMPARE(tail->constFirst().operation, QStringLiteral("break-glass"));
        QCOMPARE(tail->constFirst().detail, QStringLiteral("one click"));

        // A caller that passes key material by mistake gets it redacted, and a torn line is skipped.
        QVERIFY(log.append(AuditEntry::make(AuditOperation::Export, {}, {}, {}, QStringLiteral("SHA256:x"),
                                            QString::fromLatin1(m_secrets.constFirst()))));
        QFile raw(m_settings.auditLogPath);
        QVERIFY(raw.open(QIODevice::Append));
        raw.write("{\"time\":\"2026-01-01T00:00:00Z\",\"oper");
        raw.close();
        const auto after = log.read();
        QVERIFY(after.ok());
        QCOMPARE(after->size(), read->size() + 2);
        QCOMPARE(after->constLast().result, QStringLiteral("[redacted]"));
        // The next entry after a torn line is not swallowed by it.
        QVERIFY(log.append(AuditEntry::make(AuditOperation::Deactivate, {}, {}, {}, QStringLiteral("SHA256:y"))));
        const auto next = log.read();
        QVERIFY(next.ok());
        QCOMPARE(next->size(), after->size() + 1);
        QCOMPARE(next->constLast().fingerprint, QStringLiteral("SHA256:y"));
    }

    // A replaced index or key file is durable only once its directory is flushed after the rename (a crash must not
    // bring the old file back), and a file created in place only once its directory is flushed after the file.
    void writesFlushTheirDirectory()
    {
        using test::DiskFlushes;
        const crypto::PrivateKey key = generate(crypto::KeyType::EcP256);
        {
            DiskFlushes::Recording recording;
            const auto r = store(key, binding(QStringLiteral("https://flush.example"), QStringLiteral("t-flush")));
            QVERIFY(r && r->ok());
        }
        QString problem = DiskFlushes::checkFlushedAfterEntry(m_settings.indexPath);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const QString path = m_dir.filePath(QStringLiteral("export/flushed.pem"));
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        {
            DiskFlushes::Recording recording;
            QVERIFY(securefile::write(path, "first", securefile::kPublicMode, securefile::Overwrite::Refuse));
        }
        problem = DiskFlushes::checkFlushedAfterFile(path);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        {
            DiskFlushes::Recording recording;
            QVERIFY(securefile::write(path, "second", securefile::kPublicMode, securefile::Overwrite::Replace));
        }
        problem = DiskFlushes::checkFlushedAfterEntry(path);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(readFile(path), QByteArray("second"));
    }

    // Runs last: everything above has written the index and the audit log.
    void noPrivateMaterialOnDisk()
    {
        QVERIFY(m_secrets.size() >= 4);
        for (const QString &path : {m_settings.indexPath, m_settings.auditLogPath}) {
            const QByteArray bytes = readFile(path);
            QVERIFY2(!bytes.isEmpty(), qPrintable(path));
            QVERIFY2(!bytes.contains("PRIVATE KEY"), qPrintable(path));
            QVERIFY2(!bytes.contains("-----BEGIN"), qPrintable(path));
            QVERIFY2(!bytes.contains(kPassphrase), qPrintable(path));
            for (const QByteArray &pem : std::as_const(m_secrets)) {
                for (const QByteArray &l : pem.split('\n')) {
                    if (l.size() >= 40 && !l.startsWith("-----"))
                        QVERIFY2(!bytes.contains(l), qPrintable(path + QStringLiteral(" holds private key material")));
                }
            }
            QCOMPARE(QFile::permissions(path) & 0x0077, QFileDevice::Permissions()); // nobody else reads it
        }
        // The index is plain JSON with the documented fields only.
        const QJsonDocument index = QJsonDocument::fromJson(readFile(m_settings.indexPath));
        QVERIFY(index.isObject());
        const QStringList allowed{QStringLiteral("instance"),    QStringLiteral("targetId"), QStringLiteral("keyId"),
                                  QStringLiteral("fingerprint"), QStringLiteral("keyType"),  QStringLiteral("created"),
                                  QStringLiteral("label")};
        for (const QJsonValue &v : index.object().value(QLatin1String("entries")).toArray()) {
            for (const QString &k : v.toObject().keys())
                QVERIFY2(allowed.contains(k), qPrintable(k));
        }
    }

    void cleanupTestCase()
    {
        // Leave nothing in the (private, throw-away) keyring either.
        for (const VaultEntry &e : m_vault->entries())
            await<VaultEntry>([&](auto cb) { m_vault->remove(e, this, cb); });
        QVERIFY(m_vault->entries().isEmpty());
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestVault)

#include "tst_vault.moc"
