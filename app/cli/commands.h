#pragma once

#include "core/command.h"

#include <memory>

namespace targetdesk::cli
{

class CommandLine;

// Every subcommand, made by the factory defined beside its class in the command's own file (targets/,
// executions/, keys/, check/, inspect/, receive/, profiles/, sandbox/); the classes themselves are private to those
// files. main.cpp's table maps command words to these.
std::unique_ptr<Command> makeTargetListCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeTargetGetCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeTargetCreateCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeTargetUpdateCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeTargetDeleteCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeTargetTestCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeExecutionListCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeExecutionGetCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeExecutionSetCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeExecutionDeleteCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyListCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyGenerateCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyAddCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyActivateCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyDeactivateCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyRemoveCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeKeyFingerprintCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeCheckCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeInspectCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeReceiveCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeProfileListCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeProfileTestCommand(const CommandLine &commandLine);
std::unique_ptr<Command> makeSandboxCommand(const CommandLine &commandLine);

} // namespace targetdesk::cli
