#include "receiver.h"

#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cctype>
#include <utility>

namespace targetdesk::delivery
{

namespace
{

// Request line and headers together; a chunk-size line; trailers share the header budget.
constexpr qsizetype kMaxHeadBytes = 64 * 1024;
constexpr qsizetype kMaxChunkLine = 1024;
// Connections at once; more are answered 503 and closed, so a flood cannot exhaust descriptors.
constexpr int kMaxConnections = 256;
// What Qt may buffer from the socket before we take it, and what may wait to be written before reading pauses
// (a client that pipelines requests but never reads the answers).
constexpr qint64 kSocketReadBuffer = 256 * 1024;
constexpr qint64 kMaxPendingWrite = 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

// RFC 9110 tchar: what a method or a header name may consist of.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// A field value may hold visible characters, blanks and tabs (and obs-text), never other control characters.
bool isFieldValue(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool isRequestTarget(QByteArrayView text)
{
    return !text.isEmpty() && std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f;
    });
}

// The comma-separated members of a header value, trimmed and lowercased, empty members dropped.
QList<QByteArray> listMembers(QByteArrayView value)
{
    QList<QByteArray> members;
    for (const QByteArray &part : value.toByteArray().split(',')) {
        const QByteArray member = part.trimmed().toLower();
        if (!member.isEmpty())
            members.append(member);
    }
    return members;
}

QString peerOf(const QTcpSocket *socket)
{
    const QHostAddress address = socket->peerAddress();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QStringLiteral("%1:%2").arg(QHostAddress(v4).toString()).arg(socket->peerPort());
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(socket->peerPort());
}

} // namespace

class Connection;

class ReceiverPrivate
{
public:
    explicit ReceiverPrivate(Receiver *q) : q(q) {}

    Receiver *q;
    QTcpServer server;
    ReceiverAnswer answer;
    qsizetype maxBodyBytes = Receiver::defaultMaxBodyBytes;
    std::chrono::milliseconds idleTimeout{30000};
    QList<QPointer<Connection>> connections;
};

// One client connection: reads requests one after the other (keep-alive and pipelining), answers each in order.
class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, ReceiverPrivate *d) : m_socket(socket), m_d(d), m_peer(peerOf(socket))
    {
        socket->setParent(this);
        socket->setReadBufferSize(kSocketReadBuffer);
        m_idle.setSingleShot(true);
        m_idle.setInterval(d->idleTimeout);
        connect(&m_idle, &QTimer::timeout, this, &Connection::onIdle);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            m_idle.start();
            if (m_paused && m_socket->bytesToWrite() < kMaxPendingWrite) {
                m_paused = false;
                process();
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, &Connection::shutDown);
        connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                shutDown();
        });
        m_idle.start();
    }

    // Closes the connection at once; the object goes away from the event loop (it may be inside a signal now).
    void shutDown()
    {
        if (m_closed)
            return;
        m_closed = true;
        m_idle.stop();
        m_socket->abort();
        deleteLater();
    }

    void readPending() { onReadyRead(); }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, Closing };

    void onReadyRead()
    {
        if (m_closed)
            return;
        m_idle.start();
        if (m_state == State::Closing) {
            m_socket->readAll(); // after a refusal: drain so the close does not turn into a reset
            return;
        }
        m_buffer += m_socket->readAll();
        process();
    }

    void onIdle()
    {
        if (m_closed)
            return;
        const bool midRequest = m_state != State::Head || !m_buffer.isEmpty();
        if (midRequest && m_state != State::Closing) {
            refuse(408, Receiver::tr("The client sent nothing for %1 s in the middle of a request.")
                            .arg(m_d->idleTimeout.count() / 1000.0));
            // The answer goes out before the close; a client that does not take it is cut off a period later.
            m_idle.start();
            return;
        }
        shutDown();
    }

    // Handles as much of the buffer as forms complete requests.
    void process()
    {
        const QPointer<Connection> alive(this);
        while (alive && !m_closed && m_state != State::Closing) {
            if (m_socket->bytesToWrite() >= kMaxPendingWrite) {
                m_paused = true;
                return;
            }
            bool progressed = false;
            switch (m_state) {
            case State::Head:
                progressed = readHead();
                break;
            case State::Body:
                progressed = readBody();
                break;
            case State::ChunkSize:
                progressed = readChunkSize();
                break;
            case State::ChunkData:
                progressed = readChunkData();
                break;
            case State::ChunkEnd:
                progressed = readChunkEnd();
                break;
            case State::Trailers:
                progressed = readTrailers();
                break;
            case State::Closing:
                break;
            }
            if (!progressed)
                return;
        }
    }

    // The next line of the buffer from `from` without its line end; nullopt when no line end came yet.
    std::optional<QByteArrayView> lineAt(qsizetype from, qsizetype *next) const
    {
        const qsizetype newline = m_buffer.indexOf('\n', from);
        if (newline < 0)
            return std::nullopt;
        QByteArrayView line = QByteArrayView(m_buffer).sliced(from, newline - from);
        if (line.endsWith('\r'))
            line.chop(1);
        *next = newline + 1;
        return line;
    }

    bool readHead()
    {
        // Blank lines before a request line are tolerated (RFC 9112 §2.2).
        qsizetype leading = 0;
        while (leading < m_buffer.size() && (m_buffer.at(leading) == '\r' || m_buffer.at(leading) == '\n'))
            ++leading;
        if (leading > 0) {
            m_buffer.remove(0, leading);
            m_scan = 0;
        }
        // Find the empty line that ends the head, resuming where the last look stopped.
        qsizetype headEnd = -1;
        qsizetype position = m_scan;
        qsizetype next = 0;
        while (const std::optional<QByteArrayView> line = lineAt(position, &next)) {
            if (line->isEmpty()) {
                headEnd = next;
                break;
            }
            position = next;
        }
        if (headEnd < 0) {
            m_scan = position;
            if (m_buffer.size() > kMaxHeadBytes)
                refuse(431,
                       Receiver::tr("The request line and headers are larger than %1 KiB.").arg(kMaxHeadBytes / 1024));
            return false;
        }
        if (headEnd > kMaxHeadBytes + 2) {
            refuse(431, Receiver::tr("The request line and headers are larger than %1 KiB.").arg(kMaxHeadBytes / 1024));
            return false;
        }
        const QByteArray head = m_buffer.left(headEnd);
        m_buffer.remove(0, headEnd);
        m_scan = 0;
        m_headBytes = headEnd;
        return startRequest(head);
    }

    bool startRequest(const QByteArray &head)
    {
        m_delivery = ReceivedDelivery();
        m_delivery.peer = m_peer;
        QList<QByteArray> lines = head.split('\n');
        for (QByteArray &line : lines) {
            if (line.endsWith('\r'))
                line.chop(1);
        }
        const QList<QByteArray> parts = lines.value(0).split(' ');
        if (parts.size() != 3 || !isToken(parts.at(0)) || !isRequestTarget(parts.at(1))) {
            refuse(400, Receiver::tr("The request line \"%1\" is not METHOD PATH HTTP/1.1.")
                            .arg(QString::fromLatin1(lines.value(0).left(80))));
            return false;
        }
        const QByteArray &version = parts.at(2);
        if (version == "HTTP/1.1") {
            m_http10 = false;
        } else if (version == "HTTP/1.0") {
            m_http10 = true;
        } else {
            const bool looksLikeVersion = version.size() == 8 && version.startsWith("HTTP/") &&
                                          std::isdigit(static_cast<unsigned char>(version.at(5))) &&
                                          version.at(6) == '.' &&
                                          std::isdigit(static_cast<unsigned char>(version.at(7)));
            if (looksLikeVersion)
                refuse(505, Receiver::tr("HTTP version %1 is not supported; send HTTP/1.1.")
                                .arg(QString::fromLatin1(version.mid(5))));
            else
                refuse(400, Receiver::tr("The request line \"%1\" is not METHOD PATH HTTP/1.1.")
                                .arg(QString::fromLatin1(lines.value(0).left(80))));
            return false;
        }
        m_delivery.method = parts.at(0);
        m_delivery.path = parts.at(1);

        // Header lines up to the empty one that ended the head.
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line.isEmpty())
                break;
            if (line.startsWith(' ') || line.startsWith('\t')) {
                refuse(400,
                       Receiver::tr("Header line %1 is folded (starts with a blank); folding is not allowed.").arg(i));
                return false;
            }
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
            if (!isToken(name)) {
                refuse(400, Receiver::tr("Header line %1 is not NAME: VALUE: \"%2\".")
                                .arg(i)
                                .arg(QString::fromLatin1(line.left(60))));
                return false;
            }
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (!isFieldValue(value)) {
                refuse(
                    400,
                    Receiver::tr("The value of header %1 contains control characters.").arg(QString::fromLatin1(name)));
                return false;
            }
            m_delivery.headers.append({name, value});
        }

        // Host: required once in HTTP/1.1 (RFC 9112 §3.2).
        qsizetype hosts = 0;
        QList<QByteArray> lengths;
        QList<QByteArray> codings;
        bool hasEncoding = false;
        QList<QByteArray> connectionOptions;
        for (const auto &[name, value] : std::as_const(m_delivery.headers)) {
            if (name.compare("Host", Qt::CaseInsensitive) == 0) {
                ++hosts;
            } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
                lengths += listMembers(value);
                if (value.trimmed().isEmpty())
                    lengths.append(QByteArray());
            } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
                hasEncoding = true;
                codings += listMembers(value);
            } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
                connectionOptions += listMembers(value);
            }
        }
        m_keepAlive = m_http10 ? connectionOptions.contains("keep-alive") : !connectionOptions.contains("close");
        if (!m_http10 && hosts != 1) {
            refuse(400, hosts == 0 ? Receiver::tr("An HTTP/1.1 request needs a Host header.")
                                   : Receiver::tr("The request has more than one Host header."));
            return false;
        }
        if (m_delivery.method != "POST") {
            refuse(405,
                   Receiver::tr("Method %1 is not accepted; deliveries are POST requests.")
                       .arg(QString::fromLatin1(m_delivery.method.left(20))),
                   {{"Allow", "POST"}});
            return false;
        }

        m_chunked = false;
        m_expected = 0;
        if (hasEncoding) {
            if (!lengths.isEmpty()) {
                refuse(400, Receiver::tr("The request has both Content-Length and Transfer-Encoding."));
                return false;
            }
            if (m_http10 || codings != QList<QByteArray>{"chunked"}) {
                refuse(501, Receiver::tr("Transfer-Encoding \"%1\" is not supported; send chunked or a "
                                         "Content-Length.")
                                .arg(QString::fromLatin1(codings.join(", ").left(60))));
                return false;
            }
            m_chunked = true;
        } else if (lengths.isEmpty()) {
            refuse(411, Receiver::tr("A POST request needs a Content-Length header (or Transfer-Encoding: chunked)."));
            return false;
        } else {
            const QByteArray &first = lengths.first();
            const bool digits = !first.isEmpty() && first.size() <= 18 &&
                                std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; });
            const bool consistent = std::all_of(lengths.cbegin(), lengths.cend(),
                                                [&first](const QByteArray &other) { return other == first; });
            if (!digits || !consistent) {
                refuse(400, Receiver::tr("The Content-Length \"%1\" is not a number of bytes.")
                                .arg(QString::fromLatin1(lengths.join(", ").left(60))));
                return false;
            }
            m_expected = first.toLongLong();
            if (m_expected > m_d->maxBodyBytes) {
                refuse(413, Receiver::tr("The body of %1 bytes is larger than the %2 bytes accepted.")
                                .arg(m_expected)
                                .arg(m_d->maxBodyBytes));
                return false;
            }
        }

        if (const std::optional<QByteArray> expect = m_delivery.header("Expect")) {
            if (expect->trimmed().toLower() != "100-continue") {
                refuse(417, Receiver::tr("Expect: %1 is not supported.").arg(QString::fromLatin1(expect->left(40))));
                return false;
            }
            // The client waits for this before it sends the body (curl does for larger bodies).
            if (!m_http10 && (m_chunked || m_expected > 0) && m_buffer.isEmpty())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        m_state = m_chunked ? State::ChunkSize : State::Body;
        return true;
    }

    bool readBody()
    {
        const qsizetype missing = qsizetype(m_expected) - m_delivery.body.size();
        const qsizetype take = std::min(missing, m_buffer.size());
        if (take > 0) {
            m_delivery.body += QByteArrayView(m_buffer).first(take);
            m_buffer.remove(0, take);
        }
        if (m_delivery.body.size() < m_expected)
            return false;
        complete();
        return true;
    }

    bool readChunkSize()
    {
        qsizetype next = 0;
        const std::optional<QByteArrayView> line = lineAt(0, &next);
        if (!line) {
            if (m_buffer.size() > kMaxChunkLine)
                refuse(400, Receiver::tr("A chunk-size line is longer than %1 bytes.").arg(kMaxChunkLine));
            return false;
        }
        if (next > kMaxChunkLine) {
            refuse(400, Receiver::tr("A chunk-size line is longer than %1 bytes.").arg(kMaxChunkLine));
            return false;
        }
        QByteArrayView sizeText = *line;
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText = sizeText.first(semicolon); // chunk extensions are ignored
        sizeText = sizeText.trimmed();
        const bool hex = !sizeText.isEmpty() && sizeText.size() <= 15 &&
                         std::all_of(sizeText.begin(), sizeText.end(),
                                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
        if (!hex) {
            refuse(400, Receiver::tr("\"%1\" is not a chunk size (hexadecimal).")
                            .arg(QString::fromLatin1(line->first(std::min<qsizetype>(line->size(), 40)))));
            return false;
        }
        const qint64 size = sizeText.toByteArray().toLongLong(nullptr, 16);
        m_buffer.remove(0, next);
        if (size == 0) {
            m_state = State::Trailers;
            return true;
        }
        if (m_delivery.body.size() + size > m_d->maxBodyBytes) {
            refuse(413, Receiver::tr("The chunked body is larger than the %1 bytes accepted.").arg(m_d->maxBodyBytes));
            return false;
        }
        m_chunkRemaining = size;
        m_state = State::ChunkData;
        return true;
    }

    bool readChunkData()
    {
        const qsizetype take = std::min(qsizetype(m_chunkRemaining), m_buffer.size());
        if (take > 0) {
            m_delivery.body += QByteArrayView(m_buffer).first(take);
            m_buffer.remove(0, take);
            m_chunkRemaining -= take;
        }
        if (m_chunkRemaining > 0)
            return false;
        m_state = State::ChunkEnd;
        return true;
    }

    bool readChunkEnd()
    {
        if (m_buffer.startsWith("\r\n")) {
            m_buffer.remove(0, 2);
        } else if (m_buffer.startsWith('\n')) {
            m_buffer.remove(0, 1);
        } else if (m_buffer.isEmpty() || m_buffer == "\r") {
            return false;
        } else {
            refuse(400, Receiver::tr("A chunk is longer than its size says."));
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    }

    bool readTrailers()
    {
        // Trailer fields are read and dropped; they share the header budget.
        for (;;) {
            qsizetype next = 0;
            const std::optional<QByteArrayView> line = lineAt(0, &next);
            if (!line) {
                if (m_headBytes + m_buffer.size() > kMaxHeadBytes)
                    refuse(431, Receiver::tr("The trailer fields are larger than %1 KiB.").arg(kMaxHeadBytes / 1024));
                return false;
            }
            m_headBytes += next;
            if (m_headBytes > kMaxHeadBytes + 2) {
                refuse(431, Receiver::tr("The trailer fields are larger than %1 KiB.").arg(kMaxHeadBytes / 1024));
                return false;
            }
            const bool end = line->isEmpty();
            m_buffer.remove(0, next);
            if (end)
                break;
        }
        complete();
        return true;
    }

    // A whole delivery: report it, answer it, and get ready for the next request on this connection.
    void complete()
    {
        m_state = State::Head;
        m_delivery.receivedAt = QDateTime::currentDateTimeUtc();
        const ReceivedDelivery delivery = std::move(m_delivery);
        m_delivery = ReceivedDelivery();
        const ReceiverAnswer answer = m_d->answer;
        const bool keepAlive = m_keepAlive;
        const QPointer<Connection> alive(this);
        Q_EMIT m_d->q->received(delivery);
        if (!alive || m_closed)
            return;
        respond(answer.status, answer.body, answer.contentType, !keepAlive);
        if (!keepAlive) {
            m_state = State::Closing;
            m_socket->disconnectFromHost();
        }
    }

    void respond(int status, const QByteArray &body, const QByteArray &contentType, bool close,
                 const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
        if (!contentType.isEmpty())
            out += "Content-Type: " + contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const auto &[name, value] : extra)
            out += name + ": " + value + "\r\n";
        if (close)
            out += "Connection: close\r\n";
        else if (m_http10)
            out += "Connection: keep-alive\r\n";
        out += "\r\n";
        out += body;
        m_socket->write(out);
    }

    // Answers a request that is not a delivery, reports it, and closes once the answer is out.
    void refuse(int status, const QString &reason, const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        m_state = State::Closing;
        m_buffer.clear();
        const QByteArray body = "{\"error\":\"" + jsonEscaped(reason) + "\"}";
        respond(status, body, "application/json", true, extra);
        m_socket->disconnectFromHost();
        const QString peer = m_peer;
        Q_EMIT m_d->q->refused(
            peer, QStringLiteral("%1 %2: %3").arg(status).arg(QString::fromLatin1(reasonPhrase(status)), reason));
    }

    static QByteArray jsonEscaped(const QString &text)
    {
        QByteArray out;
        for (const char c : text.toUtf8()) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (u < 0x20) {
                out += "\\u00" + QByteArray::number(u, 16).rightJustified(2, '0');
            } else {
                out += c;
            }
        }
        return out;
    }

    QTcpSocket *m_socket;
    ReceiverPrivate *m_d;
    const QString m_peer;
    QTimer m_idle;
    QByteArray m_buffer;
    qsizetype m_scan = 0;      // the head was searched for its end up to here
    qsizetype m_headBytes = 0; // head and trailers of the current request
    State m_state = State::Head;
    ReceivedDelivery m_delivery;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_chunked = false;
    qint64 m_expected = 0;
    qint64 m_chunkRemaining = 0;
    bool m_paused = false;
    bool m_closed = false;
};

std::optional<QByteArray> ReceivedDelivery::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

QByteArray ReceivedDelivery::captureText() const
{
    // The body is the decoded one: a chunked request is written with the Content-Length it amounts to.
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\n";
    for (const auto &[name, value] : headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
            name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            continue;
        out += name + ": " + value + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

Receiver::Receiver(QObject *parent) : QObject(parent), d(std::make_unique<ReceiverPrivate>(this))
{
    connect(&d->server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = d->server.nextPendingConnection()) {
            d->connections.removeAll(nullptr);
            if (d->connections.size() >= kMaxConnections) {
                const QString peer = peerOf(socket);
                socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                Q_EMIT refused(peer,
                               tr("503 Service Unavailable: more than %1 connections at once.").arg(kMaxConnections));
                continue;
            }
            auto *connection = new Connection(socket, d.get());
            d->connections.append(connection);
            // Data that came with the connection is read at once.
            if (socket->bytesAvailable() > 0)
                QTimer::singleShot(0, connection, [connection] { connection->readPending(); });
        }
    });
}

Receiver::~Receiver()
{
    d->server.close();
    for (const QPointer<Connection> &connection : std::as_const(d->connections))
        delete connection.data();
}

bool Receiver::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    if (d->server.listen(address, port))
        return true;
    if (error)
        *error = d->server.errorString();
    return false;
}

void Receiver::close()
{
    d->server.close();
    const QList<QPointer<Connection>> connections = std::exchange(d->connections, {});
    for (const QPointer<Connection> &connection : connections) {
        if (connection)
            connection->shutDown();
    }
}

bool Receiver::isListening() const
{
    return d->server.isListening();
}

quint16 Receiver::port() const
{
    return d->server.serverPort();
}

QUrl Receiver::url() const
{
    if (!d->server.isListening())
        return {};
    QHostAddress host = d->server.serverAddress();
    // Listening on every address: this machine reaches it over loopback.
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void Receiver::setAnswer(const ReceiverAnswer &answer)
{
    d->answer = answer;
}

void Receiver::setMaxBodyBytes(qsizetype bytes)
{
    d->maxBodyBytes = std::max<qsizetype>(0, bytes);
}

void Receiver::setIdleTimeout(std::chrono::milliseconds timeout)
{
    d->idleTimeout = std::max(timeout, std::chrono::milliseconds(1));
}

} // namespace targetdesk::delivery
