#pragma once

#include "crypto/privatekey.h"
#include "model/execution.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace targetdesk::sandbox
{

// Who a bearer token belongs to: IAM_OWNER (everything), IAM_OWNER_VIEWER (read only), or a user without an
// instance role (signed in, but every call is refused with 403 except the three execution catalogue routes, which
// need no permission).
enum class Role { ReadWrite, ReadOnly, None };

// A service user's client credentials (the client id is its user name).
struct ClientCredentials {
    QString clientId;
    QString clientSecret;
};

// A fault injected into the answers of one route, for tests.
struct Fault {
    enum class Kind {
        None,
        Delay,         // answer normally after delayMs
        Hang,          // accept the request and never answer
        HttpError,     // answer with httpStatus and a ZITADEL error body (500 Internal, 503 Unavailable, ...)
        Reset,         // close the connection without answering
        MalformedBody, // answer 200 with a body that is not JSON
        Ignored,       // answer 200 with {} and change nothing (a write the server acknowledges but does not make)
    };
    Kind kind = Kind::None;
    int delayMs = 0;
    int httpStatus = 503;
    int remaining = -1; // how many requests it applies to; -1: all

    // "delay:250", "hang", "500", "503", "reset", "malformed", "ignore"; optionally followed by "*N" (the first N
    // requests).
    static std::optional<Fault> parse(const QString &text);
};

class SandboxPrivate;

// A local emulator of ZITADEL's Actions v2 REST API (zitadel.action.v2.ActionService), following the rules of
// the real server as described in shared/reference/zitadel-actions-v2.md, and stricter than it in one respect:
// request bodies with unknown or misnamed fields are refused with 400 so client bugs show up in tests.
class Sandbox : public QObject
{
    Q_OBJECT
public:
    explicit Sandbox(QObject *parent = nullptr);
    ~Sandbox() override;

    // Larger request bodies are answered 413 without being looked at.
    static constexpr qsizetype kMaxRequestBodyBytes = 1024 * 1024;

    // Starts listening. Port 0 picks a free port. On failure returns false and fills `error`.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0, QString *error = nullptr);
    quint16 port() const;
    // http://HOST:PORT (https:// with TLS) of the listening socket. Assertions must name it as their audience.
    QUrl url() const;

    // Serves HTTPS with this certificate (and the chain after it, if any). Call before listen().
    void setTls(const QSslCertificate &certificate, const QSslKey &privateKey,
                const QList<QSslCertificate> &chain = {});
    // The same from PEM files (RSA or EC key, unencrypted). False with `error` when either cannot be read.
    bool setTlsFiles(const QString &certificatePath, const QString &keyPath, QString *error = nullptr);
    bool isTls() const;

    void addToken(const QString &token, Role role);
    // Adds a fresh random token with the role and returns it.
    QString generateToken(Role role = Role::ReadWrite);

    // OAuth: /oauth/v2/token (JWT profile grant and client credentials) and /oauth/v2/keys. Service users live in
    // memory only; their key files stay valid while this sandbox runs.
    // A new service user with an RSA key: the ready-to-use key file (JSON), as ZITADEL's console downloads it.
    QByteArray createServiceUser(const QString &name, Role role = Role::ReadWrite);
    // createServiceUser() written to `path` (owner read/write only). The CLI's --service-user-key.
    bool writeServiceUserKey(const QString &path, Role role = Role::ReadWrite, QString *error = nullptr);
    // A new service user with a client secret, for the client credentials grant.
    ClientCredentials createClient(const QString &name, Role role = Role::ReadWrite);
    // Lifetime of the access tokens /oauth/v2/token issues; default 43199 s, as ZITADEL.
    void setTokenLifetime(std::chrono::seconds lifetime);
    std::chrono::seconds tokenLifetime() const;
    // Forgets every access token issued so far (the API answers 401 to them), for tests.
    void revokeAccessTokens();

    // The instance's web key: /oauth/v2/keys publishes its public half (RS256, use sig). Made on first use.
    QJsonObject webKeys();
    QString webKeyId();
    crypto::PrivateKey webKey();
    // A compact JWS over `payload` (RS256, header {alg, kid, typ: "JWT"}) signed with the web key, as ZITADEL signs
    // JWT payloads for targets. Empty on failure and while the web key is not active.
    QByteArray signJws(const QByteArray &payload);
    // Whether the instance has an active web key (default true). Off: GET /v2/web_keys lists the key as
    // STATE_INITIAL and nothing is signed, as on an instance without an active web key (Errors.WebKey.NoActive).
    void setWebKeyActive(bool active);
    bool webKeyActive() const;

    // Off by default, like ZITADEL's deny list: when on, loopback and private endpoint addresses are accepted.
    void setAllowPrivateEndpoints(bool allow);
    bool allowPrivateEndpoints() const;

    // On by default, like ZITADEL at the reference's commit: an update that turns interrupt-on-error off on a target
    // created with it on answers 200 and changes nothing (README, "ZITADEL defects the sandbox reproduces").
    void setReproduceInterruptDefect(bool reproduce);
    bool reproducesInterruptDefect() const;

    // On by default, like ZITADEL at the reference's commit (#11985): simulate() sends nothing to JWT and JWE targets
    // of event executions. Off: they receive their payload like every other target, as on a fixed server.
    void setReproduceEventJwtDefect(bool reproduce);
    bool reproducesEventJwtDefect() const;

    // Runs what ZITADEL's executor does for one call (also POST /sandbox/v1/executions:simulate, which is not part of
    // ZITADEL's API): `condition` names the call (a method, event type or function; a service, event group or `all`
    // stands for the representative call lib/delivery's samples use), the best-matching execution fires, its
    // targets are called in order with ZITADEL's payloads (JWTs signed with webKey(), JWEs to the target's active
    // key), each answer is judged as ZITADEL judges it, and interrupt-on-error stops the chain. `bodyOverride` is
    // sent instead of the sample body when not empty. `done` gets, later and on this object's thread:
    //   {"call":"request/<service>/<method>", "executionId":"request/..." | null, "matched":bool,
    //    "targets":[{"targetId","name","type","payloadType","endpoint","interruptOnError",
    //                "outcome":"success"|"failure"|"skipped"|"not-called"|"sent","reason","status","elapsedMs",
    //                "encryptionKeyId"?, "verdict"?: delivery::Verdict::toJson()}],
    //    "interrupted":bool, "callFails":bool, "message"?: the request/response after restCall answers,
    //    "summary":"..."}
    // Endpoints resolving to loopback or private addresses are refused unless allowPrivateEndpoints(). Call it on the
    // sandbox's thread, like everything here; `done` is not called when the sandbox is destroyed first.
    void simulate(const targetdesk::ExecutionCondition &condition, const QJsonObject &bodyOverride,
                  std::function<void(const QJsonObject &)> done);

    // A handful of realistic targets of every type and payload type, with public keys and executions.
    void seed();
    // `count` generated targets named "target-00001"... (for loading tests and benchmarks).
    void seedTargets(int count);

    // Loads state from `path` when it exists and writes every change back to it. False with `error` when the
    // file exists but cannot be read.
    bool setDataFile(const QString &path, QString *error = nullptr);

    // route: the RPC name ("CreateTarget", "ListTargets", ..., "Token", "Keys") or "*" for every route.
    void setFault(const QString &route, const Fault &fault);
    void clearFaults();

    // The whole state in the persisted JSON shape {"targets":[...],"publicKeys":{...},"executions":[...]},
    // for tests that check what the server holds.
    QJsonObject snapshot() const;
    // How many requests reached a route (after authentication), for tests. OAuth routes: "Token", "Keys".
    int requestCount(const QString &route) const;

Q_SIGNALS:
    // Emitted after every state change.
    void changed();

private:
    std::unique_ptr<SandboxPrivate> d;
};

} // namespace targetdesk::sandbox
