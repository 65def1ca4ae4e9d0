#pragma once

#include "api/keymessages.h"
#include "api/result.h"
#include "api/targetmessages.h"
#include "api/targetupdate.h"
#include "api/tlsoptions.h"
#include "model/webkey.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace targetdesk
{

namespace auth
{
class AuthProvider;
}

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

// Any HTTP answer, for requests whose error bodies are not ZITADEL's API errors (the OAuth token endpoint).
struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QUrl location; // of a redirect
};

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
    // The bearer token (personal access token). Never logged, never part of an error. Shorthand for
    // setAuthProvider() with a PersonalAccessTokenProvider; an empty token removes authentication.
    void setToken(const QString &token);
    bool hasToken() const { return m_auth != nullptr; }
    // Where calls get their bearer token. Every call asks it first; a 401 answer makes the call invalidate the token
    // and retry once with a fresh one (when the provider can give a different token). Null: no Authorization.
    void setAuthProvider(std::shared_ptr<auth::AuthProvider> provider);
    std::shared_ptr<auth::AuthProvider> authProvider() const { return m_auth; }
    // TLS trust for this connection; changing it drops open connections. Plain http to a host that is not loopback
    // is refused (ApiError::Kind::InvalidRequest) unless options.allowInsecureHttp is set.
    void setTlsOptions(const TlsOptions &options);
    const TlsOptions &tlsOptions() const { return m_tls; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // Byte caps, enforced while an answer arrives (a huge or endless answer is cut off, not buffered): API calls
    // (a page of 1000 public keys is about 12 MB) and the OAuth token endpoint.
    static constexpr qint64 kMaxApiResponseBytes = 32 * 1024 * 1024;
    static constexpr qint64 kMaxTokenResponseBytes = 256 * 1024;
    // For tests: the API calls' cap.
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }
    // listAllTargets() refuses to page beyond this many targets (a totalResult above it is not plausible).
    static constexpr quint64 kMaxPlausibleTargets = 1'000'000;
    std::chrono::milliseconds timeout() const { return m_timeout; }
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }

    ApiCall *createTarget(const CreateTargetRequest &request, QObject *context, Callback<CreateTargetResponse> cb);
    ApiCall *updateTarget(const QString &id, const TargetPatch &patch, QObject *context,
                          Callback<UpdateTargetResponse> cb);
    // updateTarget(), then the target read back and compared with every field sent (ZITADEL may answer 200 and not
    // write a field). When interrupt-on-error did not turn off, ZITADEL's working sequence (on, then off) is applied
    // and the target read back again. Fields that still differ come back in CheckedUpdate::notTaken.
    ApiCall *updateTargetChecked(const QString &id, const TargetPatch &patch, QObject *context,
                                 Callback<CheckedUpdate> cb);
    ApiCall *deleteTarget(const QString &id, QObject *context, Callback<DeleteTargetResponse> cb);
    ApiCall *getTarget(const QString &id, QObject *context, Callback<Target> cb);
    ApiCall *listTargets(const TargetQuery &query, QObject *context, Callback<TargetPage> cb);

    // Pages through every target matching `query` (its offset and limit are the starting point and page size;
    // the page size is capped at 1000). `onPage` sees each page as it arrives (for incremental display);
    // `done` gets the total count or the first error. Paging stops on an empty or short page and at totalResult; a
    // totalResult above kMaxPlausibleTargets is an error (MalformedResponse), so a broken server cannot keep it going.
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
    // The instance's web keys (GET /v2/web_keys, permission iam.web_key.read): whether JWT/JWE payloads can be
    // signed at all.
    ApiCall *listWebKeys(QObject *context, Callback<QList<WebKey>> cb);

    // The lowest layer: one JSON request. `body` is ignored for GET and DELETE. Path starts with "/v2/".
    ApiCall *request(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
                     Callback<QJsonObject> cb);

    // A POST of application/x-www-form-urlencoded `form` to the instance (the OAuth token endpoint), with this
    // client's TLS options and timeout but no bearer token. `authorization` (e.g. "Basic ...") is sent as is. Any
    // HTTP status is delivered as an answer; only transport failures are errors.
    ApiCall *postForm(const QString &path, const QByteArray &form, const QByteArray &authorization, QObject *context,
                      Callback<HttpAnswer> cb);

    // The one bounded download for anything that is not an API call (a JWKS, ...): a GET of `url` with this
    // client's URL rules (https, or http only to loopback unless insecure http is allowed), TLS options (CA, pin)
    // and timeout, never a bearer token, never following a redirect. Reading stops once the body passes
    // `maxBytes` (ApiError::Kind::TooLarge). Any HTTP status is delivered as an answer.
    ApiCall *fetch(const QUrl &url, qint64 maxBytes, QObject *context, Callback<HttpAnswer> cb);

    // Connects to the instance's TLS port and reports its certificate without sending anything, whether or not it
    // verifies: what a user looks at before pinning it or importing its CA. Only https instances.
    ApiCall *fetchServerCertificate(QObject *context, Callback<CertificateInfo> cb);

    // The TLS configuration of every request: the system's CAs plus the given ones; with a pin, no CA at all (the
    // pinned certificate is then the only one accepted).
    [[nodiscard]] static QSslConfiguration sslConfiguration(const TlsOptions &options);

private:
    struct Flight;
    std::optional<ApiError> checkUrl(const QUrl &url) const;
    ApiCall *start(const std::shared_ptr<Flight> &flight, QObject *context);
    void attempt(ApiCall *call, const std::shared_ptr<Flight> &flight, int number);
    void send(ApiCall *call, const std::shared_ptr<Flight> &flight, const QString &token, int number);

    QNetworkAccessManager *m_nam;
    QUrl m_instance;
    std::shared_ptr<auth::AuthProvider> m_auth;
    TlsOptions m_tls;
    std::chrono::milliseconds m_timeout{30'000};
    qint64 m_maxResponseBytes = kMaxApiResponseBytes;
};

} // namespace targetdesk
