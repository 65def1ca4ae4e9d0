#include "jws.h"

#include "base64url.h"
#include "joseheader.h"
#include "jwkinternal.h"
#include "opensslptr.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include <QJsonDocument>

namespace targetdesk::crypto
{

namespace
{

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpensslDeleter<&EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpensslDeleter<&ECDSA_SIG_free>>;

// RSA keys shorter than this are refused for signatures (RFC 7518 §3.3).
constexpr int minimumRsaBits = 2048;

struct AlgInfo {
    enum Family { None, Rsa, Pss, Ecdsa, EdDsa } family = None;
    const char *digest = nullptr; // nullptr for EdDSA
    QString curve;                // ECDSA: the curve the alg is bound to
};

AlgInfo algInfo(const QString &alg)
{
    if (alg == QLatin1String("RS256"))
        return {AlgInfo::Rsa, "SHA256", {}};
    if (alg == QLatin1String("RS384"))
        return {AlgInfo::Rsa, "SHA384", {}};
    if (alg == QLatin1String("RS512"))
        return {AlgInfo::Rsa, "SHA512", {}};
    if (alg == QLatin1String("PS256"))
        return {AlgInfo::Pss, "SHA256", {}};
    if (alg == QLatin1String("PS384"))
        return {AlgInfo::Pss, "SHA384", {}};
    if (alg == QLatin1String("PS512"))
        return {AlgInfo::Pss, "SHA512", {}};
    if (alg == QLatin1String("ES256"))
        return {AlgInfo::Ecdsa, "SHA256", QStringLiteral("P-256")};
    if (alg == QLatin1String("ES384"))
        return {AlgInfo::Ecdsa, "SHA384", QStringLiteral("P-384")};
    if (alg == QLatin1String("ES512"))
        return {AlgInfo::Ecdsa, "SHA512", QStringLiteral("P-521")};
    if (alg == QLatin1String("EdDSA"))
        return {AlgInfo::EdDsa, nullptr, {}};
    return {};
}

QString jwsHeaderName()
{
    return Messages::tr("The JWS header");
}

// Why an alg is never verified; empty for the supported ones.
QString algRefusal(const QString &alg)
{
    if (algInfo(alg).family != AlgInfo::None)
        return {};
    if (alg == QLatin1String("none"))
        return Messages::tr("The token is unsigned (\"alg\":\"none\"): it is never accepted as verified.");
    if (alg.startsWith(QLatin1String("HS")))
        return Messages::tr("The token claims \"%1\", an HMAC with a shared secret: refused. ZITADEL signs with its "
                            "public web keys, and checking an HMAC with a public key is a known forgery.")
            .arg(alg);
    return Messages::tr("The signature algorithm \"%1\" is not supported.").arg(alg);
}

bool verifySignature(const AlgInfo &info, EVP_PKEY *key, QByteArrayView input, QByteArray signature, int fieldBytes)
{
    if (info.family == AlgInfo::Ecdsa) {
        // JOSE sends r || s, each the field size; OpenSSL wants DER.
        if (signature.size() != 2 * fieldBytes)
            return false;
        const auto *raw = reinterpret_cast<const unsigned char *>(signature.constData());
        EcdsaSigPtr sig(ECDSA_SIG_new());
        BIGNUM *r = BN_bin2bn(raw, fieldBytes, nullptr);
        BIGNUM *s = BN_bin2bn(raw + fieldBytes, fieldBytes, nullptr);
        if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
            BN_free(r);
            BN_free(s);
            return false;
        }
        unsigned char *der = nullptr;
        const int length = i2d_ECDSA_SIG(sig.get(), &der);
        if (length <= 0)
            return false;
        signature = QByteArray(reinterpret_cast<const char *>(der), length);
        OPENSSL_free(der);
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, info.digest, nullptr, nullptr, key, nullptr) != 1)
        return false;
    if (info.family == AlgInfo::Pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                                        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
                                        EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, info.digest, nullptr) != 1))
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                            static_cast<size_t>(signature.size()),
                            reinterpret_cast<const unsigned char *>(input.data()),
                            static_cast<size_t>(input.size())) == 1;
}

QString keyName(const Jwk &key)
{
    return key.kid().isEmpty() ? key.thumbprint() : key.kid();
}

} // namespace

JoseResult<Jws> Jws::parse(QByteArrayView compact, const JoseLimits &limits)
{
    JoseResult<QList<QByteArrayView>> parts = splitCompact(compact, 3, limits, Messages::tr("A JWS"));
    if (!parts)
        return parts.error();
    JoseResult<QJsonObject> header =
        decodeHeader(parts->at(0), limits, jwsHeaderName(), {"alg", "kid", "typ", "cty", "jku", "x5u"}, false);
    if (!header)
        return header.error();
    if (std::optional<JoseError> missing = requireString(*header, "alg", jwsHeaderName()))
        return *missing;
    JoseResult<QByteArray> payload = decodePart(parts->at(1), Messages::tr("The JWS payload"));
    if (!payload)
        return payload.error();
    JoseResult<QByteArray> signature = decodePart(parts->at(2), Messages::tr("The JWS signature"));
    if (!signature)
        return signature.error();
    Jws jws;
    jws.m_header = *header;
    jws.m_signingInput = compact.first(parts->at(0).size() + 1 + parts->at(1).size()).toByteArray();
    jws.m_payload = *payload;
    jws.m_signature = *signature;
    return jws;
}

QString Jws::alg() const
{
    return m_header.value(QLatin1String("alg")).toString();
}

QString Jws::kid() const
{
    return m_header.value(QLatin1String("kid")).toString();
}

QString Jws::typ() const
{
    return m_header.value(QLatin1String("typ")).toString();
}

QString Jws::cty() const
{
    return m_header.value(QLatin1String("cty")).toString();
}

bool jwsKeyFits(const QString &alg, const Jwk &key, QString *why)
{
    const AlgInfo info = algInfo(alg);
    QString reason;
    if (key.isNull()) {
        reason = Messages::tr("no key");
    } else if (!key.alg().isEmpty() && key.alg() != alg) {
        reason = Messages::tr("the key %1 is for %2, the token uses %3").arg(keyName(key), key.alg(), alg);
    } else if (!key.use().isEmpty() && key.use() != QLatin1String("sig")) {
        reason = Messages::tr("the key %1 is for \"%2\", not signatures").arg(keyName(key), key.use());
    } else {
        switch (info.family) {
        case AlgInfo::Rsa:
        case AlgInfo::Pss:
            if (key.kty() != QLatin1String("RSA"))
                reason =
                    Messages::tr("%1 needs an RSA key; the key %2 is %3").arg(alg, keyName(key), key.description());
            else if (key.bits() < minimumRsaBits)
                reason = Messages::tr("the key %1 is %2: RSA keys shorter than %3 bits are refused")
                             .arg(keyName(key), key.description())
                             .arg(minimumRsaBits);
            break;
        case AlgInfo::Ecdsa:
            if (key.kty() != QLatin1String("EC") || key.crv() != info.curve)
                reason = Messages::tr("%1 needs an EC %2 key; the key %3 is %4")
                             .arg(alg, info.curve, keyName(key), key.description());
            break;
        case AlgInfo::EdDsa:
            if (key.kty() != QLatin1String("OKP"))
                reason = Messages::tr("EdDSA needs an OKP key; the key %1 is %2").arg(keyName(key), key.description());
            break;
        case AlgInfo::None:
            reason = algRefusal(alg);
            break;
        }
    }
    if (why)
        *why = reason;
    return reason.isEmpty();
}

JoseResult<Jwk> Jws::verifyWith(const Jwk &key) const
{
    return verify(Jwks::fromKeys({key}));
}

JoseResult<Jwk> Jws::verify(const Jwks &jwks) const
{
    const QString alg = this->alg();
    if (const QString why = algRefusal(alg); !why.isEmpty())
        return JoseError{JoseError::Kind::Refused, why, {}};
    if (std::optional<JoseError> crit = critNotUnderstood(m_header, jwsHeaderName()))
        return *crit;
    const QString kid = this->kid();
    const QList<Jwk> candidates = kid.isEmpty() ? jwks.keys() : jwks.keysWithKid(kid);
    if (candidates.isEmpty()) {
        QStringList known;
        for (const Jwk &key : jwks.keys())
            known.append(keyName(key));
        return JoseError{JoseError::Kind::NoKey,
                         kid.isEmpty()
                             ? Messages::tr("The JWKS holds no keys.")
                             : Messages::tr("The JWKS has no key with the kid \"%1\" (it has: %2).")
                                   .arg(kid, known.isEmpty() ? Messages::tr("none") : known.join(QStringLiteral(", "))),
                         {}};
    }
    const AlgInfo info = algInfo(alg);
    QStringList unfit;
    bool tried = false;
    for (const Jwk &key : candidates) {
        QString why;
        if (!jwsKeyFits(alg, key, &why)) {
            unfit.append(why);
            continue;
        }
        tried = true;
        const int fieldBytes = curveFieldBytes(key.crv());
        if (verifySignature(info, key.handle(), m_signingInput, m_signature, fieldBytes)) {
            ERR_clear_error();
            return key;
        }
        ERR_clear_error();
    }
    if (!tried)
        return JoseError{
            JoseError::Kind::NoKey,
            Messages::tr("No key in the JWKS can verify %1: %2.").arg(alg, unfit.join(QStringLiteral("; "))),
            {}};
    return JoseError{JoseError::Kind::SignatureInvalid,
                     kid.isEmpty()
                         ? Messages::tr("The %1 signature does not verify with any key of the JWKS.").arg(alg)
                         : Messages::tr("The %1 signature does not verify with the key \"%2\".").arg(alg, kid),
                     {}};
}

JoseResult<QByteArray> signJws(QByteArrayView payload, const PrivateKey &key, const QString &alg, const QString &kid,
                               const QString &typ, const QJsonObject &extraHeader)
{
    const AlgInfo info = algInfo(alg);
    const bool rsaAlg = info.family == AlgInfo::Rsa || info.family == AlgInfo::Pss;
    const QString curve = key.isEc() ? nistCurveName(ecGroupName(key.handle())) : QString();
    if (key.isNull() || (rsaAlg && !key.isRsa()) || (info.family == AlgInfo::Ecdsa && curve != info.curve) ||
        (!rsaAlg && info.family != AlgInfo::Ecdsa))
        return JoseError{
            JoseError::Kind::KeyMismatch, Messages::tr("Cannot sign %1 with %2.").arg(alg, key.description()), {}};
    QJsonObject header = extraHeader;
    header.insert(QStringLiteral("alg"), alg);
    if (!kid.isEmpty())
        header.insert(QStringLiteral("kid"), kid);
    if (!typ.isEmpty())
        header.insert(QStringLiteral("typ"), typ);
    const QByteArray input =
        base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' + base64UrlEncode(payload);
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, info.digest, nullptr, nullptr, key.handle(), nullptr) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    if (info.family == AlgInfo::Pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                                        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
                                        EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, info.digest, nullptr) != 1))
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &length, data, static_cast<size_t>(input.size())) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                       static_cast<size_t>(input.size())) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    signature.resize(static_cast<qsizetype>(length));
    if (info.family == AlgInfo::Ecdsa) {
        const int size = curveFieldBytes(curve);
        const auto *der = reinterpret_cast<const unsigned char *>(signature.constData());
        EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())));
        if (!sig)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
        QByteArray raw(2 * size, Qt::Uninitialized);
        auto *out = reinterpret_cast<unsigned char *>(raw.data());
        if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, size) != size ||
            BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + size, size) != size)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
        signature = raw;
    }
    return QByteArray(input + '.' + base64UrlEncode(signature));
}

} // namespace targetdesk::crypto
