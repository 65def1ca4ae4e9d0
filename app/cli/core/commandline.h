#pragma once

#include "command.h"

#include <QCommandLineParser>
#include <QHash>
#include <QStringList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace targetdesk::cli
{

// One row of the command table in main.cpp: the command words and how to create the command.
struct CommandEntry {
    const char *words; // "targets list", "inspect"
    std::unique_ptr<Command> (*create)(const CommandLine &commandLine);
};

// The command line of targetdesk-cli: one QCommandLineParser with the union of the global options and every
// command's own options, then a check that only the options of the chosen command were given.
//
// `--timeout` is both the global per-request timeout and, for the commands that declare their own --timeout
// (`targets create|update`), the target's timeout. Where it stands decides: before the command words it is always
// the request timeout; after those commands' words it is the target's timeout. `--request-timeout` names the
// request timeout anywhere.
//
// Ownership: creates and owns one object of every command in the table (for their declarations); command() is the
// one the command line chose. Keep the CommandLine alive while a command runs.
class CommandLine
{
public:
    explicit CommandLine(std::span<const CommandEntry> commands);
    ~CommandLine();

    // False on a usage error; errorText() says what is wrong. --help and --version are accepted with any command
    // (and with missing required options) so they always work.
    bool parse(const QStringList &arguments);
    QString errorText() const { return m_error; }

    // The chosen command, or nullptr when none was given (then only --help or --version can have been asked for).
    Command *command() const { return m_command; }
    // "targets create", "keys add", "sandbox", or "" when no command was given.
    QString commandName() const;
    // The positional arguments after the command words (target id, key id, file).
    QStringList arguments() const { return m_arguments; }

    bool helpRequested() const;
    bool versionRequested() const;
    // The global help, or the chosen command's.
    QString helpText() const;

    bool isSet(const QString &name) const;
    QString value(const QString &name) const;
    QStringList values(const QString &name) const;

    // The per-request timeout as typed, wherever it was given.
    std::optional<QString> requestTimeout() const;
    // The option that carried requestTimeout(), for error messages.
    QString requestTimeoutOption() const;
    // The target's timeout (only for commands that declare their own --timeout).
    std::optional<QString> targetTimeout() const;

private:
    const Command::Option *findOption(const QString &name) const;
    bool isGroup(const QString &word) const;
    QStringList rewriteTimeoutBeforeCommand(const QStringList &arguments) const;
    bool chooseCommand(const QStringList &positional);
    bool checkOptionsForCommand();
    bool takesTargetTimeout() const;

    std::vector<std::unique_ptr<Command>> m_commands; // in the order of the table, which is the help's order
    QList<Command::Option> m_options;                 // the union, each name once
    QCommandLineParser m_parser;
    Command *m_command = nullptr;
    QStringList m_commandWords;
    QStringList m_arguments;
    QString m_error;
};

} // namespace targetdesk::cli
