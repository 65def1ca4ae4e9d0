#pragma once

#include "api/keymessages.h"
#include "api/result.h"
#include "api/targetmessages.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace targetdesk
{

// A running API call. Cancelling delivers ApiError::Kind::Cancelled to the callback (unless the call has already
// finished). The object deletes itself after finishing; hold it in a QPointer.
class ApiCall : public QObject
{
    Q_OBJECT
public:
    explicit ApiCall(QObject *parent = nullptr) : QObject(parent) {}
    void cancel();
    bool isFinished() const { return m_finished; }
    // Marks the call done, emits finished() and schedules deletion. For the client's own use.
    void finish();

Q_SIGNALS:
    void finished();

private:
    friend class ZitadelClient;
    std::function<void()> m_abort;
    bool m_finished = false;
};

template <typename T>
using Callback = std::function<void(Result<T>)>;

// Client for ZITADEL's Actions v2 REST API. One QNetworkAccessManager; every call is asynchronous, has a
// timeout, can be cancelled and reports a value or an ApiError. Callbacks run on the client's thread and are
// not called after `context` is destroyed.
class ZitadelClient : public QObject
{
    Q_OBJECT
public:
    explicit ZitadelClient(QObject *parent = nullptr);
    ~ZitadelClient() override;

    // The instance, e.g. https://my.zitadel.example (paths /v2/... are appended).
    void setInstance(const QUrl &url);
    QUrl instance() const { return m_instance; }
    // The bearer token (personal access token). Never logged, never part of an error.
    void setToken(const QString &token);
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }

    ApiCall *createTarget(const CreateTargetRequest &request, QObject *context, Callback<CreateTargetResponse> cb);
    ApiCall *updateTarget(const QString &id, const TargetPatch &patch, QObject *context,
                          Callback<UpdateTargetResponse> cb);
    ApiCall *deleteTarget(const QString &id, QObject *context, Callback<DeleteTargetResponse> cb);
    ApiCall *getTarget(const QString &id, QObject *context, Callback<Target> cb);
    ApiCall *listTargets(const TargetQuery &query, QObject *context, Callback<TargetPage> cb);

    // Pages through every target matching `query` (its offset and limit are the starting point and page size;
    // the page size is capped at 1000). `onPage` sees each page as it arrives (for incremental display);
    // `done` gets the total count or the first error.
    ApiCall *listAllTargets(const TargetQuery &query, QObject *context,
                            std::function<void(const TargetPage &page)> onPage, Callback<quint64> done);

    // Public keys of a target. Activate, deactivate and remove deliver ZITADEL's changeDate / deletionDate.
    ApiCall *addPublicKey(const QString &targetId, const AddPublicKeyRequest &request, QObject *context,
                          Callback<AddPublicKeyResponse> cb);
    ApiCall *activatePublicKey(const QString &targetId, const QString &keyId, QObject *context, Callback<QDateTime> cb);
    ApiCall *deactivatePublicKey(const QString &targetId, const QString &keyId, QObject *context,
                                 Callback<QDateTime> cb);
    ApiCall *removePublicKey(const QString &targetId, const QString &keyId, QObject *context, Callback<QDateTime> cb);
    ApiCall *listPublicKeys(const QString &targetId, const PublicKeyQuery &query, QObject *context,
                            Callback<PublicKeyPage> cb);

    // Executions. An empty `targets` removes the execution. Delivers ZITADEL's setDate.
    ApiCall *setExecution(const ExecutionCondition &condition, const QStringList &targets, QObject *context,
                          Callback<QDateTime> cb);
    ApiCall *listExecutions(const ExecutionQuery &query, QObject *context, Callback<ExecutionPage> cb);
    ApiCall *listExecutionFunctions(QObject *context, Callback<QStringList> cb);
    ApiCall *listExecutionMethods(QObject *context, Callback<QStringList> cb);
    ApiCall *listExecutionServices(QObject *context, Callback<QStringList> cb);

    // The lowest layer: one JSON request. `body` is ignored for GET and DELETE. Path starts with "/v2/".
    ApiCall *request(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
                     Callback<QJsonObject> cb);

private:
    QNetworkAccessManager *m_nam;
    QUrl m_instance;
    QString m_token;
    std::chrono::milliseconds m_timeout{30'000};
};

} // namespace targetdesk
