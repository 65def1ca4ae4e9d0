#include "commandline.h"

#include "globaloptions.h"
#include "helptext.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

namespace
{

QString dashed(const Command::Option &option)
{
    return QStringLiteral("--") + QLatin1String(option.name);
}

// "list, get, create, update or delete"
QString alternatives(const QStringList &words)
{
    if (words.size() < 2)
        return words.join(QString());
    //: The last two of a list of alternatives, e.g. "update or delete"
    return QCoreApplication::translate("targetdesk-cli", "%1 or %2")
        .arg(words.mid(0, words.size() - 1).join(QStringLiteral(", ")), words.constLast());
}

} // namespace

CommandLine::CommandLine(std::span<const CommandEntry> commands)
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    for (const GlobalOptionSpec &global : globalOptions())
        m_options << global.option;
    for (const CommandEntry &entry : commands) {
        std::unique_ptr<Command> command = entry.create(*this);
        command->m_name = QLatin1String(entry.words);
        // Commands may share an option name (--type, --vault); the parser needs it once.
        for (const Command::Option &option : command->declaration().options) {
            const bool known = std::any_of(m_options.cbegin(), m_options.cend(), [&option](const Command::Option &o) {
                return QLatin1String(o.name) == QLatin1String(option.name);
            });
            if (!known)
                m_options << option;
        }
        m_commands.push_back(std::move(command));
    }
    for (const Command::Option &spec : std::as_const(m_options)) {
        QStringList names;
        if (spec.shortName)
            names << QLatin1String(spec.shortName);
        names << QLatin1String(spec.name);
        QCommandLineOption option(names, QCoreApplication::translate("targetdesk-cli", spec.description));
        if (spec.valueName)
            option.setValueName(QLatin1String(spec.valueName));
        m_parser.addOption(option);
    }
}

CommandLine::~CommandLine() = default;

const Command::Option *CommandLine::findOption(const QString &name) const
{
    for (const Command::Option &option : m_options) {
        if (name == QLatin1String(option.name) || (option.shortName && name == QLatin1String(option.shortName)))
            return &option;
    }
    return nullptr;
}

bool CommandLine::isGroup(const QString &word) const
{
    for (const auto &command : m_commands) {
        if (command->name().startsWith(word + QLatin1Char(' ')))
            return true;
    }
    return false;
}

QStringList CommandLine::rewriteTimeoutBeforeCommand(const QStringList &arguments) const
{
    // Find where the command words end, skipping option values, so that "--name list" is not taken for a word.
    qsizetype lastWord = -1;
    int words = 0;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--"))
            break;
        if (arg.startsWith(QLatin1String("--"))) {
            const QString name = arg.mid(2).section(QLatin1Char('='), 0, 0);
            const Command::Option *spec = findOption(name);
            if (spec && spec->valueName && !arg.contains(QLatin1Char('=')))
                ++i;
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1)
            continue;
        ++words;
        lastWord = i;
        if (words == 1 && !isGroup(arg))
            break;
        if (words == 2)
            break;
    }
    QStringList out = arguments;
    for (qsizetype i = 1; i < lastWord; ++i) {
        QString &arg = out[i];
        if (arg == QLatin1String("--timeout"))
            arg = QStringLiteral("--request-timeout");
        else if (arg.startsWith(QLatin1String("--timeout=")))
            arg = QStringLiteral("--request-timeout=") + arg.mid(10);
        else if (arg.startsWith(QLatin1String("--"))) {
            const Command::Option *spec = findOption(arg.mid(2).section(QLatin1Char('='), 0, 0));
            if (spec && spec->valueName && !arg.contains(QLatin1Char('=')))
                ++i;
        }
    }
    return out;
}

bool CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(rewriteTimeoutBeforeCommand(arguments))) {
        m_error = m_parser.errorText();
        return false;
    }
    if (versionRequested())
        return true;

    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        if (helpRequested())
            return true;
        m_error = QCoreApplication::translate(
            "targetdesk::cli::CommandLine",
            "no command given (expected 'targets', 'executions', 'keys', 'check', 'profiles', 'inspect' or 'sandbox')");
        return false;
    }
    if (!chooseCommand(positional))
        return false;
    if (!m_command)
        return true; // `targets --help`: the global help
    if (helpRequested())
        return true;
    if (const QString error = m_command->checkArguments(); !error.isEmpty()) {
        m_error = error;
        return false;
    }
    return checkOptionsForCommand();
}

bool CommandLine::chooseCommand(const QStringList &positional)
{
    const auto find = [this](const QString &words) -> Command * {
        for (const auto &command : m_commands) {
            if (command->name() == words)
                return command.get();
        }
        return nullptr;
    };
    const QString first = positional.at(0);
    if (!isGroup(first)) {
        m_command = find(first);
        if (!m_command) {
            m_error = QCoreApplication::translate("targetdesk::cli::CommandLine",
                                                  "unknown command '%1' (expected 'targets', 'executions', 'keys', "
                                                  "'check', 'profiles', 'inspect' or 'sandbox')")
                          .arg(first);
            return false;
        }
        m_commandWords = positional.mid(0, 1);
        m_arguments = positional.mid(1);
        return true;
    }

    QStringList subcommands;
    for (const auto &command : m_commands) {
        if (command->name().startsWith(first + QLatin1Char(' ')))
            subcommands << command->name().section(QLatin1Char(' '), 1);
    }
    const QString needs = QCoreApplication::translate("targetdesk::cli::CommandLine", "'%1' needs a subcommand: %2")
                              .arg(first, alternatives(subcommands));
    // 'profiles' has always answered an unknown subcommand with the list of its subcommands.
    const bool terse = first == QLatin1String("profiles");
    const QString sub = positional.value(1);
    if (positional.size() < 2 || (terse && sub.isEmpty())) {
        if (helpRequested())
            return true;
        m_error = needs;
        return false;
    }
    m_command = find(first + QLatin1Char(' ') + sub);
    if (!m_command) {
        m_error = terse ? needs
                        : QCoreApplication::translate("targetdesk::cli::CommandLine",
                                                      "unknown subcommand '%1 %2' (expected %3)")
                              .arg(first, sub, alternatives(subcommands));
        return false;
    }
    m_commandWords = positional.mid(0, 2);
    m_arguments = positional.mid(2);
    return true;
}

bool CommandLine::checkOptionsForCommand()
{
    const unsigned accepted = m_command->declaration().globalOptions;
    const auto acceptsGlobal = [accepted](const QString &name) {
        for (const GlobalOptionSpec &global : globalOptions()) {
            if (name == QLatin1String(global.option.name))
                return global.group == Command::NoGlobalOptions || (global.group & accepted) != 0;
        }
        return false;
    };
    const QStringList given = m_parser.optionNames();
    for (const QString &name : given) {
        const Command::Option *spec = findOption(name);
        if (!spec)
            continue; // cannot happen: the parser knows only our options
        const QString longName = QLatin1String(spec->name);
        if (m_command->option(longName) || acceptsGlobal(longName))
            continue;
        if (longName == QLatin1String("token")) {
            // Never echo the value: it is a secret typed at the wrong place.
            m_error = QCoreApplication::translate(
                          "targetdesk::cli::CommandLine",
                          "--token is not accepted by '%1': the token is read only from the environment "
                          "variable TARGETDESK_TOKEN, so it never shows up in process lists")
                          .arg(commandName());
            return false;
        }
        m_error = QCoreApplication::translate("targetdesk::cli::CommandLine",
                                              "option %1 is not valid for '%2' (see targetdesk-cli %2 --help)")
                      .arg(dashed(*spec), commandName());
        return false;
    }
    for (const Command::Option &declared : std::as_const(m_options)) {
        // Several commands may declare an option of the same name; the chosen command's own declaration decides.
        const Command::Option *own = m_command->option(QLatin1String(declared.name));
        const Command::Option &spec = own ? *own : declared;
        if (!spec.valueName || spec.repeatable)
            continue;
        if (m_parser.values(QLatin1String(spec.name)).size() > 1) {
            m_error = QCoreApplication::translate("targetdesk::cli::CommandLine", "option %1 is given more than once")
                          .arg(dashed(spec));
            return false;
        }
    }
    if (!takesTargetTimeout() && m_parser.isSet(QStringLiteral("timeout")) &&
        m_parser.isSet(QStringLiteral("request-timeout"))) {
        m_error = QCoreApplication::translate("targetdesk::cli::CommandLine",
                                              "the request timeout is given twice (--timeout and --request-timeout)");
        return false;
    }
    return true;
}

bool CommandLine::takesTargetTimeout() const
{
    return m_command && m_command->takesTargetTimeout();
}

QString CommandLine::commandName() const
{
    return m_commandWords.join(QLatin1Char(' '));
}

bool CommandLine::helpRequested() const
{
    return m_parser.isSet(QStringLiteral("help"));
}

bool CommandLine::versionRequested() const
{
    return m_parser.isSet(QStringLiteral("version"));
}

QString CommandLine::helpText() const
{
    if (m_command)
        return m_command->help();
    QString text = QCoreApplication::translate(
        "targetdesk-cli", "Usage: targetdesk-cli [global options] COMMAND [options]\n\n"
                          "Manage the targets of ZITADEL Actions v2 from the command line.\n\nCommands:\n");
    for (const auto &command : m_commands) {
        const Command::Declaration &declaration = command->declaration();
        text += helptext::optionLine(command->name() + QLatin1String(declaration.arguments.synopsis),
                                     QCoreApplication::translate("targetdesk-cli", declaration.summary));
    }
    text += QCoreApplication::translate("targetdesk-cli",
                                        "\nRun 'targetdesk-cli COMMAND --help' for the options of a command.\n");
    return text + helptext::globalOptionsSection(false);
}

bool CommandLine::isSet(const QString &name) const
{
    return m_parser.isSet(name);
}

QString CommandLine::value(const QString &name) const
{
    return m_parser.value(name);
}

QStringList CommandLine::values(const QString &name) const
{
    return m_parser.values(name);
}

std::optional<QString> CommandLine::requestTimeout() const
{
    if (m_parser.isSet(QStringLiteral("request-timeout")))
        return m_parser.value(QStringLiteral("request-timeout"));
    if (!takesTargetTimeout() && m_parser.isSet(QStringLiteral("timeout")))
        return m_parser.value(QStringLiteral("timeout"));
    return std::nullopt;
}

QString CommandLine::requestTimeoutOption() const
{
    // Both spellings reach the same setting; name the one the user is most likely to recognise.
    if (takesTargetTimeout())
        return QCoreApplication::translate("targetdesk-cli", "--request-timeout (or --timeout before the command)");
    return QStringLiteral("--timeout");
}

std::optional<QString> CommandLine::targetTimeout() const
{
    if (takesTargetTimeout() && m_parser.isSet(QStringLiteral("timeout")))
        return m_parser.value(QStringLiteral("timeout"));
    return std::nullopt;
}

} // namespace targetdesk::cli
