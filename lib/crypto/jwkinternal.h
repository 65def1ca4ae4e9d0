#pragma once

// Internal to lib/crypto: turning JWK members into OpenSSL keys.

#include "joseerror.h"
#include "opensslptr.h"

#include <QJsonObject>

namespace targetdesk::crypto
{

// The OpenSSL group name of a JWK "crv" ("P-256" -> "prime256v1"); empty for other curves.
QByteArray opensslGroupOfCurve(const QString &crv);
// Field size in bytes of a NIST curve ("P-521": 66); 0 for others.
int curveFieldBytes(const QString &crv);
// An EC public key from "crv", "x", "y", with the point validated (on the curve, not infinity). Errors are
// Malformed (members missing or of the wrong size), Refused (curve) or InvalidKey (not a valid point).
JoseResult<PkeyPtr> ecPublicKeyFromJwk(const QJsonObject &object, const QString &what);
// The same validation for the sender's ephemeral key of an ECDH-ES token, without building a key object per token:
// the key returned belongs to this thread and holds the point until the next call on it. Never hand it on.
JoseResult<EVP_PKEY *> ecPeerKeyFromJwk(const QJsonObject &object, const QString &what);

} // namespace targetdesk::crypto
