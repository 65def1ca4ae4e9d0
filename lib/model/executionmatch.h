#pragma once

#include "model/execution.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace targetdesk
{

// What ZITADEL does at run time with a set of executions: for each API call (its request, and separately its
// response), each event and each function, only the best-matching execution fires. The exact execution id wins;
// otherwise the longest id that is a prefix of the call's id (a group's ".*" trimmed, no dot boundary). Executions
// without targets are not candidates; leave them out.
namespace executionmatch
{

// One thing that can make ZITADEL call targets: a method's request or response ("/zitadel.user.v2.UserService/
// AddHumanUser"), an event type ("user.human.added") or a function ("preuserinfo").
struct Call {
    ExecutionCondition::Kind kind = ExecutionCondition::Kind::Request;
    QString name;
};

// The id ZITADEL matches execution ids against: "request/zitadel.user.v2.UserService/AddHumanUser", "event/
// user.human.added", "function/preuserinfo".
QString callId(const Call &call);

// The index in `conditions` of the one that fires for `call`; nullopt when none does.
std::optional<qsizetype> bestMatch(const QList<ExecutionCondition> &conditions, const Call &call);

// For one condition among all conditions that have targets, over the calls that exist (`universe`: the methods for
// request/response, the event types for events, the function names for functions): the calls it matches, the ones
// it actually fires for, and the more specific conditions that take the rest away from it.
struct Coverage {
    QStringList matched;                  // calls the condition matches at all
    QStringList handled;                  // ... for which it is the best match, so its targets are called
    QList<ExecutionCondition> shadowedBy; // the more specific conditions that win some of `matched`
    bool entirelyShadowed() const { return !matched.isEmpty() && handled.isEmpty(); }
};
Coverage coverage(const ExecutionCondition &condition, const QList<ExecutionCondition> &all,
                  const QStringList &universe);

} // namespace executionmatch

} // namespace targetdesk
