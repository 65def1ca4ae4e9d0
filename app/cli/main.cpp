#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "inspectcommand.h"
#include "keycommands.h"
#include "profilecommands.h"
#include "sandboxcommand.h"
#include "targetcommands.h"

#include <QCoreApplication>
#include <QTimer>

using namespace targetdesk::cli;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("targetdesk-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Targetdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TARGETDESK_VERSION));

    CommandLine commandLine;
    if (!commandLine.parse(QCoreApplication::arguments())) {
        console::error(commandLine.errorText());
        const QString name = commandLine.commandName();
        console::err(QStringLiteral("Run 'targetdesk-cli %1--help' for usage.\n")
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

    if (commandLine.command() == Command::Sandbox) {
        SandboxCommand sandbox(commandLine);
        if (const auto code = sandbox.start())
            return *code;
        return QCoreApplication::exec();
    }

    if (commandLine.command() == Command::Inspect) {
        InspectCommand inspect(commandLine);
        if (const auto code = inspect.prepare())
            return *code;
        QTimer::singleShot(0, &inspect, [&inspect] { inspect.start(); });
        return QCoreApplication::exec();
    }

    if (isProfilesCommand(commandLine.command())) {
        ProfileCommands profiles(commandLine);
        if (const auto code = profiles.prepare())
            return *code;
        QTimer::singleShot(0, &profiles, [&profiles] { profiles.start(); });
        return QCoreApplication::exec();
    }

    if (isKeysCommand(commandLine.command())) {
        KeyCommands keys(commandLine);
        if (const auto code = keys.prepare())
            return *code;
        QTimer::singleShot(0, &keys, [&keys] { keys.start(); });
        return QCoreApplication::exec();
    }

    TargetCommands targets(commandLine);
    if (const auto code = targets.prepare())
        return *code;
    // QCoreApplication::exit() only works once the loop runs, so the command starts from inside it.
    QTimer::singleShot(0, &targets, [&targets] { targets.start(); });
    return QCoreApplication::exec();
}
