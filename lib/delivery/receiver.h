#pragma once

#include "deliveryrequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

namespace targetdesk::delivery
{

// One HTTP request that reached the receiver.
struct ReceivedDelivery {
    QDateTime receivedAt;
    QString peer;      // "127.0.0.1:53422"
    QByteArray method; // "POST"
    QByteArray path;   // "/hook"
    HeaderList headers;
    QByteArray body;

    [[nodiscard]] std::optional<QByteArray> header(QByteArrayView name) const;
    // Request line, headers, blank line, body: the form inspect::parseCapture() reads as an HTTP request.
    [[nodiscard]] QByteArray captureText() const;
};

// How the receiver answers every delivery.
struct ReceiverAnswer {
    int status = 200;
    QByteArray body = "{}";
    QByteArray contentType = "application/json";
};

class ReceiverPrivate;

// A small HTTP/1.1 server that accepts deliveries (any path, POST), bounded: headers up to 64 KiB, bodies up to
// maxBodyBytes (refused with 413 from Content-Length, before the body is read), a connection that sends nothing
// for 30 s is closed. Answers every delivery with the configured answer. Loopback unless told otherwise.
class Receiver : public QObject
{
    Q_OBJECT
public:
    explicit Receiver(QObject *parent = nullptr);
    ~Receiver() override;

    static constexpr qsizetype defaultMaxBodyBytes = 4 * 1024 * 1024;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0, QString *error = nullptr);
    void close();
    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QUrl url() const; // http://HOST:PORT/

    void setAnswer(const ReceiverAnswer &answer);
    void setMaxBodyBytes(qsizetype bytes);
    // How long a connection may send nothing before it is closed (default 30 s; a request cut off there is
    // answered 408). For tests.
    void setIdleTimeout(std::chrono::milliseconds timeout);

Q_SIGNALS:
    void received(const targetdesk::delivery::ReceivedDelivery &delivery);
    // A request that was not a delivery (wrong method, too large, malformed): answered 4xx and reported.
    void refused(const QString &peer, const QString &reason);

private:
    std::unique_ptr<ReceiverPrivate> d;
};

} // namespace targetdesk::delivery
