#include "oauthtokenprovider.h"

#include "api/zitadelclient.h"
#include "autherrors.h"
#include "crypto/securememory.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace targetdesk::auth
{

namespace
{

// A token this close to its expiry (at most a tenth of its lifetime) is not handed out: the request might arrive
// after it.
constexpr qint64 expirySafetyMs = 5000;
// When ZITADEL does not say (it always does), assume a short lifetime.
constexpr qint64 defaultLifetimeSeconds = 300;
// What a token endpoint says about a token's lifetime is believed within these bounds only (ZITADEL: 12 h): a
// huge or negative expires_in would otherwise keep a token for ever or overflow the date arithmetic.
constexpr double minLifetimeSeconds = 1;
constexpr double maxLifetimeSeconds = 24 * 3600;
constexpr qint64 retryAfterFailureSeconds = 5;

QString scrub(QString text, const QList<QByteArray> &secrets)
{
    for (const QByteArray &secret : secrets) {
        if (secret.size() >= 4)
            text.replace(QString::fromUtf8(secret), QStringLiteral("[redacted]"));
    }
    return text;
}

} // namespace

OAuthTokenProvider::OAuthTokenProvider(QObject *parent) : AuthProvider(parent) {}

OAuthTokenProvider::~OAuthTokenProvider()
{
    crypto::wipe(m_token);
}

QByteArray OAuthTokenProvider::formBody(const QList<std::pair<QByteArray, QByteArray>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body +=
            QUrl::toPercentEncoding(QString::fromUtf8(name)) + '=' + QUrl::toPercentEncoding(QString::fromUtf8(value));
    }
    return body;
}

void OAuthTokenProvider::clear()
{
    crypto::wipe(m_token);
    m_expiresAt = m_usableUntil = m_renewAt = m_retryAfter = QDateTime();
}

void OAuthTokenProvider::token(ZitadelClient &client, QObject *context, TokenCallback callback)
{
    if (client.instance() != m_instance) {
        // Another instance: its token is useless here, and so is an exchange still running with the old one.
        clear();
        m_instance = client.instance();
        ++m_generation;
        m_exchange = nullptr;
    }
    const QDateTime t = now();
    if (!m_token.isEmpty() && t < m_usableUntil) {
        // Still good. Past the renewal point, fetch the next one in the background.
        if (t >= m_renewAt && !m_exchange && (!m_retryAfter.isValid() || t >= m_retryAfter))
            startExchange(client);
        callback(m_token);
        return;
    }
    m_waiters.append(Waiter{context, context != nullptr, std::move(callback)});
    if (!m_exchange)
        startExchange(client);
}

bool OAuthTokenProvider::invalidate(const QString &token)
{
    if (!token.isEmpty() && token == m_token)
        clear();
    // Either it is gone now or a newer one replaced it: asking again gives a different token.
    return true;
}

void OAuthTokenProvider::startExchange(ZitadelClient &client)
{
    auto exchange = prepareExchange(client.instance());
    if (!exchange) {
        deliver(exchange.error());
        return;
    }
    ++m_exchangeCount;
    QList<QByteArray> secrets = exchange->secrets;
    const int generation = m_generation;
    m_exchange = client.postForm(QStringLiteral("/oauth/v2/token"), exchange->form, exchange->authorization, this,
                                 [this, secrets, generation](Result<HttpAnswer> answer) {
                                     if (generation == m_generation)
                                         exchangeFinished(answer, secrets);
                                 });
    for (QByteArray &secret : exchange.value().secrets)
        crypto::wipe(secret);
    crypto::wipe(exchange.value().form);
    crypto::wipe(exchange.value().authorization);
}

void OAuthTokenProvider::exchangeFinished(const Result<HttpAnswer> &answer, const QList<QByteArray> &secrets)
{
    m_exchange = nullptr;
    if (!answer) {
        ApiError e = answer.error();
        e.message = QStringLiteral("Could not get an access token: %1").arg(scrub(e.message, secrets));
        m_retryAfter = now().addSecs(retryAfterFailureSeconds);
        deliver(e);
        return;
    }
    const HttpAnswer &a = *answer;
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(a.body, &pe).object();
    if (a.status < 200 || a.status > 299) {
        ApiError e;
        e.kind = ApiError::Kind::Server;
        e.httpStatus = a.status;
        e.oauthError = o.value(QLatin1String("error")).toString().left(64);
        const QString description = scrub(o.value(QLatin1String("error_description")).toString().left(400), secrets);
        e.message = explainTokenError(method(), e.oauthError, description, a.status);
        m_retryAfter = now().addSecs(retryAfterFailureSeconds);
        deliver(e);
        return;
    }
    const QString accessToken = o.value(QLatin1String("access_token")).toString();
    const QString tokenType = o.value(QLatin1String("token_type")).toString();
    const QJsonValue expiresIn = o.value(QLatin1String("expires_in"));
    if (pe.error != QJsonParseError::NoError || accessToken.isEmpty() ||
        (!tokenType.isEmpty() && tokenType.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) ||
        (!expiresIn.isUndefined() && !expiresIn.isDouble())) {
        ApiError e = ApiError::transport(ApiError::Kind::MalformedResponse,
                                         QStringLiteral("The token endpoint's answer is not an OAuth bearer token "
                                                        "response (HTTP %1)")
                                             .arg(a.status));
        e.httpStatus = a.status;
        deliver(e);
        return;
    }
    const qint64 lifetime =
        expiresIn.isDouble()
            ? qint64(std::clamp(expiresIn.toDouble(minLifetimeSeconds), minLifetimeSeconds, maxLifetimeSeconds))
            : defaultLifetimeSeconds;
    const QDateTime t = now();
    m_token = accessToken;
    m_expiresAt = t.addSecs(lifetime);
    m_usableUntil = m_expiresAt.addMSecs(-std::min(expirySafetyMs, lifetime * 100));
    // 60 s before expiry for long-lived tokens, at 80 % for short ones.
    m_renewAt = t.addMSecs(std::max(lifetime * 800, (lifetime - 60) * 1000));
    m_retryAfter = QDateTime();
    Q_EMIT renewed(m_expiresAt);
    deliver(m_token);
}

void OAuthTokenProvider::deliver(const Result<QString> &result)
{
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters) {
        if (!w.hasContext || w.context)
            w.callback(result);
    }
}

} // namespace targetdesk::auth
