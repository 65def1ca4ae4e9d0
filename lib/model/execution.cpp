#include "execution.h"

#include "protojson.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace targetdesk
{

namespace
{

const char *kindField(ExecutionCondition::Kind k)
{
    switch (k) {
    case ExecutionCondition::Kind::Request:
        return "request";
    case ExecutionCondition::Kind::Response:
        return "response";
    case ExecutionCondition::Kind::Event:
        return "event";
    case ExecutionCondition::Kind::Function:
        return "function";
    }
    return "";
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ExecutionCondition", text);
}

} // namespace

QString ExecutionCondition::displayText() const
{
    const QString kindText = tr(kindField(kind));
    const QString sep = QStringLiteral(" · ");
    if (kind == Kind::Function)
        return kindText + sep + value;
    if (scope == Scope::All)
        return kindText + sep + (kind == Kind::Event ? tr("all events") : tr("all methods"));
    if (scope == Scope::Group)
        return kindText + sep + (kind == Kind::Event ? tr("group %1") : tr("service %1")).arg(value);
    return kindText + sep + value;
}

QJsonObject ExecutionCondition::toJson() const
{
    QJsonObject inner;
    if (kind == Kind::Function) {
        inner.insert(QStringLiteral("name"), value);
    } else if (scope == Scope::All) {
        inner.insert(QStringLiteral("all"), true);
    } else {
        const bool event = kind == Kind::Event;
        const QString field = scope == Scope::Group ? (event ? QStringLiteral("group") : QStringLiteral("service"))
                                                    : (event ? QStringLiteral("event") : QStringLiteral("method"));
        inner.insert(field, value);
    }
    return QJsonObject{{QLatin1String(kindField(kind)), inner}};
}

ConditionParse executionConditionFromJson(const QJsonObject &o)
{
    using Kind = ExecutionCondition::Kind;
    using Scope = ExecutionCondition::Scope;
    for (Kind kind : {Kind::Request, Kind::Response, Kind::Event, Kind::Function}) {
        const QJsonValue v = o.value(QLatin1String(kindField(kind)));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isObject())
            return {std::nullopt, QStringLiteral("condition.%1 is not an object").arg(QLatin1String(kindField(kind)))};
        const QJsonObject inner = v.toObject();
        ExecutionCondition c;
        c.kind = kind;
        if (kind == Kind::Function) {
            c.value = inner.value(QLatin1String("name")).toString();
            return {c, {}};
        }
        const bool event = kind == Kind::Event;
        const QString one = event ? QStringLiteral("event") : QStringLiteral("method");
        const QString group = event ? QStringLiteral("group") : QStringLiteral("service");
        if (inner.value(QLatin1String("all")).toBool()) {
            c.scope = Scope::All;
        } else if (inner.value(group).isString()) {
            c.scope = Scope::Group;
            c.value = inner.value(group).toString();
        } else if (inner.value(one).isString()) {
            c.scope = Scope::One;
            c.value = inner.value(one).toString();
        } else {
            return {std::nullopt, QStringLiteral("condition.%1 names nothing").arg(QLatin1String(kindField(kind)))};
        }
        return {c, {}};
    }
    return {std::nullopt, QStringLiteral("condition has no request, response, event or function")};
}

ExecutionParse executionFromJson(const QJsonObject &o)
{
    Execution e;
    const ConditionParse c = executionConditionFromJson(o.value(QLatin1String("condition")).toObject());
    if (!c.condition)
        return {std::nullopt, c.error};
    e.condition = *c.condition;
    for (const auto &[key, field] :
         {std::pair{"creationDate", &e.creationDate}, std::pair{"changeDate", &e.changeDate}}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        const auto t = v.isString() ? protojson::parseTimestamp(v.toString()) : std::nullopt;
        if (!t)
            return {std::nullopt, QStringLiteral("field \"%1\" is not an RFC 3339 timestamp").arg(QLatin1String(key))};
        *field = *t;
    }
    const QJsonValue targets = o.value(QLatin1String("targets"));
    if (!targets.isUndefined() && !targets.isArray())
        return {std::nullopt, QStringLiteral("field \"targets\" is not a list")};
    for (const QJsonValue &t : targets.toArray()) {
        if (!t.isString())
            return {std::nullopt, QStringLiteral("field \"targets\" holds something other than target ids")};
        e.targets << t.toString();
    }
    return {e, {}};
}

} // namespace targetdesk
