#pragma once

#include "joseerror.h"
#include "privatekey.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

struct evp_pkey_st;

namespace targetdesk::crypto
{

// A public key from a JWK (RFC 7517): RSA, EC on P-256/P-384/P-521, or OKP Ed25519/Ed448. Immutable; copies share
// the OpenSSL key, which may be used from several threads at once.
class Jwk
{
public:
    Jwk() = default;

    // Reads the public members; private members ("d", ...) are ignored. Symmetric ("oct") keys are refused: a
    // verifier that accepts them can be tricked into HMAC-with-the-public-key.
    [[nodiscard]] static JoseResult<Jwk> fromJson(const QJsonObject &object);
    // A JWK for a public key given as PEM or DER SubjectPublicKeyInfo (RSA, EC P-256/384/521, Ed25519/Ed448), e.g.
    // a signing key file instead of a JWKS.
    [[nodiscard]] static JoseResult<Jwk> fromPublicKey(const QByteArray &pemOrDer, const QString &kid = {});

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] QString kid() const { return m_kid; }
    [[nodiscard]] QString kty() const { return m_kty; }
    // "P-256", "Ed25519"; empty for RSA.
    [[nodiscard]] QString crv() const { return m_crv; }
    // The JWK's own "alg" and "use" when present: a key pinned to one algorithm or use is only used for that.
    [[nodiscard]] QString alg() const { return m_alg; }
    [[nodiscard]] QString use() const { return m_use; }
    [[nodiscard]] int bits() const;
    // "RSA 2048", "EC P-256", "Ed25519".
    [[nodiscard]] QString description() const;
    // RFC 7638 thumbprint (SHA-256, base64url): names a key that has no kid.
    [[nodiscard]] QString thumbprint() const { return m_thumbprint; }
    // The public members as read.
    [[nodiscard]] QJsonObject json() const { return m_json; }

    // For lib/ code; owned by this object.
    [[nodiscard]] evp_pkey_st *handle() const { return m_key.get(); }

private:
    std::shared_ptr<evp_pkey_st> m_key;
    QString m_kid;
    QString m_kty;
    QString m_crv;
    QString m_alg;
    QString m_use;
    QString m_thumbprint;
    QJsonObject m_json;
};

// A JWK Set such as ZITADEL's /oauth/v2/keys. Keys that cannot be read are skipped with a note, so one odd key
// does not hide the others.
class Jwks
{
public:
    Jwks() = default;

    // {"keys":[...]} or a single JWK object.
    [[nodiscard]] static JoseResult<Jwks> parse(QByteArrayView json, const JoseLimits &limits = {});
    [[nodiscard]] static Jwks fromKeys(const QList<Jwk> &keys);

    [[nodiscard]] const QList<Jwk> &keys() const { return m_keys; }
    [[nodiscard]] bool isEmpty() const { return m_keys.isEmpty(); }
    // Every key with this kid (normally one).
    [[nodiscard]] QList<Jwk> keysWithKid(const QString &kid) const;
    // Why keys were skipped, for people.
    [[nodiscard]] const QStringList &notes() const { return m_notes; }

private:
    QList<Jwk> m_keys;
    QStringList m_notes;
};

// A private RSA or EC key given as a JWK (RSA with its CRT members, EC with "d"), e.g. the RFC 7520 examples or a
// key file in JWK form. Checked like any other key (PrivateKey::fromPem).
[[nodiscard]] JoseResult<PrivateKey> privateKeyFromJwk(const QJsonObject &object);

} // namespace targetdesk::crypto
