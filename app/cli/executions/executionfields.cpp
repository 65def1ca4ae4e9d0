#include "executionfields.h"

#include "core/commandline.h"

#include <QCoreApplication>

#include <memory>

namespace targetdesk::cli::executionfields
{

std::optional<ExecutionCondition> condition(const CommandLine &commandLine, QString *error)
{
    const ConditionParse parsed = executionConditionFromText(commandLine.arguments().value(0));
    if (!parsed.condition) {
        *error = QCoreApplication::translate("targetdesk-cli", "CONDITION: %1").arg(parsed.error);
        return std::nullopt;
    }
    return parsed.condition;
}

void find(ZitadelClient &client, const ExecutionCondition &condition, QObject *context,
          std::function<void(Result<std::optional<Execution>>)> done)
{
    ExecutionQuery query;
    query.conditions = QList<ExecutionCondition>{condition};
    query.limit = 10;
    client.listExecutions(query, context, [condition, done = std::move(done)](Result<ExecutionPage> r) {
        if (!r) {
            done(r.error());
            return;
        }
        for (const Execution &e : r->executions) {
            if (e.condition == condition) {
                done(std::optional<Execution>(e));
                return;
            }
        }
        done(std::optional<Execution>());
    });
}

void targetNames(ZitadelClient &client, QObject *context, std::function<void(QHash<QString, Target>)> done)
{
    auto names = std::make_shared<QHash<QString, Target>>();
    TargetQuery query;
    query.limit = 1000;
    client.listAllTargets(
        query, context,
        [names](const TargetPage &page) {
            for (const Target &t : page.targets)
                names->insert(t.id, t);
        },
        // Names are a courtesy: when they cannot be read the ids are shown alone.
        [names, done = std::move(done)](Result<quint64>) { done(*names); });
}

QString describe(const QString &targetId, const QHash<QString, Target> &targets)
{
    const auto it = targets.constFind(targetId);
    if (it == targets.cend())
        return targetId;
    return QStringLiteral("%1 (%2)").arg(it->name, targetId);
}

} // namespace targetdesk::cli::executionfields
