#pragma once

#include "deliveryrequest.h"

#include <QJsonObject>
#include <QString>

namespace targetdesk::delivery
{

// Key ids of the local test key start with this: a JWT signed with it does not verify against an instance's JWKS.
inline constexpr QLatin1StringView localTestKeyIdPrefix{"targetdesk-test-"};

// A signer for test deliveries without an instance key: an RSA-2048 RS256 key made once per process (the first call
// generates it and may take a moment; later calls return the same key), kid "targetdesk-test-" + the first 8
// characters of its RFC 7638 thumbprint. Thread-safe. The key never leaves the process.
[[nodiscard]] JwtSigner localTestSigner();

// Starts making the local test key on a worker thread, so a later localTestSigner() does not wait.
void prepareLocalTestSigner();

// {"keys":[the local test key's public JWK with kid, alg RS256, use sig]}: what a receiver needs to verify JWTs
// signed with it.
[[nodiscard]] QJsonObject localTestJwks();

// Whether a JWT signed with this kid was signed with the local test key.
[[nodiscard]] bool isLocalTestKeyId(const QString &kid);

} // namespace targetdesk::delivery
