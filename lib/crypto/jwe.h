#pragma once

#include "joseerror.h"
#include "privatekey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace targetdesk::crypto
{

// A JWE in compact serialization (RFC 7516), parsed and checked but not yet decrypted. Supported: alg RSA-OAEP-256,
// RSA-OAEP, ECDH-ES, ECDH-ES+A128KW/A192KW/A256KW (P-256/P-384/P-521); enc A128GCM/A192GCM/A256GCM,
// A128CBC-HS256/A192CBC-HS384/A256CBC-HS512; zip DEF. Everything else is refused with a reason. Immutable and
// thread-safe: one Jwe may be decrypted with several keys from several threads.
class Jwe
{
public:
    Jwe() = default;

    // Errors: Malformed / TooLarge (structure, base64url, JSON, header fields), Refused (alg, enc, zip, crit).
    [[nodiscard]] static JoseResult<Jwe> parse(QByteArrayView compact, const JoseLimits &limits = {});

    [[nodiscard]] const QJsonObject &header() const { return m_header; }
    [[nodiscard]] QString alg() const;
    [[nodiscard]] QString enc() const;
    [[nodiscard]] QString kid() const;
    [[nodiscard]] QString typ() const;
    [[nodiscard]] QString cty() const;
    [[nodiscard]] QString zip() const;
    [[nodiscard]] bool isKeyAgreement() const;
    // The curve of the ephemeral key ("P-256") for ECDH-ES*; empty otherwise.
    [[nodiscard]] QString ephemeralCurve() const;
    // The five parts as sent (base64url) and decoded.
    [[nodiscard]] QByteArray encodedHeader() const { return m_encodedHeader; }
    [[nodiscard]] QByteArray encryptedKey() const { return m_encryptedKey; }
    [[nodiscard]] QByteArray iv() const { return m_iv; }
    [[nodiscard]] QByteArray ciphertext() const { return m_ciphertext; }
    [[nodiscard]] QByteArray tag() const { return m_tag; }

    // Whether the key's type can decrypt this token: RSA for RSA-OAEP*, EC on the ephemeral key's curve for
    // ECDH-ES*. why says what would fit, for people.
    [[nodiscard]] bool keyFits(const PrivateKey &key, QString *why = nullptr) const;

    // Decrypts (and inflates) the plaintext. Errors: KeyMismatch, InvalidKey (ephemeral key not a valid point of
    // the key's curve), DecryptionFailed (wrong key or changed token: always the same message; detail names the
    // step), Refused (inflated size over limits.maxInflatedSize). Secrets in between are wiped.
    [[nodiscard]] JoseResult<QByteArray> decrypt(const PrivateKey &key, const JoseLimits &limits = {}) const;

private:
    QJsonObject m_header;
    QByteArray m_encodedHeader;
    QByteArray m_encryptedKey;
    QByteArray m_iv;
    QByteArray m_ciphertext;
    QByteArray m_tag;
};

// ECDH-ES key derivation (RFC 7518 §4.6): ECDH of key with the ephemeral public key epk (validated first), then the
// Concat KDF. algorithmId is the "enc" value for direct ECDH-ES, else the "alg" value.
[[nodiscard]] JoseResult<QByteArray> ecdhEsDeriveKey(const PrivateKey &key, const QJsonObject &epk,
                                                     QByteArrayView algorithmId, QByteArrayView partyUInfo,
                                                     QByteArrayView partyVInfo, int keyBits);

// How encryptJwe builds a token; the defaults are what ZITADEL sends.
struct JweEncryption {
    QString alg; // empty: RSA-OAEP-256 for RSA keys, ECDH-ES+A256KW for EC keys
    QString enc = QStringLiteral("A256GCM");
    QString kid;                         // omitted when empty
    QString typ = QStringLiteral("JWT"); // omitted when empty
    QString cty = QStringLiteral("JWT"); // omitted when empty
    bool deflate = false;                // "zip":"DEF"
    QJsonObject extraHeader;             // more protected header members (tests: "crit", odd values)
};

// Encrypts plaintext to a public key (DER SubjectPublicKeyInfo or PEM) in compact serialization: for the sandbox
// and for tests. Only the supported algorithms.
[[nodiscard]] JoseResult<QByteArray> encryptJwe(QByteArrayView plaintext, const QByteArray &publicKey,
                                                const JweEncryption &how = {});

} // namespace targetdesk::crypto
