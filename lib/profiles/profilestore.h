#pragma once

#include "profile.h"
#include "profileerror.h"
#include "profilesecrets.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QSettings;

namespace targetdesk::profiles
{

// Where a ProfileStore keeps things. Tests point both somewhere private.
struct ProfileStoreSettings {
    // An INI file; empty: QSettings' native place for organisation "Targetdesk", application "profiles" (shared by
    // the GUI and the CLI, whatever their application names).
    QString settingsPath;
    QString keychainService; // the keychain "service" the secrets are filed under

    // Native settings location, service "Targetdesk" (the vault's; the entry names do not collide).
    [[nodiscard]] static ProfileStoreSettings defaults();
};

// The connection profiles. Everything but the secrets lives in QSettings; each profile's secret (token, key file,
// client secret) lives only in the OS keychain under "profile <id>", so the settings file can be read, backed up
// and synced without leaking anything.
//
// The built-in sandbox profile is always offered (last in profiles()); it is never stored and cannot be changed
// or removed. Reading (profiles(), find(), lastUsed()) and reordering are synchronous and read the settings file
// afresh, so a CLI and the GUI can share it. Everything that touches the keychain is asynchronous: the callback runs
// later (never inside the call) on this object's thread and is dropped when `context` is destroyed; the operation
// itself completes anyway, so the settings and the keychain stay consistent.
class ProfileStore : public QObject
{
    Q_OBJECT
public:
    explicit ProfileStore(QObject *parent = nullptr);
    explicit ProfileStore(const ProfileStoreSettings &settings, QObject *parent = nullptr);
    ~ProfileStore() override;

    [[nodiscard]] const ProfileStoreSettings &settings() const { return m_config; }
    // The settings file actually used (for "profiles list" and support questions).
    [[nodiscard]] QString settingsFilePath() const;

    // --- Reading (synchronous) -----------------------------------------------------------------------------------
    // The user's profiles in their order, then the built-in sandbox.
    [[nodiscard]] QList<Profile> profiles() const;
    // Only the stored ones.
    [[nodiscard]] QList<Profile> userProfiles() const;
    [[nodiscard]] std::optional<Profile> profile(const QString &id) const;
    // By id, else by name (case-insensitive): what --profile NAME looks up. "sandbox" finds the built-in profile.
    [[nodiscard]] std::optional<Profile> find(const QString &nameOrId) const;
    // Non-empty when the settings file exists but cannot be read.
    [[nodiscard]] QString settingsError() const;

    // The profile used last; the sandbox when none was recorded or it was removed (never a guess at a real instance).
    [[nodiscard]] Profile lastUsed() const;
    [[nodiscard]] QString lastUsedId() const;
    ProfileResult<Profile> setLastUsed(const QString &id);

    // Moves a user profile to `index` among the user profiles (clamped). The sandbox stays last.
    ProfileResult<Profile> move(const QString &id, int index);

    // --- Changes with the keychain (asynchronous) ----------------------------------------------------------------
    // Stores a new profile (a fresh id when `profile.id` is empty) at the end, and its secret for its method when
    // one is given. A service-user key file is validated and its userId, keyId and expiration are copied into the
    // profile. Delivers the profile as stored.
    void add(const Profile &profile, const ProfileSecrets &secrets, QObject *context, ProfileCallback<Profile> done);
    // Replaces the stored profile with the same id. `secrets`: nullopt keeps the keychain entry as it is; a value
    // replaces it (an empty secret for the method deletes it).
    void update(const Profile &profile, const std::optional<ProfileSecrets> &secrets, QObject *context,
                ProfileCallback<Profile> done);
    // A copy right after the original: new id, name "<name> (copy)" (or "(copy 2)", ...), the secret copied in the
    // keychain. Delivers the copy.
    void duplicate(const QString &id, QObject *context, ProfileCallback<Profile> done);
    // Deletes the profile and its keychain entry. The profile stays when the keychain cannot delete the entry, so
    // no secret is left behind unlisted. Irreversible: ask the user first. Delivers the removed profile.
    void remove(const QString &id, QObject *context, ProfileCallback<Profile> done);
    // The profile's secrets (only the field of its method is set). MissingSecret when the keychain holds none for
    // its method. The built-in sandbox has no stored secret: ask sandbox::connectClient() instead.
    void loadSecrets(const QString &id, QObject *context, ProfileCallback<ProfileSecrets> done);
    // Switches the profile to service-user key authentication with this key file (JSON {"type":"serviceaccount",
    // "keyId","key","userId"}): the content goes to the keychain, userId and keyId to the profile.
    void importServiceUserKey(const QString &id, const QByteArray &keyFileJson, QObject *context,
                              ProfileCallback<Profile> done);
    void importServiceUserKeyFile(const QString &id, const QString &path, QObject *context,
                                  ProfileCallback<Profile> done);

Q_SIGNALS:
    // A profile was added, changed, moved, duplicated or removed through this object. Views re-read profiles().
    void profilesChanged();
    void lastUsedChanged(const QString &id);

private:
    using Change = std::function<ProfileResult<Profile>(QList<Profile> &)>;

    [[nodiscard]] static QString secretKey(const QString &id);
    // The keychain entry of a stored profile, and a new one for it.
    [[nodiscard]] static QString entryOf(const Profile &profile);
    [[nodiscard]] static QString freshEntry(const QString &id);
    QList<Profile> readProfiles() const;
    std::optional<ProfileError> writeProfiles(const QList<Profile> &profiles);
    // Writes pending changes of the settings file, then flushes its directory (QSettings replaces it by a rename).
    std::optional<ProfileError> syncSettings();
    // Applies `change` to a freshly read list and writes it back; emits profilesChanged() on success.
    ProfileResult<Profile> changeProfiles(const Change &change);
    // What a stored profile must satisfy among `others` (which may contain the profile itself).
    [[nodiscard]] std::optional<ProfileError> checkStorable(const Profile &profile, const QList<Profile> &others) const;
    // "<name> (copy)", or "(copy 2)", ... when that is taken.
    [[nodiscard]] static QString copyName(const QString &name, const QList<Profile> &profiles);
    // Takes userId, keyId and expiration from a key file in `secrets` (ServiceUserKey method only).
    [[nodiscard]] static std::optional<ProfileError> adoptKeyFile(Profile &profile, const ProfileSecrets &secrets);

    // Writes the secret of the profile's method to `entry`, bound to the profile's URL and TLS settings.
    void writeSecret(const QString &entry, const Profile &profile, const ProfileSecrets &secrets,
                     std::function<void(std::optional<ProfileError>)> done);
    // Deletes the entries one after the other (absent ones are fine); the first failure ends it.
    void removeEntries(const QStringList &entries, std::function<void(std::optional<ProfileError>)> done);
    // add() (`adding`, placed after the profile `after` or last) and update().
    void save(Profile profile, const std::optional<ProfileSecrets> &secrets, bool adding, const QString &after,
              QObject *context, ProfileCallback<Profile> done);

    ProfileStoreSettings m_config;
    QSettings *m_settings;
};

} // namespace targetdesk::profiles
