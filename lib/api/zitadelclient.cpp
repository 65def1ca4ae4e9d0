#include "zitadelclient.h"

#include "auth/personalaccesstokenprovider.h"
#include "crypto/publickeyimport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

namespace targetdesk
{

void ApiCall::cancel()
{
    if (m_finished)
        return;
    if (m_abort) {
        auto abort = std::move(m_abort);
        m_abort = nullptr;
        abort();
    }
}

void ApiCall::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_abort = nullptr;
    Q_EMIT finished();
    deleteLater();
}

ZitadelClient::ZitadelClient(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this))
{
    // Never follow redirects with the bearer token attached; an API answer is never a redirect.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ZitadelClient::~ZitadelClient() = default;

void ZitadelClient::setInstance(const QUrl &url)
{
    m_instance = url;
    // Paths are appended, so keep the base without a trailing slash.
    QString path = m_instance.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    m_instance.setPath(path);
}

void ZitadelClient::setToken(const QString &token)
{
    if (token.isEmpty())
        m_auth.reset();
    else
        m_auth = std::make_shared<auth::PersonalAccessTokenProvider>(token);
}

void ZitadelClient::setAuthProvider(std::shared_ptr<auth::AuthProvider> provider)
{
    m_auth = std::move(provider);
}

void ZitadelClient::setTlsOptions(const TlsOptions &options)
{
    if (options == m_tls)
        return;
    m_tls = options;
    // A connection verified under the old rules must not carry requests under the new ones.
    m_nam->clearConnectionCache();
}

namespace
{

QString hostText(const QUrl &url)
{
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

ApiError transportError(QNetworkReply *reply, const QUrl &url)
{
    using K = ApiError::Kind;
    const QString host = hostText(url);
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return ApiError::transport(K::ConnectionRefused,
                                   QStringLiteral("Could not connect to %1: connection refused").arg(host));
    case QNetworkReply::HostNotFoundError:
        return ApiError::transport(K::HostNotFound,
                                   QStringLiteral("Host %1 not found (DNS lookup failed)").arg(url.host()));
    case QNetworkReply::RemoteHostClosedError:
        return ApiError::transport(K::ConnectionClosed,
                                   QStringLiteral("%1 closed the connection before answering").arg(host));
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::transport(K::Tls,
                                   QStringLiteral("TLS handshake with %1 failed: %2").arg(host, reply->errorString()));
    case QNetworkReply::TimeoutError:
        return ApiError::transport(K::Timeout, QStringLiteral("No answer from %1 in time").arg(host));
    default:
        break;
    }
    return ApiError::transport(K::Network,
                               QStringLiteral("Network error talking to %1: %2").arg(host, reply->errorString()));
}

QString pinMismatch(const QString &host, const QByteArray &pinned, const QByteArray &actual)
{
    return QStringLiteral("The TLS certificate of %1 has changed: the connection pins SHA-256 %2, but the server "
                          "presented %3. Not connecting. If the certificate was renewed or replaced on purpose, "
                          "check the new fingerprint with the server's administrator and pin it.")
        .arg(host, formatSha256Fingerprint(pinned),
             actual.isEmpty() ? QStringLiteral("no certificate") : formatSha256Fingerprint(actual));
}

QString untrusted(const QString &host, const QList<QSslError> &errors, const QByteArray &actual)
{
    QStringList texts;
    for (const QSslError &e : errors)
        texts << e.errorString();
    texts.removeDuplicates();
    return QStringLiteral("The TLS certificate of %1 is not trusted (%2). Its SHA-256 fingerprint is %3. Import the "
                          "certificate of the CA that issued it, or pin this fingerprint after checking it with the "
                          "server's administrator.")
        .arg(host, texts.join(QStringLiteral("; ")),
             actual.isEmpty() ? QStringLiteral("unknown") : formatSha256Fingerprint(actual));
}

QSslCertificate leafOf(QNetworkReply *reply, const QList<QSslError> &errors)
{
    QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
    for (qsizetype i = 0; leaf.isNull() && i < errors.size(); ++i)
        leaf = errors.at(i).certificate();
    return leaf;
}

Result<QJsonObject> jsonAnswer(const HttpAnswer &answer, const QUrl &url)
{
    const int status = answer.status;
    const QByteArray &data = answer.body;
    if (status < 200 || status > 299) {
        if (status >= 300 && status < 400) {
            const QString target = answer.location.toDisplayString();
            ApiError e = ApiError::fromHttp(status, {});
            e.message = QStringLiteral("Unexpected redirect (HTTP %1) to %2; check the instance URL")
                            .arg(status)
                            .arg(target.isEmpty() ? QStringLiteral("an unknown location") : target);
            return e;
        }
        return ApiError::fromHttp(status, data);
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QString why = data.isEmpty()                                 ? QStringLiteral("the body is empty")
                            : parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                           : QStringLiteral("not a JSON object");
        ApiError e = ApiError::transport(ApiError::Kind::MalformedResponse,
                                         QStringLiteral("%1 answered HTTP %2 with a body that is not valid JSON "
                                                        "(%3)")
                                             .arg(hostText(url))
                                             .arg(status)
                                             .arg(why));
        e.httpStatus = status;
        return e;
    }
    return doc.object();
}

} // namespace

// One call's request and its network state, shared by its attempts (the first and the retry after a 401).
struct ZitadelClient::Flight {
    enum class Stop { None, Cancelled, TimedOut, TooLarge };
    QByteArray method;
    QUrl url;
    QByteArray payload;
    QByteArray contentType;
    QByteArray authorization; // a fixed header (postForm); bearer tokens come from the provider
    qint64 maxBytes = 0;      // 0: no cap of the call's own
    QByteArray received;      // the body as it arrives, when capped
    std::shared_ptr<auth::AuthProvider> provider;
    std::function<void(Result<HttpAnswer>)> deliver;
    Stop stop = Stop::None;
    QPointer<QNetworkReply> reply;
    QString tlsProblem; // why the handshake was refused, in words
};

std::optional<ApiError> ZitadelClient::checkUrl(const QUrl &url) const
{
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return ApiError::transport(
            ApiError::Kind::InvalidRequest,
            QStringLiteral("No valid instance URL is set (got \"%1\")").arg(url.toDisplayString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return ApiError::transport(
            ApiError::Kind::InvalidRequest,
            QStringLiteral("The instance URL must start with https:// (got \"%1\")").arg(url.toDisplayString()));
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()) && !m_tls.allowInsecureHttp)
        return ApiError::transport(ApiError::Kind::InvalidRequest,
                                   QStringLiteral("Refusing plain http to %1: credentials would travel unencrypted. "
                                                  "Use https, or explicitly allow insecure http for this connection.")
                                       .arg(hostText(url)));
    return std::nullopt;
}

QSslConfiguration ZitadelClient::sslConfiguration(const TlsOptions &options)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (!options.pinnedSha256.isEmpty()) {
        // A pin replaces CA trust: no CA vouches for anything, only the pinned certificate is accepted.
        tls.setCaCertificates({});
    } else if (!options.caCertificates.isEmpty()) {
        tls.addCaCertificates(options.caCertificates);
    }
    return tls;
}

ApiCall *ZitadelClient::start(const std::shared_ptr<Flight> &flight, QObject *context)
{
    auto *call = new ApiCall(this);
    const bool hasContext = context != nullptr;
    QPointer<QObject> ctx(context);
    auto userDeliver = std::move(flight->deliver);
    flight->deliver = [call, hasContext, ctx, userDeliver = std::move(userDeliver)](Result<HttpAnswer> r) {
        if (call->isFinished())
            return;
        if (!hasContext || ctx)
            userDeliver(std::move(r));
        call->finish();
    };

    if (auto error = checkUrl(flight->url)) {
        QTimer::singleShot(0, call, [flight, error = *error] { flight->deliver(error); });
        return call;
    }

    auto *timer = new QTimer(call);
    timer->setSingleShot(true);
    const auto timeout = m_timeout;
    QObject::connect(timer, &QTimer::timeout, call, [flight, timeout] {
        flight->stop = Flight::Stop::TimedOut;
        if (flight->reply) {
            flight->reply->abort();
            return;
        }
        // Still waiting for the token.
        const double seconds = double(timeout.count()) / 1000.0;
        flight->deliver(ApiError::transport(
            ApiError::Kind::Timeout,
            QStringLiteral("No answer from %1 within %2 s").arg(hostText(flight->url)).arg(seconds)));
    });
    timer->start(timeout);

    call->m_abort = [flight] {
        flight->stop = Flight::Stop::Cancelled;
        if (flight->reply)
            flight->reply->abort();
        else
            flight->deliver(ApiError::transport(ApiError::Kind::Cancelled, QStringLiteral("Cancelled")));
    };
    if (context)
        QObject::connect(context, &QObject::destroyed, call, [call] { call->cancel(); });

    attempt(call, flight, 0);
    return call;
}

void ZitadelClient::attempt(ApiCall *call, const std::shared_ptr<Flight> &flight, int number)
{
    if (!flight->provider) {
        send(call, flight, QString(), number);
        return;
    }
    QPointer<ApiCall> guard(call);
    flight->provider->token(*this, call, [this, guard, flight, number](Result<QString> token) {
        if (!guard || guard->isFinished() || flight->stop != Flight::Stop::None)
            return;
        if (!token) {
            // Possibly still inside request(): the caller gets its ApiCall before the callback runs.
            QTimer::singleShot(0, guard, [flight, error = token.error()] { flight->deliver(error); });
            return;
        }
        send(guard, flight, *token, number);
    });
}

void ZitadelClient::send(ApiCall *call, const std::shared_ptr<Flight> &flight, const QString &token, int number)
{
    QNetworkRequest req(flight->url);
    if (!flight->contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, flight->contentType);
    req.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        req.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token.toUtf8());
    else if (!flight->authorization.isEmpty())
        req.setRawHeader(QByteArrayLiteral("Authorization"), flight->authorization);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (flight->url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
        req.setSslConfiguration(sslConfiguration(m_tls));
    }

    QNetworkReply *reply = m_nam->sendCustomRequest(req, flight->method, flight->payload);
    flight->reply = reply;
    const QByteArray pin = m_tls.pinnedSha256;
    const QString host = hostText(flight->url);

    QObject::connect(reply, &QNetworkReply::sslErrors, call, [reply, flight, pin, host](const QList<QSslError> &e) {
        const QByteArray actual = certificateSha256(leafOf(reply, e));
        if (!pin.isEmpty() && actual == pin) {
            // The user checked and pinned exactly this certificate.
            reply->ignoreSslErrors(e);
            return;
        }
        flight->tlsProblem = pin.isEmpty() ? untrusted(host, e, actual) : pinMismatch(host, pin, actual);
    });
    // A certificate that verifies but is not the pinned one: refuse it before the request goes out.
    QObject::connect(reply, &QNetworkReply::encrypted, call, [reply, flight, pin, host] {
        if (pin.isEmpty())
            return;
        const QByteArray actual = certificateSha256(reply->sslConfiguration().peerCertificate());
        if (actual == pin)
            return;
        flight->tlsProblem = pinMismatch(host, pin, actual);
        reply->abort();
    });

    if (flight->maxBytes > 0) {
        // Counted while it arrives: an endless or huge answer is cut off, not buffered.
        QObject::connect(reply, &QNetworkReply::readyRead, call, [reply, flight] {
            flight->received += reply->read(flight->maxBytes + 1 - flight->received.size());
            if (flight->received.size() > flight->maxBytes) {
                flight->stop = Flight::Stop::TooLarge;
                reply->abort();
            }
        });
    }

    QObject::connect(reply, &QNetworkReply::finished, call, [this, call, reply, flight, token, number] {
        reply->deleteLater();
        flight->reply = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray data = std::exchange(flight->received, {});
        if (reply->isOpen())
            data += reply->readAll();
        if (flight->stop == Flight::Stop::TooLarge || (flight->maxBytes > 0 && data.size() > flight->maxBytes)) {
            flight->deliver(ApiError::transport(ApiError::Kind::TooLarge,
                                                QStringLiteral("The answer of %1 is larger than %2 bytes; reading "
                                                               "stopped there")
                                                    .arg(hostText(flight->url))
                                                    .arg(flight->maxBytes)));
            return;
        }
        if (flight->stop == Flight::Stop::Cancelled) {
            flight->deliver(ApiError::transport(ApiError::Kind::Cancelled, QStringLiteral("Cancelled")));
            return;
        }
        if (flight->stop == Flight::Stop::TimedOut) {
            const double seconds = double(m_timeout.count()) / 1000.0;
            flight->deliver(ApiError::transport(
                ApiError::Kind::Timeout,
                QStringLiteral("No answer from %1 within %2 s").arg(hostText(flight->url)).arg(seconds)));
            return;
        }
        if (!flight->tlsProblem.isEmpty() && status == 0) {
            flight->deliver(ApiError::transport(ApiError::Kind::Tls, flight->tlsProblem));
            return;
        }
        if (status == 0) {
            flight->deliver(transportError(reply, flight->url));
            return;
        }
        // One retry with a fresh token; a second 401 is the answer.
        if (status == 401 && number == 0 && !token.isEmpty() && flight->provider &&
            flight->provider->invalidate(token)) {
            attempt(call, flight, 1);
            return;
        }
        HttpAnswer answer;
        answer.status = status;
        answer.body = data;
        answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        answer.location = reply->header(QNetworkRequest::LocationHeader).toUrl();
        flight->deliver(std::move(answer));
    });
}

ApiCall *ZitadelClient::request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                QObject *context, Callback<QJsonObject> cb)
{
    auto flight = std::make_shared<Flight>();
    flight->method = method;
    flight->url = m_instance;
    if (!checkUrl(m_instance))
        flight->url.setPath(m_instance.path() + path);
    const bool sendsBody = method != "GET" && method != "DELETE";
    if (sendsBody)
        flight->payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    flight->contentType = QByteArrayLiteral("application/json");
    flight->provider = m_auth;
    flight->maxBytes = m_maxResponseBytes;
    const QUrl url = flight->url;
    flight->deliver = [cb = std::move(cb), url](Result<HttpAnswer> r) {
        cb(r ? jsonAnswer(*r, url) : Result<QJsonObject>(r.error()));
    };
    return start(flight, context);
}

ApiCall *ZitadelClient::postForm(const QString &path, const QByteArray &form, const QByteArray &authorization,
                                 QObject *context, Callback<HttpAnswer> cb)
{
    auto flight = std::make_shared<Flight>();
    flight->method = QByteArrayLiteral("POST");
    flight->url = m_instance;
    if (!checkUrl(m_instance))
        flight->url.setPath(m_instance.path() + path);
    flight->payload = form;
    flight->contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
    flight->authorization = authorization;
    flight->maxBytes = kMaxTokenResponseBytes;
    flight->deliver = std::move(cb);
    return start(flight, context);
}

ApiCall *ZitadelClient::fetch(const QUrl &url, qint64 maxBytes, QObject *context, Callback<HttpAnswer> cb)
{
    auto flight = std::make_shared<Flight>();
    flight->method = QByteArrayLiteral("GET");
    flight->url = url;
    flight->maxBytes = maxBytes;
    flight->deliver = std::move(cb);
    return start(flight, context);
}

ApiCall *ZitadelClient::fetchServerCertificate(QObject *context, Callback<CertificateInfo> cb)
{
    auto *call = new ApiCall(this);
    const bool hasContext = context != nullptr;
    QPointer<QObject> ctx(context);
    auto deliver = [call, hasContext, ctx, cb = std::move(cb)](Result<CertificateInfo> r) {
        if (call->isFinished())
            return;
        if (!hasContext || ctx)
            cb(std::move(r));
        call->finish();
    };
    const QUrl url = m_instance;
    std::optional<ApiError> error = checkUrl(url);
    if (!error && url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) != 0)
        error = ApiError::transport(
            ApiError::Kind::InvalidRequest,
            QStringLiteral("%1 is not an https URL: there is no certificate to show").arg(url.toDisplayString()));
    if (error) {
        QTimer::singleShot(0, call, [deliver, error = *error] { deliver(error); });
        return call;
    }

    auto *socket = new QSslSocket(call);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (!m_tls.caCertificates.isEmpty())
        tls.addCaCertificates(m_tls.caCertificates);
    socket->setSslConfiguration(tls);
    auto problems = std::make_shared<QStringList>();
    const QByteArray pin = m_tls.pinnedSha256;
    const QString host = hostText(url);

    QObject::connect(socket, &QSslSocket::sslErrors, call, [socket, problems](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            *problems << e.errorString();
        // Only looking: nothing is sent, and the connection closes right after the handshake.
        socket->ignoreSslErrors(errors);
    });
    QObject::connect(socket, &QSslSocket::encrypted, call, [socket, problems, pin, deliver] {
        const QList<QSslCertificate> chain = socket->peerCertificateChain();
        CertificateInfo info = CertificateInfo::from(socket->peerCertificate());
        if (!chain.isEmpty())
            info.chain = chain;
        problems->removeDuplicates();
        info.problems = *problems;
        info.matchesPin = !pin.isEmpty() && pin == info.sha256;
        deliver(info);
        socket->abort();
    });
    QObject::connect(socket, &QSslSocket::errorOccurred, call, [socket, host, deliver](QAbstractSocket::SocketError e) {
        using K = ApiError::Kind;
        const K kind = e == QAbstractSocket::ConnectionRefusedError    ? K::ConnectionRefused
                       : e == QAbstractSocket::HostNotFoundError       ? K::HostNotFound
                       : e == QAbstractSocket::SslHandshakeFailedError ? K::Tls
                       : e == QAbstractSocket::RemoteHostClosedError   ? K::ConnectionClosed
                                                                       : K::Network;
        deliver(ApiError::transport(
            kind, QStringLiteral("Could not read the certificate of %1: %2").arg(host, socket->errorString())));
    });
    auto *timer = new QTimer(call);
    timer->setSingleShot(true);
    const auto timeout = m_timeout;
    QObject::connect(timer, &QTimer::timeout, call, [socket, host, timeout, deliver] {
        deliver(ApiError::transport(
            ApiError::Kind::Timeout,
            QStringLiteral("No TLS handshake with %1 within %2 s").arg(host).arg(double(timeout.count()) / 1000.0)));
        socket->abort();
    });
    timer->start(timeout);
    call->m_abort = [socket, deliver] {
        deliver(ApiError::transport(ApiError::Kind::Cancelled, QStringLiteral("Cancelled")));
        socket->abort();
    };
    if (context)
        QObject::connect(context, &QObject::destroyed, call, [call] { call->cancel(); });
    socket->connectToHostEncrypted(url.host(), quint16(url.port(443)), url.host());
    return call;
}

namespace
{

ApiError malformed(const QString &what)
{
    return ApiError::transport(ApiError::Kind::MalformedResponse,
                               QStringLiteral("The server's answer is not what the API promises: %1").arg(what));
}

// Converts the JSON answer with `parse` (which returns an error text on failure) into a typed callback.
template <typename T, typename Parse>
Callback<QJsonObject> typed(Callback<T> cb, Parse parse)
{
    return [cb = std::move(cb), parse](Result<QJsonObject> r) {
        if (!r) {
            cb(r.error());
            return;
        }
        T value{};
        const QString error = parse(*r, value);
        if (!error.isEmpty()) {
            cb(malformed(error));
            return;
        }
        cb(std::move(value));
    };
}

QString readTimestamp(const QJsonObject &o, const char *key, QDateTime &out, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return required ? QStringLiteral("\"%1\" is missing").arg(QLatin1String(key)) : QString();
    const auto t = v.isString() ? protojson::parseTimestamp(v.toString()) : std::nullopt;
    if (!t)
        return QStringLiteral("\"%1\" is not an RFC 3339 timestamp").arg(QLatin1String(key));
    out = *t;
    return {};
}

QString readString(const QJsonObject &o, const char *key, QString &out, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return required ? QStringLiteral("\"%1\" is missing").arg(QLatin1String(key)) : QString();
    if (!v.isString())
        return QStringLiteral("\"%1\" is not a string").arg(QLatin1String(key));
    out = v.toString();
    return {};
}

QString pathId(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

ApiError emptyId()
{
    return ApiError::transport(ApiError::Kind::InvalidRequest, QStringLiteral("The target id is empty"));
}

template <typename T>
ApiCall *failSoon(QObject *owner, Callback<T> cb, ApiError error)
{
    auto *call = new ApiCall(owner);
    QTimer::singleShot(0, call, [call, cb = std::move(cb), error] {
        cb(error);
        call->finish();
    });
    return call;
}

} // namespace

ApiCall *ZitadelClient::createTarget(const CreateTargetRequest &request, QObject *context,
                                     Callback<CreateTargetResponse> cb)
{
    return this->request("POST", QStringLiteral("/v2/actions/targets"), request.toJson(), context,
                         typed<CreateTargetResponse>(std::move(cb), [](const QJsonObject &o, CreateTargetResponse &v) {
                             QString e = readString(o, "id", v.id, true);
                             if (e.isEmpty())
                                 e = readTimestamp(o, "creationDate", v.creationDate, false);
                             if (e.isEmpty())
                                 e = readString(o, "signingKey", v.signingKey, false);
                             return e;
                         }));
}

ApiCall *ZitadelClient::updateTarget(const QString &id, const TargetPatch &patch, QObject *context,
                                     Callback<UpdateTargetResponse> cb)
{
    if (id.isEmpty())
        return failSoon(this, std::move(cb), emptyId());
    return request("POST", QStringLiteral("/v2/actions/targets/") + pathId(id), patch.toJson(), context,
                   typed<UpdateTargetResponse>(std::move(cb), [](const QJsonObject &o, UpdateTargetResponse &v) {
                       QString e = readTimestamp(o, "changeDate", v.changeDate, false);
                       if (e.isEmpty())
                           e = readString(o, "signingKey", v.signingKey, false);
                       return e;
                   }));
}

ApiCall *ZitadelClient::deleteTarget(const QString &id, QObject *context, Callback<DeleteTargetResponse> cb)
{
    if (id.isEmpty())
        return failSoon(this, std::move(cb), emptyId());
    return request("DELETE", QStringLiteral("/v2/actions/targets/") + pathId(id), {}, context,
                   typed<DeleteTargetResponse>(std::move(cb), [](const QJsonObject &o, DeleteTargetResponse &v) {
                       return readTimestamp(o, "deletionDate", v.deletionDate, false);
                   }));
}

ApiCall *ZitadelClient::getTarget(const QString &id, QObject *context, Callback<Target> cb)
{
    if (id.isEmpty())
        return failSoon(this, std::move(cb), emptyId());
    return request("GET", QStringLiteral("/v2/actions/targets/") + pathId(id), {}, context,
                   typed<Target>(std::move(cb), [](const QJsonObject &o, Target &v) -> QString {
                       const QJsonValue t = o.value(QLatin1String("target"));
                       if (!t.isObject())
                           return QStringLiteral("\"target\" is missing");
                       TargetParse p = targetFromJson(t.toObject());
                       if (!p.target)
                           return QStringLiteral("target: ") + p.error;
                       v = *p.target;
                       return QString();
                   }));
}

ApiCall *ZitadelClient::listTargets(const TargetQuery &query, QObject *context, Callback<TargetPage> cb)
{
    return request("POST", QStringLiteral("/v2/actions/targets/search"), query.toJson(), context,
                   typed<TargetPage>(std::move(cb), [](const QJsonObject &o, TargetPage &v) -> QString {
                       const QJsonObject pagination = o.value(QLatin1String("pagination")).toObject();
                       const QJsonValue total = pagination.value(QLatin1String("totalResult"));
                       if (!total.isUndefined()) {
                           const auto n = protojson::parseUint64(total);
                           if (!n)
                               return QStringLiteral("\"pagination.totalResult\" is not a number");
                           v.totalResult = *n;
                       }
                       const QJsonValue limit = pagination.value(QLatin1String("appliedLimit"));
                       if (!limit.isUndefined()) {
                           const auto n = protojson::parseUint64(limit);
                           if (!n)
                               return QStringLiteral("\"pagination.appliedLimit\" is not a number");
                           v.appliedLimit = quint32(*n);
                       }
                       const QJsonValue targets = o.value(QLatin1String("targets"));
                       if (!targets.isUndefined() && !targets.isArray())
                           return QStringLiteral("\"targets\" is not a list");
                       const QJsonArray list = targets.toArray();
                       v.targets.reserve(list.size());
                       for (qsizetype i = 0; i < list.size(); ++i) {
                           if (!list.at(i).isObject())
                               return QStringLiteral("targets[%1] is not an object").arg(i);
                           TargetParse p = targetFromJson(list.at(i).toObject());
                           if (!p.target)
                               return QStringLiteral("targets[%1]: %2").arg(i).arg(p.error);
                           v.targets.append(std::move(*p.target));
                       }
                       return QString();
                   }));
}

ApiCall *ZitadelClient::listAllTargets(const TargetQuery &query, QObject *context,
                                       std::function<void(const TargetPage &page)> onPage, Callback<quint64> done)
{
    auto *outer = new ApiCall(this);
    struct State {
        TargetQuery query;
        QPointer<ApiCall> current;
        std::function<void()> fetch;
    };
    auto state = std::make_shared<State>();
    state->query = query;
    if (state->query.limit == 0 || state->query.limit > 1000)
        state->query.limit = 1000;
    const bool hasContext = context != nullptr;
    QPointer<QObject> ctx(context);
    auto alive = [hasContext, ctx] { return !hasContext || !ctx.isNull(); };

    std::weak_ptr<State> weak = state;
    state->fetch = [this, outer, weak, alive, onPage, done] {
        auto s = weak.lock();
        if (!s)
            return;
        s->current = listTargets(s->query, outer, [outer, weak, alive, onPage, done](Result<TargetPage> r) {
            auto s = weak.lock();
            if (!s || outer->isFinished())
                return;
            if (!alive()) {
                outer->finish();
                return;
            }
            if (!r) {
                done(r.error());
                outer->finish();
                return;
            }
            if (r->totalResult > kMaxPlausibleTargets) {
                done(ApiError::transport(ApiError::Kind::MalformedResponse,
                                         QStringLiteral("The server reports %1 targets, which is not plausible; "
                                                        "stopped listing")
                                             .arg(r->totalResult)));
                outer->finish();
                return;
            }
            onPage(*r);
            if (!alive() || outer->isFinished()) {
                outer->finish();
                return;
            }
            s->query.offset += quint64(r->targets.size());
            // A short page is the last one, whatever totalResult says.
            const quint32 pageSize = r->appliedLimit > 0 ? std::min(r->appliedLimit, s->query.limit) : s->query.limit;
            if (r->targets.isEmpty() || quint64(r->targets.size()) < pageSize || s->query.offset >= r->totalResult) {
                done(r->totalResult);
                outer->finish();
                return;
            }
            s->fetch();
        });
    };
    // The abort function keeps the state alive until the outer call finishes.
    outer->m_abort = [state] {
        if (state->current)
            state->current->cancel();
    };
    if (context)
        QObject::connect(context, &QObject::destroyed, outer, [outer] { outer->cancel(); });
    state->fetch();
    return outer;
}

namespace
{

QString keyPath(const QString &targetId)
{
    return QStringLiteral("/v2/actions/targets/") + pathId(targetId) + QStringLiteral("/publickeys");
}

// For answers that carry one timestamp ({"changeDate"}, {"deletionDate"}, {"setDate"}).
Callback<QJsonObject> timestampAnswer(Callback<QDateTime> cb, const char *field)
{
    return typed<QDateTime>(std::move(cb),
                            [field](const QJsonObject &o, QDateTime &v) { return readTimestamp(o, field, v, false); });
}

QString readPageTotal(const QJsonObject &o, quint64 &total)
{
    const QJsonValue v = o.value(QLatin1String("pagination")).toObject().value(QLatin1String("totalResult"));
    if (v.isUndefined())
        return {};
    const auto n = protojson::parseUint64(v);
    if (!n)
        return QStringLiteral("\"pagination.totalResult\" is not a number");
    total = *n;
    return {};
}

Callback<QJsonObject> stringListAnswer(Callback<QStringList> cb, const char *field)
{
    return typed<QStringList>(std::move(cb), [field](const QJsonObject &o, QStringList &v) -> QString {
        const QJsonValue list = o.value(QLatin1String(field));
        if (!list.isUndefined() && !list.isArray())
            return QStringLiteral("\"%1\" is not a list").arg(QLatin1String(field));
        for (const QJsonValue &item : list.toArray()) {
            if (!item.isString())
                return QStringLiteral("\"%1\" holds something other than text").arg(QLatin1String(field));
            v << item.toString();
        }
        return {};
    });
}

ApiError emptyKeyId()
{
    return ApiError::transport(ApiError::Kind::InvalidRequest, QStringLiteral("The key id is empty"));
}

} // namespace

ApiCall *ZitadelClient::addPublicKey(const QString &targetId, const AddPublicKeyRequest &request, QObject *context,
                                     Callback<AddPublicKeyResponse> cb)
{
    if (targetId.isEmpty())
        return failSoon(this, std::move(cb), emptyId());
    // ZITADEL takes any RSA size; payloads encrypted to a short key are not secret. Refused here, for every caller.
    if (const auto parsed = crypto::importPublicKey(request.publicKeyPem);
        parsed.ok() && parsed.rsaBits > 0 && parsed.rsaBits < crypto::minRsaEncryptionBits) {
        return failSoon(this, std::move(cb),
                        ApiError::transport(ApiError::Kind::InvalidRequest,
                                            QStringLiteral("The key is RSA %1: RSA keys under %2 bits can be broken, "
                                                           "so payloads encrypted to it would not stay secret. ZITADEL "
                                                           "would accept it; Targetdesk does not. Use RSA 3072 or an "
                                                           "EC P-256 key.")
                                                .arg(parsed.rsaBits)
                                                .arg(crypto::minRsaEncryptionBits)));
    }
    return this->request("POST", keyPath(targetId), request.toJson(), context,
                         typed<AddPublicKeyResponse>(std::move(cb), [](const QJsonObject &o, AddPublicKeyResponse &v) {
                             QString e = readString(o, "keyId", v.keyId, true);
                             if (e.isEmpty())
                                 e = readTimestamp(o, "creationDate", v.creationDate, false);
                             return e;
                         }));
}

ApiCall *ZitadelClient::activatePublicKey(const QString &targetId, const QString &keyId, QObject *context,
                                          Callback<QDateTime> cb)
{
    if (targetId.isEmpty() || keyId.isEmpty())
        return failSoon(this, std::move(cb), targetId.isEmpty() ? emptyId() : emptyKeyId());
    return request("POST", keyPath(targetId) + QLatin1Char('/') + pathId(keyId) + QStringLiteral("/activate"), {},
                   context, timestampAnswer(std::move(cb), "changeDate"));
}

ApiCall *ZitadelClient::deactivatePublicKey(const QString &targetId, const QString &keyId, QObject *context,
                                            Callback<QDateTime> cb)
{
    if (targetId.isEmpty() || keyId.isEmpty())
        return failSoon(this, std::move(cb), targetId.isEmpty() ? emptyId() : emptyKeyId());
    return request("POST", keyPath(targetId) + QLatin1Char('/') + pathId(keyId) + QStringLiteral("/deactivate"), {},
                   context, timestampAnswer(std::move(cb), "changeDate"));
}

ApiCall *ZitadelClient::removePublicKey(const QString &targetId, const QString &keyId, QObject *context,
                                        Callback<QDateTime> cb)
{
    if (targetId.isEmpty() || keyId.isEmpty())
        return failSoon(this, std::move(cb), targetId.isEmpty() ? emptyId() : emptyKeyId());
    return request("DELETE", keyPath(targetId) + QLatin1Char('/') + pathId(keyId), {}, context,
                   timestampAnswer(std::move(cb), "deletionDate"));
}

ApiCall *ZitadelClient::listPublicKeys(const QString &targetId, const PublicKeyQuery &query, QObject *context,
                                       Callback<PublicKeyPage> cb)
{
    if (targetId.isEmpty())
        return failSoon(this, std::move(cb), emptyId());
    return request("POST", keyPath(targetId) + QStringLiteral("/search"), query.toJson(), context,
                   typed<PublicKeyPage>(std::move(cb), [](const QJsonObject &o, PublicKeyPage &v) -> QString {
                       QString e = readPageTotal(o, v.totalResult);
                       if (!e.isEmpty())
                           return e;
                       const QJsonValue keys = o.value(QLatin1String("publicKeys"));
                       if (!keys.isUndefined() && !keys.isArray())
                           return QStringLiteral("\"publicKeys\" is not a list");
                       const QJsonArray list = keys.toArray();
                       for (qsizetype i = 0; i < list.size(); ++i) {
                           PublicKeyParse p = publicKeyFromJson(list.at(i).toObject());
                           if (!list.at(i).isObject() || !p.key)
                               return QStringLiteral("publicKeys[%1]: %2").arg(i).arg(p.error);
                           v.publicKeys.append(std::move(*p.key));
                       }
                       return {};
                   }));
}

ApiCall *ZitadelClient::setExecution(const ExecutionCondition &condition, const QStringList &targets, QObject *context,
                                     Callback<QDateTime> cb)
{
    const QJsonObject body{{QStringLiteral("condition"), condition.toJson()},
                           {QStringLiteral("targets"), QJsonArray::fromStringList(targets)}};
    return request("PUT", QStringLiteral("/v2/actions/executions"), body, context,
                   timestampAnswer(std::move(cb), "setDate"));
}

ApiCall *ZitadelClient::listExecutions(const ExecutionQuery &query, QObject *context, Callback<ExecutionPage> cb)
{
    return request("POST", QStringLiteral("/v2/actions/executions/search"), query.toJson(), context,
                   typed<ExecutionPage>(std::move(cb), [](const QJsonObject &o, ExecutionPage &v) -> QString {
                       QString e = readPageTotal(o, v.totalResult);
                       if (!e.isEmpty())
                           return e;
                       const QJsonValue executions = o.value(QLatin1String("executions"));
                       if (!executions.isUndefined() && !executions.isArray())
                           return QStringLiteral("\"executions\" is not a list");
                       const QJsonArray list = executions.toArray();
                       for (qsizetype i = 0; i < list.size(); ++i) {
                           ExecutionParse p = executionFromJson(list.at(i).toObject());
                           if (!list.at(i).isObject() || !p.execution)
                               return QStringLiteral("executions[%1]: %2").arg(i).arg(p.error);
                           v.executions.append(std::move(*p.execution));
                       }
                       return {};
                   }));
}

ApiCall *ZitadelClient::listExecutionFunctions(QObject *context, Callback<QStringList> cb)
{
    return request("GET", QStringLiteral("/v2/actions/executions/functions"), {}, context,
                   stringListAnswer(std::move(cb), "functions"));
}

ApiCall *ZitadelClient::listExecutionMethods(QObject *context, Callback<QStringList> cb)
{
    return request("GET", QStringLiteral("/v2/actions/executions/methods"), {}, context,
                   stringListAnswer(std::move(cb), "methods"));
}

ApiCall *ZitadelClient::listExecutionServices(QObject *context, Callback<QStringList> cb)
{
    return request("GET", QStringLiteral("/v2/actions/executions/services"), {}, context,
                   stringListAnswer(std::move(cb), "services"));
}

ApiCall *ZitadelClient::listWebKeys(QObject *context, Callback<QList<WebKey>> cb)
{
    return request("GET", QStringLiteral("/v2/web_keys"), {}, context, [cb = std::move(cb)](Result<QJsonObject> r) {
        if (!r) {
            cb(r.error());
            return;
        }
        WebKeyListParse parsed = webKeysFromJson(*r);
        if (!parsed.keys) {
            cb(ApiError::transport(ApiError::Kind::MalformedResponse,
                                   QStringLiteral("The web key list is not what ZITADEL sends: %1").arg(parsed.error)));
            return;
        }
        cb(std::move(*parsed.keys));
    });
}

} // namespace targetdesk
