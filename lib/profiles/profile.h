#pragma once

#include "profileerror.h"

#include "api/auth/authprovider.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace targetdesk::profiles
{

// The marker colour of a profile (window title, switcher), so production is never mistaken for staging. A small
// fixed palette: the names are stable keys for the settings file and the command line.
enum class ProfileColor { Red, Orange, Yellow, Green, Blue, Purple, Grey };

[[nodiscard]] QList<ProfileColor> allProfileColors();
// "red", "orange", ...: stored in the settings file.
[[nodiscard]] QString profileColorKey(ProfileColor color);
[[nodiscard]] std::optional<ProfileColor> profileColorFromKey(const QString &key);
// Translated, for menus: "Red".
[[nodiscard]] QString profileColorDisplayName(ProfileColor color);
// "#rrggbb" (lib/ has no QColor): QColor(profileColorHex(c)) in the GUI.
[[nodiscard]] QString profileColorHex(ProfileColor color);
// A default from the words in the name and the URL's host: production red, staging and test orange, development
// and loopback hosts green, anything else blue.
[[nodiscard]] ProfileColor guessProfileColor(const QString &name, const QUrl &instanceUrl);

// "personal-access-token", "service-user-key", "client-credentials": stored in the settings file, accepted by the
// command line.
[[nodiscard]] QString authMethodKey(auth::Method method);
[[nodiscard]] std::optional<auth::Method> authMethodFromKey(const QString &key);
// Translated: "Personal access token", "Service-user key file", "Client credentials".
[[nodiscard]] QString authMethodDisplayName(auth::Method method);

// The checks every connection's instance URL must pass: http or https, a host, no user name or password (they
// would end up in the settings file), and plain http only to loopback hosts unless `insecure` is set.
[[nodiscard]] ProfileResult<QUrl> checkInstanceUrl(const QUrl &url, bool insecure);

// One ZITADEL instance to connect to, with everything about it except the secret (which lives in the keychain,
// see ProfileStore). A plain value: edit a copy and hand it back to ProfileStore::update().
struct Profile {
    QString id; // stable across renames; a UUID without braces ("sandbox" for the built-in profile)
    QString name;
    QUrl instanceUrl;
    auth::Method method = auth::Method::PersonalAccessToken;

    // Not secret, kept in the settings file so a profile can be shown without unlocking the keychain.
    QString serviceUserId;  // the key file's userId (ServiceUserKey)
    QString keyId;          // the key file's keyId (ServiceUserKey)
    QDateTime keyExpiresAt; // the key file's expirationDate, when it states one (ServiceUserKey)
    QString clientId;       // ClientCredentials

    // TLS trust for this instance on top of the system's CA store.
    QByteArray caCertificatesPem; // one or more CA certificates (PEM), empty for none
    QByteArray pinnedSha256;      // 32 raw bytes of the pinned server certificate's SHA-256, empty for none
    // Plain http to a host that is not loopback is allowed. Shown wherever the profile is, never hidden.
    bool insecure = false;

    ProfileColor color = ProfileColor::Blue;
    bool builtInSandbox = false; // the built-in profile of the local sandbox: not stored, not removable
    // The keychain entry that holds the secret; empty: "profile <id>" (profiles stored before entries rotated). Set
    // by ProfileStore: every new secret goes to a new entry, which the settings then point at.
    QString secretEntry;

    // A new profile: fresh id, colour guessed from the name and URL.
    [[nodiscard]] static Profile create(const QString &name, const QUrl &instanceUrl,
                                        auth::Method method = auth::Method::PersonalAccessToken);
    // The built-in sandbox profile. Its URL is the running sandbox's, known only once it listens; empty otherwise.
    [[nodiscard]] static Profile sandbox(const QUrl &instanceUrl = QUrl());
    [[nodiscard]] static QString sandboxId();

    // http to a host that is not loopback, allowed by `insecure`: the GUI shows a warning marker for it.
    [[nodiscard]] bool usesInsecureHttp() const;
    // For people, without secrets: "service user 2718 (key 3141)", "client my-client", "personal access token".
    [[nodiscard]] QString authSummary() const;
    // A digest of where the secret may be sent: the instance URL and the TLS settings (CA certificates, pin,
    // insecure). Stored with the secret in the keychain: a settings file edited by another program cannot redirect
    // the secret to another host or weaken TLS without the digest failing to match.
    [[nodiscard]] QString connectionBinding() const;

    bool operator==(const Profile &other) const = default;
};

} // namespace targetdesk::profiles
