#pragma once

#include "model/execution.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace targetdesk::sandbox
{

struct ConditionParse;

// The condition of an execution: {"request":{...}}, {"response":{...}}, {"function":{...}} or {"event":{...}}.
struct ExecutionCondition {
    // Numbered like zitadel.action.v2.ExecutionType.
    enum class Type { Request = 1, Response = 2, Event = 3, Function = 4 };
    // method|service|all for requests and responses, event|group|all for events; functions only have a name.
    enum class Scope { Single, Group, All };

    Type type = Type::Request;
    Scope scope = Scope::All;
    // The method, service, function, event or group as the request wrote it (a group may end in ".*", which
    // SetExecution refuses and list filters ignore).
    QString value;

    // ZITADEL's execution id: "request/zitadel.user.v2.UserService/AddHumanUser", "request", "event/user.human.*",
    // "function/preuserinfo". Unique per condition, so it keys the executions.
    QString id() const;
    // As ZITADEL lists it: an event group without a trailing ".*".
    QJsonObject toJson() const;
    // An event group's value without a trailing ".*".
    QString groupName() const;
    // The same condition as the model's value type (what executionmatch and lib/delivery work with).
    targetdesk::ExecutionCondition toModel() const;

    // Parses a Condition message strictly (unknown fields refused).
    static ConditionParse fromJson(const QJsonObject &o);

    bool operator==(const ExecutionCondition &) const = default;
};

struct ConditionParse {
    std::optional<ExecutionCondition> condition;
    QString error;   // the message
    QString errorId; // empty: a validation failure (no details); else ZITADEL's error id (InvalidArgument)
};

// What ZITADEL would accept in a condition: its gRPC methods and services, action functions and event types (the
// shipped event catalogue, model/eventcatalog.h).
namespace catalog
{
const QStringList &functions();
const QStringList &methods();
const QStringList &services();
bool isMethod(const QString &method);
bool isService(const QString &service);
bool isFunction(const QString &name);
bool isEvent(const QString &event);
bool isEventGroup(const QString &group);
} // namespace catalog

} // namespace targetdesk::sandbox
