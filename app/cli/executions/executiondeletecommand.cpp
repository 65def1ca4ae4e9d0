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

// `targetdesk-cli executions delete CONDITION [--yes]`: removes the execution (SetExecution with no targets); asks
// first, naming what it calls, unless --yes.
class ExecutionDeleteCommand : public ConnectedCommand
{
public:
    explicit ExecutionDeleteCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    void run() override;
    void deleteNow();

    ExecutionCondition m_condition;
};

ExecutionDeleteCommand::ExecutionDeleteCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "executions delete CONDITION [--yes]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Remove an execution (asks first unless --yes is given)."),
           .options = {{"yes", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Remove without asking."), false, "y"}},
           .arguments = {
               1, 1, " CONDITION",
               QT_TRANSLATE_NOOP("targetdesk-cli", "the condition: targetdesk-cli %1 CONDITION, e.g. event:all")}})
{
}

std::optional<int> ExecutionDeleteCommand::checkUsage()
{
    QString error;
    const auto condition = executionfields::condition(commandLine(), &error);
    if (!condition)
        return usage(error);
    m_condition = *condition;
    if (!commandLine().isSet(QStringLiteral("yes")) && !console::stdinIsTerminal()) {
        return usage(
            QCoreApplication::translate("targetdesk-cli",
                                        "not removing execution %1 without confirmation: stdin is not a terminal, so "
                                        "nobody can answer; add --yes to remove it without asking")
                .arg(m_condition.toText()));
    }
    return std::nullopt;
}

void ExecutionDeleteCommand::run()
{
    executionfields::find(client(), m_condition, this, [this](Result<std::optional<Execution>> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (!*r) {
            console::error(
                QCoreApplication::translate("targetdesk-cli", "ZITADEL has no execution for %1; nothing to remove")
                    .arg(m_condition.toText()));
            finish(ServerRefused);
            return;
        }
        if (commandLine().isSet(QStringLiteral("yes"))) {
            deleteNow();
            return;
        }
        console::err(QCoreApplication::translate("targetdesk-cli", "Remove execution %1, which calls %2? [y/N] ")
                         .arg(m_condition.toText(), (*r)->targets.join(QStringLiteral(", "))));
        const QString answer = console::readLine().value_or(QString()).trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            console::err(QCoreApplication::translate("targetdesk-cli", "Nothing was removed.\n"));
            finish(Declined);
            return;
        }
        deleteNow();
    });
}

void ExecutionDeleteCommand::deleteNow()
{
    client().setExecution(m_condition, {}, this, [this](Result<QDateTime> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        executionfields::find(client(), m_condition, this, [this, setDate = *r](Result<std::optional<Execution>> f) {
            if (f && *f) {
                console::error(
                    QCoreApplication::translate("targetdesk-cli",
                                                "ZITADEL answered as if the execution was removed, but it still calls "
                                                "%1")
                        .arg((*f)->targets.join(QStringLiteral(", "))));
                finish(ServerRefused);
                return;
            }
            if (json())
                printJson(QJsonObject{{QStringLiteral("setDate"), protojson::formatTimestamp(setDate)}});
            else
                console::out(
                    QCoreApplication::translate("targetdesk-cli", "Removed execution %1\n").arg(m_condition.toText()));
            finish(Success);
        });
    });
}

std::unique_ptr<Command> makeExecutionDeleteCommand(const CommandLine &commandLine)
{
    return std::make_unique<ExecutionDeleteCommand>(commandLine);
}

} // namespace targetdesk::cli
