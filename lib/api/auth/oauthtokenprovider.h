#pragma once

#include "authprovider.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QUrl>

#include <chrono>
#include <functional>

namespace targetdesk
{
class ApiCall;
struct HttpAnswer;
} // namespace targetdesk

namespace targetdesk::auth
{

// The scope every token for ZITADEL's APIs needs: without the project audience the API refuses the token.
inline constexpr char zitadelApiScope[] = "openid urn:zitadel:iam:org:project:id:zitadel:aud";

// A token from the instance's /oauth/v2/token, kept in memory only. One exchange at a time: callers that arrive
// while it runs wait for it. A token is renewed in the background once 80 % of its lifetime has passed (60 s before
// expiry for long-lived ones), so callers keep getting a valid token without waiting.
class OAuthTokenProvider : public AuthProvider
{
    Q_OBJECT
public:
    explicit OAuthTokenProvider(QObject *parent = nullptr);
    ~OAuthTokenProvider() override;

    void token(ZitadelClient &client, QObject *context, TokenCallback callback) override;
    bool invalidate(const QString &token) override;

    // Default: zitadelApiScope.
    void setScope(const QString &scope) { m_scope = scope; }
    [[nodiscard]] QString scope() const { return m_scope; }
    // Replaces the clock (tests: assertions issued in the past or the future).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Exchanges started so far (diagnostics, tests).
    [[nodiscard]] int exchangeCount() const { return m_exchangeCount; }
    [[nodiscard]] bool hasToken() const { return !m_token.isEmpty(); }
    // Of the current token; invalid when there is none.
    [[nodiscard]] QDateTime expiresAt() const { return m_expiresAt; }
    [[nodiscard]] QDateTime renewAt() const { return m_renewAt; }
    // Forgets the token (e.g. when the profile's secret changed).
    void clear();

Q_SIGNALS:
    // A new token arrived (not the token itself).
    void renewed(const QDateTime &expiresAt);

protected:
    // One request to the token endpoint. `secrets` are scrubbed from any error text the server sends back.
    struct Exchange {
        QByteArray form;
        QByteArray authorization; // an Authorization header value, or empty
        QList<QByteArray> secrets;
    };
    [[nodiscard]] virtual Result<Exchange> prepareExchange(const QUrl &instance) = 0;
    [[nodiscard]] QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }
    // Percent-encoded application/x-www-form-urlencoded body.
    [[nodiscard]] static QByteArray formBody(const QList<std::pair<QByteArray, QByteArray>> &fields);

private:
    struct Waiter {
        QPointer<QObject> context;
        bool hasContext = false;
        TokenCallback callback;
    };
    void startExchange(ZitadelClient &client);
    void exchangeFinished(const Result<HttpAnswer> &answer, const QList<QByteArray> &secrets);
    void deliver(const Result<QString> &result);

    QString m_scope = QString::fromLatin1(zitadelApiScope);
    std::function<QDateTime()> m_clock;
    QUrl m_instance; // the token belongs to this instance
    QString m_token;
    QDateTime m_expiresAt;
    QDateTime m_usableUntil;
    QDateTime m_renewAt;
    QDateTime m_retryAfter; // no background renewal before this after one failed
    QPointer<ApiCall> m_exchange;
    QList<Waiter> m_waiters;
    int m_exchangeCount = 0;
    int m_generation = 0; // bumped when the instance changes; older exchanges are ignored
};

} // namespace targetdesk::auth
