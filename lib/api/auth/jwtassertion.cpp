#include "jwtassertion.h"

#include "crypto/base64url.h"

#include "crypto/opensslptr.h"

#include <QJsonDocument>

#include <openssl/err.h>

namespace targetdesk::auth
{

namespace
{

using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, crypto::OpensslDeleter<&EVP_MD_CTX_free>>;

crypto::CryptoError internalError(const QString &what)
{
    return crypto::CryptoError{crypto::CryptoError::Kind::Internal,
                               QStringLiteral("%1: %2").arg(what, crypto::takeOpensslError())};
}

} // namespace

crypto::CryptoResult<QByteArray> signRs256(QJsonObject header, const QJsonObject &claims, const crypto::PrivateKey &key)
{
    if (key.isNull() || !key.isRsa())
        return crypto::CryptoError{crypto::CryptoError::Kind::UnsupportedKey,
                                   QStringLiteral("RS256 needs an RSA private key")};
    header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
    const QByteArray input = crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             crypto::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));

    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.handle()) != 1)
        return internalError(QStringLiteral("Cannot start an RS256 signature"));
    // RSA signing with EVP defaults to PKCS#1 v1.5 padding, which is what RS256 means.
    size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &length, data, size_t(input.size())) != 1)
        return internalError(QStringLiteral("Cannot size the RS256 signature"));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                       size_t(input.size())) != 1)
        return internalError(QStringLiteral("Cannot compute the RS256 signature"));
    signature.resize(qsizetype(length));
    return QByteArray(input + '.' + crypto::base64UrlEncode(signature));
}

crypto::CryptoResult<QByteArray> makeAssertion(const AssertionClaims &claims, const crypto::PrivateKey &key)
{
    const qint64 iat = claims.issuedAt.toSecsSinceEpoch();
    const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("JWT")}, {QStringLiteral("kid"), claims.keyId}};
    const QJsonObject body{{QStringLiteral("iss"), claims.userId},
                           {QStringLiteral("sub"), claims.userId},
                           {QStringLiteral("aud"), claims.audience},
                           {QStringLiteral("iat"), iat},
                           {QStringLiteral("exp"), iat + qint64(claims.lifetime.count())}};
    return signRs256(header, body, key);
}

} // namespace targetdesk::auth
