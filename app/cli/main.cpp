#include "commands.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"

#include "i18n.h"

#include <QCoreApplication>
#include <QTimer>

using namespace targetdesk::cli;

namespace
{

// Every command of targetdesk-cli, in the order of the global help.
const CommandEntry kCommands[] = {
    {"targets list", makeTargetListCommand},
    {"targets get", makeTargetGetCommand},
    {"targets create", makeTargetCreateCommand},
    {"targets update", makeTargetUpdateCommand},
    {"targets delete", makeTargetDeleteCommand},
    {"targets test", makeTargetTestCommand},
    {"executions list", makeExecutionListCommand},
    {"executions get", makeExecutionGetCommand},
    {"executions set", makeExecutionSetCommand},
    {"executions delete", makeExecutionDeleteCommand},
    {"keys list", makeKeyListCommand},
    {"keys generate", makeKeyGenerateCommand},
    {"keys add", makeKeyAddCommand},
    {"keys activate", makeKeyActivateCommand},
    {"keys deactivate", makeKeyDeactivateCommand},
    {"keys remove", makeKeyRemoveCommand},
    {"keys fingerprint", makeKeyFingerprintCommand},
    {"check", makeCheckCommand},
    {"inspect", makeInspectCommand},
    {"receive", makeReceiveCommand},
    {"profiles list", makeProfileListCommand},
    {"profiles test", makeProfileTestCommand},
    {"sandbox", makeSandboxCommand},
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("targetdesk-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Targetdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TARGETDESK_VERSION));
    // Messages in the system locale's language (LANG=de_DE.UTF-8: German); English otherwise.
    targetdesk::i18n::installTranslations(app);

    CommandLine commandLine(kCommands);
    if (!commandLine.parse(QCoreApplication::arguments())) {
        console::error(commandLine.errorText());
        const QString name = commandLine.commandName();
        console::err(
            QCoreApplication::translate("targetdesk::cli::CommandLine", "Run 'targetdesk-cli %1--help' for usage.\n")
                .arg(name.isEmpty() ? QString() : name + QLatin1Char(' ')));
        return UsageError;
    }
    if (commandLine.versionRequested()) {
        console::out(QStringLiteral("targetdesk-cli %1\n").arg(QCoreApplication::applicationVersion()));
        return Success;
    }
    if (commandLine.helpRequested()) {
        console::out(commandLine.helpText());
        return Success;
    }

    Command &command = *commandLine.command();
    if (const auto code = command.prepare())
        return *code;
    // QCoreApplication::exit() only works once the loop runs, so the command starts from inside it.
    QTimer::singleShot(0, &command, [&command] { command.start(); });
    return QCoreApplication::exec();
}
