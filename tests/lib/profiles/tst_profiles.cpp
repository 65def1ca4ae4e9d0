// Connection profiles against a real Secret Service (gnome-keyring on a private session bus, see
// support/privatekeyring.h) and a sandbox started here: every method's secret only in the keychain (the test reads
// the settings file), round trips, duplicate and remove with their keychain entries, the built-in sandbox profile,
// service-user key import, and ClientFactory building clients that work against the sandbox over http and pinned
// https, and refusing what it must.

#include "awaitresult.h"
#include "diskflushes.h"
#include "privatekeyring.h"
#include "sandboxsession.h"
#include "selfsignedcertificate.h"
#include "testfiles.h"
#include "testutil.h"

#include "api/zitadelclient.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include "sandbox/sandboxclient.h"
#include "vault/keychain.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using targetdesk::test::readFile;
using namespace targetdesk;
using namespace targetdesk::profiles;
using namespace std::chrono_literals;
using test::awaitResult;

namespace
{

QString describe(const ProfileError &e)
{
    return QStringLiteral("kind %1: %2").arg(int(e.kind)).arg(e.message);
}

// Every way a secret could end up in a text file: as is, in base64 / base64url (padded or not), percent-encoded,
// and for PEM keys each line of the base64 body on its own.
QList<QByteArray> spellings(const QByteArray &secret)
{
    QList<QByteArray> out{secret, secret.toBase64(), QUrl::toPercentEncoding(QString::fromUtf8(secret))};
    out << secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    out << secret.toBase64(QByteArray::OmitTrailingEquals);
    for (const QByteArray &line : secret.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.size() >= 16 && !trimmed.startsWith("-----"))
            out << trimmed;
    }
    return out;
}

// The file's text and every base64 / base64url run in it decoded: a secret wrapped in something and then encoded
// does not show its own base64 spelling.
QList<QByteArray> readings(const QByteArray &text)
{
    QList<QByteArray> out{text};
    static const QRegularExpression run(QStringLiteral("[A-Za-z0-9+/_-]{16,}={0,2}"));
    for (const auto &m : run.globalMatch(QString::fromLatin1(text))) {
        const QByteArray encoded = m.captured().toLatin1();
        for (auto options : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
            if (auto decoded = QByteArray::fromBase64Encoding(encoded, options))
                out << *decoded;
        }
    }
    return out;
}

// Where (if anywhere) `text` gives `secret` away.
QByteArray leak(const QByteArray &text, const QByteArray &secret)
{
    for (const QByteArray &reading : readings(text)) {
        for (const QByteArray &spelling : spellings(secret)) {
            if (reading.contains(spelling))
                return spelling.left(12) + "...";
        }
    }
    return {};
}

} // namespace

class TestProfiles : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ProfileStoreSettings m_settings;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<sandbox::Sandbox> m_sandbox;

    void openStore()
    {
        m_store.reset();
        m_store = std::make_unique<ProfileStore>(m_settings);
    }
    bool startSandbox(const test::SelfSignedCertificate *tls = nullptr)
    {
        QString error;
        m_sandbox = test::startSandbox(&error, tls ? test::SandboxOptions{tls->certificatePath, tls->keyPath}
                                                   : test::SandboxOptions{});
        if (!m_sandbox)
            qWarning("%s", qPrintable(error));
        return m_sandbox != nullptr;
    }

    ProfileResult<Profile> add(const Profile &profile, const ProfileSecrets &secrets)
    {
        auto r = awaitResult<ProfileResult<Profile>>([&](auto cb) { m_store->add(profile, secrets, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    ProfileResult<Profile> update(const Profile &profile, const std::optional<ProfileSecrets> &secrets)
    {
        auto r = awaitResult<ProfileResult<Profile>>([&](auto cb) { m_store->update(profile, secrets, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    ProfileResult<Profile> duplicate(const QString &id)
    {
        auto r = awaitResult<ProfileResult<Profile>>([&](auto cb) { m_store->duplicate(id, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    ProfileResult<Profile> remove(const QString &id)
    {
        auto r = awaitResult<ProfileResult<Profile>>([&](auto cb) { m_store->remove(id, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    ProfileResult<ProfileSecrets> secrets(const QString &id)
    {
        auto r = awaitResult<ProfileResult<ProfileSecrets>>([&](auto cb) { m_store->loadSecrets(id, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    ProfileResult<std::shared_ptr<ZitadelClient>> open(const QString &id)
    {
        auto r = awaitResult<ProfileResult<std::shared_ptr<ZitadelClient>>>(
            [&](auto cb) { ClientFactory::open(*m_store, id, this, cb); });
        return r ? *r : ProfileError{ProfileError::Kind::Io, QStringLiteral("test wait expired")};
    }
    // What the keychain itself holds for a profile, bypassing the store.
    vault::VaultResult<QByteArray> keychainEntry(const Profile &profile)
    {
        const vault::Keychain keychain(m_settings.keychainService);
        const QString entry =
            profile.secretEntry.isEmpty() ? QStringLiteral("profile ") + profile.id : profile.secretEntry;
        auto r = awaitResult<vault::VaultResult<QByteArray>>([&](auto cb) { keychain.read(entry, this, cb); });
        return r ? *r : vault::VaultError{vault::VaultError::Kind::Keychain, QStringLiteral("test wait expired")};
    }
    static Result<TargetPage> list(ZitadelClient &client, QObject *context)
    {
        client.setTimeout(10s);
        return test::awaitApi<TargetPage>([&](auto cb) { client.listTargets({}, context, cb); });
    }

    // One profile of each method with real credentials from m_sandbox; the secrets the test must never see on disk.
    struct Stored {
        Profile token;
        Profile keyFile;
        Profile client;
        QList<QByteArray> secrets;
    };
    std::optional<Stored> storeEveryMethod()
    {
        Stored s;
        const QString token = m_sandbox->generateToken();
        // With an expiration date, as ZITADEL's console writes it, so the profile has one to keep.
        QJsonObject keyJson =
            QJsonDocument::fromJson(m_sandbox->createServiceUser(QStringLiteral("profile-bot"))).object();
        keyJson.insert(QLatin1String("expirationDate"), QStringLiteral("2031-02-03T04:05:06.789Z"));
        const QByteArray keyFile = QJsonDocument(keyJson).toJson();
        const sandbox::ClientCredentials credentials = m_sandbox->createClient(QStringLiteral("profile-client"));
        const QByteArray keyPem =
            QJsonDocument::fromJson(keyFile).object().value(QLatin1String("key")).toString().toUtf8();
        if (token.isEmpty() || keyPem.isEmpty() || credentials.clientSecret.isEmpty())
            return std::nullopt;
        s.secrets << token.toUtf8() << keyFile << keyPem << credentials.clientSecret.toUtf8();

        auto a = add(Profile::create(QStringLiteral("Local token"), m_sandbox->url()), ProfileSecrets::token(token));
        auto b = add(Profile::create(QStringLiteral("Local key"), m_sandbox->url(), auth::Method::ServiceUserKey),
                     ProfileSecrets::keyFile(keyFile));
        Profile clientProfile =
            Profile::create(QStringLiteral("Local client"), m_sandbox->url(), auth::Method::ClientCredentials);
        clientProfile.clientId = credentials.clientId;
        auto c = add(clientProfile, ProfileSecrets::client(credentials.clientSecret));
        for (const auto *r : {&a, &b, &c}) {
            if (!r->ok()) {
                qWarning("add: %s", qPrintable(describe(r->error())));
                return std::nullopt;
            }
        }
        s.token = *a;
        s.keyFile = *b;
        s.client = *c;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Never the user's keyring: main() re-launched us inside a private session.
        QVERIFY(qEnvironmentVariableIsSet(test::kPrivateKeyringVariable));
        QVERIFY(m_dir.isValid());
        m_settings.keychainService =
            QStringLiteral("targetdesk-test-profiles-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    void init()
    {
        // A fresh settings file per test; the keychain service stays (entries are per profile id).
        m_settings.settingsPath =
            m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".ini"));
        openStore();
        QVERIFY(startSandbox());
    }
    void cleanup()
    {
        if (m_store) {
            for (const Profile &p : m_store->userProfiles())
                remove(p.id);
        }
        m_store.reset();
        m_sandbox.reset();
    }

    void sandboxProfileIsBuiltIn()
    {
        QCOMPARE(m_store->userProfiles().size(), 0);
        const QList<Profile> all = m_store->profiles();
        QCOMPARE(all.size(), 1);
        QVERIFY(all.first().builtInSandbox);
        QCOMPARE(all.first().id, Profile::sandboxId());
        QCOMPARE(m_store->lastUsed().id, Profile::sandboxId());
        QVERIFY(m_store->find(QStringLiteral("sandbox")).has_value());

        Profile changed = all.first();
        changed.name = QStringLiteral("Mine now");
        QCOMPARE(update(changed, std::nullopt).error().kind, ProfileError::Kind::BuiltIn);
        QCOMPARE(remove(Profile::sandboxId()).error().kind, ProfileError::Kind::BuiltIn);
        QCOMPARE(duplicate(Profile::sandboxId()).error().kind, ProfileError::Kind::BuiltIn);
        QCOMPARE(add(changed, {}).error().kind, ProfileError::Kind::BuiltIn);
        QCOMPARE(m_store->move(Profile::sandboxId(), 0).error().kind, ProfileError::Kind::BuiltIn);

        // Still offered, and last, once user profiles exist; never written to the settings file.
        QVERIFY(add(Profile::create(QStringLiteral("Staging"), QUrl(QStringLiteral("https://staging.example"))), {}));
        QCOMPARE(m_store->profiles().size(), 2);
        QVERIFY(m_store->profiles().last().builtInSandbox);
        QVERIFY(!readFile(m_store->settingsFilePath()).contains("id=sandbox"));

        // The factory connects the built-in profile to a running sandbox.
        auto client = sandbox::connectClient(*m_sandbox);
        const auto page = list(*client, this);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
    }

    void settingsFileHoldsNoSecret()
    {
        const auto stored = storeEveryMethod();
        QVERIFY(stored);
        const QString path = m_store->settingsFilePath();
        QCOMPARE(path, m_settings.settingsPath);
        const QByteArray text = readFile(path);
        // The file is the one written, with the non-secret details of every profile.
        for (const Profile *p : {&stored->token, &stored->keyFile, &stored->client})
            QVERIFY2(text.contains(p->id.toUtf8()), text.constData());
        QVERIFY(!stored->keyFile.serviceUserId.isEmpty() && !stored->keyFile.keyId.isEmpty());
        QVERIFY(text.contains(stored->keyFile.serviceUserId.toUtf8()));
        QVERIFY(text.contains(stored->keyFile.keyId.toUtf8()));
        QVERIFY(text.contains(stored->client.clientId.toUtf8()));
        for (const QByteArray &secret : stored->secrets)
            QVERIFY2(leak(text, secret).isEmpty(), leak(text, secret).constData());
        // The secrets are in the keychain instead.
        QVERIFY(keychainEntry(stored->token).ok());
        QVERIFY(keychainEntry(stored->keyFile).ok());
        QVERIFY(keychainEntry(stored->client).ok());
    }

    void roundTrip()
    {
        const auto stored = storeEveryMethod();
        QVERIFY(stored);
        const auto cert = test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("roundtrip"));
        QVERIFY(!cert.certificate.isNull());
        Profile tls = Profile::create(QStringLiteral("Production EU"), QUrl(QStringLiteral("https://zitadel.example")));
        tls.caCertificatesPem = cert.certificate.toPem();
        tls.pinnedSha256 = cert.certificate.digest(QCryptographicHash::Sha256);
        tls.color = ProfileColor::Purple;
        const auto tlsStored = add(tls, ProfileSecrets::token(QStringLiteral("tok-roundtrip")));
        QVERIFY2(tlsStored, qPrintable(tlsStored ? QString() : describe(tlsStored.error())));
        Profile insecure = Profile::create(QStringLiteral("Lab"), QUrl(QStringLiteral("http://lab.internal:8080")));
        insecure.insecure = true;
        QVERIFY(add(insecure, {}));

        const QList<Profile> before = m_store->userProfiles();
        QCOMPARE(before.size(), 5);
        openStore();
        const QList<Profile> after = m_store->userProfiles();
        QCOMPARE(after, before);
        QCOMPARE(after.at(0), stored->token);
        QCOMPARE(after.at(1), stored->keyFile);
        QCOMPARE(after.at(1).keyExpiresAt, QDateTime(QDate(2031, 2, 3), QTime(4, 5, 6, 789), Qt::UTC));
        QCOMPARE(after.at(2).clientId, stored->client.clientId);
        QCOMPARE(after.at(3).pinnedSha256, tls.pinnedSha256);
        QCOMPARE(after.at(3).caCertificatesPem, tls.caCertificatesPem);
        QCOMPARE(after.at(3).color, ProfileColor::Purple);
        QVERIFY(after.at(4).insecure);
        QVERIFY(after.at(4).usesInsecureHttp());

        const auto token = secrets(stored->token.id);
        QVERIFY2(token, qPrintable(token ? QString() : describe(token.error())));
        QCOMPARE(token->personalAccessToken.toUtf8(), stored->secrets.at(0));
        const auto keyFile = secrets(stored->keyFile.id);
        QVERIFY(keyFile);
        QCOMPARE(keyFile->serviceUserKey, stored->secrets.at(1));
        const auto client = secrets(stored->client.id);
        QVERIFY(client);
        QCOMPARE(client->clientSecret.toUtf8(), stored->secrets.at(3));
        QVERIFY(client->personalAccessToken.isEmpty() && client->serviceUserKey.isEmpty());
    }

    void updateKeepsOrReplacesTheSecret()
    {
        auto p =
            add(Profile::create(QStringLiteral("Dev"), m_sandbox->url()), ProfileSecrets::token(QStringLiteral("one")));
        QVERIFY(p);
        Profile renamed = *p;
        renamed.name = QStringLiteral("Dev renamed");
        QVERIFY(update(renamed, std::nullopt));
        QCOMPARE(m_store->profile(p->id)->name, QStringLiteral("Dev renamed"));
        QCOMPARE(secrets(p->id)->personalAccessToken, QStringLiteral("one"));
        QVERIFY(update(renamed, ProfileSecrets::token(QStringLiteral("two"))));
        QCOMPARE(secrets(p->id)->personalAccessToken, QStringLiteral("two"));
        // An empty secret deletes the entry.
        QVERIFY(update(renamed, ProfileSecrets()));
        QCOMPARE(keychainEntry(*p).error().kind, vault::VaultError::Kind::NotFound);
        QCOMPARE(secrets(p->id).error().kind, ProfileError::Kind::MissingSecret);
        // Switching the method without a new secret: the old one is not handed out as the new method's.
        QVERIFY(update(renamed, ProfileSecrets::token(QStringLiteral("three"))));
        renamed.method = auth::Method::ClientCredentials;
        renamed.clientId = QStringLiteral("someone");
        QVERIFY(update(renamed, std::nullopt));
        QCOMPARE(secrets(p->id).error().kind, ProfileError::Kind::MissingSecret);
    }

    // The settings file is owner-only from the start (it names instances and service users).
    void settingsFileIsOwnerOnly()
    {
        QVERIFY(!QFile::exists(m_settings.settingsPath));
        QVERIFY(
            add(Profile::create(QStringLiteral("Dev"), m_sandbox->url()), ProfileSecrets::token(QStringLiteral("t"))));
        const QFileDevice::Permissions permissions = QFileInfo(m_settings.settingsPath).permissions();
        QVERIFY(permissions.testFlag(QFileDevice::ReadOwner) && permissions.testFlag(QFileDevice::WriteOwner));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(permissions & others, QFileDevice::Permissions());
    }

    // QSettings replaces the settings file by a rename; the store flushes the directory after it, so a crash cannot
    // bring back the old list (or the old "last used" profile).
    void settingsWritesFlushTheirDirectory()
    {
        using test::DiskFlushes;
        std::optional<Profile> added;
        {
            DiskFlushes::Recording recording;
            const auto r = add(Profile::create(QStringLiteral("Flushed"), m_sandbox->url()),
                               ProfileSecrets::token(QStringLiteral("t")));
            QVERIFY2(r, qPrintable(r ? QString() : describe(r.error())));
            added = *r;
        }
        QString problem = DiskFlushes::checkFlushedAfterEntry(m_settings.settingsPath);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        {
            DiskFlushes::Recording recording;
            QVERIFY(m_store->setLastUsed(added->id));
        }
        problem = DiskFlushes::checkFlushedAfterEntry(m_settings.settingsPath);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // A settings file edited by another program cannot send the secret elsewhere or weaken TLS.
    void urlAndTlsAreBoundToTheSecret_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("url") << QStringLiteral("url") << QVariant(QStringLiteral("https://attacker.example"));
        QTest::newRow("insecure") << QStringLiteral("insecure") << QVariant(true);
        QTest::newRow("pin") << QStringLiteral("pinnedSha256")
                             << QVariant(QString(QStringLiteral("AB:").repeated(31) + QStringLiteral("AB")));
        QTest::newRow("ca")
            << QStringLiteral("caCertificates")
            << QVariant(QString::fromLatin1(
                   test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("evil-ca")).certificate.toPem()));
    }
    void urlAndTlsAreBoundToTheSecret()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        const auto p = add(Profile::create(QStringLiteral("Bound"), m_sandbox->url()),
                           ProfileSecrets::token(m_sandbox->generateToken()));
        QVERIFY(p);
        QVERIFY(open(p->id));
        {
            QSettings edit(m_settings.settingsPath, QSettings::IniFormat);
            edit.beginReadArray(QStringLiteral("profiles"));
            edit.setArrayIndex(0);
            QVERIFY(edit.contains(key));
            edit.setValue(key, value);
            edit.endArray();
            edit.sync();
            QCOMPARE(edit.status(), QSettings::NoError);
        }
        const auto loaded = secrets(p->id);
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().kind, ProfileError::Kind::BindingMismatch);
        QVERIFY2(loaded.error().message.contains(QLatin1String("changed outside Targetdesk")),
                 qPrintable(loaded.error().message));
        const auto client = open(p->id);
        QVERIFY(!client);
        QCOMPARE(client.error().kind, ProfileError::Kind::BindingMismatch);
        // Entering the secret again through the store confirms the settings as they are.
        const Profile edited = *m_store->profile(p->id);
        QVERIFY(update(edited, ProfileSecrets::token(QStringLiteral("again"))));
        QCOMPARE(secrets(p->id)->personalAccessToken, QStringLiteral("again"));
    }

    // Changes made through the store move the binding with them.
    void storeChangesKeepTheSecretUsable()
    {
        const auto p = add(Profile::create(QStringLiteral("Moving"), m_sandbox->url()),
                           ProfileSecrets::token(QStringLiteral("kept")));
        QVERIFY(p);
        Profile moved = *p;
        moved.instanceUrl = QUrl(QStringLiteral("https://other.example"));
        moved.pinnedSha256 = QByteArray(32, 'x');
        const auto updated = update(moved, std::nullopt);
        QVERIFY2(updated, qPrintable(updated ? QString() : describe(updated.error())));
        QVERIFY(updated->secretEntry != p->secretEntry);
        QCOMPARE(secrets(p->id)->personalAccessToken, QStringLiteral("kept"));
        QCOMPARE(keychainEntry(*p).error().kind, vault::VaultError::Kind::NotFound); // the old entry is gone
    }

    // Changing the authentication writes the new secret to a new entry and switches to it only once the settings
    // are written: a failed settings write keeps the old secret working.
    void authChangeNeverLosesTheOldSecret()
    {
        const auto p = add(Profile::create(QStringLiteral("Switch"), m_sandbox->url()),
                           ProfileSecrets::token(QStringLiteral("old-token")));
        QVERIFY(p);
        Profile changed = *p;
        changed.method = auth::Method::ClientCredentials;
        changed.clientId = QStringLiteral("someone");
        bool finished = false;
        ProfileResult<Profile> result = ProfileError{};
        m_store->update(changed, ProfileSecrets::client(QStringLiteral("new-secret")), this, [&](auto r) {
            result = r;
            finished = true;
        });
        // The keychain write is under way; the settings file becomes unwritable before the switch.
        const QString path = m_settings.settingsPath;
        QVERIFY(QFile::rename(path, path + QStringLiteral(".moved")));
        QVERIFY(QDir().mkdir(path));
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        QVERIFY(!result);
        QVERIFY(QDir().rmdir(path));
        QVERIFY(QFile::rename(path + QStringLiteral(".moved"), path));
        // On disk: still the token profile, naming the old entry, which still holds the old token.
        const QByteArray text = readFile(path);
        QVERIFY2(text.contains("method=personal-access-token") && text.contains(p->secretEntry.toUtf8()),
                 text.constData());
        const auto entry = keychainEntry(*p);
        QVERIFY(entry.ok());
        const auto kept = ProfileSecrets::fromKeychainData(*entry);
        QVERIFY(kept);
        QCOMPARE(kept->personalAccessToken, QStringLiteral("old-token"));
        QVERIFY(!entry->contains("new-secret"));

        // With a writable file the same change switches, and the old entry goes.
        m_settings.settingsPath =
            m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".ini"));
        openStore();
        const auto q = add(Profile::create(QStringLiteral("Switch"), m_sandbox->url()),
                           ProfileSecrets::token(QStringLiteral("old-token")));
        QVERIFY(q);
        Profile other = *q;
        other.method = auth::Method::ClientCredentials;
        other.clientId = QStringLiteral("someone");
        QVERIFY(update(other, ProfileSecrets::client(QStringLiteral("new-secret"))));
        QCOMPARE(secrets(q->id)->clientSecret, QStringLiteral("new-secret"));
        QCOMPARE(keychainEntry(*q).error().kind, vault::VaultError::Kind::NotFound);
        // The first profile's entry is untouched by all this.
        QVERIFY(keychainEntry(*p).ok());
    }

    void duplicateCopiesTheSecret()
    {
        const auto stored = storeEveryMethod();
        QVERIFY(stored);
        QSignalSpy changed(m_store.get(), &ProfileStore::profilesChanged);
        const auto copy = duplicate(stored->keyFile.id);
        QVERIFY2(copy, qPrintable(copy ? QString() : describe(copy.error())));
        QCOMPARE(changed.count(), 1);
        QVERIFY(copy->id != stored->keyFile.id);
        QCOMPARE(copy->name, QStringLiteral("Local key (copy)"));
        QCOMPARE(copy->keyId, stored->keyFile.keyId);
        // Right after the original.
        QCOMPARE(m_store->userProfiles().at(2).id, copy->id);
        const auto copied = secrets(copy->id);
        QVERIFY2(copied, qPrintable(copied ? QString() : describe(copied.error())));
        QCOMPARE(copied->serviceUserKey, stored->secrets.at(1));

        const auto second = duplicate(stored->keyFile.id);
        QVERIFY(second);
        QCOMPARE(second->name, QStringLiteral("Local key (copy 2)"));

        // Its own entry: removing the original leaves the copy's secret, and the copy still connects.
        QVERIFY(remove(stored->keyFile.id));
        QCOMPARE(secrets(copy->id)->serviceUserKey, stored->secrets.at(1));
        auto client = open(copy->id);
        QVERIFY2(client, qPrintable(client ? QString() : describe(client.error())));
        QVERIFY(list(**client, this).ok());
    }

    void removeDeletesTheSecret()
    {
        const auto stored = storeEveryMethod();
        QVERIFY(stored);
        QVERIFY(m_store->setLastUsed(stored->client.id));
        QCOMPARE(m_store->lastUsed().id, stored->client.id);
        for (const Profile *p : {&stored->token, &stored->keyFile, &stored->client}) {
            QVERIFY(keychainEntry(*p).ok());
            const auto removed = remove(p->id);
            QVERIFY2(removed, qPrintable(removed ? QString() : describe(removed.error())));
            QCOMPARE(removed->id, p->id);
            QVERIFY(!m_store->profile(p->id));
            const auto entry = keychainEntry(*p);
            QVERIFY(!entry.ok());
            QCOMPARE(entry.error().kind, vault::VaultError::Kind::NotFound);
            QCOMPARE(secrets(p->id).error().kind, ProfileError::Kind::NotFound);
        }
        QCOMPARE(m_store->userProfiles().size(), 0);
        // The last-used profile is gone: back to the sandbox, never to some other real instance.
        QCOMPARE(m_store->lastUsed().id, Profile::sandboxId());
        QCOMPARE(remove(stored->token.id).error().kind, ProfileError::Kind::NotFound);
    }

    void factoryConnectsWithEveryMethod()
    {
        const auto stored = storeEveryMethod();
        QVERIFY(stored);
        const int tokensBefore = m_sandbox->requestCount(QStringLiteral("Token"));
        for (const Profile *p : {&stored->token, &stored->keyFile, &stored->client}) {
            auto client = open(p->id);
            QVERIFY2(client, qPrintable(client ? QString() : describe(client.error())));
            QCOMPARE((*client)->instance(), m_sandbox->url());
            QCOMPARE((*client)->authProvider()->method(), p->method);
            const auto page = list(**client, this);
            QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        }
        // The key file and the client credentials were exchanged at the token endpoint.
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("Token")), tokensBefore + 2);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 3);

        // A wrong secret gives a client the sandbox refuses: the test above can fail.
        auto wrong = ClientFactory::create(stored->token, ProfileSecrets::token(QStringLiteral("not-a-token")));
        QVERIFY(wrong);
        const auto refused = list(*wrong.value(), this);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus, 401);
    }

    void pinnedProfileOverTls()
    {
        const auto cert = test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("pinned"));
        QVERIFY(!cert.certificate.isNull());
        QVERIFY(startSandbox(&cert));
        QCOMPARE(m_sandbox->url().scheme(), QStringLiteral("https"));
        const QString token = m_sandbox->generateToken();

        Profile unpinned = Profile::create(QStringLiteral("Self-signed"), m_sandbox->url());
        QVERIFY(add(unpinned, ProfileSecrets::token(token)));
        auto client = open(unpinned.id);
        QVERIFY(client);
        auto page = list(**client, this);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);

        Profile pinned = unpinned;
        pinned.pinnedSha256 = cert.certificate.digest(QCryptographicHash::Sha256);
        QVERIFY(update(pinned, std::nullopt));
        openStore(); // the pin comes from the settings file
        client = open(pinned.id);
        QVERIFY2(client, qPrintable(client ? QString() : describe(client.error())));
        QCOMPARE((*client)->tlsOptions().pinnedSha256, pinned.pinnedSha256);
        page = list(**client, this);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));

        // Pinned to another certificate: refused.
        const auto other = test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("other"));
        pinned.pinnedSha256 = other.certificate.digest(QCryptographicHash::Sha256);
        QVERIFY(update(pinned, std::nullopt));
        client = open(pinned.id);
        QVERIFY(client);
        page = list(**client, this);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Tls);
    }

    void plainHttpNeedsInsecure()
    {
        const auto token = ProfileSecrets::token(QStringLiteral("tok"));
        Profile remote = Profile::create(QStringLiteral("Remote"), QUrl(QStringLiteral("http://zitadel.example.com")));
        auto client = ClientFactory::create(remote, token);
        QVERIFY(!client);
        QCOMPARE(client.error().kind, ProfileError::Kind::InsecureUrl);
        QVERIFY(!remote.usesInsecureHttp());
        // The profile can still be saved (an editor shows the problem); connecting is what is refused.
        QVERIFY(add(remote, token));
        QCOMPARE(open(remote.id).error().kind, ProfileError::Kind::InsecureUrl);

        remote.insecure = true;
        QVERIFY(remote.usesInsecureHttp());
        client = ClientFactory::create(remote, token);
        QVERIFY(client);
        QVERIFY(client.value()->tlsOptions().allowInsecureHttp);

        // Loopback needs no flag; https never does.
        QVERIFY(ClientFactory::create(Profile::create(QStringLiteral("L"), m_sandbox->url()), token));
        QVERIFY(ClientFactory::create(Profile::create(QStringLiteral("S"), QUrl(QStringLiteral("https://z.example"))),
                                      token));
    }

    void incompleteProfilesAreExplained()
    {
        const auto token = ProfileSecrets::token(QStringLiteral("tok"));
        auto check = [](const Profile &p, const ProfileSecrets &s) {
            const auto e = ClientFactory::check(p, s);
            return e ? e->kind : ProfileError::Kind(-1);
        };
        Profile p = Profile::create(QStringLiteral("P"), QUrl());
        QCOMPARE(check(p, token), ProfileError::Kind::InvalidUrl);
        p.instanceUrl = QUrl(QStringLiteral("ftp://z.example"));
        QCOMPARE(check(p, token), ProfileError::Kind::InvalidUrl);
        p.instanceUrl = QUrl(QStringLiteral("https://z.example"));
        QVERIFY(!ClientFactory::check(p, token));
        QCOMPARE(check(p, {}), ProfileError::Kind::MissingSecret);
        p.method = auth::Method::ServiceUserKey;
        QCOMPARE(check(p, token), ProfileError::Kind::MissingSecret);
        QCOMPARE(check(p, ProfileSecrets::keyFile("{\"type\":\"serviceaccount\"}")), ProfileError::Kind::InvalidSecret);
        p.method = auth::Method::ClientCredentials;
        QCOMPARE(check(p, ProfileSecrets::client(QStringLiteral("s"))), ProfileError::Kind::InvalidSecret);
        p.clientId = QStringLiteral("c");
        QVERIFY(!ClientFactory::check(p, ProfileSecrets::client(QStringLiteral("s"))));
        p.caCertificatesPem = "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n";
        QCOMPARE(check(p, ProfileSecrets::client(QStringLiteral("s"))), ProfileError::Kind::InvalidProfile);

        // Stored without a secret: loading says which one is missing.
        Profile stored = Profile::create(QStringLiteral("No secret yet"), m_sandbox->url());
        QVERIFY(add(stored, {}));
        const auto missing = secrets(stored.id);
        QCOMPARE(missing.error().kind, ProfileError::Kind::MissingSecret);
        QVERIFY2(missing.error().message.contains(QLatin1String("personal access token")),
                 qPrintable(missing.error().message));
    }

    void storeRefusesBadProfiles()
    {
        const auto token = ProfileSecrets::token(QStringLiteral("tok"));
        QCOMPARE(add(Profile::create(QStringLiteral("  "), m_sandbox->url()), token).error().kind,
                 ProfileError::Kind::InvalidProfile);
        QVERIFY(add(Profile::create(QStringLiteral("Staging"), m_sandbox->url()), token));
        QCOMPARE(add(Profile::create(QStringLiteral("staging"), m_sandbox->url()), token).error().kind,
                 ProfileError::Kind::InvalidProfile);
        QCOMPARE(add(Profile::create(QStringLiteral("Sandbox"), m_sandbox->url()), token).error().kind,
                 ProfileError::Kind::InvalidProfile);
        // A password in the URL would land in the settings file.
        const auto withPassword =
            add(Profile::create(QStringLiteral("Pw"), QUrl(QStringLiteral("https://me:hunter2@z.example"))), token);
        QCOMPARE(withPassword.error().kind, ProfileError::Kind::InvalidUrl);
        QVERIFY(!readFile(m_store->settingsFilePath()).contains("hunter2"));
        Profile badPin = Profile::create(QStringLiteral("Pin"), m_sandbox->url());
        badPin.pinnedSha256 = "short";
        QCOMPARE(add(badPin, token).error().kind, ProfileError::Kind::InvalidProfile);
        // Refused profiles left no keychain entry behind.
        QCOMPARE(keychainEntry(badPin).error().kind, vault::VaultError::Kind::NotFound);
        QCOMPARE(m_store->userProfiles().size(), 1);
    }

    void importServiceUserKey()
    {
        auto p = add(Profile::create(QStringLiteral("Import"), m_sandbox->url()),
                     ProfileSecrets::token(QStringLiteral("old")));
        QVERIFY(p);
        const QByteArray keyFile = m_sandbox->createServiceUser(QStringLiteral("imported"));
        const QJsonObject json = QJsonDocument::fromJson(keyFile).object();

        // A broken file changes nothing.
        auto r = awaitResult<ProfileResult<Profile>>(
            [&](auto cb) { m_store->importServiceUserKey(p->id, "{\"type\":\"application\"}", this, cb); });
        QVERIFY(r);
        QCOMPARE(r->error().kind, ProfileError::Kind::InvalidSecret);
        QCOMPARE(m_store->profile(p->id)->method, auth::Method::PersonalAccessToken);

        const QString path = m_dir.filePath(QStringLiteral("key.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(keyFile);
        file.close();
        r = awaitResult<ProfileResult<Profile>>(
            [&](auto cb) { m_store->importServiceUserKeyFile(p->id, path, this, cb); });
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : describe(r->error())));
        const Profile imported = *m_store->profile(p->id);
        QCOMPARE(imported.method, auth::Method::ServiceUserKey);
        QCOMPARE(imported.serviceUserId, json.value(QLatin1String("userId")).toString());
        QCOMPARE(imported.keyId, json.value(QLatin1String("keyId")).toString());
        QCOMPARE(secrets(p->id)->serviceUserKey, keyFile);
        const QByteArray text = readFile(m_store->settingsFilePath());
        QVERIFY(leak(text, json.value(QLatin1String("key")).toString().toUtf8()).isEmpty());
        QVERIFY(leak(text, keyFile).isEmpty());
        auto client = open(p->id);
        QVERIFY2(client, qPrintable(client ? QString() : describe(client.error())));
        QVERIFY(list(**client, this).ok());
    }

    void orderLastUsedAndSignals()
    {
        QSignalSpy changed(m_store.get(), &ProfileStore::profilesChanged);
        QSignalSpy lastUsed(m_store.get(), &ProfileStore::lastUsedChanged);
        QStringList ids;
        for (const char *name : {"A", "B", "C"}) {
            auto p = add(Profile::create(QString::fromLatin1(name), m_sandbox->url()), {});
            QVERIFY(p);
            ids << p->id;
        }
        QCOMPARE(changed.count(), 3);
        QVERIFY(m_store->move(ids.at(2), 0));
        QCOMPARE(changed.count(), 4);
        auto order = [this] {
            QStringList names;
            for (const Profile &p : m_store->profiles())
                names << p.name;
            return names.join(QLatin1Char(','));
        };
        QCOMPARE(order(), QStringLiteral("C,A,B,Sandbox"));
        QVERIFY(m_store->move(ids.at(2), 99));
        QCOMPARE(order(), QStringLiteral("A,B,C,Sandbox"));

        QVERIFY(m_store->setLastUsed(ids.at(1)));
        QCOMPARE(lastUsed.count(), 1);
        QCOMPARE(m_store->setLastUsed(QStringLiteral("nope")).error().kind, ProfileError::Kind::NotFound);
        openStore();
        QCOMPARE(order(), QStringLiteral("A,B,C,Sandbox"));
        QCOMPARE(m_store->lastUsed().name, QStringLiteral("B"));
        QCOMPARE(m_store->find(QStringLiteral("b"))->id, ids.at(1));
        QVERIFY(m_store->setLastUsed(Profile::sandboxId()));
        QVERIFY(m_store->lastUsed().builtInSandbox);
    }

    void answersComeLaterAndOnlyToLiveContexts()
    {
        bool called = false;
        m_store->add(Profile::create(QStringLiteral("Async"), m_sandbox->url()),
                     ProfileSecrets::token(QStringLiteral("t")), this,
                     [&called](ProfileResult<Profile>) { called = true; });
        QVERIFY(!called); // never inside the call
        QTRY_VERIFY(called);

        // The caller goes away: the change is still made (secret and settings agree), only the answer is dropped.
        auto *context = new QObject;
        bool answered = false;
        m_store->add(Profile::create(QStringLiteral("Orphan"), m_sandbox->url()),
                     ProfileSecrets::token(QStringLiteral("orphan-token")), context,
                     [&answered](ProfileResult<Profile>) { answered = true; });
        delete context;
        QTRY_VERIFY(m_store->find(QStringLiteral("Orphan")).has_value());
        QTest::qWait(50);
        QVERIFY(!answered);
        QCOMPARE(secrets(m_store->find(QStringLiteral("Orphan"))->id)->personalAccessToken,
                 QStringLiteral("orphan-token"));
    }

    void colorMarkers()
    {
        auto guess = [](const char *name, const char *url) {
            return guessProfileColor(QString::fromLatin1(name), QUrl(QString::fromLatin1(url)));
        };
        QCOMPARE(guess("Production", "https://id.example.com"), ProfileColor::Red);
        QCOMPARE(guess("Customer", "https://zitadel.prod.example.com"), ProfileColor::Red);
        QCOMPARE(guess("EU prod-1", "https://a.example"), ProfileColor::Red);
        QCOMPARE(guess("Staging", "https://a.example"), ProfileColor::Orange);
        QCOMPARE(guess("Laptop", "http://localhost:8080"), ProfileColor::Green);
        QCOMPARE(guess("Product catalog", "https://a.example"), ProfileColor::Blue);
        QCOMPARE(Profile::create(QStringLiteral("prod"), QUrl()).color, ProfileColor::Red);
        QCOMPARE(Profile::sandbox().color, ProfileColor::Green);
        for (ProfileColor c : allProfileColors()) {
            QVERIFY(profileColorFromKey(profileColorKey(c)) == c);
            QVERIFY(profileColorHex(c).startsWith(QLatin1Char('#')));
            QVERIFY(!profileColorDisplayName(c).isEmpty());
        }
        for (auth::Method m :
             {auth::Method::PersonalAccessToken, auth::Method::ServiceUserKey, auth::Method::ClientCredentials})
            QVERIFY(authMethodFromKey(authMethodKey(m)) == m);
    }
};

TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(QCoreApplication, TestProfiles)

#include "tst_profiles.moc"
