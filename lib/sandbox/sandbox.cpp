#include "sandbox.h"

#include "actionservice.h"
#include "executor.h"
#include "oauthservice.h"
#include "sandboxhttpserver.h"

#include "common/syncdirectory.h"

#include <QFile>
#include <QFileDevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <cstring>
#include <map>

namespace targetdesk::sandbox
{

std::optional<Fault> Fault::parse(const QString &input)
{
    QString text = input.trimmed().toLower();
    Fault fault;
    const qsizetype star = text.indexOf(QLatin1Char('*'));
    if (star >= 0) {
        bool ok = false;
        const int n = text.mid(star + 1).toInt(&ok);
        if (!ok || n < 1)
            return std::nullopt;
        fault.remaining = n;
        text = text.left(star);
    }
    if (text == QLatin1String("hang")) {
        fault.kind = Kind::Hang;
    } else if (text == QLatin1String("reset")) {
        fault.kind = Kind::Reset;
    } else if (text == QLatin1String("malformed")) {
        fault.kind = Kind::MalformedBody;
    } else if (text == QLatin1String("ignore")) {
        fault.kind = Kind::Ignored;
    } else if (text == QLatin1String("none")) {
        fault.kind = Kind::None;
    } else if (text.startsWith(QLatin1String("delay:"))) {
        bool ok = false;
        const int ms = text.mid(6).toInt(&ok);
        if (!ok || ms < 0)
            return std::nullopt;
        fault.kind = Kind::Delay;
        fault.delayMs = ms;
    } else {
        bool ok = false;
        const int status = text.toInt(&ok);
        if (!ok || status < 400 || status > 599)
            return std::nullopt;
        fault.kind = Kind::HttpError;
        fault.httpStatus = status;
    }
    return fault;
}

namespace
{

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

int grpcCodeForStatus(int status)
{
    switch (status) {
    case 400:
        return 3;
    case 401:
        return 16;
    case 403:
        return 7;
    case 404:
        return 5;
    case 409:
        return 6;
    case 429:
        return 8;
    case 501:
        return 12;
    case 502:
    case 503:
        return 14;
    case 504:
        return 4;
    default:
        return 13;
    }
}

void writeResponse(QHttpServerResponder &responder, const HttpResponse &response)
{
    responder.write(response.body, {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}},
                    static_cast<QHttpServerResponder::StatusCode>(response.status));
}

} // namespace

class SandboxPrivate
{
public:
    explicit SandboxPrivate(Sandbox *q) : q(q) {}

    // A request held back by a Delay or Hang fault. Dropped without an answer when its socket goes away.
    struct Pending {
        explicit Pending(QHttpServerResponder &&r) : responder(std::move(r)) {}
        QHttpServerResponder responder;
        QMetaObject::Connection disconnected;
    };

    void onRequest(const QHttpServerRequest &request, QTcpSocket *socket);
    std::optional<Fault> takeFault(const QString &rpc);
    quint64 park(QHttpServerResponder &&responder, QTcpSocket *socket);
    std::unique_ptr<Pending> unpark(quint64 id);
    void stateChanged();
    bool save(QString *error);
    ExecutorInput executorInput();

    Sandbox *q;
    ActionService service;
    OAuthService oauth;
    bool tls = false;
    std::unique_ptr<SandboxHttpServer> server;
    QHostAddress address;
    quint16 port = 0;
    QHash<QString, Fault> faults;
    std::map<quint64, std::unique_ptr<Pending>> pending;
    quint64 nextPending = 1;
    QString dataFile;
    Executor *executor = nullptr; // a child of q, deleted first in ~Sandbox
    bool eventJwtDefect = true;
};

ExecutorInput SandboxPrivate::executorInput()
{
    const SandboxState &state = service.state();
    ExecutorInput input;
    for (const StoredExecution &e : state.executions) {
        if (e.targets.isEmpty())
            continue; // a hidden record: not a candidate
        input.executions.append({e.condition.toModel(), e.targets});
        for (const QString &id : e.targets) {
            const auto t = state.targets.constFind(id);
            if (t == state.targets.cend() || input.targets.contains(id))
                continue;
            input.targets.insert(id,
                                 Target{t->id, t->creationDate, t->changeDate, t->name, t->type, t->interruptOnError,
                                        t->timeout, t->endpoint, t->signingKey, t->payloadType});
            QList<PublicKey> keys;
            for (const StoredKey &k : state.keys.value(id))
                keys.append(
                    PublicKey{k.keyId, k.active, k.pem, k.fingerprint, k.expirationDate, k.creationDate, k.changeDate});
            input.keys.insert(id, keys);
        }
    }
    if (oauth.webKeyActive())
        input.signer = delivery::JwtSigner{oauth.webKey(), oauth.webKeyId(), QStringLiteral("RS256")};
    input.allowPrivateEndpoints = service.endpointPolicy().allowPrivate();
    input.reproduceEventJwtDefect = eventJwtDefect;
    return input;
}

std::optional<Fault> SandboxPrivate::takeFault(const QString &rpc)
{
    for (const QString &key : {rpc, QStringLiteral("*")}) {
        auto it = faults.find(key);
        if (it == faults.end())
            continue;
        if (it->remaining == 0 || it->kind == Fault::Kind::None) {
            faults.erase(it);
            continue;
        }
        const Fault fault = *it;
        if (it->remaining > 0 && --it->remaining == 0)
            faults.erase(it);
        return fault;
    }
    return std::nullopt;
}

quint64 SandboxPrivate::park(QHttpServerResponder &&responder, QTcpSocket *socket)
{
    const quint64 id = nextPending++;
    auto entry = std::make_unique<Pending>(std::move(responder));
    // The responder refers to the request, which Qt deletes with the connection: never touch it afterwards.
    entry->disconnected = QObject::connect(socket, &QTcpSocket::disconnected, q, [this, id] { pending.erase(id); });
    pending.emplace(id, std::move(entry));
    return id;
}

std::unique_ptr<SandboxPrivate::Pending> SandboxPrivate::unpark(quint64 id)
{
    const auto it = pending.find(id);
    if (it == pending.end())
        return nullptr;
    std::unique_ptr<Pending> entry = std::move(it->second);
    pending.erase(it);
    QObject::disconnect(entry->disconnected);
    return entry;
}

void SandboxPrivate::onRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QByteArray authorization;
    QByteArray contentType;
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            authorization = value;
        else if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            contentType = value;
    }
    const QByteArray method = methodName(request.method());
    const QString path = request.url().path(QUrl::FullyEncoded);
    const QByteArray body = request.body();
    QHttpServerResponder responder = SandboxHttpServer::responder(request, socket);
    // Qt 6.4's server buffers a body before the handler sees it, so the limit can only be small: no request of this
    // API comes near 1 MiB (a public key is at most 8 KiB).
    if (body.size() > Sandbox::kMaxRequestBodyBytes) {
        writeResponse(responder,
                      HttpResponse{413, QJsonDocument(QJsonObject{{QStringLiteral("code"), 8},
                                                                  {QStringLiteral("message"),
                                                                   QStringLiteral("request body larger than %1 bytes")
                                                                       .arg(Sandbox::kMaxRequestBodyBytes)}})
                                            .toJson(QJsonDocument::Compact)});
        return;
    }

    // Both kinds of route end up as a name (for faults) and a way to answer.
    QString rpc = OAuthService::routeName(path);
    std::function<HttpResponse()> run;
    const bool isOAuth = !rpc.isEmpty();
    if (isOAuth) {
        const QString issuer = q->url().toString();
        run = [this, method, path, authorization, contentType, body, issuer] {
            return oauth.handle(method, path, authorization, contentType, body, issuer);
        };
    } else {
        const ActionService::Call call = service.prepare(method, path, authorization);
        if (call.rejection) {
            writeResponse(responder, *call.rejection);
            return;
        }
        rpc = call.rpc;
        if (rpc == QLatin1String("SimulateExecution")) {
            // Answered when the last target is done; faults do not apply to this sandbox-only route.
            HttpResponse error;
            const auto simulation = ActionService::readSimulation(body, &error);
            if (!simulation) {
                writeResponse(responder, error);
                return;
            }
            const quint64 id = park(std::move(responder), socket);
            q->simulate(simulation->condition, simulation->body, [this, id](const QJsonObject &result) {
                if (auto entry = unpark(id))
                    writeResponse(entry->responder,
                                  HttpResponse{200, QJsonDocument(result).toJson(QJsonDocument::Compact)});
            });
            return;
        }
        run = [this, call, body] { return service.execute(call, body); };
    }
    const std::optional<Fault> fault = takeFault(rpc);
    const Fault::Kind kind = fault ? fault->kind : Fault::Kind::None;
    switch (kind) {
    case Fault::Kind::None:
        writeResponse(responder, run());
        return;
    case Fault::Kind::Delay: {
        const quint64 id = park(std::move(responder), socket);
        QTimer::singleShot(fault->delayMs, q, [this, id, run] {
            if (auto entry = unpark(id))
                writeResponse(entry->responder, run());
        });
        return;
    }
    case Fault::Kind::Hang:
        park(std::move(responder), socket);
        return;
    case Fault::Kind::HttpError: {
        const int code = grpcCodeForStatus(fault->httpStatus);
        HttpResponse response;
        if (isOAuth) {
            // The token endpoint speaks OAuth errors, not ZITADEL's.
            const QString error =
                code == 14 ? QStringLiteral("temporarily_unavailable") : QStringLiteral("server_error");
            response.body = QJsonDocument(QJsonObject{{QStringLiteral("error"), error},
                                                      {QStringLiteral("error_description"),
                                                       QStringLiteral("injected fault %1").arg(fault->httpStatus)}})
                                .toJson(QJsonDocument::Compact);
        } else {
            const QString key = code == 14 ? QStringLiteral("Errors.Unavailable") : QStringLiteral("Errors.Internal");
            response =
                ActionService::errorResponse(code, QStringLiteral("SANDBOX-fault%1").arg(fault->httpStatus), key);
        }
        response.status = fault->httpStatus;
        writeResponse(responder, response);
        return;
    }
    case Fault::Kind::Reset: {
        // Deferred: aborting inside the handler would delete the request Qt is still using.
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(0, q, [guard] {
            if (guard)
                guard->abort();
        });
        return;
    }
    case Fault::Kind::MalformedBody:
        writeResponse(responder, HttpResponse{200, QByteArrayLiteral("{\"targets\":[{\"id\":\"3141592653589\",\"na")});
        return;
    case Fault::Kind::Ignored:
        writeResponse(responder, HttpResponse{200, QByteArrayLiteral("{}")});
        return;
    }
}

void SandboxPrivate::stateChanged()
{
    if (!dataFile.isEmpty()) {
        QString error;
        if (!save(&error))
            qWarning("sandbox: cannot save %s: %s", qUtf8Printable(dataFile), qUtf8Printable(error));
    }
    Q_EMIT q->changed();
}

bool SandboxPrivate::save(QString *error)
{
    QSaveFile file(dataFile);
    // Signing keys inside: owner only, set before the first byte is written.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(service.state().toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    // commit() renamed the new file over the old one; that rename must survive a crash too.
    if (const int e = syncDirectoryOf(dataFile)) {
        *error = QStringLiteral("cannot flush its directory: %1").arg(QString::fromLocal8Bit(std::strerror(e)));
        return false;
    }
    return true;
}

Sandbox::Sandbox(QObject *parent) : QObject(parent), d(std::make_unique<SandboxPrivate>(this))
{
    d->server = std::make_unique<SandboxHttpServer>(
        [this](const QHttpServerRequest &request, QTcpSocket *socket) { d->onRequest(request, socket); });
    d->service.setChangedCallback([this] { d->stateChanged(); });
    d->service.setTokenLookup([this](const QString &token) { return d->oauth.lookupToken(token); });
    d->service.setWebKeyList([this] { return d->oauth.webKeyList(); });
    d->executor = new Executor(this);
}

Sandbox::~Sandbox()
{
    // First, so no target's answer arrives into a half-destroyed sandbox.
    delete d->executor;
    d->executor = nullptr;
    // Drop held-back responders before the server and its sockets go.
    for (auto &[id, entry] : d->pending)
        QObject::disconnect(entry->disconnected);
    d->pending.clear();
    d->server.reset();
}

bool Sandbox::listen(const QHostAddress &address, quint16 port, QString *error)
{
    const quint16 bound = d->server->listen(address, port);
    if (bound == 0) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port);
        return false;
    }
    d->address = address;
    d->port = bound;
    return true;
}

quint16 Sandbox::port() const
{
    return d->port;
}

QUrl Sandbox::url() const
{
    QUrl url;
    url.setScheme(d->tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress host = d->address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(d->port);
    return url;
}

void Sandbox::addToken(const QString &token, Role role)
{
    d->service.addToken(token, role);
}

QString Sandbox::generateToken(Role role)
{
    const QString token = ActionService::randomAlphanumeric(64);
    d->service.addToken(token, role);
    return token;
}

void Sandbox::setAllowPrivateEndpoints(bool allow)
{
    d->service.endpointPolicy().setAllowPrivate(allow);
}

bool Sandbox::allowPrivateEndpoints() const
{
    return d->service.endpointPolicy().allowPrivate();
}

void Sandbox::setReproduceInterruptDefect(bool reproduce)
{
    d->service.setReproduceInterruptDefect(reproduce);
}

bool Sandbox::reproducesInterruptDefect() const
{
    return d->service.reproducesInterruptDefect();
}

void Sandbox::setReproduceEventJwtDefect(bool reproduce)
{
    d->eventJwtDefect = reproduce;
}

bool Sandbox::reproducesEventJwtDefect() const
{
    return d->eventJwtDefect;
}

void Sandbox::simulate(const targetdesk::ExecutionCondition &condition, const QJsonObject &bodyOverride,
                       std::function<void(const QJsonObject &)> done)
{
    d->executor->run(d->executorInput(), condition, bodyOverride, std::move(done));
}

void Sandbox::seed()
{
    d->service.seed();
}

void Sandbox::seedTargets(int count)
{
    d->service.seedTargets(count);
}

bool Sandbox::setDataFile(const QString &path, QString *error)
{
    QString message;
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            message = file.errorString();
        } else {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &pe);
            if (pe.error != QJsonParseError::NoError)
                message = pe.errorString();
            else if (!doc.isObject())
                message = QStringLiteral("not a JSON object");
            else
                d->service.loadState(doc.object(), &message);
        }
        if (!message.isEmpty()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(path, message);
            return false;
        }
        d->dataFile = path;
        Q_EMIT changed();
        return true;
    }
    // No file yet: start it with the current state.
    d->dataFile = path;
    if (!d->save(&message)) {
        d->dataFile.clear();
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, message);
        return false;
    }
    return true;
}

void Sandbox::setFault(const QString &route, const Fault &fault)
{
    if (fault.kind == Fault::Kind::None)
        d->faults.remove(route);
    else
        d->faults.insert(route, fault);
}

void Sandbox::clearFaults()
{
    d->faults.clear();
}

QJsonObject Sandbox::snapshot() const
{
    return d->service.state().toJson();
}

int Sandbox::requestCount(const QString &route) const
{
    if (!OAuthService::routeName(QStringLiteral("/oauth/v2/") + route.toLower()).isEmpty())
        return d->oauth.requestCount(route);
    return d->service.requestCount(route);
}

void Sandbox::setTls(const QSslCertificate &certificate, const QSslKey &privateKey, const QList<QSslCertificate> &chain)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(QList<QSslCertificate>{certificate} + chain);
    config.setPrivateKey(privateKey);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    d->server->sslSetup(config);
    d->tls = true;
}

bool Sandbox::setTlsFiles(const QString &certificatePath, const QString &keyPath, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QFile certFile(certificatePath);
    if (!certFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: %2").arg(certificatePath, certFile.errorString()));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return fail(QStringLiteral("%1: no PEM certificate found").arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: %2").arg(keyPath, keyFile.errorString()));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return fail(QStringLiteral("%1: not an unencrypted RSA or EC private key in PEM").arg(keyPath));
    setTls(certificates.first(), key, certificates.mid(1));
    return true;
}

bool Sandbox::isTls() const
{
    return d->tls;
}

QByteArray Sandbox::createServiceUser(const QString &name, Role role)
{
    return d->oauth.createServiceUser(name, role);
}

bool Sandbox::writeServiceUserKey(const QString &path, Role role, QString *error)
{
    const QByteArray json = createServiceUser(QStringLiteral("targetdesk"), role);
    QSaveFile file(path);
    // Private key inside: owner only, set before anything is written.
    if (json.isEmpty() || !file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || file.write(json) != json.size() ||
        !file.commit()) {
        if (error)
            *error = json.isEmpty() ? QStringLiteral("cannot generate a key")
                                    : QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (const int e = syncDirectoryOf(path)) {
        if (error)
            *error = QStringLiteral("%1: cannot flush its directory: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(e)));
        return false;
    }
    return true;
}

ClientCredentials Sandbox::createClient(const QString &name, Role role)
{
    return d->oauth.createClient(name, role);
}

void Sandbox::setTokenLifetime(std::chrono::seconds lifetime)
{
    d->oauth.setTokenLifetime(lifetime);
}

std::chrono::seconds Sandbox::tokenLifetime() const
{
    return d->oauth.tokenLifetime();
}

void Sandbox::revokeAccessTokens()
{
    d->oauth.revokeAccessTokens();
}

QJsonObject Sandbox::webKeys()
{
    return d->oauth.webKeys();
}

QString Sandbox::webKeyId()
{
    return d->oauth.webKeyId();
}

crypto::PrivateKey Sandbox::webKey()
{
    return d->oauth.webKey();
}

QByteArray Sandbox::signJws(const QByteArray &payload)
{
    return d->oauth.signJws(payload);
}

void Sandbox::setWebKeyActive(bool active)
{
    d->oauth.setWebKeyActive(active);
}

bool Sandbox::webKeyActive() const
{
    return d->oauth.webKeyActive();
}

} // namespace targetdesk::sandbox
