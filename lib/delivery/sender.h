#pragma once

#include "deliveryrequest.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace targetdesk::delivery
{

// ZITADEL's HTTP client for targets (reference: "ZITADEL's HTTP client").
inline constexpr int maxRedirects = 5;
inline constexpr qint64 maxResponseBytes = 20 * 1024 * 1024;

// What came back from a target.
struct DeliveryResponse {
    enum class Outcome {
        Answered,        // a status line came back (any status)
        Timeout,         // the target's timeout passed first
        NetworkError,    // refused, reset, DNS, TLS ...
        TooLarge,        // the answer passed maxResponseBytes
        RedirectRefused, // more than maxRedirects, or https -> http
    };
    Outcome outcome = Outcome::NetworkError;
    int status = 0;
    HeaderList headers;
    QByteArray body;
    qint64 elapsedMs = 0;
    QUrl finalUrl; // after redirects
    int redirects = 0;
    QString error; // for people, when not Answered

    [[nodiscard]] std::optional<QByteArray> header(QByteArrayView name) const;
};

// Whether a client that has followed `followed` redirects may follow one more from `from` to `to`, as ZITADEL's
// client decides: empty when it may, else the reason for people (more than maxRedirects, https -> http, not http).
[[nodiscard]] QString redirectRefusal(const QUrl &from, const QUrl &to, int followed);

// Sends DeliveryRequests like ZITADEL's client: POST, the target's timeout as the deadline for the whole exchange,
// at most maxRedirects redirects and never from https to http, answers read up to maxResponseBytes (cut while
// reading). No deny list here: a person testing a local receiver may send where ZITADEL would not. Lives on the
// thread it was created on; every send() ends with exactly one call of `done` on that thread (never from within
// send() itself), except when the Sender is destroyed first: then `done` is not called.
// Like Go's client, a 301/302/303 answer to the POST is followed with a GET without body; 307/308 repeat the POST.
class Sender : public QObject
{
    Q_OBJECT
public:
    explicit Sender(QObject *parent = nullptr);
    ~Sender() override;

    // Extra CA certificates / TLS settings come from the network manager's defaults; tests may inject their own.
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    // For tests: a smaller answer cap than maxResponseBytes.
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }

    using Done = std::function<void(const DeliveryResponse &)>;
    void send(const DeliveryRequest &request, Done done);
    // Asked before every redirect is followed (the first request is the caller's business): answer with an empty
    // text to go on, or the reason to refuse, which ends the exchange as RedirectRefused. The sandbox applies
    // ZITADEL's connect-time deny list with it. `answer` may be called later, from this thread.
    using ConnectCheck = std::function<void(const QUrl &url, std::function<void(const QString &refusal)> answer)>;
    void setConnectCheck(ConnectCheck check) { m_connectCheck = std::move(check); }
    // Ends every exchange in flight (their `done` is called with NetworkError "cancelled").
    void cancelAll();

private:
    struct Exchange;
    void start(const std::shared_ptr<Exchange> &exchange);
    void onFinished(const std::shared_ptr<Exchange> &exchange);
    void finish(const std::shared_ptr<Exchange> &exchange, DeliveryResponse response);

    QNetworkAccessManager *m_manager = nullptr;
    bool m_ownsManager = false;
    qint64 m_maxResponseBytes = maxResponseBytes;
    QList<std::shared_ptr<Exchange>> m_exchanges;
    ConnectCheck m_connectCheck;
};

} // namespace targetdesk::delivery
