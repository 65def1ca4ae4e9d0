#pragma once

#include "api/zitadelclient.h"
#include "core/command.h"
#include "model/execution.h"

#include <QHash>

#include <functional>
#include <optional>

namespace targetdesk::cli
{
class CommandLine;
}

// What the `executions` commands share: the CONDITION argument, finding one execution, and naming targets.
namespace targetdesk::cli::executionfields
{

// The help's description of CONDITION.
inline constexpr const char *kConditionSyntax =
    "CONDITION: request:/SERVICE/METHOD, request:SERVICE, request:all, the same with response:, function:NAME, "
    "event:TYPE, event-group:GROUP or event:all (e.g. request:/zitadel.user.v2.UserService/AddHumanUser).";

// The first positional argument as a condition; nullopt with `error` saying what is wrong with it.
std::optional<ExecutionCondition> condition(const CommandLine &commandLine, QString *error);

// The execution with exactly this condition (nullopt in the result: there is none).
void find(ZitadelClient &client, const ExecutionCondition &condition, QObject *context,
          std::function<void(Result<std::optional<Execution>>)> done);

// Every target of the instance by id, to show names next to ids.
void targetNames(ZitadelClient &client, QObject *context, std::function<void(QHash<QString, Target>)> done);

// "crm-sync (318092937471164835)", or the id alone when the target is unknown.
QString describe(const QString &targetId, const QHash<QString, Target> &targets);

} // namespace targetdesk::cli::executionfields
