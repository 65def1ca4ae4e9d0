#include "keymessages.h"

#include "model/protojson.h"

#include <QJsonArray>

namespace targetdesk
{

namespace
{

QJsonObject paginationJson(quint64 offset, quint32 limit, bool asc)
{
    QJsonObject p;
    if (offset != 0)
        p.insert(QStringLiteral("offset"), protojson::formatUint64(offset));
    if (limit != 0)
        p.insert(QStringLiteral("limit"), qint64(limit));
    if (asc)
        p.insert(QStringLiteral("asc"), true);
    return p;
}

} // namespace

QJsonObject AddPublicKeyRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("publicKey"), QString::fromLatin1(publicKeyPem.toBase64())}};
    if (expirationDate.isValid())
        o.insert(QStringLiteral("expirationDate"), protojson::formatTimestamp(expirationDate));
    return o;
}

QJsonObject PublicKeyQuery::toJson() const
{
    QJsonObject o;
    const QJsonObject pagination = paginationJson(offset, limit, asc);
    if (!pagination.isEmpty())
        o.insert(QStringLiteral("pagination"), pagination);
    static const char *const columns[] = {"UNSPECIFIED", "CREATION_DATE", "CHANGE_DATE", "EXPIRATION_DATE"};
    if (sortingColumn != PublicKeySortColumn::Unspecified)
        o.insert(QStringLiteral("sortingColumn"),
                 QString(QStringLiteral("PUBLIC_KEY_FIELD_NAME_") + QLatin1String(columns[int(sortingColumn)])));
    QJsonArray filters;
    if (keyIds)
        filters.append(QJsonObject{{QStringLiteral("keyIdsFilter"),
                                    QJsonObject{{QStringLiteral("ids"), QJsonArray::fromStringList(*keyIds)}}}});
    if (active)
        filters.append(QJsonObject{{QStringLiteral("activeFilter"), *active}});
    if (expiration) {
        static const char *const methods[] = {"EQUALS", "AFTER", "AFTER_OR_EQUALS", "BEFORE", "BEFORE_OR_EQUALS"};
        filters.append(QJsonObject{
            {QStringLiteral("expirationDateFilter"),
             QJsonObject{{QStringLiteral("timestamp"), protojson::formatTimestamp(expiration->first)},
                         {QStringLiteral("method"), QString(QStringLiteral("TIMESTAMP_FILTER_METHOD_") +
                                                            QLatin1String(methods[int(expiration->second)]))}}}});
    }
    if (!filters.isEmpty())
        o.insert(QStringLiteral("filters"), filters);
    return o;
}

QJsonObject ExecutionQuery::toJson() const
{
    QJsonObject o;
    const QJsonObject pagination = paginationJson(offset, limit, asc);
    if (!pagination.isEmpty())
        o.insert(QStringLiteral("pagination"), pagination);
    QJsonArray filters;
    if (conditions) {
        QJsonArray list;
        for (const ExecutionCondition &c : *conditions)
            list.append(c.toJson());
        filters.append(
            QJsonObject{{QStringLiteral("inConditionsFilter"), QJsonObject{{QStringLiteral("conditions"), list}}}});
    }
    if (executionType) {
        static const char *const types[] = {"REQUEST", "RESPONSE", "EVENT", "FUNCTION"};
        filters.append(QJsonObject{
            {QStringLiteral("executionTypeFilter"),
             QJsonObject{{QStringLiteral("executionType"),
                          QString(QStringLiteral("EXECUTION_TYPE_") + QLatin1String(types[int(*executionType)]))}}}});
    }
    if (targetId)
        filters.append(
            QJsonObject{{QStringLiteral("targetFilter"), QJsonObject{{QStringLiteral("targetId"), *targetId}}}});
    if (!filters.isEmpty())
        o.insert(QStringLiteral("filters"), filters);
    return o;
}

} // namespace targetdesk
