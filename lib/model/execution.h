#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace targetdesk
{

// When an execution runs: on an API request or response (one method, one service, or all), on an event (one
// event type, a group, or all), or in an action function.
struct ExecutionCondition {
    enum class Kind { Request, Response, Event, Function };
    // What a request/response/event condition matches; functions always name one function.
    enum class Scope { One, Group, All };

    Kind kind = Kind::Request;
    Scope scope = Scope::One;
    // Request/response: the method ("/zitadel.user.v2.UserService/AddHumanUser") or service
    // ("zitadel.user.v2.UserService"). Event: the event type ("user.human.added") or group ("user.human").
    // Function: its name ("preuserinfo").
    QString value;

    // "request · /zitadel.user.v2.UserService/AddHumanUser", "event · user.human.added", "function · preuserinfo".
    QString displayText() const;
    QJsonObject toJson() const;
    bool operator==(const ExecutionCondition &) const = default;
};

struct Execution {
    ExecutionCondition condition;
    QDateTime creationDate;
    QDateTime changeDate;
    QStringList targets; // target ids, in the order ZITADEL calls them
    bool operator==(const Execution &) const = default;
};

struct ConditionParse {
    std::optional<ExecutionCondition> condition;
    QString error;
};
ConditionParse executionConditionFromJson(const QJsonObject &o);

struct ExecutionParse {
    std::optional<Execution> execution;
    QString error;
};
ExecutionParse executionFromJson(const QJsonObject &o);

} // namespace targetdesk
