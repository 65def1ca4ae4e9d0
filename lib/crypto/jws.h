#pragma once

#include "joseerror.h"
#include "jwk.h"
#include "privatekey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace targetdesk::crypto
{

// A JWS in compact serialization (RFC 7515), e.g. the JWT ZITADEL signs with its web key. Parsing never looks at
// the signature, so an unverified payload can still be shown (and is reported as unverified). Immutable and
// thread-safe.
class Jws
{
public:
    Jws() = default;

    // Errors: Malformed / TooLarge (structure, base64url, JSON, missing "alg").
    [[nodiscard]] static JoseResult<Jws> parse(QByteArrayView compact, const JoseLimits &limits = {});

    [[nodiscard]] const QJsonObject &header() const { return m_header; }
    [[nodiscard]] QString alg() const;
    [[nodiscard]] QString kid() const;
    [[nodiscard]] QString typ() const;
    [[nodiscard]] QString cty() const;
    // The decoded payload (the JSON body for ZITADEL's JWTs).
    [[nodiscard]] QByteArray payload() const { return m_payload; }
    [[nodiscard]] QByteArray signature() const { return m_signature; }

    // Verifies with the JWKS: the keys with the token's kid (or, without a kid, every key), of the type the token's
    // alg needs. The token's alg never chooses the key type: a key is only used for the algorithms of its own type
    // (and its own "alg" if it names one), so HS256 with a public key, alg "none" and unknown algorithms always
    // fail. Returns the key that verified. Errors: Refused (alg none / HS* / unknown, crit), NoKey (no key with
    // that kid, or none that fits the alg), SignatureInvalid.
    [[nodiscard]] JoseResult<Jwk> verify(const Jwks &jwks) const;
    // Verifies with one key, with the same rules.
    [[nodiscard]] JoseResult<Jwk> verifyWith(const Jwk &key) const;

private:
    QJsonObject m_header;
    QByteArray m_signingInput;
    QByteArray m_payload;
    QByteArray m_signature;
};

// Whether a JWS alg may be verified with this key, and if not why (for people).
[[nodiscard]] bool jwsKeyFits(const QString &alg, const Jwk &key, QString *why = nullptr);

// Signs payload in compact serialization with RS256/384/512, PS256/384/512 or ES256/384/512 (the curve must match):
// for the sandbox and tests. Header: alg, kid (when not empty), typ (when not empty) and extraHeader.
[[nodiscard]] JoseResult<QByteArray> signJws(QByteArrayView payload, const PrivateKey &key, const QString &alg,
                                             const QString &kid = {}, const QString &typ = QStringLiteral("JWT"),
                                             const QJsonObject &extraHeader = {});

} // namespace targetdesk::crypto
