#pragma once

#include "protojson.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace targetdesk
{

using Duration = protojson::Duration;

// webhook = restWebhook, call = restCall, async = restAsync.
enum class TargetType { Webhook, Call, Async };
enum class PayloadType { Unspecified, Json, Jwt, Jwe };

// Names as users type them in the CLI: "webhook", "call", "async".
QString targetTypeName(TargetType t);
std::optional<TargetType> targetTypeFromName(const QString &name);
// The JSON oneof field names: "restWebhook", "restCall", "restAsync".
QString targetTypeJsonField(TargetType t);

// "json", "jwt", "jwe" (and "unspecified").
QString payloadTypeName(PayloadType p);
std::optional<PayloadType> payloadTypeFromName(const QString &name);
// "PAYLOAD_TYPE_JSON" and so on.
QString payloadTypeEnumName(PayloadType p);
std::optional<PayloadType> payloadTypeFromEnumName(const QString &name);

struct Target {
    QString id;
    QDateTime creationDate;
    QDateTime changeDate;
    QString name;
    TargetType type = TargetType::Webhook;
    bool interruptOnError = false;
    Duration timeout{0};
    QString endpoint;
    QString signingKey;
    PayloadType payloadType = PayloadType::Unspecified;

    // Unspecified payload type behaves like JSON on the server.
    PayloadType effectivePayloadType() const
    {
        return payloadType == PayloadType::Unspecified ? PayloadType::Json : payloadType;
    }
    bool operator==(const Target &) const = default;
};

// The Target message as ZITADEL returns it. Unknown fields are ignored, missing ones read as zero values;
// a field of the wrong JSON type is an error (returned as text naming the field).
struct TargetParse {
    std::optional<Target> target;
    QString error;
};
TargetParse targetFromJson(const QJsonObject &o);
QJsonObject targetToJson(const Target &t);

} // namespace targetdesk
