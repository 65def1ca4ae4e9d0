#include "oauthservice.h"

#include "crypto/base64url.h"

#include "crypto/opensslptr.h"
#include "model/protojson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/err.h>

namespace targetdesk::sandbox
{

namespace
{

using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, crypto::OpensslDeleter<&EVP_MD_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, crypto::OpensslDeleter<&BN_free>>;
using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, crypto::OpensslDeleter<&OSSL_ENCODER_CTX_free>>;

const QString jwtBearerGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer");
const QString apiAudienceScope = QStringLiteral("urn:zitadel:iam:org:project:id:zitadel:aud");
// ZITADEL refuses assertions issued more than an hour ago; a little clock skew is tolerated.
constexpr qint64 maxAssertionAgeSeconds = 3600;
constexpr qint64 clockSkewSeconds = 5;

HttpResponse oauthError(int status, const QString &error, const QString &description)
{
    const QJsonObject o{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
    return {status, QJsonDocument(o).toJson(QJsonDocument::Compact)};
}

HttpResponse invalidGrant(const QString &description)
{
    return oauthError(400, QStringLiteral("invalid_grant"), description);
}

std::optional<QJsonObject> jsonPart(const QByteArray &part)
{
    const auto bytes = crypto::base64UrlDecode(part);
    if (!bytes)
        return std::nullopt;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

bool verifyRs256(const QByteArray &input, const QByteArray &signature, const QByteArray &publicKeyPem)
{
    crypto::BioPtr bio = crypto::readBio(publicKeyPem);
    crypto::PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
                         size_t(input.size())) == 1;
    ERR_clear_error();
    return ok;
}

QByteArray bigEndian(const EVP_PKEY *key, const char *param)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &raw) != 1)
        return {};
    BignumPtr bn(raw);
    QByteArray out(BN_num_bytes(bn.get()), Qt::Uninitialized);
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

// ZITADEL's key files carry PKCS#1 "BEGIN RSA PRIVATE KEY"; fall back to PKCS#8 if the encoder is missing.
QByteArray keyFilePem(const crypto::PrivateKey &key)
{
    EncoderCtxPtr ctx(OSSL_ENCODER_CTX_new_for_pkey(key.handle(), EVP_PKEY_KEYPAIR, "PEM", "type-specific", nullptr));
    unsigned char *data = nullptr;
    size_t length = 0;
    if (ctx && OSSL_ENCODER_to_data(ctx.get(), &data, &length) == 1) {
        QByteArray pem(reinterpret_cast<const char *>(data), qsizetype(length));
        OPENSSL_clear_free(data, length);
        return pem;
    }
    ERR_clear_error();
    return key.privateKeyPem().value();
}

} // namespace

OAuthService::OAuthService() = default;

QString OAuthService::routeName(const QString &path)
{
    if (path == QLatin1String("/oauth/v2/token"))
        return QStringLiteral("Token");
    if (path == QLatin1String("/oauth/v2/keys"))
        return QStringLiteral("Keys");
    return {};
}

QString OAuthService::newId()
{
    // ZITADEL ids: 18 decimal digits.
    QString id = QString::number(1 + QRandomGenerator::system()->bounded(9));
    while (id.size() < 18)
        id += QString::number(QRandomGenerator::system()->bounded(10));
    return id;
}

HttpResponse OAuthService::handle(const QByteArray &method, const QString &path, const QByteArray &authorization,
                                  const QByteArray &contentType, const QByteArray &body, const QString &issuer)
{
    const QString route = routeName(path);
    ++m_requestCounts[route];
    if (route == QLatin1String("Keys")) {
        if (method != "GET")
            return oauthError(405, QStringLiteral("invalid_request"), QStringLiteral("method not allowed"));
        return {200, QJsonDocument(webKeys()).toJson(QJsonDocument::Compact)};
    }
    if (method != "POST")
        return oauthError(405, QStringLiteral("invalid_request"), QStringLiteral("method not allowed"));
    return token(authorization, contentType, body, issuer);
}

HttpResponse OAuthService::token(const QByteArray &authorization, const QByteArray &contentType, const QByteArray &body,
                                 const QString &issuer)
{
    if (!contentType.trimmed().toLower().startsWith("application/x-www-form-urlencoded"))
        return oauthError(400, QStringLiteral("invalid_request"),
                          QStringLiteral("the request must be form encoded (application/x-www-form-urlencoded)"));
    // '+' is a space in form encoding; QUrlQuery would keep it.
    QByteArray form = body;
    form.replace('+', ' ');
    const QUrlQuery query(QString::fromUtf8(form));
    auto field = [&query](const char *name) { return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); };
    const QString grant = field("grant_type");
    const QString scope = field("scope");
    if (grant.isEmpty())
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("grant_type missing"));
    if (grant == jwtBearerGrant) {
        const QString assertion = field("assertion");
        if (assertion.isEmpty())
            return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("assertion missing"));
        return jwtBearer(assertion, scope, issuer);
    }
    if (grant == QLatin1String("client_credentials"))
        return clientCredentials(authorization, scope);
    return oauthError(400, QStringLiteral("unsupported_grant_type"),
                      QStringLiteral("grant_type %1 is not supported").arg(grant.left(80)));
}

HttpResponse OAuthService::jwtBearer(const QString &assertion, const QString &scope, const QString &issuer)
{
    const QList<QByteArray> parts = assertion.toLatin1().split('.');
    if (parts.size() != 3)
        return invalidGrant(QStringLiteral("assertion is not a JWT (three dot-separated parts)"));
    const auto header = jsonPart(parts.at(0));
    const auto claims = jsonPart(parts.at(1));
    const auto signature = crypto::base64UrlDecode(parts.at(2));
    if (!header || !claims || !signature)
        return invalidGrant(QStringLiteral("assertion is malformed: its parts are not base64url JSON"));
    if (header->value(QLatin1String("alg")).toString() != QLatin1String("RS256"))
        return invalidGrant(QStringLiteral("signing algorithm %1 not supported, expected RS256")
                                .arg(header->value(QLatin1String("alg")).toString().left(20)));
    const QString iss = claims->value(QLatin1String("iss")).toString();
    const QString sub = claims->value(QLatin1String("sub")).toString();
    if (iss.isEmpty() || iss != sub)
        return invalidGrant(QStringLiteral("iss and sub must both be the service user's id"));

    const QJsonValue aud = claims->value(QLatin1String("aud"));
    QStringList audiences;
    if (aud.isString())
        audiences << aud.toString();
    for (const QJsonValue &a : aud.toArray())
        audiences << a.toString();
    QUrl localhost(issuer);
    localhost.setHost(QStringLiteral("localhost"));
    const QStringList accepted{issuer, localhost.toString()};
    bool audienceOk = false;
    for (const QString &a : std::as_const(audiences)) {
        QString trimmed = a;
        while (trimmed.endsWith(QLatin1Char('/')))
            trimmed.chop(1);
        audienceOk = audienceOk || accepted.contains(trimmed);
    }
    if (!audienceOk)
        return invalidGrant(
            QStringLiteral("audience is not valid: Audience must contain the issuer \"%1\"").arg(issuer));

    const QJsonValue expValue = claims->value(QLatin1String("exp"));
    const QJsonValue iatValue = claims->value(QLatin1String("iat"));
    if (!expValue.isDouble() || !iatValue.isDouble())
        return invalidGrant(QStringLiteral("assertion needs numeric iat and exp claims"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (qint64(expValue.toDouble()) <= now)
        return invalidGrant(QStringLiteral("token has expired"));
    const qint64 iat = qint64(iatValue.toDouble());
    if (iat > now + clockSkewSeconds)
        return invalidGrant(QStringLiteral("issuedAt of token is in the future"));
    if (iat < now - maxAssertionAgeSeconds)
        return invalidGrant(QStringLiteral("issuedAt of token is too old"));

    const QString kid = header->value(QLatin1String("kid")).toString();
    const auto user = m_users.constFind(iss);
    if (user == m_users.constEnd() || !user->publicKeys.contains(kid))
        return invalidGrant(
            QStringLiteral("key not found: no key \"%1\" for user \"%2\"").arg(kid.left(40), iss.left(40)));
    const QByteArray input = parts.at(0) + '.' + parts.at(1);
    if (!verifyRs256(input, *signature, user->publicKeys.value(kid)))
        return invalidGrant(QStringLiteral("invalid signature"));
    return issue(*user, scope);
}

HttpResponse OAuthService::clientCredentials(const QByteArray &authorization, const QString &scope)
{
    const QByteArray auth = authorization.trimmed();
    auto refuse = [] {
        return oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("client authentication failed"));
    };
    if (auth.size() <= 6 || auth.left(6).toLower() != "basic ")
        return refuse();
    const auto decoded = QByteArray::fromBase64Encoding(auth.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return refuse();
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (colon < 0)
        return refuse();
    auto formDecode = [](QByteArray part) { return QUrl::fromPercentEncoding(part.replace('+', ' ')); };
    const QString clientId = formDecode(decoded.decoded.left(colon));
    const QString secret = formDecode(decoded.decoded.mid(colon + 1));
    const auto userId = m_clients.constFind(clientId);
    if (userId == m_clients.constEnd())
        return refuse();
    const ServiceUser &user = m_users[*userId];
    if (user.clientSecret.isEmpty() || !ActionService::secretEquals(user.clientSecret, secret))
        return refuse();
    return issue(user, scope);
}

HttpResponse OAuthService::issue(const ServiceUser &user, const QString &scope)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = m_issued.begin(); it != m_issued.end();) {
        if (it->expiresAt <= now)
            it = m_issued.erase(it);
        else
            ++it;
    }
    const QString token = ActionService::randomAlphanumeric(64);
    Issued issued;
    issued.role = user.role;
    issued.expiresAt = now.addSecs(m_tokenLifetime.count());
    // Without the project audience ZITADEL still issues a token, but its API does not accept it.
    issued.apiAudience = scope.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(apiAudienceScope);
    m_issued.insert(ActionService::secretDigest(token), issued);
    const QJsonObject o{{QStringLiteral("access_token"), token},
                        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                        {QStringLiteral("expires_in"), qint64(m_tokenLifetime.count())}};
    return {200, QJsonDocument(o).toJson(QJsonDocument::Compact)};
}

std::optional<Role> OAuthService::lookupToken(const QString &token)
{
    const auto it = m_issued.constFind(ActionService::findSecret(m_issued, token));
    if (it == m_issued.constEnd() || !it->apiAudience)
        return std::nullopt;
    if (it->expiresAt <= QDateTime::currentDateTimeUtc()) {
        m_issued.erase(it);
        return std::nullopt;
    }
    return it->role;
}

OAuthService::ServiceUser &OAuthService::addUser(const QString &name, Role role)
{
    ServiceUser user;
    user.userId = newId();
    user.name = name;
    user.role = role;
    return *m_users.insert(user.userId, user);
}

QByteArray OAuthService::createServiceUser(const QString &name, Role role)
{
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
    if (!key)
        return {};
    ServiceUser &user = addUser(name, role);
    const QString keyId = newId();
    user.publicKeys.insert(keyId, key->publicKeyPem());
    const QJsonObject file{{QStringLiteral("type"), QStringLiteral("serviceaccount")},
                           {QStringLiteral("keyId"), keyId},
                           {QStringLiteral("key"), QString::fromLatin1(keyFilePem(*key))},
                           {QStringLiteral("userId"), user.userId}};
    return QJsonDocument(file).toJson(QJsonDocument::Compact);
}

ClientCredentials OAuthService::createClient(const QString &name, Role role)
{
    ServiceUser &user = addUser(name, role);
    user.clientSecret = ActionService::randomAlphanumeric(64);
    m_clients.insert(name, user.userId);
    return {name, user.clientSecret};
}

const crypto::PrivateKey &OAuthService::webKey()
{
    if (m_webKey.isNull()) {
        auto key = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
        if (key) {
            m_webKey = *key;
            m_webKeyId = newId();
            m_webKeyCreated = m_webKeyChanged = QDateTime::currentDateTimeUtc();
        }
    }
    return m_webKey;
}

QString OAuthService::webKeyId()
{
    webKey();
    return m_webKeyId;
}

QJsonObject OAuthService::webKeys()
{
    QJsonArray keys;
    if (!webKey().isNull()) {
        keys.append(QJsonObject{
            {QStringLiteral("use"), QStringLiteral("sig")},
            {QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("kid"), m_webKeyId},
            {QStringLiteral("alg"), QStringLiteral("RS256")},
            {QStringLiteral("n"),
             QString::fromLatin1(crypto::base64UrlEncode(bigEndian(m_webKey.handle(), OSSL_PKEY_PARAM_RSA_N)))},
            {QStringLiteral("e"),
             QString::fromLatin1(crypto::base64UrlEncode(bigEndian(m_webKey.handle(), OSSL_PKEY_PARAM_RSA_E)))},
        });
    }
    return {{QStringLiteral("keys"), keys}};
}

void OAuthService::setWebKeyActive(bool active)
{
    if (active == m_webKeyActive)
        return;
    m_webKeyActive = active;
    if (!m_webKey.isNull())
        m_webKeyChanged = QDateTime::currentDateTimeUtc();
}

QJsonObject OAuthService::webKeyList()
{
    if (webKey().isNull())
        return {}; // protojson leaves out the empty list
    // Not active means "created, never activated" (STATE_INITIAL): the key is published but signs nothing.
    const QJsonObject key{
        {QStringLiteral("id"), m_webKeyId},
        {QStringLiteral("creationDate"), protojson::formatTimestamp(m_webKeyCreated)},
        {QStringLiteral("changeDate"), protojson::formatTimestamp(m_webKeyChanged)},
        {QStringLiteral("state"), m_webKeyActive ? QStringLiteral("STATE_ACTIVE") : QStringLiteral("STATE_INITIAL")},
        {QStringLiteral("rsa"), QJsonObject{{QStringLiteral("bits"), QStringLiteral("RSA_BITS_2048")},
                                            {QStringLiteral("hasher"), QStringLiteral("RSA_HASHER_SHA256")}}}};
    return {{QStringLiteral("webKeys"), QJsonArray{key}}};
}

QByteArray OAuthService::signJws(const QByteArray &payload)
{
    // Without an active web key ZITADEL cannot build JWT payloads (Errors.WebKey.NoActive).
    if (!m_webKeyActive || webKey().isNull())
        return {};
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("kid"), m_webKeyId},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray input = crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             crypto::base64UrlEncode(payload);
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_webKey.handle()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, size_t(input.size())) != 1) {
        ERR_clear_error();
        return {};
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                       size_t(input.size())) != 1) {
        ERR_clear_error();
        return {};
    }
    signature.resize(qsizetype(length));
    return input + '.' + crypto::base64UrlEncode(signature);
}

} // namespace targetdesk::sandbox
