#pragma once

#include <QByteArray>
#include <QString>

namespace targetdesk
{

// What went wrong with one API call. Either the server answered with an error (kind Server, with HTTP status,
// gRPC code, ZITADEL's message and error id) or the call never got a usable answer (transport kinds).
// Never carries the token or any other request header.
struct ApiError {
    enum class Kind {
        Server,            // the server answered with a non-2xx status
        MalformedResponse, // a 2xx answer whose body is not what the API promises
        Timeout,           // no complete answer within the call's timeout
        ConnectionRefused,
        HostNotFound,     // DNS lookup failed
        ConnectionClosed, // the server closed or reset the connection before answering
        Tls,              // TLS handshake or certificate problem
        Cancelled,        // cancelled by the caller
        Network,          // any other transport failure
        InvalidRequest,   // refused locally before anything was sent
        TooLarge,         // the answer grew past the byte cap of the call; reading stopped there
    };

    Kind kind = Kind::Network;
    int httpStatus = 0;    // 0 when there was no HTTP answer
    int grpcCode = -1;     // -1 when unknown
    QString message;       // ZITADEL's message, or our own text for transport failures
    QString errorId;       // ZITADEL's error id, e.g. "COMMAND-xj14f2cccn"; empty when none was sent
    QString detailMessage; // the message inside details[0], when present
    QString oauthError;    // set when /oauth/v2/token refused: its OAuth error code ("invalid_grant")

    bool isTransport() const { return kind != Kind::Server && kind != Kind::InvalidRequest; }
    // One line for people: "Target not found (COMMAND-xj14f2cccn) [HTTP 404, NotFound]".
    QString toString() const;

    // Parses ZITADEL's error body {"code","message","details":[{"@type","id","message"}]}. A body that cannot be
    // parsed still yields an error with the HTTP status and a short excerpt of the text.
    static ApiError fromHttp(int httpStatus, const QByteArray &body);
    static ApiError transport(Kind kind, const QString &message);
};

// The gRPC status code name ("NotFound") for a code number.
QString grpcCodeName(int code);
// The HTTP status ZITADEL's gateway uses for a gRPC code.
int httpStatusForGrpcCode(int code);

} // namespace targetdesk
