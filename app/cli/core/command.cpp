#include "command.h"

#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "helptext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk::cli
{

Command::Command(const CommandLine &commandLine, Declaration declaration)
    : m_commandLine(commandLine), m_declaration(std::move(declaration))
{
}

Command::~Command() = default;

const Command::Option *Command::option(const QString &name) const
{
    for (const Option &o : m_declaration.options) {
        if (name == QLatin1String(o.name))
            return &o;
    }
    return nullptr;
}

QString Command::help() const
{
    using helptext::optionLine;
    QString text = helptext::usageHeader(m_declaration);
    text += QCoreApplication::translate("targetdesk-cli", "\nOptions:\n");
    for (const Option &o : m_declaration.options)
        text += optionLine(o);
    // Only the commands that talk to ZITADEL list the global options, the environment and the exit codes.
    if (!(m_declaration.globalOptions & ConnectionOptions)) {
        text += optionLine(QStringLiteral("-h, --help"),
                           QCoreApplication::translate("targetdesk-cli", "Show this help and exit."));
        return text;
    }
    return text + helptext::globalOptionsSection(takesTargetTimeout());
}

QString Command::checkArguments() const
{
    const QStringList arguments = m_commandLine.arguments();
    const Arguments &expected = m_declaration.arguments;
    if (arguments.size() < expected.min)
        return QCoreApplication::translate("targetdesk-cli", "'%1' needs ").arg(m_name) +
               QCoreApplication::translate("targetdesk-cli", expected.missing).arg(m_name);
    if (arguments.size() > expected.max)
        return QCoreApplication::translate("targetdesk-cli", "unexpected argument '%1' for '%2'")
            .arg(arguments.at(expected.max), m_name);
    return {};
}

bool Command::json() const
{
    return m_commandLine.isSet(QStringLiteral("json"));
}

int Command::usage(const QString &message)
{
    console::error(message);
    return UsageError;
}

int Command::invalid(const QString &message)
{
    console::error(message);
    return InvalidInput;
}

void Command::fail(const QString &message, int code)
{
    console::error(message);
    finish(code);
}

void Command::finish(int code)
{
    QCoreApplication::exit(code);
}

void Command::printJson(const QJsonObject &object) const
{
    console::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

} // namespace targetdesk::cli
