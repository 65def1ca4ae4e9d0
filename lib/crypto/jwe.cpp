#include "jwe.h"

#include "base64url.h"
#include "joseheader.h"
#include "joseprimitives.h"
#include "jwkinternal.h"
#include "opensslptr.h"
#include "securememory.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <QJsonDocument>

namespace targetdesk::crypto
{

namespace
{

using BnPtr = std::unique_ptr<BIGNUM, OpensslDeleter<&BN_free>>;

QString jweHeaderName()
{
    return Messages::tr("The JWE header");
}

// The one message every integrity failure gets, whatever step failed.
QString couldNotDecrypt()
{
    return Messages::tr("Could not decrypt: the token was not encrypted to this key, or it was changed.");
}

JoseError decryptionFailed(const QString &detail)
{
    ERR_clear_error();
    return JoseError{JoseError::Kind::DecryptionFailed, couldNotDecrypt(), detail};
}

JoseError refused(const QString &message)
{
    return JoseError{JoseError::Kind::Refused, message, {}};
}

JoseError malformed(const QString &message)
{
    return JoseError{JoseError::Kind::Malformed, message, {}};
}

// Key wrap size in bytes for ECDH-ES+AxxxKW; 0 for direct ECDH-ES.
int keyWrapSize(const QString &alg)
{
    if (alg == QLatin1String("ECDH-ES+A128KW"))
        return 16;
    if (alg == QLatin1String("ECDH-ES+A192KW"))
        return 24;
    if (alg == QLatin1String("ECDH-ES+A256KW"))
        return 32;
    return 0;
}

bool isRsaAlg(const QString &alg)
{
    return alg == QLatin1String("RSA-OAEP-256") || alg == QLatin1String("RSA-OAEP");
}

bool isEcdhAlg(const QString &alg)
{
    return alg == QLatin1String("ECDH-ES") || keyWrapSize(alg) > 0;
}

// Why an alg is not accepted; empty when it is supported.
QString algRefusal(const QString &alg)
{
    if (isRsaAlg(alg) || isEcdhAlg(alg))
        return {};
    if (alg == QLatin1String("none"))
        return Messages::tr("The JWE algorithm \"none\" is refused: it is not encryption.");
    if (alg == QLatin1String("RSA1_5"))
        return Messages::tr("The JWE algorithm \"RSA1_5\" is refused: RSA PKCS#1 v1.5 encryption is open to "
                            "padding-oracle attacks. ZITADEL uses RSA-OAEP-256.");
    if (alg.startsWith(QLatin1String("PBES2")))
        return Messages::tr("The JWE algorithm \"%1\" is refused: password-based encryption is not used by ZITADEL "
                            "and its iteration count lets a sender make decryption arbitrarily slow.")
            .arg(alg);
    if (alg == QLatin1String("dir"))
        return Messages::tr("The JWE algorithm \"dir\" is refused: it needs a shared symmetric key; ZITADEL encrypts "
                            "to a public key.");
    if (alg == QLatin1String("A128KW") || alg == QLatin1String("A192KW") || alg == QLatin1String("A256KW") ||
        alg.endsWith(QLatin1String("GCMKW")))
        return Messages::tr("The JWE algorithm \"%1\" is refused: it needs a shared symmetric key; ZITADEL encrypts "
                            "to a public key.")
            .arg(alg);
    return Messages::tr("The JWE algorithm \"%1\" is not supported.").arg(alg);
}

QString curveOf(const PrivateKey &key)
{
    return key.isEc() ? nistCurveName(ecGroupName(key.handle())) : QString();
}

JoseResult<QByteArray> rsaOaepDecrypt(const PrivateKey &key, const QString &alg, const QByteArray &encryptedKey)
{
    EVP_PKEY *pkey = key.handle();
    const int modulusBytes = EVP_PKEY_get_size(pkey);
    // A short or long encrypted key cannot come from this key: fail like any other integrity failure.
    if (encryptedKey.size() != modulusBytes)
        return decryptionFailed(Messages::tr("The encrypted key is %1 bytes long; an RSA %2 key encrypts to %3 bytes.")
                                    .arg(encryptedKey.size())
                                    .arg(EVP_PKEY_get_bits(pkey))
                                    .arg(modulusBytes));
    const char *digest = alg == QLatin1String("RSA-OAEP-256") ? "SHA256" : "SHA1";
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), digest, nullptr) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), digest, nullptr) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    // OpenSSL 3 wants room for a whole modulus, whatever the real plaintext size.
    QByteArray cek(modulusBytes, Qt::Uninitialized);
    size_t length = static_cast<size_t>(cek.size());
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char *>(cek.data()), &length,
                         reinterpret_cast<const unsigned char *>(encryptedKey.constData()),
                         static_cast<size_t>(encryptedKey.size())) != 1) {
        wipe(cek);
        return decryptionFailed(Messages::tr("%1 key decryption failed: the token was encrypted to another key, or "
                                             "its encrypted key was changed.")
                                    .arg(alg));
    }
    cek.resize(static_cast<qsizetype>(length));
    return cek;
}

JoseResult<PkeyPtr> publicKeyFrom(const QByteArray &input)
{
    PkeyPtr key;
    if (input.trimmed().startsWith("-----BEGIN")) {
        BioPtr bio = readBio(input);
        key.reset(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    } else {
        const unsigned char *der = reinterpret_cast<const unsigned char *>(input.constData());
        key.reset(d2i_PUBKEY(nullptr, &der, static_cast<long>(input.size())));
    }
    if (!key) {
        ERR_clear_error();
        return JoseError{JoseError::Kind::InvalidKey, Messages::tr("Not a public key."), {}};
    }
    return key;
}

QByteArray randomBytes(int size)
{
    QByteArray out(size, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), size) != 1)
        return {};
    return out;
}

QByteArray coordinate(EVP_PKEY *key, const char *name, int size)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    BnPtr number(raw);
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(number.get(), reinterpret_cast<unsigned char *>(out.data()), size) != size)
        return {};
    return out;
}

// validatePeer: false only for a peer key that ecPeerKeyFromJwk has just validated (checking twice costs a
// scalar multiplication per token).
QByteArray ecdhSharedSecret(EVP_PKEY *own, EVP_PKEY *peer, bool validatePeer)
{
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, validatePeer ? 1 : 0) != 1 ||
        EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1) {
        ERR_clear_error();
        return {};
    }
    QByteArray z(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char *>(z.data()), &length) != 1) {
        wipe(z);
        ERR_clear_error();
        return {};
    }
    z.resize(static_cast<qsizetype>(length));
    return z;
}

} // namespace

JoseResult<Jwe> Jwe::parse(QByteArrayView compact, const JoseLimits &limits)
{
    JoseResult<QList<QByteArrayView>> parts = splitCompact(compact, 5, limits, Messages::tr("A JWE"));
    if (!parts)
        return parts.error();
    JoseResult<QJsonObject> header =
        decodeHeader(parts->at(0), limits, jweHeaderName(),
                     {"alg", "enc", "zip", "kid", "typ", "cty", "apu", "apv", "jku", "x5u", "x5t", "x5t#S256"});
    if (!header)
        return header.error();
    if (std::optional<JoseError> missing = requireString(*header, "alg", jweHeaderName()))
        return *missing;
    if (std::optional<JoseError> missing = requireString(*header, "enc", jweHeaderName()))
        return *missing;

    Jwe jwe;
    jwe.m_header = *header;
    jwe.m_encodedHeader = parts->at(0).toByteArray();
    const QString alg = jwe.alg();
    const QString enc = jwe.enc();
    if (const QString why = algRefusal(alg); !why.isEmpty())
        return refused(why);
    if (contentKeySize(enc) == 0)
        return refused(Messages::tr("The JWE content encryption \"%1\" is not supported.").arg(enc));
    if (header->contains(QLatin1String("zip")) && jwe.zip() != QLatin1String("DEF"))
        return refused(Messages::tr("The JWE compression \"%1\" is not supported (only \"DEF\").").arg(jwe.zip()));
    if (isEcdhAlg(alg)) {
        if (!header->value(QLatin1String("epk")).isObject())
            return malformed(
                Messages::tr("The JWE header has no ephemeral public key (\"epk\"), which %1 needs.").arg(alg));
        const QJsonObject epk = header->value(QLatin1String("epk")).toObject();
        if (epk.value(QLatin1String("kty")).toString() != QLatin1String("EC") ||
            opensslGroupOfCurve(epk.value(QLatin1String("crv")).toString()).isEmpty())
            return refused(
                Messages::tr("The ephemeral public key (epk) must be an EC key on P-256, P-384 or P-521 "
                             "(it is \"%1\" on \"%2\").")
                    .arg(epk.value(QLatin1String("kty")).toString(), epk.value(QLatin1String("crv")).toString()));
        for (const char *name : {"apu", "apv"}) {
            const QJsonValue value = header->value(QLatin1String(name));
            if (value.isString() && !base64UrlDecode(value.toString().toLatin1()))
                return malformed(Messages::tr("The \"%1\" member of the JWE header is not valid base64url.")
                                     .arg(QLatin1String(name)));
        }
    }

    JoseResult<QByteArray> encryptedKey = decodePart(parts->at(1), Messages::tr("The JWE encrypted key"));
    JoseResult<QByteArray> iv = decodePart(parts->at(2), Messages::tr("The JWE IV"));
    JoseResult<QByteArray> ciphertext = decodePart(parts->at(3), Messages::tr("The JWE ciphertext"));
    JoseResult<QByteArray> tag = decodePart(parts->at(4), Messages::tr("The JWE authentication tag"));
    for (const auto *part : {&encryptedKey, &iv, &ciphertext, &tag}) {
        if (!*part)
            return part->error();
    }
    const bool direct = alg == QLatin1String("ECDH-ES");
    if (direct && !encryptedKey->isEmpty())
        return malformed(Messages::tr("A JWE with ECDH-ES must have an empty encrypted key part."));
    if (!direct && encryptedKey->isEmpty())
        return malformed(Messages::tr("The JWE encrypted key part is empty."));
    if (iv->size() != contentIvSize(enc))
        return malformed(Messages::tr("The JWE IV is %1 bytes long; %2 uses %3 bytes.")
                             .arg(iv->size())
                             .arg(enc)
                             .arg(contentIvSize(enc)));
    if (tag->size() != contentTagSize(enc))
        return malformed(Messages::tr("The JWE authentication tag is %1 bytes long; %2 uses %3 bytes.")
                             .arg(tag->size())
                             .arg(enc)
                             .arg(contentTagSize(enc)));
    jwe.m_encryptedKey = *encryptedKey;
    jwe.m_iv = *iv;
    jwe.m_ciphertext = *ciphertext;
    jwe.m_tag = *tag;
    return jwe;
}

QString Jwe::alg() const
{
    return m_header.value(QLatin1String("alg")).toString();
}

QString Jwe::enc() const
{
    return m_header.value(QLatin1String("enc")).toString();
}

QString Jwe::kid() const
{
    return m_header.value(QLatin1String("kid")).toString();
}

QString Jwe::typ() const
{
    return m_header.value(QLatin1String("typ")).toString();
}

QString Jwe::cty() const
{
    return m_header.value(QLatin1String("cty")).toString();
}

QString Jwe::zip() const
{
    return m_header.value(QLatin1String("zip")).toString();
}

bool Jwe::isKeyAgreement() const
{
    return isEcdhAlg(alg());
}

QString Jwe::ephemeralCurve() const
{
    if (!isKeyAgreement())
        return {};
    return m_header.value(QLatin1String("epk")).toObject().value(QLatin1String("crv")).toString();
}

bool Jwe::keyFits(const PrivateKey &key, QString *why) const
{
    QString reason;
    if (key.isNull()) {
        reason = Messages::tr("no key");
    } else if (isRsaAlg(alg())) {
        if (!key.isRsa())
            reason = Messages::tr("%1 needs an RSA key, not %2.").arg(alg(), key.description());
    } else if (isKeyAgreement()) {
        if (!key.isEc())
            reason = Messages::tr("%1 needs an EC key on %2, not %3.").arg(alg(), ephemeralCurve(), key.description());
        else if (curveOf(key) != ephemeralCurve())
            reason = Messages::tr("The token's ephemeral key is on %1; the key is %2.")
                         .arg(ephemeralCurve(), key.description());
    } else {
        reason = Messages::tr("unsupported algorithm");
    }
    if (why)
        *why = reason;
    return reason.isEmpty();
}

JoseResult<QByteArray> Jwe::decrypt(const PrivateKey &key, const JoseLimits &limits) const
{
    if (m_encodedHeader.isEmpty())
        return malformed(Messages::tr("No JWE to decrypt."));
    const QString alg = this->alg();
    const QString enc = this->enc();
    QByteArray cek;
    if (isRsaAlg(alg)) {
        QString why;
        if (!keyFits(key, &why))
            return JoseError{JoseError::Kind::KeyMismatch, why, {}};
        JoseResult<QByteArray> unwrapped = rsaOaepDecrypt(key, alg, m_encryptedKey);
        if (!unwrapped)
            return unwrapped.error();
        cek = std::move(unwrapped).value();
    } else {
        if (!key.isEc())
            return JoseError{JoseError::Kind::KeyMismatch,
                             Messages::tr("%1 needs an EC key, not %2.").arg(alg, key.description()),
                             {}};
        const auto member = [this](const char *name) {
            return base64UrlDecode(m_header.value(QLatin1String(name)).toString().toLatin1()).value_or(QByteArray());
        };
        const int wrapSize = keyWrapSize(alg);
        const bool direct = wrapSize == 0;
        JoseResult<QByteArray> derived =
            ecdhEsDeriveKey(key, m_header.value(QLatin1String("epk")).toObject(), (direct ? enc : alg).toLatin1(),
                            member("apu"), member("apv"), (direct ? contentKeySize(enc) : wrapSize) * 8);
        if (!derived)
            return derived.error();
        if (direct) {
            cek = std::move(derived).value();
        } else {
            std::optional<QByteArray> unwrapped = aesKeyUnwrap(*derived, m_encryptedKey);
            QByteArray kek = std::move(derived).value();
            wipe(kek);
            if (!unwrapped)
                return decryptionFailed(Messages::tr("AES key unwrap failed: the wrapped key does not pass its "
                                                     "integrity check (another key, or the token was changed)."));
            cek = std::move(*unwrapped);
        }
    }

    if (cek.size() != contentKeySize(enc)) {
        const qsizetype size = cek.size();
        wipe(cek);
        return decryptionFailed(Messages::tr("The decrypted content key is %1 bytes long; %2 needs %3.")
                                    .arg(size)
                                    .arg(enc)
                                    .arg(contentKeySize(enc)));
    }
    std::optional<QByteArray> plaintext = decryptContent(enc, cek, m_iv, m_encodedHeader, m_ciphertext, m_tag);
    wipe(cek);
    if (!plaintext)
        return decryptionFailed(Messages::tr("%1 content decryption failed: the authentication tag does not match "
                                             "(the header, IV, ciphertext or tag was changed, or the key is wrong).")
                                    .arg(enc));
    if (zip() != QLatin1String("DEF"))
        return std::move(*plaintext);
    bool tooLarge = false;
    std::optional<QByteArray> inflated = rawInflate(*plaintext, limits.maxInflatedSize, &tooLarge);
    wipe(*plaintext);
    if (tooLarge)
        return refused(Messages::tr("The compressed payload inflates to more than %1 bytes: refused.")
                           .arg(limits.maxInflatedSize));
    if (!inflated)
        return decryptionFailed(Messages::tr("The payload is marked \"zip\":\"DEF\" but is not valid DEFLATE data."));
    return std::move(*inflated);
}

JoseResult<QByteArray> ecdhEsDeriveKey(const PrivateKey &key, const QJsonObject &epk, QByteArrayView algorithmId,
                                       QByteArrayView partyUInfo, QByteArrayView partyVInfo, int keyBits)
{
    if (!key.isEc())
        return JoseError{JoseError::Kind::KeyMismatch, Messages::tr("ECDH-ES needs an EC key."), {}};
    // Validate the sender's ephemeral key before it touches our private key.
    JoseResult<EVP_PKEY *> peer = ecPeerKeyFromJwk(epk, Messages::tr("The ephemeral public key (epk)"));
    if (!peer) {
        JoseError error = peer.error();
        if (error.kind == JoseError::Kind::Refused)
            error.kind = JoseError::Kind::InvalidKey;
        return error;
    }
    const QString ownCurve = curveOf(key);
    const QString peerCurve = epk.value(QLatin1String("crv")).toString();
    if (ownCurve != peerCurve)
        return JoseError{JoseError::Kind::InvalidKey,
                         Messages::tr("The ephemeral public key (epk) is on %1, but the key is on %2.")
                             .arg(peerCurve, ownCurve.isEmpty() ? key.description() : ownCurve),
                         {}};
    QByteArray z = ecdhSharedSecret(key.handle(), *peer, false);
    if (z.isEmpty())
        return decryptionFailed(Messages::tr("ECDH key agreement failed."));
    std::optional<QByteArray> derived = concatKdf(z, algorithmId, partyUInfo, partyVInfo, keyBits);
    wipe(z);
    if (!derived)
        return JoseError{JoseError::Kind::Internal, Messages::tr("The Concat KDF failed."), {}};
    return std::move(*derived);
}

JoseResult<QByteArray> encryptJwe(QByteArrayView plaintext, const QByteArray &publicKey, const JweEncryption &how)
{
    JoseResult<PkeyPtr> recipient = publicKeyFrom(publicKey);
    if (!recipient)
        return recipient.error();
    EVP_PKEY *peer = recipient->get();
    const bool rsa = EVP_PKEY_is_a(peer, "RSA");
    const QString alg = !how.alg.isEmpty() ? how.alg
                        : rsa              ? QStringLiteral("RSA-OAEP-256")
                                           : QStringLiteral("ECDH-ES+A256KW");
    if (!(rsa ? isRsaAlg(alg) : isEcdhAlg(alg) && EVP_PKEY_is_a(peer, "EC")) || contentKeySize(how.enc) == 0)
        return refused(Messages::tr("Cannot encrypt with %1 / %2 to %3.").arg(alg, how.enc, describeKey(peer)));

    QJsonObject header = how.extraHeader;
    header.insert(QStringLiteral("alg"), alg);
    header.insert(QStringLiteral("enc"), how.enc);
    if (!how.kid.isEmpty())
        header.insert(QStringLiteral("kid"), how.kid);
    if (!how.typ.isEmpty())
        header.insert(QStringLiteral("typ"), how.typ);
    if (!how.cty.isEmpty())
        header.insert(QStringLiteral("cty"), how.cty);
    if (how.deflate)
        header.insert(QStringLiteral("zip"), QStringLiteral("DEF"));

    QByteArray cek = randomBytes(contentKeySize(how.enc));
    QByteArray encryptedKey;
    if (rsa) {
        const char *digest = alg == QLatin1String("RSA-OAEP-256") ? "SHA256" : "SHA1";
        PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, peer, nullptr));
        size_t length = static_cast<size_t>(EVP_PKEY_get_size(peer));
        encryptedKey.resize(static_cast<qsizetype>(length));
        if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), digest, nullptr) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), digest, nullptr) != 1 ||
            EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(encryptedKey.data()), &length,
                             reinterpret_cast<const unsigned char *>(cek.constData()),
                             static_cast<size_t>(cek.size())) != 1)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
        encryptedKey.resize(static_cast<qsizetype>(length));
    } else {
        const QByteArray group = ecGroupName(peer);
        const QString crv = nistCurveName(group);
        const int size = curveFieldBytes(crv);
        PkeyPtr ephemeral(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group.constData()));
        if (!ephemeral || size == 0)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
        QJsonObject epk{
            {QStringLiteral("kty"), QStringLiteral("EC")},
            {QStringLiteral("crv"), crv},
            {QStringLiteral("x"),
             QString::fromLatin1(base64UrlEncode(coordinate(ephemeral.get(), OSSL_PKEY_PARAM_EC_PUB_X, size)))},
            {QStringLiteral("y"),
             QString::fromLatin1(base64UrlEncode(coordinate(ephemeral.get(), OSSL_PKEY_PARAM_EC_PUB_Y, size)))}};
        header.insert(QStringLiteral("epk"), epk);
        QByteArray z = ecdhSharedSecret(ephemeral.get(), peer, true);
        const int wrapSize = keyWrapSize(alg);
        const bool direct = wrapSize == 0;
        std::optional<QByteArray> derived = concatKdf(z, (direct ? how.enc : alg).toLatin1(), {}, {},
                                                      (direct ? contentKeySize(how.enc) : wrapSize) * 8);
        wipe(z);
        if (!derived)
            return JoseError{JoseError::Kind::Internal, Messages::tr("ECDH-ES key derivation failed."), {}};
        if (direct) {
            wipe(cek);
            cek = *derived;
        } else {
            std::optional<QByteArray> wrapped = aesKeyWrap(*derived, cek);
            wipe(*derived);
            if (!wrapped)
                return JoseError{JoseError::Kind::Internal, Messages::tr("AES key wrap failed."), {}};
            encryptedKey = *wrapped;
        }
    }

    const QByteArray encodedHeader = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact));
    const QByteArray iv = randomBytes(contentIvSize(how.enc));
    const QByteArray body = how.deflate ? rawDeflate(plaintext) : plaintext.toByteArray();
    std::optional<EncryptedContent> content = encryptContent(how.enc, cek, iv, encodedHeader, body);
    wipe(cek);
    if (!content)
        return JoseError{JoseError::Kind::Internal, Messages::tr("Content encryption failed."), {}};
    return QByteArray(encodedHeader + '.' + base64UrlEncode(encryptedKey) + '.' + base64UrlEncode(iv) + '.' +
                      base64UrlEncode(content->ciphertext) + '.' + base64UrlEncode(content->tag));
}

} // namespace targetdesk::crypto
