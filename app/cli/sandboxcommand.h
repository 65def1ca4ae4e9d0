#pragma once

#include "commandline.h"

#include <QObject>

#include <optional>

class QSocketNotifier;

namespace targetdesk
{
namespace sandbox
{
class Sandbox;
}

namespace cli
{

// `targetdesk-cli sandbox`: runs the ZITADEL emulator until SIGINT or SIGTERM, then quits the event loop.
class SandboxCommand : public QObject
{
    Q_OBJECT
public:
    explicit SandboxCommand(const CommandLine &commandLine, QObject *parent = nullptr);
    ~SandboxCommand() override;

    // Checks the options, starts listening and prints the "listening on" (and "token") lines. On a problem prints
    // it and returns the exit code; nullopt when the sandbox runs and the event loop should start.
    std::optional<int> start();

private:
    bool installSignalHandlers(QString *error);

    const CommandLine &m_commandLine;
    sandbox::Sandbox *m_sandbox;
    QSocketNotifier *m_signalNotifier = nullptr;
};

} // namespace cli
} // namespace targetdesk
