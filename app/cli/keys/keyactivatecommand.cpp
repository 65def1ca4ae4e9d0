#include "commands.h"
#include "keycommand.h"
#include "keycontext.h"

#include "api/zitadelclient.h"
#include "core/console.h"
#include "core/format.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys activate TARGET_ID KEY_ID`: the key becomes the target's only active key.
class KeyActivateCommand : public KeyCommand
{
public:
    explicit KeyActivateCommand(const CommandLine &commandLine);

private:
    void run() override;
};

KeyActivateCommand::KeyActivateCommand(const CommandLine &commandLine)
    : KeyCommand(commandLine,
                 {.usage = "keys activate TARGET_ID KEY_ID",
                  .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                               "Make a key the target's only active key (the previous active key is "
                                               "deactivated in the same step)."),
                  .options = {KeyContext::auditLogOption()},
                  .arguments = {2, 2, " TARGET_ID KEY_ID",
                                QT_TRANSLATE_NOOP("targetdesk-cli",
                                                  "the target id and the key id: targetdesk-cli %1 TARGET_ID KEY_ID")}})
{
}

void KeyActivateCommand::run()
{
    changeKey(Change::Activate, [this](const QDateTime &changeDate, const QString &) {
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("changeDate"), format::timestamp(changeDate)}});
        } else {
            console::out(QCoreApplication::translate("targetdesk-cli",
                                                     "Activated key %1 of target %2; any other key of the target is "
                                                     "now inactive\n")
                             .arg(keyId(), targetId()));
        }
    });
}

std::unique_ptr<Command> makeKeyActivateCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyActivateCommand>(commandLine);
}

} // namespace targetdesk::cli
