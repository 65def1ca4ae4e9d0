#pragma once

#include "actionservice.h"
#include "crypto/privatekey.h"
#include "sandbox.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace targetdesk::sandbox
{

// ZITADEL's OAuth endpoints as far as an admin tool needs them, without networking: /oauth/v2/token (JWT profile
// grant with service-user keys, client credentials with HTTP Basic) issuing expiring opaque access tokens, and
// /oauth/v2/keys (the instance's web keys). Assertions are verified with code of its own, not the client's, so a
// client that builds them wrong fails here.
class OAuthService
{
public:
    OAuthService();

    // The route name ("Token", "Keys") of an OAuth path, for request counts and faults; empty for other paths.
    static QString routeName(const QString &path);
    // `issuer`: the URL the instance is reached at; assertions must name it as their audience.
    HttpResponse handle(const QByteArray &method, const QString &path, const QByteArray &authorization,
                        const QByteArray &contentType, const QByteArray &body, const QString &issuer);

    // The role of an access token this service issued, while it is valid and meant for the API.
    std::optional<Role> lookupToken(const QString &token);

    // A service user with a fresh RSA key: the key file JSON, as ZITADEL's console downloads it.
    QByteArray createServiceUser(const QString &name, Role role);
    // A service user with a client secret; the client id is its user name.
    ClientCredentials createClient(const QString &name, Role role);

    void setTokenLifetime(std::chrono::seconds lifetime) { m_tokenLifetime = lifetime; }
    std::chrono::seconds tokenLifetime() const { return m_tokenLifetime; }
    void revokeAccessTokens() { m_issued.clear(); }
    int requestCount(const QString &route) const { return m_requestCounts.value(route); }

    // The signing key behind /oauth/v2/keys (RSA 2048, made on first use), its kid and the JWKS.
    const crypto::PrivateKey &webKey();
    QString webKeyId();
    QJsonObject webKeys();
    // A compact JWS (RS256, header {alg, kid, typ: "JWT"}) over `payload`, signed with the web key; empty while
    // the key is not active.
    QByteArray signJws(const QByteArray &payload);
    // The key's state in the web-key API: active (the default) or created but never activated.
    void setWebKeyActive(bool active);
    bool webKeyActive() const { return m_webKeyActive; }
    // GET /v2/web_keys: {"webKeys":[{id, creationDate, changeDate, state, rsa{bits, hasher}}]}.
    QJsonObject webKeyList();

private:
    struct ServiceUser {
        QString userId;
        QString name;
        Role role = Role::ReadWrite;
        QHash<QString, QByteArray> publicKeys; // keyId -> PKIX PEM
        QString clientSecret;
    };
    struct Issued {
        Role role = Role::ReadWrite;
        QDateTime expiresAt;
        bool apiAudience = true; // requested with the ZITADEL project audience scope
    };

    HttpResponse token(const QByteArray &authorization, const QByteArray &contentType, const QByteArray &body,
                       const QString &issuer);
    HttpResponse jwtBearer(const QString &assertion, const QString &scope, const QString &issuer);
    HttpResponse clientCredentials(const QByteArray &authorization, const QString &scope);
    HttpResponse issue(const ServiceUser &user, const QString &scope);
    ServiceUser &addUser(const QString &name, Role role);
    static QString newId();

    QHash<QString, ServiceUser> m_users; // by user id
    QHash<QString, QString> m_clients;   // client id (user name) -> user id
    QHash<QByteArray, Issued> m_issued;  // by ActionService::secretDigest() of the access token
    QHash<QString, int> m_requestCounts;
    std::chrono::seconds m_tokenLifetime{43199};
    crypto::PrivateKey m_webKey;
    QString m_webKeyId;
    QDateTime m_webKeyCreated;
    QDateTime m_webKeyChanged;
    bool m_webKeyActive = true;
};

} // namespace targetdesk::sandbox
