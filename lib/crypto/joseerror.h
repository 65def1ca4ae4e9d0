#pragma once

#include "common/expected.h"

#include <QString>

namespace targetdesk::crypto
{

// Hard limits for untrusted JOSE input. The defaults fit every payload ZITADEL sends with a wide margin.
struct JoseLimits {
    qsizetype maxCompactSize = 8 * 1024 * 1024;   // a whole compact token
    qsizetype maxHeaderSize = 16 * 1024;          // one decoded protected header
    int maxHeaderDepth = 8;                       // nesting of a header ({"epk":{...}} is 2)
    qsizetype maxInflatedSize = 16 * 1024 * 1024; // plaintext after "zip":"DEF"
};

// Why a JOSE operation failed. kind decides the CLI exit class; message is safe to show anywhere (for integrity
// failures it is deliberately the same generic text); detail may say more, for a local user looking at their own
// capture (which step failed), and is never needed to decide anything.
struct JoseError {
    enum class Kind {
        Malformed,        // structure, base64url, JSON, missing or ill-typed header fields
        TooLarge,         // input, header or nesting beyond a hard limit
        Refused,          // alg / enc / zip / crit we do not implement or refuse on purpose, inflate cap exceeded
        KeyMismatch,      // the key cannot be used for this token (type, curve, size)
        InvalidKey,       // a key in the token or JWKS is not valid (ephemeral point off the curve, bad JWK)
        DecryptionFailed, // wrong key or changed token: one generic message
        NoKey,            // JWS: no key in the JWKS fits the kid and alg
        SignatureInvalid, // JWS signature does not verify
        Internal,         // OpenSSL failed where it should not
    };

    Kind kind = Kind::Internal;
    QString message;
    QString detail;
};

// A value or a JoseError.
template <typename T>
using JoseResult = Expected<T, JoseError>;

} // namespace targetdesk::crypto
