#pragma once

#include "model/target.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

// Request and response messages of the target RPCs, with their JSON mapping.
namespace targetdesk
{

struct CreateTargetRequest {
    QString name;
    TargetType type = TargetType::Webhook;
    bool interruptOnError = false;
    Duration timeout{0};
    QString endpoint;
    PayloadType payloadType = PayloadType::Json;

    QJsonObject toJson() const;
};

struct CreateTargetResponse {
    QString id;
    QDateTime creationDate;
    QString signingKey;
};

// Only the fields that are set are sent; absent fields stay unchanged on the server.
struct TargetPatch {
    struct TypeSetting {
        TargetType type = TargetType::Webhook;
        bool interruptOnError = false;
        bool operator==(const TypeSetting &) const = default;
    };
    std::optional<QString> name;
    std::optional<TypeSetting> type; // type and interrupt-on-error travel together (one oneof field)
    std::optional<Duration> timeout;
    std::optional<QString> endpoint;
    std::optional<PayloadType> payloadType;
    bool rotateSigningKey = false; // sends expirationSigningKey:"0s"

    bool isEmpty() const;
    QJsonObject toJson() const;
    // The fields in which `after` differs from `before`.
    static TargetPatch diff(const Target &before, const Target &after);
};

struct UpdateTargetResponse {
    QDateTime changeDate;
    QString signingKey; // set when the signing key was rotated
};

struct DeleteTargetResponse {
    QDateTime deletionDate;
};

enum class TargetSortColumn {
    Unspecified,
    Id,
    CreatedDate,
    ChangedDate,
    Name,
    TargetType,
    Url,
    Timeout,
    InterruptOnError
};
QString targetSortColumnEnumName(TargetSortColumn c);

enum class TextFilterMethod {
    Equals,
    EqualsIgnoreCase,
    StartsWith,
    StartsWithIgnoreCase,
    Contains,
    ContainsIgnoreCase,
    EndsWith,
    EndsWithIgnoreCase
};
QString textFilterMethodEnumName(TextFilterMethod m);

struct TargetQuery {
    quint64 offset = 0;
    quint32 limit = 0; // 0: the server's default (100)
    bool asc = false;
    TargetSortColumn sortingColumn = TargetSortColumn::Unspecified;
    std::optional<QString> nameFilter;
    TextFilterMethod nameFilterMethod = TextFilterMethod::ContainsIgnoreCase;
    std::optional<QStringList> idFilter;

    QJsonObject toJson() const;
};

struct TargetPage {
    quint64 totalResult = 0;
    quint32 appliedLimit = 0;
    QList<Target> targets;
};

} // namespace targetdesk
