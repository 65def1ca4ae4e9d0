#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace targetdesk::cli
{

enum class Command {
    None,
    TargetsList,
    TargetsGet,
    TargetsCreate,
    TargetsUpdate,
    TargetsDelete,
    Sandbox,
    KeysList,
    KeysGenerate,
    KeysAdd,
    KeysActivate,
    KeysDeactivate,
    KeysRemove,
    KeysFingerprint,
    Inspect,
    ProfilesList,
    ProfilesTest,
};

// `keys ...`: run by KeyCommands.
bool isKeysCommand(Command command);
// `profiles ...`: run by ProfileCommands.
bool isProfilesCommand(Command command);

// The command line of targetdesk-cli: one QCommandLineParser with the union of all options, then a check that only
// the options of the chosen command were given.
//
// `--timeout` is both the global per-request timeout and, for `targets create|update`, the target's own timeout.
// Where it stands decides: before the command words it is always the request timeout; after `targets create` or
// `targets update` it is the target's timeout. `--request-timeout` names the request timeout anywhere.
class CommandLine
{
public:
    CommandLine();

    // False on a usage error; errorText() says what is wrong. --help and --version are accepted with any command
    // (and with missing required options) so they always work.
    bool parse(const QStringList &arguments);
    QString errorText() const { return m_error; }

    Command command() const { return m_command; }
    // "targets create", "keys add", "sandbox", or "" when no command was given.
    QString commandName() const;
    // The positional arguments after the command words (target id, key id, file).
    QStringList arguments() const { return m_arguments; }

    bool helpRequested() const;
    bool versionRequested() const;
    QString helpText() const;

    bool isSet(const QString &name) const;
    QString value(const QString &name) const;
    QStringList values(const QString &name) const;

    // The per-request timeout as typed, wherever it was given.
    std::optional<QString> requestTimeout() const;
    // The option that carried requestTimeout(), for error messages.
    QString requestTimeoutOption() const;
    // The target's timeout (create and update only).
    std::optional<QString> targetTimeout() const;

private:
    QStringList rewriteTimeoutBeforeCommand(const QStringList &arguments) const;
    bool checkOptionsForCommand();

    QCommandLineParser m_parser;
    Command m_command = Command::None;
    QStringList m_commandWords;
    QStringList m_arguments;
    QString m_error;
};

} // namespace targetdesk::cli
