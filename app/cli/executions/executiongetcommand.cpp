#include "commands.h"
#include "executionfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "model/protojson.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

// `targetdesk-cli executions get CONDITION`: one execution and the targets it calls, in order.
class ExecutionGetCommand : public ConnectedCommand
{
public:
    explicit ExecutionGetCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    void run() override;

    ExecutionCondition m_condition;
};

ExecutionGetCommand::ExecutionGetCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "executions get CONDITION",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Show one execution and the targets it calls, in order."),
           .arguments = {
               1, 1, " CONDITION",
               QT_TRANSLATE_NOOP("targetdesk-cli", "the condition: targetdesk-cli %1 CONDITION, e.g. event:all")}})
{
}

std::optional<int> ExecutionGetCommand::checkUsage()
{
    QString error;
    const auto condition = executionfields::condition(commandLine(), &error);
    if (!condition)
        return usage(error);
    m_condition = *condition;
    return std::nullopt;
}

void ExecutionGetCommand::run()
{
    executionfields::find(client(), m_condition, this, [this](Result<std::optional<Execution>> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (!*r) {
            console::error(QCoreApplication::translate("targetdesk-cli", "ZITADEL has no execution for %1")
                               .arg(m_condition.toText()));
            finish(ServerRefused);
            return;
        }
        const Execution e = **r;
        if (json()) {
            printJson(executionToJson(e));
            finish(Success);
            return;
        }
        executionfields::targetNames(client(), this, [this, e](QHash<QString, Target> targets) {
            QString text = QCoreApplication::translate(
                               "targetdesk-cli",
                               "Condition:  %1\nCreated:    %2\nChanged:    %3\nTargets, called in this order:\n")
                               .arg(e.condition.toText(), protojson::formatTimestamp(e.creationDate),
                                    protojson::formatTimestamp(e.changeDate));
            for (qsizetype i = 0; i < e.targets.size(); ++i) {
                const auto it = targets.constFind(e.targets.at(i));
                const QString details =
                    it == targets.cend()
                        ? QCoreApplication::translate("targetdesk-cli", "(no such target)")
                        : QStringLiteral("%1, %2%3")
                              .arg(targetTypeName(it->type), payloadTypeName(it->effectivePayloadType()),
                                   it->interruptOnError && it->type != TargetType::Async
                                       ? QCoreApplication::translate("targetdesk-cli", ", interrupts on error")
                                       : QString());
                text += QStringLiteral("  %1. %2  %3\n")
                            .arg(i + 1)
                            .arg(executionfields::describe(e.targets.at(i), targets), details);
            }
            console::out(text);
            finish(Success);
        });
    });
}

std::unique_ptr<Command> makeExecutionGetCommand(const CommandLine &commandLine)
{
    return std::make_unique<ExecutionGetCommand>(commandLine);
}

} // namespace targetdesk::cli
