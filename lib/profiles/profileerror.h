#pragma once

#include "common/expected.h"

#include <QString>

#include <functional>

namespace targetdesk::profiles
{

// Why a profile operation failed. The kind lets callers react (open the editor on the URL field, ask for the
// secret again, say the keychain is locked); the message is for people and never contains a secret.
struct ProfileError {
    enum class Kind {
        NotFound,            // no profile with this id or name
        BuiltIn,             // the built-in sandbox profile cannot be changed, duplicated into its place or removed
        InvalidProfile,      // an empty or taken name, a damaged CA certificate, a pin that is not SHA-256
        InvalidUrl,          // no instance URL, not http(s), no host, or credentials inside the URL
        InsecureUrl,         // plain http to a host that is not loopback without the profile's `insecure` flag
        MissingSecret,       // the keychain holds no secret for the profile's authentication method
        InvalidSecret,       // a key file that is not a usable service-user key, an empty client id
        KeychainUnavailable, // no Secret Service / keychain backend
        AccessDenied,        // the user or the keychain refused access
        Keychain,            // any other keychain failure
        Io,                  // the settings file cannot be written
        BindingMismatch,     // the URL or TLS settings differ from those the secret was stored with: not sent
    };

    Kind kind = Kind::InvalidProfile;
    QString message;
};

// A value or a ProfileError.
template <typename T>
using ProfileResult = Expected<T, ProfileError>;

template <typename T>
using ProfileCallback = std::function<void(ProfileResult<T>)>;

} // namespace targetdesk::profiles
