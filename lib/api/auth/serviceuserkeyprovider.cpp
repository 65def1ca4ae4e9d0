#include "serviceuserkeyprovider.h"

#include "jwtassertion.h"

namespace targetdesk::auth
{

ServiceUserKeyProvider::ServiceUserKeyProvider(const ServiceUserKey &key, QObject *parent)
    : OAuthTokenProvider(parent), m_key(key)
{
}

QString ServiceUserKeyProvider::description() const
{
    return QStringLiteral("service user %1 (key %2)").arg(m_key.userId(), m_key.keyId());
}

Result<OAuthTokenProvider::Exchange> ServiceUserKeyProvider::prepareExchange(const QUrl &instance)
{
    if (m_key.isNull())
        return ApiError::transport(ApiError::Kind::InvalidRequest, QStringLiteral("No service-user key is loaded"));
    AssertionClaims claims;
    claims.keyId = m_key.keyId();
    claims.userId = m_key.userId();
    claims.audience = m_audience.isEmpty() ? instance.toString(QUrl::StripTrailingSlash) : m_audience;
    claims.issuedAt = now();
    claims.lifetime = m_lifetime;
    auto assertion = makeAssertion(claims, m_key.privateKey());
    if (!assertion)
        return ApiError::transport(
            ApiError::Kind::InvalidRequest,
            QStringLiteral("Cannot sign the service-user assertion: %1").arg(assertion.error().message));
    Exchange exchange;
    exchange.form = formBody({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                              {"scope", scope().toUtf8()},
                              {"assertion", *assertion}});
    exchange.secrets = {*assertion};
    return exchange;
}

} // namespace targetdesk::auth
