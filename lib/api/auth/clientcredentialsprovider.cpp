#include "clientcredentialsprovider.h"

#include "crypto/securememory.h"

namespace targetdesk::auth
{

ClientCredentialsProvider::ClientCredentialsProvider(const QString &clientId, const QString &clientSecret,
                                                     QObject *parent)
    : OAuthTokenProvider(parent), m_clientId(clientId), m_clientSecret(clientSecret)
{
}

ClientCredentialsProvider::~ClientCredentialsProvider()
{
    crypto::wipe(m_clientSecret);
}

QString ClientCredentialsProvider::description() const
{
    return QStringLiteral("client %1").arg(m_clientId);
}

Result<OAuthTokenProvider::Exchange> ClientCredentialsProvider::prepareExchange(const QUrl &)
{
    if (m_clientId.isEmpty() || m_clientSecret.isEmpty())
        return ApiError::transport(ApiError::Kind::InvalidRequest,
                                   QStringLiteral("The client id or the client secret is empty"));
    // RFC 6749 2.3.1: both parts form-encoded before they are joined for Basic.
    QByteArray pair = QUrl::toPercentEncoding(m_clientId) + ':' + QUrl::toPercentEncoding(m_clientSecret);
    Exchange exchange;
    exchange.authorization = QByteArrayLiteral("Basic ") + pair.toBase64();
    exchange.form = formBody({{"grant_type", "client_credentials"}, {"scope", scope().toUtf8()}});
    exchange.secrets = {m_clientSecret.toUtf8(), QUrl::toPercentEncoding(m_clientSecret), pair.toBase64()};
    crypto::wipe(pair);
    return exchange;
}

} // namespace targetdesk::auth
