#pragma once

#include "model/targetrules.h"
#include "sandbox.h"
#include "sandboxstate.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace targetdesk::sandbox
{

struct HttpResponse {
    int status = 200;
    QByteArray body; // compact JSON, except for injected faults
};

// zitadel.action.v2.ActionService over REST, without any networking: (method, path, Authorization, body) in,
// (status, JSON) out. Sandbox wraps it in an HTTP server and adds fault injection between prepare() and execute().
class ActionService
{
public:
    // A request after routing and authentication.
    struct Call {
        QString rpc;                           // "CreateTarget", ...; empty when routing failed
        QStringList params;                    // path parameters in order ({id}, {targetId}, {keyId})
        std::optional<HttpResponse> rejection; // 404/405/401/403: answer this instead of executing
    };

    ActionService();

    Call prepare(const QByteArray &method, const QString &path, const QByteArray &authorization);
    // The body of the sandbox-only POST /sandbox/v1/executions:simulate (rpc "SimulateExecution", which execute()
    // cannot answer: it calls targets): {"condition": Condition as in SetExecution, "body"?: JSON object}.
    struct Simulation {
        targetdesk::ExecutionCondition condition;
        QJsonObject body; // empty: the sample body
    };
    static std::optional<Simulation> readSimulation(const QByteArray &body, HttpResponse *error);
    HttpResponse execute(const Call &call, const QByteArray &body);
    HttpResponse handle(const QByteArray &method, const QString &path, const QByteArray &authorization,
                        const QByteArray &body);

    void addToken(const QString &token, Role role);
    // Asked for bearer tokens not added with addToken() (access tokens issued by the OAuth endpoint).
    void setTokenLookup(std::function<std::optional<Role>(const QString &)> lookup)
    {
        m_tokenLookup = std::move(lookup);
    }
    // Answers GET /v2/web_keys (ListWebKeysResponse); the web keys live with the OAuth endpoint.
    void setWebKeyList(std::function<QJsonObject()> list) { m_webKeys = std::move(list); }
    EndpointPolicy &endpointPolicy() { return m_policy; }
    const SandboxState &state() const { return m_state; }
    bool loadState(const QJsonObject &o, QString *error);
    int requestCount(const QString &rpc) const { return m_requestCounts.value(rpc); }
    // Called after every change of the state.
    void setChangedCallback(std::function<void()> callback) { m_changed = std::move(callback); }

    void seed();
    void seedTargets(int count);

    // On by default: UpdateTarget reproduces ZITADEL's interrupt-on-error write-model defect (see the reference).
    // Off: every flag the update carries is written, as a fixed server would.
    void setReproduceInterruptDefect(bool reproduce) { m_fixedWriteModel = !reproduce; }
    bool reproducesInterruptDefect() const { return !m_fixedWriteModel; }

    // A ZITADEL error body {"code","message","details":[...]} with the HTTP status of the gRPC code.
    static HttpResponse errorResponse(int grpcCode, const QString &id, const QString &key);
    static int httpStatus(int grpcCode);
    static QString randomAlphanumeric(int length);
    // Bearer tokens and client secrets are looked up and compared by their SHA-256, never as text, and every digest
    // comparison is constant-time (CRYPTO_memcmp): the time a check takes says nothing about how much of a guessed
    // secret was right.
    static QByteArray secretDigest(const QString &secret);
    static bool secretEquals(const QString &a, const QString &b);
    static bool digestEquals(const QByteArray &a, const QByteArray &b);
    // The key of `table` (a map by secretDigest()) that is the digest of `secret`, or an empty array. Compares with
    // every key and does not stop at a match: no hash-table lookup, whose last step compares with memcmp.
    template <typename T>
    static QByteArray findSecret(const QHash<QByteArray, T> &table, const QString &secret)
    {
        const QByteArray digest = secretDigest(secret);
        QByteArray found;
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            if (digestEquals(it.key(), digest))
                found = it.key();
        }
        return found;
    }

private:
    HttpResponse createTarget(const QJsonObject &body);
    HttpResponse updateTarget(const QString &id, const QJsonObject &body);
    HttpResponse deleteTarget(const QString &id);
    HttpResponse getTarget(const QString &id);
    HttpResponse listTargets(const QJsonObject &body);
    HttpResponse addPublicKey(const QString &targetId, const QJsonObject &body);
    HttpResponse activatePublicKey(const QString &targetId, const QString &keyId);
    HttpResponse deactivatePublicKey(const QString &targetId, const QString &keyId);
    HttpResponse removePublicKey(const QString &targetId, const QString &keyId);
    HttpResponse listPublicKeys(const QString &targetId, const QJsonObject &body);
    HttpResponse setExecution(const QJsonObject &body);
    HttpResponse listExecutions(const QJsonObject &body);

    void notifyChanged();

    SandboxState m_state;
    EndpointPolicy m_policy;
    QHash<QByteArray, Role> m_tokens; // by secretDigest()
    std::function<std::optional<Role>(const QString &)> m_tokenLookup;
    std::function<QJsonObject()> m_webKeys;
    QHash<QString, int> m_requestCounts;
    std::function<void()> m_changed;
    bool m_fixedWriteModel = false;
};

} // namespace targetdesk::sandbox
