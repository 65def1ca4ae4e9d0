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
    // The command-line form (executionConditionFromText() reads it back): "request:/zitadel.user.v2.UserService/
    // AddHumanUser", "request:zitadel.user.v2.UserService", "request:all", the same with "response:",
    // "function:preuserinfo", "event:user.human.added", "event-group:user.human", "event:all".
    QString toText() const;
    // ZITADEL's id of the execution, which decides what fires at run time: "request/zitadel.user.v2.UserService/
    // AddHumanUser", "request/zitadel.user.v2.UserService", "request", "event/user.human.*", "event",
    // "function/preuserinfo".
    QString executionId() const;
    bool operator==(const ExecutionCondition &) const = default;
};

struct Execution {
    ExecutionCondition condition;
    QDateTime creationDate;
    QDateTime changeDate;
    QStringList targets; // target ids, in the order ZITADEL calls them
    bool operator==(const Execution &) const = default;
};

// The Execution message as ZITADEL returns it: {condition, creationDate, changeDate, targets}.
QJsonObject executionToJson(const Execution &e);

struct ConditionParse {
    std::optional<ExecutionCondition> condition;
    QString error;
};
ConditionParse executionConditionFromJson(const QJsonObject &o);

// The command-line form (see toText()). `error` says what is wrong with the text, and how to write it.
ConditionParse executionConditionFromText(const QString &text);

struct ExecutionParse {
    std::optional<Execution> execution;
    QString error;
};
ExecutionParse executionFromJson(const QJsonObject &o);

} // namespace targetdesk
