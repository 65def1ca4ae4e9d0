#pragma once

#include "crypto/privatekey.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

// Just enough JWT for RFC 7523 client assertions: RS256 signing with OpenSSL's EVP_DigestSign. Kept apart from
// lib/crypto's JOSE code on purpose: the assertion needs nothing else, and the sandbox verifies it with its own code.
namespace targetdesk::auth
{

// A compact JWS "header.claims.signature" signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256). `alg` is set in the
// header; the key must be RSA.
[[nodiscard]] crypto::CryptoResult<QByteArray> signRs256(QJsonObject header, const QJsonObject &claims,
                                                         const crypto::PrivateKey &key);

// What goes into a service user's assertion (ZITADEL's JWT profile grant).
struct AssertionClaims {
    QString keyId;    // header kid
    QString userId;   // iss and sub
    QString audience; // aud: the instance's issuer URL
    QDateTime issuedAt = QDateTime::currentDateTimeUtc();
    std::chrono::seconds lifetime{3600};
};

// The signed assertion: header {alg RS256, kid, typ JWT}, claims {iss, sub, aud, iat, exp}. Secret while valid.
[[nodiscard]] crypto::CryptoResult<QByteArray> makeAssertion(const AssertionClaims &claims,
                                                             const crypto::PrivateKey &key);

} // namespace targetdesk::auth
