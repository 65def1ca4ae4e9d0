#include "jwksfetch.h"

namespace targetdesk::inspect
{

QUrl instanceJwksUrl(const QUrl &instance)
{
    QUrl url = instance;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/oauth/v2/keys"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

ApiCall *fetchJwks(ZitadelClient &client, const QUrl &url, QObject *context, Callback<crypto::Jwks> done)
{
    return client.fetch(url, kMaxJwksBytes, context, [url, done = std::move(done)](Result<HttpAnswer> answer) {
        if (!answer) {
            done(answer.error());
            return;
        }
        if (answer->status != 200) {
            ApiError e = ApiError::fromHttp(answer->status, answer->body);
            e.message = QStringLiteral("%1 answered HTTP %2").arg(url.toDisplayString()).arg(answer->status);
            done(e);
            return;
        }
        auto jwks = crypto::Jwks::parse(answer->body);
        if (!jwks) {
            ApiError e = ApiError::transport(
                ApiError::Kind::MalformedResponse,
                QStringLiteral("%1 did not answer with a JWKS: %2").arg(url.toDisplayString(), jwks.error().message));
            e.httpStatus = answer->status;
            done(e);
            return;
        }
        done(std::move(jwks).value());
    });
}

} // namespace targetdesk::inspect
