#include "profilestore.h"

#include "api/auth/serviceuserkey.h"
#include "api/tlsoptions.h"
#include "common/syncdirectory.h"
#include "vault/keychain.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QUuid>

#include <algorithm>
#include <cstring>

namespace targetdesk::profiles
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::profiles)
};

constexpr int kFormatVersion = 1;
// A key file is well under 4 KiB; anything this large is something else.
constexpr qint64 kMaxKeyFileSize = 64 * 1024;

const QString kProfilesArray = QStringLiteral("profiles");
const QString kLastUsed = QStringLiteral("lastUsed");
const QString kFormat = QStringLiteral("formatVersion");

// A callback with the context it was given for: dropped once that context is gone.
template <typename T>
struct Reply {
    Reply(QObject *context, ProfileCallback<T> done) : context(context), hasContext(context), done(std::move(done)) {}
    [[nodiscard]] bool wanted() const { return done && (!hasContext || context); }

    QPointer<QObject> context;
    bool hasContext;
    ProfileCallback<T> done;
};

// Always later, never inside the call that started the operation.
template <typename T>
void post(QObject *self, const Reply<T> &reply, ProfileResult<T> result)
{
    if (!reply.wanted())
        return;
    QMetaObject::invokeMethod(
        self,
        [reply, result = std::move(result)]() mutable {
            if (reply.wanted())
                reply.done(std::move(result));
        },
        Qt::QueuedConnection);
}

ProfileError fromVault(const vault::VaultError &error)
{
    using K = vault::VaultError::Kind;
    switch (error.kind) {
    case K::NotFound:
        return {ProfileError::Kind::MissingSecret, error.message};
    case K::KeychainUnavailable:
        return {ProfileError::Kind::KeychainUnavailable, error.message};
    case K::AccessDenied:
        return {ProfileError::Kind::AccessDenied, error.message};
    default:
        return {ProfileError::Kind::Keychain, error.message};
    }
}

QString secretNoun(auth::Method method)
{
    switch (method) {
    case auth::Method::PersonalAccessToken:
        return Messages::tr("personal access token");
    case auth::Method::ServiceUserKey:
        return Messages::tr("service-user key file");
    case auth::Method::ClientCredentials:
        return Messages::tr("client secret");
    }
    return {};
}

ProfileError missingSecret(const Profile &profile)
{
    return {ProfileError::Kind::MissingSecret,
            Messages::tr("The keychain holds no %1 for the profile \"%2\"; enter it in the profile")
                .arg(secretNoun(profile.method), profile.name)};
}

ProfileError notFound(const QString &id)
{
    return {ProfileError::Kind::NotFound, Messages::tr("There is no profile \"%1\"").arg(id)};
}

ProfileError builtIn()
{
    return {ProfileError::Kind::BuiltIn, Messages::tr("The built-in sandbox profile cannot be changed or removed")};
}

void writeProfile(QSettings &s, const Profile &p)
{
    s.setValue(QStringLiteral("id"), p.id);
    s.setValue(QStringLiteral("name"), p.name);
    s.setValue(QStringLiteral("url"), p.instanceUrl.toString(QUrl::FullyEncoded));
    s.setValue(QStringLiteral("method"), authMethodKey(p.method));
    s.setValue(QStringLiteral("serviceUserId"), p.serviceUserId);
    s.setValue(QStringLiteral("keyId"), p.keyId);
    s.setValue(QStringLiteral("keyExpiresAt"),
               p.keyExpiresAt.isValid() ? p.keyExpiresAt.toString(Qt::ISODateWithMs) : QString());
    s.setValue(QStringLiteral("clientId"), p.clientId);
    s.setValue(QStringLiteral("caCertificates"), QString::fromLatin1(p.caCertificatesPem));
    s.setValue(QStringLiteral("pinnedSha256"),
               p.pinnedSha256.isEmpty() ? QString() : formatSha256Fingerprint(p.pinnedSha256));
    s.setValue(QStringLiteral("insecure"), p.insecure);
    s.setValue(QStringLiteral("color"), profileColorKey(p.color));
    s.setValue(QStringLiteral("secretEntry"), p.secretEntry);
}

std::optional<Profile> readProfile(const QSettings &s)
{
    Profile p;
    p.id = s.value(QStringLiteral("id")).toString();
    if (p.id.isEmpty() || p.id == Profile::sandboxId())
        return std::nullopt;
    p.name = s.value(QStringLiteral("name")).toString();
    p.instanceUrl = QUrl(s.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
    // An unknown method (a newer version wrote it) reads as a token profile without a token: it asks for one.
    p.method =
        authMethodFromKey(s.value(QStringLiteral("method")).toString()).value_or(auth::Method::PersonalAccessToken);
    p.serviceUserId = s.value(QStringLiteral("serviceUserId")).toString();
    p.keyId = s.value(QStringLiteral("keyId")).toString();
    const QString expires = s.value(QStringLiteral("keyExpiresAt")).toString();
    if (!expires.isEmpty())
        p.keyExpiresAt = QDateTime::fromString(expires, Qt::ISODateWithMs);
    p.clientId = s.value(QStringLiteral("clientId")).toString();
    p.caCertificatesPem = s.value(QStringLiteral("caCertificates")).toString().toLatin1();
    p.pinnedSha256 = parseSha256Fingerprint(s.value(QStringLiteral("pinnedSha256")).toString()).value_or(QByteArray());
    p.insecure = s.value(QStringLiteral("insecure"), false).toBool();
    p.color = profileColorFromKey(s.value(QStringLiteral("color")).toString())
                  .value_or(guessProfileColor(p.name, p.instanceUrl));
    // Only entries of this profile: a hand-edited file cannot point it at another profile's secret.
    const QString entry = s.value(QStringLiteral("secretEntry")).toString();
    if (entry.startsWith(QStringLiteral("profile ") + p.id + QLatin1Char(' ')))
        p.secretEntry = entry;
    return p;
}

ProfileError bindingMismatch(const Profile &profile)
{
    return {ProfileError::Kind::BindingMismatch,
            Messages::tr("The instance URL or TLS settings (CA certificates, pinned certificate, insecure http) of the "
                         "profile \"%1\" are not the ones its secret was stored with: the profiles file was changed "
                         "outside Targetdesk. The secret is not sent. Check the profile's URL and TLS settings, then "
                         "enter its secret again to confirm them.")
                .arg(profile.name)};
}

// Created owner-only before QSettings first writes it (QSettings keeps the permissions of an existing file).
void restrictSettingsFile(const QString &path)
{
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.exists()) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            file.close();
    }
    if (file.exists())
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace

ProfileStoreSettings ProfileStoreSettings::defaults()
{
    return {QString(), QStringLiteral("Targetdesk")};
}

ProfileStore::ProfileStore(QObject *parent) : ProfileStore(ProfileStoreSettings::defaults(), parent) {}

ProfileStore::ProfileStore(const ProfileStoreSettings &settings, QObject *parent)
    : QObject(parent), m_config(settings),
      m_settings(settings.settingsPath.isEmpty()
                     ? new QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("Targetdesk"),
                                     QStringLiteral("profiles"), this)
                     : new QSettings(settings.settingsPath, QSettings::IniFormat, this))
{
    if (m_config.keychainService.isEmpty())
        m_config.keychainService = ProfileStoreSettings::defaults().keychainService;
}

ProfileStore::~ProfileStore() = default;

QString ProfileStore::settingsFilePath() const
{
    return m_settings->fileName();
}

QString ProfileStore::secretKey(const QString &id)
{
    return QStringLiteral("profile ") + id;
}

QString ProfileStore::entryOf(const Profile &profile)
{
    return profile.secretEntry.isEmpty() ? secretKey(profile.id) : profile.secretEntry;
}

QString ProfileStore::freshEntry(const QString &id)
{
    return secretKey(id) + QLatin1Char(' ') + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

// --- Reading --------------------------------------------------------------------------------------------------------

QString ProfileStore::settingsError() const
{
    m_settings->sync();
    switch (m_settings->status()) {
    case QSettings::NoError:
        return {};
    case QSettings::AccessError:
        return Messages::tr("Cannot read or write the profiles file %1").arg(m_settings->fileName());
    case QSettings::FormatError:
        return Messages::tr("The profiles file %1 is damaged; move it away to start afresh (the secrets stay in "
                            "the keychain)")
            .arg(m_settings->fileName());
    }
    return {};
}

QList<Profile> ProfileStore::readProfiles() const
{
    m_settings->sync();
    QList<Profile> out;
    const int count = m_settings->beginReadArray(kProfilesArray);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        auto p = readProfile(*m_settings);
        if (!p)
            continue;
        // Hand-edited files may repeat an id; the first one wins so ids stay unique.
        const bool seen = std::any_of(out.cbegin(), out.cend(), [&](const Profile &o) { return o.id == p->id; });
        if (!seen)
            out.append(std::move(*p));
    }
    m_settings->endArray();
    return out;
}

QList<Profile> ProfileStore::userProfiles() const
{
    return readProfiles();
}

QList<Profile> ProfileStore::profiles() const
{
    QList<Profile> out = readProfiles();
    out.append(Profile::sandbox());
    return out;
}

std::optional<Profile> ProfileStore::profile(const QString &id) const
{
    for (const Profile &p : profiles()) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

std::optional<Profile> ProfileStore::find(const QString &nameOrId) const
{
    const QList<Profile> all = profiles();
    for (const Profile &p : all) {
        if (p.id == nameOrId)
            return p;
    }
    const QString wanted = nameOrId.trimmed();
    for (const Profile &p : all) {
        if (p.name.trimmed().compare(wanted, Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

QString ProfileStore::lastUsedId() const
{
    m_settings->sync();
    return m_settings->value(kLastUsed).toString();
}

Profile ProfileStore::lastUsed() const
{
    if (auto p = profile(lastUsedId()))
        return *p;
    return Profile::sandbox();
}

ProfileResult<Profile> ProfileStore::setLastUsed(const QString &id)
{
    auto p = profile(id);
    if (!p)
        return notFound(id);
    if (lastUsedId() == id)
        return *p;
    restrictSettingsFile(m_settings->fileName());
    m_settings->setValue(kLastUsed, id);
    if (auto error = syncSettings())
        return *error;
    Q_EMIT lastUsedChanged(id);
    return *p;
}

// --- Writing the settings -------------------------------------------------------------------------------------------

std::optional<ProfileError> ProfileStore::writeProfiles(const QList<Profile> &profiles)
{
    restrictSettingsFile(m_settings->fileName());
    m_settings->remove(kProfilesArray);
    m_settings->setValue(kFormat, kFormatVersion);
    m_settings->beginWriteArray(kProfilesArray, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        m_settings->setArrayIndex(i);
        writeProfile(*m_settings, profiles.at(i));
    }
    m_settings->endArray();
    return syncSettings();
}

std::optional<ProfileError> ProfileStore::syncSettings()
{
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return ProfileError{ProfileError::Kind::Io,
                            Messages::tr("Cannot write the profiles file %1").arg(m_settings->fileName())};
    if (const int error = syncDirectoryOf(m_settings->fileName()))
        return ProfileError{
            ProfileError::Kind::Io,
            Messages::tr("Cannot flush the directory of the profiles file %1: %2")
                .arg(QDir::toNativeSeparators(m_settings->fileName()), QString::fromLocal8Bit(std::strerror(error)))};
    return std::nullopt;
}

ProfileResult<Profile> ProfileStore::changeProfiles(const Change &change)
{
    if (const QString error = settingsError(); !error.isEmpty())
        return ProfileError{ProfileError::Kind::Io, error};
    QList<Profile> list = readProfiles();
    const QList<Profile> before = list;
    auto changed = change(list);
    if (!changed)
        return changed;
    if (auto error = writeProfiles(list)) {
        // QSettings keeps a failed write pending and would write it later: put the old list back in its place.
        writeProfiles(before);
        return *error;
    }
    Q_EMIT profilesChanged();
    return changed;
}

ProfileResult<Profile> ProfileStore::move(const QString &id, int index)
{
    if (id == Profile::sandboxId())
        return builtIn();
    return changeProfiles([&](QList<Profile> &list) -> ProfileResult<Profile> {
        for (qsizetype from = 0; from < list.size(); ++from) {
            if (list.at(from).id != id)
                continue;
            list.move(from, std::clamp<qsizetype>(index, 0, list.size() - 1));
            return list.at(std::clamp<qsizetype>(index, 0, list.size() - 1));
        }
        return notFound(id);
    });
}

std::optional<ProfileError> ProfileStore::checkStorable(const Profile &profile, const QList<Profile> &others) const
{
    if (profile.builtInSandbox || profile.id == Profile::sandboxId())
        return builtIn();
    const QString name = profile.name.trimmed();
    if (name.isEmpty())
        return ProfileError{ProfileError::Kind::InvalidProfile, Messages::tr("A profile needs a name")};
    if (name.compare(Profile::sandbox().name, Qt::CaseInsensitive) == 0 ||
        name.compare(Profile::sandboxId(), Qt::CaseInsensitive) == 0)
        return ProfileError{ProfileError::Kind::InvalidProfile,
                            Messages::tr("\"%1\" is the name of the built-in sandbox profile").arg(name)};
    for (const Profile &o : others) {
        if (o.id != profile.id && o.name.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return ProfileError{ProfileError::Kind::InvalidProfile,
                                Messages::tr("There is already a profile named \"%1\"").arg(name)};
    }
    // The only URL problem refused here: a password in the URL would be written to the settings file. The rest
    // (no URL yet, plain http) is reported when connecting, so an unfinished profile can be saved.
    if (!profile.instanceUrl.userInfo().isEmpty())
        return checkInstanceUrl(profile.instanceUrl, profile.insecure).error();
    if (!profile.caCertificatesPem.isEmpty()) {
        QString error;
        if (readPemCertificates(profile.caCertificatesPem, &error).isEmpty())
            return ProfileError{ProfileError::Kind::InvalidProfile,
                                Messages::tr("The profile's CA certificates cannot be read: %1").arg(error)};
    }
    if (!profile.pinnedSha256.isEmpty() && profile.pinnedSha256.size() != 32)
        return ProfileError{ProfileError::Kind::InvalidProfile,
                            Messages::tr("A pinned certificate fingerprint is a SHA-256 (32 bytes)")};
    return std::nullopt;
}

// --- Changes with the keychain --------------------------------------------------------------------------------------

std::optional<ProfileError> ProfileStore::adoptKeyFile(Profile &profile, const ProfileSecrets &secrets)
{
    if (profile.method != auth::Method::ServiceUserKey || !secrets.has(auth::Method::ServiceUserKey))
        return std::nullopt;
    auto key = auth::ServiceUserKey::fromJson(secrets.serviceUserKey);
    if (!key)
        return ProfileError{ProfileError::Kind::InvalidSecret, key.error().message};
    profile.serviceUserId = key->userId();
    profile.keyId = key->keyId();
    profile.keyExpiresAt = key->expirationDate();
    return std::nullopt;
}

void ProfileStore::writeSecret(const QString &entry, const Profile &profile, const ProfileSecrets &secrets,
                               std::function<void(std::optional<ProfileError>)> done)
{
    ProfileSecrets bound = secrets.only(profile.method);
    bound.binding = profile.connectionBinding();
    vault::Keychain(m_config.keychainService)
        .write(entry, bound.toKeychainData(profile.method), this, [done](vault::VaultResult<QByteArray> r) {
            done(r ? std::nullopt : std::optional<ProfileError>(fromVault(r.error())));
        });
}

void ProfileStore::removeEntries(const QStringList &entries, std::function<void(std::optional<ProfileError>)> done)
{
    if (entries.isEmpty())
        return done(std::nullopt);
    const QString first = entries.first();
    const QStringList rest = entries.mid(1);
    vault::Keychain(m_config.keychainService).remove(first, this, [this, rest, done](vault::VaultResult<QByteArray> r) {
        // Already absent is what we wanted.
        if (!r && r.error().kind != vault::VaultError::Kind::NotFound)
            return done(fromVault(r.error()));
        removeEntries(rest, done);
    });
}

void ProfileStore::save(Profile profile, const std::optional<ProfileSecrets> &secrets, bool adding,
                        const QString &after, QObject *context, ProfileCallback<Profile> done)
{
    const Reply<Profile> reply(context, std::move(done));
    if (adding && profile.id.isEmpty())
        profile.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    profile.name = profile.name.trimmed();
    if (secrets) {
        if (auto error = adoptKeyFile(profile, *secrets))
            return post<Profile>(this, reply, *error);
    }
    QList<Profile> current = readProfiles();
    // The entry is the store's business: a new profile (or a copy) starts without one, an update keeps the stored
    // profile's until a new secret moves it.
    std::optional<Profile> old;
    if (!adding) {
        const auto it =
            std::find_if(current.cbegin(), current.cend(), [&profile](const Profile &p) { return p.id == profile.id; });
        if (it != current.cend())
            old = *it;
    }
    profile.secretEntry = old ? old->secretEntry : QString();
    const auto place = [this](const Profile &stored, bool add, const QString &anchorId) {
        return [this, stored, add, anchorId](QList<Profile> &list) -> ProfileResult<Profile> {
            if (auto error = checkStorable(stored, list))
                return *error;
            const auto same = [&stored](const Profile &p) { return p.id == stored.id; };
            const auto it = std::find_if(list.begin(), list.end(), same);
            if (!add) {
                if (it == list.end())
                    return notFound(stored.name);
                *it = stored;
                return stored;
            }
            if (it != list.end())
                return ProfileError{ProfileError::Kind::InvalidProfile,
                                    Messages::tr("There is already a profile with the id %1").arg(stored.id)};
            const auto anchor =
                std::find_if(list.begin(), list.end(), [&anchorId](const Profile &p) { return p.id == anchorId; });
            list.insert(anchor == list.end() ? list.end() : anchor + 1, stored);
            return stored;
        };
    };
    // Checked before the keychain is touched, and again when the list is written (it may have changed meanwhile).
    if (auto checked = place(profile, adding, after)(current); !checked)
        return post<Profile>(this, reply, checked.error());
    if (const QString error = settingsError(); !error.isEmpty())
        return post<Profile>(this, reply, ProfileError{ProfileError::Kind::Io, error});

    // Old entries to delete once the settings point elsewhere (the legacy name too, when an entry moves away from it).
    QStringList oldEntries;
    if (old) {
        oldEntries << entryOf(*old);
        if (!old->secretEntry.isEmpty())
            oldEntries << secretKey(old->id);
    }

    // A secret never moves in place: it goes to a new entry, the settings switch to it, then the old entry goes. If
    // the settings cannot be written, the new entry is removed and the old secret still works.
    const auto switchTo = [this, place, reply, adding, after, oldEntries](Profile stored, const QString &newEntry) {
        stored.secretEntry = newEntry;
        ProfileResult<Profile> result = changeProfiles(place(stored, adding, after));
        if (!result) {
            removeEntries({newEntry}, [](std::optional<ProfileError>) {});
            return post<Profile>(this, reply, std::move(result));
        }
        QStringList stale = oldEntries;
        stale.removeAll(newEntry);
        removeEntries(stale, [this, reply, result](std::optional<ProfileError>) {
            // The profile is saved; a leftover old entry is unreachable (the settings no longer name it).
            post<Profile>(this, reply, result);
        });
    };

    if (secrets && secrets->has(profile.method)) {
        const QString entry = freshEntry(profile.id);
        writeSecret(entry, profile, *secrets, [this, reply, switchTo, profile, entry](std::optional<ProfileError> e) {
            if (e)
                return post<Profile>(this, reply, *e);
            switchTo(profile, entry);
        });
        return;
    }
    if (secrets) {
        // An empty secret for the method: the settings first (without an entry), then the old entries go.
        profile.secretEntry.clear();
        ProfileResult<Profile> result = changeProfiles(place(profile, adding, after));
        if (!result)
            return post<Profile>(this, reply, std::move(result));
        removeEntries(oldEntries, [this, reply, result](std::optional<ProfileError> e) {
            post<Profile>(this, reply, e ? ProfileResult<Profile>(*e) : result);
        });
        return;
    }
    if (!old || old->connectionBinding() == profile.connectionBinding())
        return post<Profile>(this, reply, changeProfiles(place(profile, adding, after)));
    // The URL or TLS settings changed through the store: the secret moves to a new entry bound to them.
    const QString oldEntry = entryOf(*old);
    vault::Keychain(m_config.keychainService)
        .read(oldEntry, this, [this, reply, switchTo, place, profile, adding, after](vault::VaultResult<QByteArray> d) {
            if (!d && d.error().kind == vault::VaultError::Kind::NotFound)
                return post<Profile>(this, reply, changeProfiles(place(profile, adding, after)));
            if (!d)
                return post<Profile>(this, reply, fromVault(d.error()));
            auto stored = ProfileSecrets::fromKeychainData(*d);
            if (!stored)
                return post<Profile>(this, reply, stored.error());
            const QString entry = freshEntry(profile.id);
            // Keeps whatever field the entry holds: the method may have changed too.
            Profile holder = profile;
            for (const auth::Method m :
                 {auth::Method::PersonalAccessToken, auth::Method::ServiceUserKey, auth::Method::ClientCredentials}) {
                if (stored->has(m))
                    holder.method = m;
            }
            writeSecret(entry, holder, *stored, [this, reply, switchTo, profile, entry](std::optional<ProfileError> e) {
                if (e)
                    return post<Profile>(this, reply, *e);
                switchTo(profile, entry);
            });
        });
}

void ProfileStore::add(const Profile &profile, const ProfileSecrets &secrets, QObject *context,
                       ProfileCallback<Profile> done)
{
    save(profile, secrets, true, QString(), context, std::move(done));
}

void ProfileStore::update(const Profile &profile, const std::optional<ProfileSecrets> &secrets, QObject *context,
                          ProfileCallback<Profile> done)
{
    save(profile, secrets, false, QString(), context, std::move(done));
}

void ProfileStore::importServiceUserKey(const QString &id, const QByteArray &keyFileJson, QObject *context,
                                        ProfileCallback<Profile> done)
{
    auto p = profile(id);
    if (!p || p->builtInSandbox)
        return post<Profile>(this, Reply<Profile>(context, std::move(done)), p ? builtIn() : notFound(id));
    Profile changed = *p;
    changed.method = auth::Method::ServiceUserKey;
    changed.clientId.clear();
    save(changed, ProfileSecrets::keyFile(keyFileJson), false, QString(), context, std::move(done));
}

void ProfileStore::importServiceUserKeyFile(const QString &id, const QString &path, QObject *context,
                                            ProfileCallback<Profile> done)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxKeyFileSize) {
        const QString why =
            file.isOpen() ? Messages::tr("too large to be a service-user key file") : file.errorString();
        return post<Profile>(this, Reply<Profile>(context, std::move(done)),
                             ProfileError{ProfileError::Kind::InvalidSecret,
                                          Messages::tr("Cannot read the key file %1: %2").arg(path, why)});
    }
    // ProfileSecrets wipes its copy; the file's bytes are only in it.
    importServiceUserKey(id, ProfileSecrets::keyFile(file.readAll()).serviceUserKey, context, std::move(done));
}

void ProfileStore::loadSecrets(const QString &id, QObject *context, ProfileCallback<ProfileSecrets> done)
{
    const Reply<ProfileSecrets> reply(context, std::move(done));
    auto p = profile(id);
    if (!p || p->builtInSandbox) {
        return post<ProfileSecrets>(
            this, reply,
            p ? ProfileError{ProfileError::Kind::BuiltIn,
                             Messages::tr("The sandbox profile has no stored secret; the running sandbox issues one")}
              : notFound(id));
    }
    vault::Keychain(m_config.keychainService)
        .read(entryOf(*p), this, [this, reply, profile = *p](vault::VaultResult<QByteArray> data) {
            if (!data) {
                const bool absent = data.error().kind == vault::VaultError::Kind::NotFound;
                return post<ProfileSecrets>(this, reply, absent ? missingSecret(profile) : fromVault(data.error()));
            }
            auto secrets = ProfileSecrets::fromKeychainData(*data);
            if (secrets && !secrets->has(profile.method))
                return post<ProfileSecrets>(this, reply, missingSecret(profile));
            // The secret goes only where it was stored for: refuse it when the URL or TLS settings changed behind
            // the store's back.
            if (secrets && !secrets->binding.isEmpty() && secrets->binding != profile.connectionBinding())
                return post<ProfileSecrets>(this, reply, bindingMismatch(profile));
            if (secrets && secrets->binding.isEmpty()) {
                // An entry from before bindings: bind it to the settings as they are now (best effort).
                ProfileSecrets bound = secrets->only(profile.method);
                bound.binding = profile.connectionBinding();
                vault::Keychain(m_config.keychainService)
                    .write(entryOf(profile), bound.toKeychainData(profile.method), this,
                           [](vault::VaultResult<QByteArray>) {});
            }
            post<ProfileSecrets>(this, reply,
                                 secrets ? ProfileResult<ProfileSecrets>(secrets->only(profile.method))
                                         : ProfileResult<ProfileSecrets>(secrets.error()));
        });
}

QString ProfileStore::copyName(const QString &name, const QList<Profile> &profiles)
{
    auto taken = [&profiles](const QString &candidate) {
        return std::any_of(profiles.cbegin(), profiles.cend(), [&candidate](const Profile &p) {
            return p.name.trimmed().compare(candidate, Qt::CaseInsensitive) == 0;
        });
    };
    QString candidate = Messages::tr("%1 (copy)").arg(name);
    for (int n = 2; taken(candidate); ++n)
        candidate = Messages::tr("%1 (copy %2)").arg(name).arg(n);
    return candidate;
}

void ProfileStore::duplicate(const QString &id, QObject *context, ProfileCallback<Profile> done)
{
    const QList<Profile> list = readProfiles();
    const auto it = std::find_if(list.cbegin(), list.cend(), [&id](const Profile &p) { return p.id == id; });
    if (it == list.cend()) {
        return post<Profile>(this, Reply<Profile>(context, std::move(done)),
                             id == Profile::sandboxId() ? builtIn() : notFound(id));
    }
    Profile copy = *it;
    copy.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    copy.secretEntry.clear();
    copy.name = copyName(it->name, list);
    const Reply<Profile> reply(context, std::move(done));
    // The copy is made even when the caller goes away meanwhile; only the answer is dropped then.
    vault::Keychain(m_config.keychainService)
        .read(entryOf(*it), this, [this, id, copy, reply](vault::VaultResult<QByteArray> data) {
            if (!data && data.error().kind != vault::VaultError::Kind::NotFound)
                return post<Profile>(this, reply, fromVault(data.error()));
            std::optional<ProfileSecrets> secrets;
            if (data) {
                auto read = ProfileSecrets::fromKeychainData(*data);
                if (!read)
                    return post<Profile>(this, reply, read.error());
                secrets = read->only(copy.method);
            }
            const bool wanted = reply.wanted();
            save(copy, secrets, true, id, wanted ? reply.context.data() : this,
                 wanted ? reply.done : ProfileCallback<Profile>());
        });
}

void ProfileStore::remove(const QString &id, QObject *context, ProfileCallback<Profile> done)
{
    const Reply<Profile> reply(context, std::move(done));
    if (id == Profile::sandboxId())
        return post<Profile>(this, reply, builtIn());
    const auto stored = profile(id);
    if (!stored)
        return post<Profile>(this, reply, notFound(id));
    // The secret goes first: a profile that is still listed can be removed again, a secret without a profile is
    // forgotten in the keychain.
    QStringList entries{entryOf(*stored)};
    if (!stored->secretEntry.isEmpty())
        entries << secretKey(id);
    removeEntries(entries, [this, id, reply](std::optional<ProfileError> failed) {
        if (failed)
            return post<Profile>(this, reply, *failed);
        auto removed = changeProfiles([&id](QList<Profile> &list) -> ProfileResult<Profile> {
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (list.at(i).id == id)
                    return list.takeAt(i);
            }
            return notFound(id);
        });
        if (removed && lastUsedId() == id) {
            m_settings->remove(kLastUsed);
            // The profile is gone either way; a stale "last used" id only falls back to the sandbox.
            syncSettings();
            Q_EMIT lastUsedChanged(QString());
        }
        post<Profile>(this, reply, std::move(removed));
    });
}

} // namespace targetdesk::profiles
