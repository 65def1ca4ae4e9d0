#include "commands.h"
#include "executionfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "model/protojson.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli executions set CONDITION --target ID [--target ID]...`: makes the execution call exactly these
// targets, in this order, then reads it back and says what did not take.
class ExecutionSetCommand : public ConnectedCommand
{
public:
    explicit ExecutionSetCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;
    void verify(const QDateTime &setDate);

    ExecutionCondition m_condition;
    QStringList m_targets;
};

ExecutionSetCommand::ExecutionSetCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "executions set CONDITION --target ID [--target ID]...",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                        "Make an execution call these targets, in this order (replaces its targets)."),
           .options = {{"target", "ID",
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "A target to call; repeat it, in the order ZITADEL should call them."),
                        true}},
           .arguments = {1, 1, " CONDITION",
                         QT_TRANSLATE_NOOP("targetdesk-cli",
                                           "the condition: targetdesk-cli %1 CONDITION --target ID, e.g. "
                                           "request:/zitadel.user.v2.UserService/AddHumanUser")}})
{
}

std::optional<int> ExecutionSetCommand::checkUsage()
{
    QString error;
    const auto condition = executionfields::condition(commandLine(), &error);
    if (!condition)
        return usage(error);
    m_condition = *condition;
    if (!commandLine().isSet(QStringLiteral("target"))) {
        return usage(QCoreApplication::translate(
                         "targetdesk-cli", "--target is missing: name at least one target (to remove the execution use "
                                           "targetdesk-cli executions delete %1)")
                         .arg(m_condition.toText()));
    }
    return std::nullopt;
}

std::optional<int> ExecutionSetCommand::prepareValues()
{
    for (const QString &value : commandLine().values(QStringLiteral("target"))) {
        const QString id = value.trimmed();
        if (id.isEmpty())
            return invalid(QCoreApplication::translate("targetdesk-cli", "--target: a target id is empty"));
        // ZITADEL refuses a list that names a target twice (it compares the count of ids with the targets found).
        if (m_targets.contains(id))
            return invalid(QCoreApplication::translate("targetdesk-cli",
                                                       "--target: target %1 is given twice; ZITADEL refuses that")
                               .arg(id));
        m_targets << id;
    }
    return std::nullopt;
}

void ExecutionSetCommand::run()
{
    client().setExecution(m_condition, m_targets, this, [this](Result<QDateTime> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        verify(*r);
    });
}

void ExecutionSetCommand::verify(const QDateTime &setDate)
{
    // Trust the server only after reading back what it holds.
    executionfields::find(client(), m_condition, this, [this, setDate](Result<std::optional<Execution>> r) {
        if (!r) {
            console::error(
                QCoreApplication::translate("targetdesk-cli", "the execution was set, but reading it back failed: %1")
                    .arg(r.error().toString()));
            finish(r.error().kind == ApiError::Kind::Server ? ServerRefused : NetworkFailure);
            return;
        }
        const QStringList held = *r ? (*r)->targets : QStringList();
        if (held != m_targets) {
            console::error(
                QCoreApplication::translate("targetdesk-cli",
                                            "ZITADEL answered as if the execution was set, but it calls [%1] instead "
                                            "of [%2]")
                    .arg(held.join(QStringLiteral(", ")), m_targets.join(QStringLiteral(", "))));
            finish(ServerRefused);
            return;
        }
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("setDate"), protojson::formatTimestamp(setDate)}});
        } else {
            console::out(QCoreApplication::translate("targetdesk-cli", "Execution %1 calls %2 (in this order)\n")
                             .arg(m_condition.toText(), m_targets.join(QStringLiteral(", "))));
        }
        finish(Success);
    });
}

std::unique_ptr<Command> makeExecutionSetCommand(const CommandLine &commandLine)
{
    return std::make_unique<ExecutionSetCommand>(commandLine);
}

} // namespace targetdesk::cli
