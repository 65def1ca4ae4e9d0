#pragma once

#include "common/expected.h"

#include <QString>

namespace targetdesk::crypto
{

// Why a crypto operation failed. The kind lets callers react (ask for a passphrase again, map to a CLI exit code);
// the message is for people and already translated.
struct CryptoError {
    enum class Kind {
        InvalidInput,       // empty, garbage, truncated or damaged input
        NotAPublicKey,      // a private key, certificate request, OpenPGP/SSH key... where a public key was expected
        NotAPrivateKey,     // a public key or certificate where a private key was expected
        UnsupportedKey,     // a well-formed key ZITADEL cannot use (Ed25519, DSA, DH, RSA-PSS, ...)
        TooLarge,           // input beyond the size limit
        PassphraseRequired, // an encrypted private key and no passphrase
        WrongPassphrase,    // the passphrase does not decrypt the key
        Internal,           // OpenSSL failed where it should not (out of memory, missing provider)
    };

    Kind kind = Kind::Internal;
    QString message;
};

// A value or a CryptoError.
template <typename T>
using CryptoResult = Expected<T, CryptoError>;

} // namespace targetdesk::crypto
