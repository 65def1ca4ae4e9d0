#pragma once

#include "core/command.h"

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
class SandboxCommand : public Command
{
    Q_OBJECT
public:
    explicit SandboxCommand(const CommandLine &commandLine);
    ~SandboxCommand() override;

    // Checks the options, starts listening and prints the "listening on" (and "token") lines. On a problem prints
    // it and returns the exit code; nullopt when the sandbox runs and the event loop should start.
    std::optional<int> prepare() override;
    // Nothing to do: the sandbox serves from the event loop until a signal quits it.
    void start() override {}

private:
    bool installSignalHandlers(QString *error);

    sandbox::Sandbox *m_sandbox = nullptr;
    QSocketNotifier *m_signalNotifier = nullptr;
};

} // namespace cli
} // namespace targetdesk
