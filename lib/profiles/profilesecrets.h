#pragma once

#include "profileerror.h"

#include "api/auth/authprovider.h"

#include <QByteArray>
#include <QString>

namespace targetdesk::profiles
{

// The secret a profile authenticates with. Lives only in memory and in the OS keychain; only the field of the
// profile's method is stored, the others are ignored. Wiped on destruction (copies made by QString/QByteArray
// sharing are the same buffer; the keychain's own copies are outside our reach).
struct ProfileSecrets {
    QString personalAccessToken; // PersonalAccessToken
    QByteArray serviceUserKey;   // ServiceUserKey: the key file's JSON, as imported
    QString clientSecret;        // ClientCredentials
    // Not a secret: Profile::connectionBinding() of the profile the secret was stored for (empty in entries written
    // before bindings existed).
    QString binding;

    ProfileSecrets() = default;
    ProfileSecrets(const ProfileSecrets &) = default;
    ProfileSecrets(ProfileSecrets &&) = default;
    ProfileSecrets &operator=(const ProfileSecrets &) = default;
    ProfileSecrets &operator=(ProfileSecrets &&) = default;
    ~ProfileSecrets();

    [[nodiscard]] static ProfileSecrets token(const QString &personalAccessToken);
    [[nodiscard]] static ProfileSecrets keyFile(const QByteArray &serviceUserKeyJson);
    [[nodiscard]] static ProfileSecrets client(const QString &clientSecret);

    // The secret for `method` is set.
    [[nodiscard]] bool has(auth::Method method) const;
    // Only the field for `method`.
    [[nodiscard]] ProfileSecrets only(auth::Method method) const;
    void wipe();

    // The keychain entry's content: {"personalAccessToken": ..., "binding": ...} with the one field of `method` (empty
    // when that field is empty).
    [[nodiscard]] QByteArray toKeychainData(auth::Method method) const;
    [[nodiscard]] static ProfileResult<ProfileSecrets> fromKeychainData(const QByteArray &data);
};

} // namespace targetdesk::profiles
