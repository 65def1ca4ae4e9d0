#include "target.h"

#include <QJsonArray>

namespace targetdesk
{

QString targetTypeName(TargetType t)
{
    switch (t) {
    case TargetType::Webhook:
        return QStringLiteral("webhook");
    case TargetType::Call:
        return QStringLiteral("call");
    case TargetType::Async:
        return QStringLiteral("async");
    }
    return {};
}

std::optional<TargetType> targetTypeFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("webhook"))
        return TargetType::Webhook;
    if (n == QLatin1String("call"))
        return TargetType::Call;
    if (n == QLatin1String("async"))
        return TargetType::Async;
    return std::nullopt;
}

QString targetTypeJsonField(TargetType t)
{
    switch (t) {
    case TargetType::Webhook:
        return QStringLiteral("restWebhook");
    case TargetType::Call:
        return QStringLiteral("restCall");
    case TargetType::Async:
        return QStringLiteral("restAsync");
    }
    return {};
}

QString payloadTypeName(PayloadType p)
{
    switch (p) {
    case PayloadType::Unspecified:
        return QStringLiteral("unspecified");
    case PayloadType::Json:
        return QStringLiteral("json");
    case PayloadType::Jwt:
        return QStringLiteral("jwt");
    case PayloadType::Jwe:
        return QStringLiteral("jwe");
    }
    return {};
}

std::optional<PayloadType> payloadTypeFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("json"))
        return PayloadType::Json;
    if (n == QLatin1String("jwt"))
        return PayloadType::Jwt;
    if (n == QLatin1String("jwe"))
        return PayloadType::Jwe;
    return std::nullopt;
}

QString payloadTypeEnumName(PayloadType p)
{
    return QStringLiteral("PAYLOAD_TYPE_") + payloadTypeName(p).toUpper();
}

std::optional<PayloadType> payloadTypeFromEnumName(const QString &name)
{
    for (PayloadType p : {PayloadType::Unspecified, PayloadType::Json, PayloadType::Jwt, PayloadType::Jwe}) {
        if (payloadTypeEnumName(p) == name)
            return p;
    }
    return std::nullopt;
}

namespace
{

bool readString(const QJsonObject &o, const char *key, QString &out, QString &error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString()) {
        error = QStringLiteral("field \"%1\" is not a string").arg(QLatin1String(key));
        return false;
    }
    out = v.toString();
    return true;
}

bool readTimestamp(const QJsonObject &o, const char *key, QDateTime &out, QString &error)
{
    QString text;
    if (!readString(o, key, text, error))
        return false;
    if (text.isEmpty())
        return true;
    const auto t = protojson::parseTimestamp(text);
    if (!t) {
        error = QStringLiteral("field \"%1\" is not an RFC 3339 timestamp").arg(QLatin1String(key));
        return false;
    }
    out = *t;
    return true;
}

} // namespace

TargetParse targetFromJson(const QJsonObject &o)
{
    Target t;
    QString error;
    if (!readString(o, "id", t.id, error) || !readTimestamp(o, "creationDate", t.creationDate, error) ||
        !readTimestamp(o, "changeDate", t.changeDate, error) || !readString(o, "name", t.name, error) ||
        !readString(o, "endpoint", t.endpoint, error) || !readString(o, "signingKey", t.signingKey, error))
        return {std::nullopt, error};

    int typeCount = 0;
    for (TargetType type : {TargetType::Webhook, TargetType::Call, TargetType::Async}) {
        const QJsonValue v = o.value(targetTypeJsonField(type));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isObject())
            return {std::nullopt, QStringLiteral("field \"%1\" is not an object").arg(targetTypeJsonField(type))};
        ++typeCount;
        t.type = type;
        const QJsonValue interrupt = v.toObject().value(QLatin1String("interruptOnError"));
        if (!interrupt.isUndefined() && !interrupt.isNull() && !interrupt.isBool())
            return {std::nullopt,
                    QStringLiteral("field \"%1.interruptOnError\" is not a boolean").arg(targetTypeJsonField(type))};
        t.interruptOnError = interrupt.toBool(false);
    }
    if (typeCount > 1)
        return {std::nullopt, QStringLiteral("more than one target type is set")};

    QString timeout;
    if (!readString(o, "timeout", timeout, error))
        return {std::nullopt, error};
    if (!timeout.isEmpty()) {
        const auto d = protojson::parseDuration(timeout);
        if (!d)
            return {std::nullopt, QStringLiteral("field \"timeout\" is not a duration")};
        t.timeout = *d;
    }

    QString payload;
    if (!readString(o, "payloadType", payload, error))
        return {std::nullopt, error};
    if (!payload.isEmpty()) {
        const auto p = payloadTypeFromEnumName(payload);
        // A newer server may add payload types; read unknown ones as unspecified rather than failing the list.
        t.payloadType = p.value_or(PayloadType::Unspecified);
    }
    return {t, {}};
}

QJsonObject targetToJson(const Target &t)
{
    QJsonObject o;
    if (!t.id.isEmpty())
        o.insert(QStringLiteral("id"), t.id);
    if (t.creationDate.isValid())
        o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(t.creationDate));
    if (t.changeDate.isValid())
        o.insert(QStringLiteral("changeDate"), protojson::formatTimestamp(t.changeDate));
    if (!t.name.isEmpty())
        o.insert(QStringLiteral("name"), t.name);
    QJsonObject type;
    if (t.interruptOnError && t.type != TargetType::Async)
        type.insert(QStringLiteral("interruptOnError"), true);
    o.insert(targetTypeJsonField(t.type), type);
    if (t.timeout.count() != 0)
        o.insert(QStringLiteral("timeout"), protojson::formatDuration(t.timeout));
    if (!t.endpoint.isEmpty())
        o.insert(QStringLiteral("endpoint"), t.endpoint);
    if (!t.signingKey.isEmpty())
        o.insert(QStringLiteral("signingKey"), t.signingKey);
    if (t.payloadType != PayloadType::Unspecified)
        o.insert(QStringLiteral("payloadType"), payloadTypeEnumName(t.payloadType));
    return o;
}

} // namespace targetdesk
