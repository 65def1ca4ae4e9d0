#include "commands.h"
#include "keycommand.h"
#include "keycontext.h"

#include "api/zitadelclient.h"
#include "core/console.h"
#include "core/format.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys remove TARGET_ID KEY_ID`: removes an inactive key on the server; a private key in the vault
// stays there (payloads captured earlier may still need it).
class KeyRemoveCommand : public KeyCommand
{
public:
    explicit KeyRemoveCommand(const CommandLine &commandLine);

private:
    void run() override;
};

KeyRemoveCommand::KeyRemoveCommand(const CommandLine &commandLine)
    : KeyCommand(commandLine,
                 {.usage = "keys remove TARGET_ID KEY_ID",
                  .summary = QT_TRANSLATE_NOOP(
                      "targetdesk-cli", "Remove an inactive key from a target on the server (a private key in the "
                                        "vault stays there)."),
                  .options = {KeyContext::auditLogOption()},
                  .arguments = {2, 2, " TARGET_ID KEY_ID",
                                QT_TRANSLATE_NOOP("targetdesk-cli",
                                                  "the target id and the key id: targetdesk-cli %1 TARGET_ID KEY_ID")}})
{
}

void KeyRemoveCommand::run()
{
    changeKey(Change::Remove, [this](const QDateTime &deletionDate, const QString &fingerprint) {
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("deletionDate"), format::timestamp(deletionDate)}});
            return;
        }
        console::out(
            QCoreApplication::translate("targetdesk-cli", "Removed key %1 from target %2\n").arg(keyId(), targetId()));
        // Never deleted with the server key: payloads captured earlier may still need it.
        if (!fingerprint.isEmpty() && context().vault()->contains(fingerprint)) {
            console::err(QCoreApplication::translate("targetdesk-cli",
                                                     "The vault keeps its private key (%1) so payloads captured "
                                                     "earlier can still be decrypted; remove it there when you no "
                                                     "longer need it.\n")
                             .arg(fingerprint));
        }
    });
}

std::unique_ptr<Command> makeKeyRemoveCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyRemoveCommand>(commandLine);
}

} // namespace targetdesk::cli
