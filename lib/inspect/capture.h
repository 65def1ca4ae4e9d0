#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace targetdesk::inspect
{

// What the user pasted, taken apart: the body ZITADEL sent and, when the input had them, the HTTP headers.
struct Capture {
    enum class Form {
        Jwe,         // a bare compact JWE (5 parts)
        Jws,         // a bare compact JWS / JWT (3 parts)
        Json,        // a JSON body (PAYLOAD_TYPE_JSON)
        JsonCapture, // {"headers":{...},"body":"..."}, as in a bulk file
        HttpRequest, // request line, headers, blank line, body
    };

    Form form = Form::Json;
    QByteArray body;                              // the raw body, exactly as signed
    QList<QPair<QByteArray, QByteArray>> headers; // in order, names as sent
    QString requestLine;                          // "POST /hook HTTP/1.1" for HttpRequest
    QString note;                                 // something worth telling (body re-serialized, ...)
    QString error;                                // not empty: the input could not be read

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
    // The first header with this name, case-insensitive.
    [[nodiscard]] std::optional<QByteArray> header(QByteArrayView name) const;
};

// Largest input accepted at all (a capture line or file).
inline constexpr qsizetype maxCaptureSize = 16 * 1024 * 1024;

// Recognises the form (surrounding whitespace ignored) and extracts body and headers. Never throws or recurses.
[[nodiscard]] Capture parseCapture(QByteArrayView input);
[[nodiscard]] QString formName(Capture::Form form);

} // namespace targetdesk::inspect
