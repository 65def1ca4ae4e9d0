#include "targetmessages.h"

#include <QJsonArray>

namespace targetdesk
{

namespace
{

QJsonObject typeObject(TargetType type, bool interruptOnError)
{
    QJsonObject o;
    // Async targets never interrupt; the server rejects nothing here but clears the flag, so never send it.
    if (interruptOnError && type != TargetType::Async)
        o.insert(QStringLiteral("interruptOnError"), true);
    return o;
}

} // namespace

QJsonObject CreateTargetRequest::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), name);
    o.insert(targetTypeJsonField(type), typeObject(type, interruptOnError));
    o.insert(QStringLiteral("timeout"), protojson::formatDurationShort(timeout));
    o.insert(QStringLiteral("endpoint"), endpoint);
    if (payloadType != PayloadType::Unspecified)
        o.insert(QStringLiteral("payloadType"), payloadTypeEnumName(payloadType));
    return o;
}

bool TargetPatch::isEmpty() const
{
    return !name && !type && !timeout && !endpoint && !payloadType && !rotateSigningKey;
}

QJsonObject TargetPatch::toJson() const
{
    QJsonObject o;
    if (name)
        o.insert(QStringLiteral("name"), *name);
    if (type)
        o.insert(targetTypeJsonField(type->type), typeObject(type->type, type->interruptOnError));
    if (timeout)
        o.insert(QStringLiteral("timeout"), protojson::formatDurationShort(*timeout));
    if (endpoint)
        o.insert(QStringLiteral("endpoint"), *endpoint);
    if (payloadType)
        o.insert(QStringLiteral("payloadType"), payloadTypeEnumName(*payloadType));
    if (rotateSigningKey)
        o.insert(QStringLiteral("expirationSigningKey"), QStringLiteral("0s"));
    return o;
}

TargetPatch TargetPatch::diff(const Target &before, const Target &after)
{
    TargetPatch p;
    if (before.name != after.name)
        p.name = after.name;
    const bool beforeInterrupt = before.type != TargetType::Async && before.interruptOnError;
    const bool afterInterrupt = after.type != TargetType::Async && after.interruptOnError;
    if (before.type != after.type || beforeInterrupt != afterInterrupt)
        p.type = TypeSetting{after.type, afterInterrupt};
    if (before.timeout != after.timeout)
        p.timeout = after.timeout;
    if (before.endpoint != after.endpoint)
        p.endpoint = after.endpoint;
    if (before.effectivePayloadType() != after.effectivePayloadType())
        p.payloadType = after.effectivePayloadType();
    return p;
}

QString targetSortColumnEnumName(TargetSortColumn c)
{
    static const char *const names[] = {"UNSPECIFIED", "ID",  "CREATED_DATE", "CHANGED_DATE",      "NAME",
                                        "TARGET_TYPE", "URL", "TIMEOUT",      "INTERRUPT_ON_ERROR"};
    return QStringLiteral("TARGET_FIELD_NAME_") + QLatin1String(names[int(c)]);
}

QString textFilterMethodEnumName(TextFilterMethod m)
{
    static const char *const names[] = {"EQUALS",   "EQUALS_IGNORE_CASE",   "STARTS_WITH", "STARTS_WITH_IGNORE_CASE",
                                        "CONTAINS", "CONTAINS_IGNORE_CASE", "ENDS_WITH",   "ENDS_WITH_IGNORE_CASE"};
    return QStringLiteral("TEXT_FILTER_METHOD_") + QLatin1String(names[int(m)]);
}

QJsonObject TargetQuery::toJson() const
{
    QJsonObject o;
    QJsonObject pagination;
    if (offset != 0)
        pagination.insert(QStringLiteral("offset"), protojson::formatUint64(offset));
    if (limit != 0)
        pagination.insert(QStringLiteral("limit"), qint64(limit));
    if (asc)
        pagination.insert(QStringLiteral("asc"), true);
    if (!pagination.isEmpty())
        o.insert(QStringLiteral("pagination"), pagination);
    if (sortingColumn != TargetSortColumn::Unspecified)
        o.insert(QStringLiteral("sortingColumn"), targetSortColumnEnumName(sortingColumn));
    QJsonArray filters;
    if (nameFilter) {
        QJsonObject f{{QStringLiteral("targetName"), *nameFilter},
                      {QStringLiteral("method"), textFilterMethodEnumName(nameFilterMethod)}};
        filters.append(QJsonObject{{QStringLiteral("targetNameFilter"), f}});
    }
    if (idFilter) {
        filters.append(
            QJsonObject{{QStringLiteral("inTargetIdsFilter"),
                         QJsonObject{{QStringLiteral("targetIds"), QJsonArray::fromStringList(*idFilter)}}}});
    }
    if (!filters.isEmpty())
        o.insert(QStringLiteral("filters"), filters);
    return o;
}

} // namespace targetdesk
