#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;

namespace targetdesk::cli
{
class CommandLine;

// One subcommand of targetdesk-cli ("targets list", "keys add", "inspect", ...). A command declares its own options
// and positional arguments in its constructor (CommandLine builds the parser and the help from them), then runs in
// two steps: prepare() checks everything that can be checked before the event loop, start() does the work from
// inside the loop and ends it with finish(code).
//
// Lifetime: CommandLine creates one object of every command to read their declarations, and owns them all; the
// command refers to that CommandLine for its whole life. Constructors therefore only declare: whatever a command
// needs to run (clients, stores, files) is created in prepare().
class Command : public QObject
{
    Q_OBJECT
public:
    // One option of the command as the help shows it.
    struct Option {
        const char *name;
        const char *valueName = nullptr; // nullptr: a flag
        const char *description = "";
        bool repeatable = false;
        const char *shortName = nullptr;
    };
    // The positional arguments after the command words.
    struct Arguments {
        int min = 0;
        int max = 0;
        const char *synopsis = ""; // after the command words in the global help, e.g. " ID"
        const char *missing = "";  // "'<command>' needs " + this, where %1 is the command's name
    };
    // Which of the global options the command accepts besides --help and --version.
    enum GlobalOption : unsigned {
        NoGlobalOptions = 0,
        JsonOption = 1,           // --json
        RequestTimeoutOption = 2, // --timeout (before the command words), --request-timeout
        ConnectionOptions = 4,    // --instance, --profile, --key-file
        AllGlobalOptions = JsonOption | RequestTimeoutOption | ConnectionOptions,
    };
    struct Declaration {
        const char *usage;   // after "Usage: targetdesk-cli ", starting with the command words
        const char *summary; // one sentence, in the command list and the command's help
        QList<Option> options = {};
        Arguments arguments = {};
        unsigned globalOptions = NoGlobalOptions;
    };

    ~Command() override;

    // The command words, e.g. "targets list".
    QString name() const { return m_name; }
    const Declaration &declaration() const { return m_declaration; }
    // An option of the command itself (not a global one) with this long name, or nullptr.
    const Option *option(const QString &name) const;
    // It declares its own --timeout: after the command words that is the target's timeout, not the request's.
    bool takesTargetTimeout() const { return option(QStringLiteral("timeout")) != nullptr; }

    // `targetdesk-cli COMMAND --help`.
    virtual QString help() const;
    // A usage error in the positional arguments (CommandLine::arguments()), or an empty string.
    virtual QString checkArguments() const;

    // Reads the environment, checks the options and reads input files. On a problem prints it and returns the exit
    // code; nullopt when the command can start. Nothing is sent before start().
    virtual std::optional<int> prepare() = 0;
    // Call with the event loop running (or about to run): the command ends it with finish().
    virtual void start() = 0;

protected:
    Command(const CommandLine &commandLine, Declaration declaration);

    const CommandLine &commandLine() const { return m_commandLine; }
    // --json was given.
    bool json() const;

    // Print "error: <message>" and return the exit code, for prepare().
    static int usage(const QString &message);
    static int invalid(const QString &message);
    // Print "error: <message>" and end with `code`.
    void fail(const QString &message, int code);
    // Ends the event loop with the exit code.
    void finish(int code);
    void printJson(const QJsonObject &object) const;

private:
    friend class CommandLine; // sets m_name

    const CommandLine &m_commandLine;
    Declaration m_declaration;
    QString m_name;
};

} // namespace targetdesk::cli
