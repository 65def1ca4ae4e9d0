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
        return QT_TRANSLATE_NOOP("ExecutionCondition", "request");
    case ExecutionCondition::Kind::Response:
        return QT_TRANSLATE_NOOP("ExecutionCondition", "response");
    case ExecutionCondition::Kind::Event:
        return QT_TRANSLATE_NOOP("ExecutionCondition", "event");
    case ExecutionCondition::Kind::Function:
        return QT_TRANSLATE_NOOP("ExecutionCondition", "function");
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
        return kindText + sep +
               (kind == Kind::Event ? QCoreApplication::translate("ExecutionCondition", "all events")
                                    : QCoreApplication::translate("ExecutionCondition", "all methods"));
    if (scope == Scope::Group)
        return kindText + sep +
               (kind == Kind::Event ? QCoreApplication::translate("ExecutionCondition", "group %1")
                                    : QCoreApplication::translate("ExecutionCondition", "service %1"))
                   .arg(value);
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

QJsonObject executionToJson(const Execution &e)
{
    QJsonObject o{{QStringLiteral("condition"), e.condition.toJson()}};
    if (e.creationDate.isValid())
        o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(e.creationDate));
    if (e.changeDate.isValid())
        o.insert(QStringLiteral("changeDate"), protojson::formatTimestamp(e.changeDate));
    if (!e.targets.isEmpty())
        o.insert(QStringLiteral("targets"), QJsonArray::fromStringList(e.targets));
    return o;
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

QString ExecutionCondition::toText() const
{
    const QString kindText = QLatin1String(kindField(kind));
    if (kind == Kind::Function)
        return kindText + QLatin1Char(':') + value;
    if (scope == Scope::All)
        return kindText + QStringLiteral(":all");
    if (scope == Scope::Group && kind == Kind::Event)
        return QStringLiteral("event-group:") + value;
    return kindText + QLatin1Char(':') + value;
}

QString ExecutionCondition::executionId() const
{
    const QString kindText = QLatin1String(kindField(kind));
    if (kind == Kind::Function)
        return kindText + QLatin1Char('/') + value;
    if (scope == Scope::All)
        return kindText;
    if (kind == Kind::Event)
        return kindText + QLatin1Char('/') + value + (scope == Scope::Group ? QStringLiteral(".*") : QString());
    // Methods are written with a leading slash ("/service/Method"); the id has one slash after the kind.
    QString name = value;
    while (name.startsWith(QLatin1Char('/')))
        name.remove(0, 1);
    return kindText + QLatin1Char('/') + name;
}

ConditionParse executionConditionFromText(const QString &input)
{
    using Kind = ExecutionCondition::Kind;
    using Scope = ExecutionCondition::Scope;
    const QString text = input.trimmed();
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString syntax = QCoreApplication::translate(
        "ExecutionCondition",
        "write request:/SERVICE/METHOD, request:SERVICE, request:all (or response:...), function:NAME, event:TYPE, "
        "event-group:GROUP or event:all");
    if (colon <= 0)
        return {std::nullopt,
                QCoreApplication::translate("ExecutionCondition", "\"%1\" is not a condition: %2").arg(input, syntax)};
    const QString kind = text.left(colon);
    const QString value = text.mid(colon + 1);
    if (value.isEmpty())
        return {std::nullopt,
                QCoreApplication::translate("ExecutionCondition", "\"%1\" names nothing after \"%2:\": %3")
                    .arg(input, kind, syntax)};
    if (value.contains(QLatin1Char(' ')))
        return {std::nullopt,
                QCoreApplication::translate("ExecutionCondition", "\"%1\" has a blank in it: %2").arg(input, syntax)};
    ExecutionCondition c;
    c.value = value;
    if (kind == QLatin1String("request") || kind == QLatin1String("response")) {
        c.kind = kind == QLatin1String("request") ? Kind::Request : Kind::Response;
        if (value == QLatin1String("all")) {
            c.scope = Scope::All;
            c.value.clear();
        } else if (value.startsWith(QLatin1Char('/'))) {
            // "/zitadel.user.v2.UserService/AddHumanUser": a service and a method, both named.
            const QStringList parts = value.mid(1).split(QLatin1Char('/'));
            if (parts.size() != 2 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
                return {std::nullopt, QCoreApplication::translate("ExecutionCondition",
                                                                  "\"%1\": a method is written /SERVICE/METHOD, e.g. "
                                                                  "%2:/zitadel.user.v2.UserService/AddHumanUser")
                                          .arg(input, kind)};
            c.scope = Scope::One;
        } else if (value.contains(QLatin1Char('/'))) {
            return {std::nullopt,
                    QCoreApplication::translate("ExecutionCondition",
                                                "\"%1\": a method starts with a slash (%2:/%3); a service has none "
                                                "(%2:zitadel.user.v2.UserService)")
                        .arg(input, kind, value)};
        } else {
            c.scope = Scope::Group;
        }
        return {c, {}};
    }
    if (kind == QLatin1String("function")) {
        c.kind = Kind::Function;
        c.scope = Scope::One;
        return {c, {}};
    }
    if (kind == QLatin1String("event") || kind == QLatin1String("event-group")) {
        c.kind = Kind::Event;
        if (value.endsWith(QLatin1Char('*'))) {
            QString bare = value;
            bare.chop(bare.endsWith(QLatin1String(".*")) ? 2 : 1);
            return {std::nullopt,
                    QCoreApplication::translate("ExecutionCondition",
                                                "\"%1\": write a group without the wildcard (event-group:%2); "
                                                "ZITADEL refuses \".*\"")
                        .arg(input, bare)};
        }
        if (kind == QLatin1String("event") && value == QLatin1String("all")) {
            c.scope = Scope::All;
            c.value.clear();
        } else {
            c.scope = kind == QLatin1String("event") ? Scope::One : Scope::Group;
        }
        return {c, {}};
    }
    return {
        std::nullopt,
        QCoreApplication::translate("ExecutionCondition", "\"%1\": unknown kind \"%2\"; %3").arg(input, kind, syntax)};
}

} // namespace targetdesk
