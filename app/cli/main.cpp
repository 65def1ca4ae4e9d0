#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "inspect/inspectcommand.h"
#include "keys/keyactivatecommand.h"
#include "keys/keyaddcommand.h"
#include "keys/keydeactivatecommand.h"
#include "keys/keyfingerprintcommand.h"
#include "keys/keygeneratecommand.h"
#include "keys/keylistcommand.h"
#include "keys/keyremovecommand.h"
#include "profiles/profilelistcommand.h"
#include "profiles/profiletestcommand.h"
#include "sandbox/sandboxcommand.h"
#include "targets/targetcreatecommand.h"
#include "targets/targetdeletecommand.h"
#include "targets/targetgetcommand.h"
#include "targets/targetlistcommand.h"
#include "targets/targetupdatecommand.h"

#include "i18n.h"

#include <QCoreApplication>
#include <QTimer>

using namespace targetdesk::cli;

namespace
{

template <class C>
std::unique_ptr<Command> make(const CommandLine &commandLine)
{
    return std::make_unique<C>(commandLine);
}

// Every command of targetdesk-cli, in the order of the global help.
const CommandEntry kCommands[] = {
    {"targets list", make<TargetListCommand>},
    {"targets get", make<TargetGetCommand>},
    {"targets create", make<TargetCreateCommand>},
    {"targets update", make<TargetUpdateCommand>},
    {"targets delete", make<TargetDeleteCommand>},
    {"keys list", make<KeyListCommand>},
    {"keys generate", make<KeyGenerateCommand>},
    {"keys add", make<KeyAddCommand>},
    {"keys activate", make<KeyActivateCommand>},
    {"keys deactivate", make<KeyDeactivateCommand>},
    {"keys remove", make<KeyRemoveCommand>},
    {"keys fingerprint", make<KeyFingerprintCommand>},
    {"inspect", make<InspectCommand>},
    {"profiles list", make<ProfileListCommand>},
    {"profiles test", make<ProfileTestCommand>},
    {"sandbox", make<SandboxCommand>},
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
