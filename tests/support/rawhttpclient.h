#pragma once

// A raw HTTP/1.1 client over QTcpSocket for tests of servers: writes exactly the bytes a test gives (malformed
// requests too) and reads answers one by one. Waits run the event loop, so the server may live in the test process.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTest>

#include <optional>

namespace targetdesk::test
{

struct RawResponse {
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    std::optional<QByteArray> header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return std::nullopt;
    }
};

class RawHttpClient
{
public:
    bool connectTo(quint16 port, int timeoutMs = 5000)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    // The next answer (a 100 Continue counts as one); nullopt when none arrived in time or the connection closed.
    std::optional<RawResponse> response(int timeoutMs = 10000)
    {
        std::optional<RawResponse> out;
        [[maybe_unused]] const bool arrived = QTest::qWaitFor(
            [this, &out] {
                m_buffer += m_socket.readAll();
                out = takeResponse();
                return out.has_value() || m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        if (!out) {
            m_buffer += m_socket.readAll();
            out = takeResponse();
        }
        return out;
    }

    // True when the server closed the connection within the time.
    bool waitClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [this] {
                m_buffer += m_socket.readAll();
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

private:
    std::optional<RawResponse> takeResponse()
    {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return std::nullopt;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        RawResponse response;
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        response.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        const qsizetype length = response.header("Content-Length").value_or("0").toLongLong();
        if (m_buffer.size() < headEnd + 4 + length)
            return std::nullopt;
        response.body = m_buffer.mid(headEnd + 4, length);
        m_buffer.remove(0, headEnd + 4 + length);
        return response;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace targetdesk::test
