#pragma once

#include "oauthtokenprovider.h"

namespace targetdesk::auth
{

// Signs in with a client id and secret (OAuth client credentials, HTTP Basic), as ZITADEL offers for service users.
class ClientCredentialsProvider : public OAuthTokenProvider
{
    Q_OBJECT
public:
    ClientCredentialsProvider(const QString &clientId, const QString &clientSecret, QObject *parent = nullptr);
    ~ClientCredentialsProvider() override;

    [[nodiscard]] Method method() const override { return Method::ClientCredentials; }
    [[nodiscard]] QString description() const override;
    [[nodiscard]] QString clientId() const { return m_clientId; }

protected:
    Result<Exchange> prepareExchange(const QUrl &instance) override;

private:
    QString m_clientId;
    QString m_clientSecret;
};

} // namespace targetdesk::auth
