#pragma once

#include "api/result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace targetdesk
{
class ZitadelClient;
}

namespace targetdesk::auth
{

// How a connection authenticates; profiles store this next to the (keychain-held) secret.
enum class Method {
    PersonalAccessToken, // a static bearer token
    ServiceUserKey,      // a key file: RS256 assertion exchanged at /oauth/v2/token (JWT profile, RFC 7523)
    ClientCredentials,   // client id + secret exchanged at /oauth/v2/token
};

// Where ZitadelClient gets its bearer token. Asynchronous because getting one may need a request to the instance's
// token endpoint (made through the same client, so its TLS options apply). Tokens and secrets never appear in
// errors, descriptions or logs.
class AuthProvider : public QObject
{
    Q_OBJECT
public:
    using TokenCallback = std::function<void(Result<QString>)>;

    explicit AuthProvider(QObject *parent = nullptr) : QObject(parent) {}

    [[nodiscard]] virtual Method method() const = 0;
    // For people, without secrets: "personal access token", "service user 2718 (key 3141)".
    [[nodiscard]] virtual QString description() const = 0;

    // Delivers a bearer token valid for `client`'s instance. May call back before returning (a cached token) or
    // later; never after `context` is destroyed. Errors from the token endpoint are ApiError::Kind::Server with
    // `oauthError` set and a message that explains the usual causes.
    virtual void token(ZitadelClient &client, QObject *context, TokenCallback callback) = 0;

    // The API refused `token` with 401. Forgets it (if it is still the current one) and says whether asking again
    // can give a different token; the client retries a call once when it does.
    virtual bool invalidate(const QString &token) = 0;
};

} // namespace targetdesk::auth
