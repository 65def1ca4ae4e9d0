#include "sender.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace targetdesk::delivery
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::delivery)
};

} // namespace

std::optional<QByteArray> DeliveryResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

QString redirectRefusal(const QUrl &from, const QUrl &to, int followed)
{
    if (followed >= maxRedirects)
        return Messages::tr("Stopped after %1 redirects: ZITADEL follows at most %1.").arg(maxRedirects);
    const QString toScheme = to.scheme().toLower();
    if (toScheme != QLatin1String("http") && toScheme != QLatin1String("https"))
        return Messages::tr("Refused a redirect to \"%1\": not an http or https URL.").arg(to.toDisplayString());
    if (from.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 && toScheme == QLatin1String("http"))
        return Messages::tr("Refused a redirect from https to http (%1): ZITADEL never downgrades.")
            .arg(to.toDisplayString());
    return {};
}

struct Sender::Exchange {
    DeliveryRequest request;
    Done done;
    QUrl url;
    QByteArray method = "POST";
    bool withBody = true;
    int redirects = 0;
    QElapsedTimer clock;
    QTimer *deadline = nullptr;
    QPointer<QNetworkReply> reply;
    QByteArray received;
    bool finished = false;
};

Sender::Sender(QObject *parent) : QObject(parent) {}

Sender::~Sender()
{
    // No `done` from here: the owner may be half destroyed.
    for (const auto &exchange : std::as_const(m_exchanges)) {
        exchange->finished = true;
        if (exchange->reply) {
            exchange->reply->disconnect(this);
            exchange->reply->abort();
            exchange->reply->deleteLater();
        }
    }
    m_exchanges.clear();
}

void Sender::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    if (m_ownsManager && m_manager != manager)
        m_manager->deleteLater();
    m_manager = manager;
    m_ownsManager = false;
}

void Sender::send(const DeliveryRequest &request, Done done)
{
    if (!m_manager) {
        m_manager = new QNetworkAccessManager(this);
        m_ownsManager = true;
    }
    auto exchange = std::make_shared<Exchange>();
    exchange->request = request;
    exchange->done = std::move(done);
    exchange->url = request.endpoint;
    exchange->clock.start();
    exchange->deadline = new QTimer(this);
    // A coarse timer may fire up to 5 % early; the deadline is a promise to the target.
    exchange->deadline->setTimerType(Qt::PreciseTimer);
    exchange->deadline->setSingleShot(true);
    // ZITADEL refuses a timeout of 0 and above 270 s; a request built from odd data still gets a deadline.
    const auto timeout = request.timeout.count() > 0 ? request.timeout : std::chrono::milliseconds(270'000);
    connect(exchange->deadline, &QTimer::timeout, this, [this, exchange, timeout] {
        DeliveryResponse response;
        response.outcome = DeliveryResponse::Outcome::Timeout;
        response.error = Messages::tr("No complete answer within the target's timeout of %1 s.")
                             .arg(double(timeout.count()) / 1000.0);
        response.body = exchange->received;
        finish(exchange, response);
    });
    exchange->deadline->start(timeout);
    m_exchanges.append(exchange);
    start(exchange);
}

void Sender::start(const std::shared_ptr<Exchange> &exchange)
{
    QNetworkRequest request(exchange->url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("User-Agent", "Go-http-client/1.1"); // what ZITADEL's client sends
    for (const auto &[name, value] : std::as_const(exchange->request.headers)) {
        // A redirect that turned into a GET has no body, so no content type either.
        if (!exchange->withBody && QByteArrayView(name).compare("Content-Type", Qt::CaseInsensitive) == 0)
            continue;
        request.setRawHeader(name, value);
    }
    exchange->received.clear();
    QNetworkReply *reply =
        exchange->withBody ? m_manager->post(request, exchange->request.body) : m_manager->get(request);
    exchange->reply = reply;

    connect(reply, &QNetworkReply::readyRead, this, [this, exchange, reply] {
        if (exchange->finished || exchange->reply != reply)
            return;
        // Read at most one byte past the cap: enough to know it was passed.
        exchange->received += reply->read(m_maxResponseBytes + 1 - exchange->received.size());
        if (exchange->received.size() > m_maxResponseBytes) {
            DeliveryResponse response;
            response.outcome = DeliveryResponse::Outcome::TooLarge;
            response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            for (const auto &pair : reply->rawHeaderPairs())
                response.headers.append(pair);
            response.body = exchange->received.left(m_maxResponseBytes);
            response.error = Messages::tr("The answer is larger than %1 bytes; reading stopped there (ZITADEL "
                                          "reads at most 20 MiB).")
                                 .arg(m_maxResponseBytes);
            finish(exchange, response);
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, exchange, reply] {
        if (exchange->finished || exchange->reply != reply)
            return;
        onFinished(exchange);
    });
}

void Sender::onFinished(const std::shared_ptr<Exchange> &exchange)
{
    QNetworkReply *reply = exchange->reply;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    DeliveryResponse response;
    if (!statusAttribute.isValid()) {
        response.outcome = DeliveryResponse::Outcome::NetworkError;
        response.error = reply->errorString();
        finish(exchange, response);
        return;
    }
    response.status = statusAttribute.toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        response.headers.append(pair);

    static const QList<int> redirectStatuses = {301, 302, 303, 307, 308};
    const QByteArray location = reply->rawHeader("Location");
    if (redirectStatuses.contains(response.status) && !location.isEmpty()) {
        const QUrl next = exchange->url.resolved(QUrl::fromEncoded(location));
        const QString refusal = redirectRefusal(exchange->url, next, exchange->redirects);
        if (!refusal.isEmpty()) {
            response.outcome = DeliveryResponse::Outcome::RedirectRefused;
            response.error = refusal;
            response.body = exchange->received + reply->readAll().left(m_maxResponseBytes);
            finish(exchange, response);
            return;
        }
        ++exchange->redirects;
        // Go's client: 301/302/303 turn a POST into a GET without body; 307/308 repeat it as it was.
        if (response.status != 307 && response.status != 308)
            exchange->withBody = false;
        exchange->url = next;
        reply->disconnect(this);
        reply->deleteLater();
        if (!m_connectCheck) {
            start(exchange);
            return;
        }
        QPointer<Sender> self(this);
        m_connectCheck(next, [self, exchange, response](const QString &refusal) mutable {
            if (!self || exchange->finished)
                return; // the deadline or a cancel came first
            if (refusal.isEmpty()) {
                self->start(exchange);
                return;
            }
            response.outcome = DeliveryResponse::Outcome::RedirectRefused;
            response.error = refusal;
            self->finish(exchange, response);
        });
        return;
    }

    exchange->received += reply->read(m_maxResponseBytes + 1 - exchange->received.size());
    if (exchange->received.size() > m_maxResponseBytes) {
        response.outcome = DeliveryResponse::Outcome::TooLarge;
        response.body = exchange->received.left(m_maxResponseBytes);
        response.error =
            Messages::tr("The answer is larger than %1 bytes; reading stopped there.").arg(m_maxResponseBytes);
    } else {
        response.outcome = DeliveryResponse::Outcome::Answered;
        response.body = exchange->received;
    }
    finish(exchange, response);
}

void Sender::finish(const std::shared_ptr<Exchange> &exchange, DeliveryResponse response)
{
    if (exchange->finished)
        return;
    exchange->finished = true;
    response.elapsedMs = exchange->clock.elapsed();
    response.finalUrl = exchange->url;
    response.redirects = exchange->redirects;
    if (exchange->deadline) {
        exchange->deadline->stop();
        exchange->deadline->deleteLater();
        exchange->deadline = nullptr;
    }
    if (QNetworkReply *reply = exchange->reply) {
        reply->disconnect(this);
        if (reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }
    m_exchanges.removeOne(exchange);
    if (exchange->done)
        exchange->done(response);
}

void Sender::cancelAll()
{
    const auto exchanges = m_exchanges;
    for (const auto &exchange : exchanges) {
        DeliveryResponse response;
        response.outcome = DeliveryResponse::Outcome::NetworkError;
        response.error = QStringLiteral("cancelled");
        finish(exchange, response);
    }
}

} // namespace targetdesk::delivery
