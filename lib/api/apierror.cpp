#include "apierror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk
{

QString grpcCodeName(int code)
{
    static const char *const names[] = {
        "OK",       "Cancelled",      "Unknown",          "InvalidArgument",   "DeadlineExceeded",
        "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
        "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
        "DataLoss", "Unauthenticated"};
    if (code < 0 || code >= int(std::size(names)))
        return {};
    return QLatin1String(names[code]);
}

int httpStatusForGrpcCode(int code)
{
    switch (code) {
    case 0:
        return 200;
    case 1:
        return 499;
    case 3:
    case 9:
    case 11:
        return 400;
    case 4:
        return 504;
    case 5:
        return 404;
    case 6:
    case 10:
        return 409;
    case 7:
        return 403;
    case 8:
        return 429;
    case 12:
        return 501;
    case 14:
        return 503;
    case 16:
        return 401;
    default:
        return 500;
    }
}

QString ApiError::toString() const
{
    QString text = message;
    if (kind == Kind::Server) {
        if (text.isEmpty())
            text = detailMessage;
        if (text.isEmpty())
            text = QStringLiteral("The server answered with an error");
        // ZITADEL puts the id in the message already; add it only when it is not there.
        if (!errorId.isEmpty() && !text.contains(errorId))
            text += QStringLiteral(" (%1)").arg(errorId);
        QString status = QStringLiteral("HTTP %1").arg(httpStatus);
        const QString codeName = grpcCodeName(grpcCode);
        if (!codeName.isEmpty())
            status += QStringLiteral(", ") + codeName;
        text += QStringLiteral(" [%1]").arg(status);
    }
    return text;
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body)
{
    ApiError e;
    e.kind = Kind::Server;
    e.httpStatus = httpStatus;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.value(QLatin1String("code")).isDouble())
            e.grpcCode = o.value(QLatin1String("code")).toInt(-1);
        e.message = o.value(QLatin1String("message")).toString();
        const QJsonArray details = o.value(QLatin1String("details")).toArray();
        for (const QJsonValue &dv : details) {
            const QJsonObject d = dv.toObject();
            // zitadel.v1.ErrorDetail has "id"; newer servers' zitadel.error.v2.ErrorDetail has "slug".
            QString id = d.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                id = d.value(QLatin1String("slug")).toString();
            if (!id.isEmpty()) {
                e.errorId = id;
                e.detailMessage = d.value(QLatin1String("message")).toString();
                break;
            }
        }
        if (e.errorId.isEmpty() && e.message.endsWith(QLatin1Char(')'))) {
            // "Errors.Token.Invalid (AUTH-7fs1e)": the id is the last parenthesised word.
            const qsizetype open = e.message.lastIndexOf(QLatin1Char('('));
            const QString candidate = e.message.mid(open + 1, e.message.size() - open - 2);
            if (open > 0 && !candidate.contains(QLatin1Char(' ')) && candidate.contains(QLatin1Char('-')))
                e.errorId = candidate;
        }
    }
    if (e.message.isEmpty()) {
        QString excerpt = QString::fromUtf8(body.left(200)).simplified();
        e.message = excerpt.isEmpty()
                        ? QStringLiteral("The server answered HTTP %1 without an error message").arg(httpStatus)
                        : QStringLiteral("The server answered HTTP %1: %2").arg(httpStatus).arg(excerpt);
    }
    return e;
}

ApiError ApiError::transport(Kind kind, const QString &message)
{
    ApiError e;
    e.kind = kind;
    e.message = message;
    return e;
}

} // namespace targetdesk
