#include "commands.h"
#include "core/connectedcommand.h"
#include "targetfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli targets delete ID`: asks first (with the target's name) unless --yes.
class TargetDeleteCommand : public ConnectedCommand
{
public:
    explicit TargetDeleteCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    void run() override;
    void deleteNow();
};

TargetDeleteCommand::TargetDeleteCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets delete ID [--yes]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Delete a target (asks first unless --yes is given)."),
           .options = {{"yes", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Delete without asking."), false, "y"}},
           .arguments = {1, 1, " ID", QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 ID")}})
{
}

std::optional<int> TargetDeleteCommand::checkUsage()
{
    if (!commandLine().isSet(QStringLiteral("yes")) && !console::stdinIsTerminal()) {
        return usage(QCoreApplication::translate(
                         "targetdesk-cli", "not deleting target %1 without confirmation: stdin is not a terminal, so "
                                           "nobody can answer; add --yes to delete without asking")
                         .arg(targetId()));
    }
    return std::nullopt;
}

void TargetDeleteCommand::run()
{
    if (commandLine().isSet(QStringLiteral("yes"))) {
        deleteNow();
        return;
    }
    // Ask with the name: an id alone is too easy to mistype.
    client().getTarget(targetId(), this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        console::err(
            QCoreApplication::translate("targetdesk-cli", "Delete target %1 (%2)? [y/N] ").arg(r->name, r->id));
        const QString answer = console::readLine().value_or(QString()).trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            console::err(QCoreApplication::translate("targetdesk-cli", "Nothing was deleted.\n"));
            finish(Declined);
            return;
        }
        deleteNow();
    });
}

void TargetDeleteCommand::deleteNow()
{
    client().deleteTarget(targetId(), this, [this](Result<DeleteTargetResponse> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (json()) {
            printJson(targetfields::responseJson(QStringLiteral("deletionDate"), r->deletionDate));
        } else {
            console::out(QCoreApplication::translate("targetdesk-cli", "Deleted target %1\n").arg(targetId()));
        }
        finish(Success);
    });
}

std::unique_ptr<Command> makeTargetDeleteCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetDeleteCommand>(commandLine);
}

} // namespace targetdesk::cli
