#include "capture.h"

#include "crypto/jsonguard.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cctype>

namespace targetdesk::inspect
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::inspect)
};

// Capture lines wrap a body; bodies are parsed again, with their own depth limit, later.
constexpr int maxCaptureDepth = 256;

bool isTokenChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
}

bool isCompactToken(QByteArrayView text)
{
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return !text.isEmpty();
}

Capture failure(Capture::Form form, const QString &message)
{
    Capture capture;
    capture.form = form;
    capture.error = message;
    return capture;
}

bool looksLikeRequestLine(QByteArrayView line)
{
    // One per thread: bulk mode matches from many threads at once.
    thread_local const QRegularExpression pattern(QStringLiteral("^[A-Z]{3,10} \\S+ HTTP/\\d(\\.\\d)?$"));
    return pattern.match(QString::fromLatin1(line.trimmed())).hasMatch();
}

Capture parseHttp(QByteArrayView text)
{
    Capture capture;
    capture.form = Capture::Form::HttpRequest;
    qsizetype position = 0;
    bool first = true;
    bool ended = false;
    while (position < text.size()) {
        qsizetype end = text.indexOf('\n', position);
        if (end < 0)
            end = text.size();
        QByteArrayView line = text.sliced(position, end - position);
        if (line.endsWith('\r'))
            line.chop(1);
        position = end + 1;
        if (first) {
            capture.requestLine = QString::fromLatin1(line);
            first = false;
            continue;
        }
        if (line.isEmpty()) {
            ended = true;
            break;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return failure(Capture::Form::HttpRequest,
                           Messages::tr("The HTTP request has a header line without a colon: \"%1\".")
                               .arg(QString::fromLatin1(line.first(std::min<qsizetype>(line.size(), 60)))));
        capture.headers.append(
            {line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    if (!ended && position < text.size())
        return failure(Capture::Form::HttpRequest, Messages::tr("The HTTP request has no blank line before its body."));
    QByteArray body = position < text.size() ? text.sliced(position).toByteArray() : QByteArray();
    if (const std::optional<QByteArray> encoding = capture.header("Transfer-Encoding");
        encoding && encoding->toLower().contains("chunked"))
        return failure(Capture::Form::HttpRequest,
                       Messages::tr("The body is chunked (Transfer-Encoding: chunked): paste the decoded body."));
    if (const std::optional<QByteArray> length = capture.header("Content-Length")) {
        bool ok = false;
        const qsizetype expected = length->toLongLong(&ok);
        if (!ok || expected < 0)
            return failure(Capture::Form::HttpRequest, Messages::tr("The Content-Length header is not a number."));
        if (expected > body.size())
            return failure(Capture::Form::HttpRequest,
                           Messages::tr("The body is truncated: %1 bytes of the %2 that Content-Length announces.")
                               .arg(body.size())
                               .arg(expected));
        body.truncate(expected);
    } else {
        // Without a length the body is what was pasted, less the trailing blank lines an editor adds.
        while (!body.isEmpty() && std::isspace(static_cast<unsigned char>(body.back())))
            body.chop(1);
    }
    capture.body = body;
    return capture;
}

Capture parseJsonCapture(const QJsonObject &object)
{
    Capture capture;
    capture.form = Capture::Form::JsonCapture;
    const QJsonObject headers = object.value(QLatin1String("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        // Go's http.Header marshals as name -> [values].
        if (it.value().isArray()) {
            for (const QJsonValue &value : it.value().toArray())
                capture.headers.append({it.key().toUtf8(), value.toString().toUtf8()});
        } else {
            capture.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
        }
    }
    const QJsonValue body = object.value(QLatin1String("body"));
    if (body.isString()) {
        capture.body = body.toString().toUtf8();
    } else {
        capture.body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        capture.note = Messages::tr("The captured body is a JSON object, not the raw text: it was re-serialized, so a "
                                    "webhook signature over the original bytes may not match.");
    }
    return capture;
}

} // namespace

std::optional<QByteArray> Capture::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

Capture parseCapture(QByteArrayView input)
{
    if (input.size() > maxCaptureSize)
        return failure(
            Capture::Form::Json,
            Messages::tr("The input is too large (%1 bytes, at most %2).").arg(input.size()).arg(maxCaptureSize));
    const QByteArrayView text = input.trimmed();
    if (text.isEmpty())
        return failure(Capture::Form::Json, Messages::tr("The input is empty."));

    if (isCompactToken(text)) {
        const qsizetype dots = text.count('.');
        Capture capture;
        capture.body = text.toByteArray();
        if (dots == 4) {
            capture.form = Capture::Form::Jwe;
            return capture;
        }
        if (dots == 2) {
            capture.form = Capture::Form::Jws;
            return capture;
        }
        return failure(
            dots > 2 ? Capture::Form::Jwe : Capture::Form::Jws,
            Messages::tr("Not a JWE (5 parts) or JWT (3 parts): the token has %1 dot-separated parts.").arg(dots + 1));
    }

    const qsizetype lineEnd = text.indexOf('\n');
    // A request keeps what follows its body's last byte: Content-Length says where the body ends, and a body that
    // ends in a blank or newline is signed with it.
    if (looksLikeRequestLine(lineEnd < 0 ? text : text.first(lineEnd)))
        return parseHttp(input.sliced(text.data() - input.data()));

    if (text.startsWith('{') || text.startsWith('[')) {
        crypto::JoseResult<QJsonDocument> document =
            crypto::parseJsonGuarded(text, maxCaptureSize, maxCaptureDepth, Messages::tr("The JSON input"));
        if (!document)
            return failure(Capture::Form::Json, document.error().message);
        const QJsonObject object = document->object();
        const bool looksLikePayload = object.contains(QLatin1String("fullMethod")) ||
                                      object.contains(QLatin1String("event_type")) ||
                                      object.contains(QLatin1String("function"));
        if (document->isObject() && !looksLikePayload && object.value(QLatin1String("headers")).isObject() &&
            (object.value(QLatin1String("body")).isString() || object.value(QLatin1String("body")).isObject()))
            return parseJsonCapture(object);
        Capture capture;
        capture.form = Capture::Form::Json;
        capture.body = text.toByteArray();
        return capture;
    }
    return failure(Capture::Form::Json, Messages::tr("Not a JWE, JWT, JSON body or HTTP request: the input starts with "
                                                     "\"%1\".")
                                            .arg(QString::fromUtf8(text.first(std::min<qsizetype>(text.size(), 20)))));
}

QString formName(Capture::Form form)
{
    switch (form) {
    case Capture::Form::Jwe:
        return QStringLiteral("jwe");
    case Capture::Form::Jws:
        return QStringLiteral("jwt");
    case Capture::Form::Json:
        return QStringLiteral("json");
    case Capture::Form::JsonCapture:
        return QStringLiteral("capture");
    case Capture::Form::HttpRequest:
        return QStringLiteral("http");
    }
    return {};
}

} // namespace targetdesk::inspect
