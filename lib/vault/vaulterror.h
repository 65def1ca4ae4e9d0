#pragma once

#include "common/expected.h"

#include <QString>

namespace targetdesk::vault
{

// Why a vault or audit-log operation failed. The kind lets callers react (ask for the passphrase again, tell the user
// the keychain is locked); the message is for people and never contains key material or passphrases.
struct VaultError {
    enum class Kind {
        NotFound,            // no such entry in the index, or its secret is missing from the keychain
        KeychainUnavailable, // no Secret Service / keychain backend (e.g. no session bus)
        AccessDenied,        // the user or the keychain refused access
        Keychain,            // any other keychain failure
        InvalidKey,          // not a usable private key, or a key that does not match its entry
        PassphraseRequired,  // an encrypted key file and no passphrase
        WrongPassphrase,     // the passphrase does not decrypt the key file
        InvalidArgument,     // an empty passphrase or fingerprint, a null key
        Exists,              // the output file exists and overwriting was not allowed
        Io,                  // the index, the audit log or a key file cannot be read or written
        Busy,                // another process kept the vault index locked past the wait: try again
    };

    Kind kind = Kind::Keychain;
    QString message;
};

// A value or a VaultError.
template <typename T>
using VaultResult = Expected<T, VaultError>;

} // namespace targetdesk::vault
