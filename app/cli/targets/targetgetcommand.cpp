#include "api/zitadelclient.h"
#include "commands.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

// `targetdesk-cli targets get ID`: one target; the signing key stays masked unless --show-signing-key.
class TargetGetCommand : public ConnectedCommand
{
public:
    explicit TargetGetCommand(const CommandLine &commandLine);

private:
    void run() override;
};

TargetGetCommand::TargetGetCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets get ID [--show-signing-key]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Show one target."),
           .options = {{"show-signing-key", nullptr,
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "Show the signing key in clear text (text output masks it).")}},
           .arguments = {1, 1, " ID", QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 ID")}})
{
}

void TargetGetCommand::run()
{
    client().getTarget(targetId(), this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        const Target &t = *r;
        if (json()) {
            printJson(targetToJson(t));
            finish(Success);
            return;
        }
        QString key;
        if (t.signingKey.isEmpty())
            key = QStringLiteral("(none)");
        else if (commandLine().isSet(QStringLiteral("show-signing-key")))
            key = t.signingKey;
        else
            key = QCoreApplication::translate("targetdesk-cli", "******** (hidden; --show-signing-key shows it)");
        const QList<QPair<QString, QString>> rows = {
            {QStringLiteral("ID"), t.id},
            {QStringLiteral("Name"), t.name},
            {QStringLiteral("Type"), targetTypeName(t.type)},
            {QCoreApplication::translate("targetdesk-cli", "Interrupt on error"),
             format::yesNo(t.interruptOnError && t.type != TargetType::Async)},
            {QStringLiteral("Endpoint"), t.endpoint},
            {QStringLiteral("Timeout"), protojson::formatDurationShort(t.timeout)},
            {QCoreApplication::translate("targetdesk-cli", "Payload type"), payloadTypeName(t.effectivePayloadType())},
            {QCoreApplication::translate("targetdesk-cli", "Signing key"), key},
            {QStringLiteral("Created"), format::timestamp(t.creationDate)},
            {QStringLiteral("Changed"), format::timestamp(t.changeDate)},
        };
        QString text;
        for (const auto &[label, value] : rows)
            text += QString(label + QLatin1Char(':')).leftJustified(20) + value + QLatin1Char('\n');
        console::out(text);
        finish(Success);
    });
}

std::unique_ptr<Command> makeTargetGetCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetGetCommand>(commandLine);
}

} // namespace targetdesk::cli
