#pragma once

#include "oauthtokenprovider.h"
#include "serviceuserkey.h"

namespace targetdesk::auth
{

// Signs in as a service user with its key file (ZITADEL's JWT profile grant): an RS256 assertion signed here,
// exchanged at /oauth/v2/token for an access token.
class ServiceUserKeyProvider : public OAuthTokenProvider
{
    Q_OBJECT
public:
    explicit ServiceUserKeyProvider(const ServiceUserKey &key, QObject *parent = nullptr);

    [[nodiscard]] Method method() const override { return Method::ServiceUserKey; }
    [[nodiscard]] QString description() const override;
    [[nodiscard]] const ServiceUserKey &key() const { return m_key; }

    // The assertion's audience: ZITADEL's issuer. By default the instance URL the client talks to; set it when
    // the API is reached under another name than the issuer.
    void setAudience(const QString &audience) { m_audience = audience; }
    // Default 1 h: ZITADEL refuses assertions issued more than an hour ago anyway.
    void setAssertionLifetime(std::chrono::seconds lifetime) { m_lifetime = lifetime; }

protected:
    Result<Exchange> prepareExchange(const QUrl &instance) override;

private:
    ServiceUserKey m_key;
    QString m_audience;
    std::chrono::seconds m_lifetime{3600};
};

} // namespace targetdesk::auth
