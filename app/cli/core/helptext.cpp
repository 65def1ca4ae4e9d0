#include "helptext.h"

#include "globaloptions.h"

#include <QCoreApplication>

namespace targetdesk::cli::helptext
{

QString usageHeader(const Command::Declaration &declaration)
{
    return QCoreApplication::translate("targetdesk-cli", "Usage: targetdesk-cli %1\n\n%2\n")
        .arg(QLatin1String(declaration.usage), QCoreApplication::translate("targetdesk-cli", declaration.summary));
}

QString optionLine(const QString &left, const QString &description)
{
    // A left column too long for the layout gets its own line, so the descriptions stay aligned.
    if (left.size() > 28)
        return QStringLiteral("  ") + left + QStringLiteral("\n") + QString(31, QLatin1Char(' ')) + description +
               QLatin1Char('\n');
    return QStringLiteral("  ") + left.leftJustified(28) + QLatin1Char(' ') + description + QLatin1Char('\n');
}

QString optionLine(const Command::Option &option)
{
    QString left = option.shortName ? QStringLiteral("-%1, ").arg(QLatin1String(option.shortName)) : QString();
    left += QStringLiteral("--") + QLatin1String(option.name);
    if (option.valueName)
        left += QLatin1Char(' ') + QLatin1String(option.valueName);
    return optionLine(left, QCoreApplication::translate("targetdesk-cli", option.description));
}

QString wrapped(const QString &text)
{
    constexpr qsizetype width = 120 - 31;
    QString out;
    qsizetype column = 0;
    for (const QString &word : text.split(QLatin1Char(' '))) {
        if (column > 0 && column + 1 + word.size() > width) {
            out += QLatin1Char('\n') + QString(31, QLatin1Char(' '));
            column = 0;
        } else if (column > 0) {
            out += QLatin1Char(' ');
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

QString globalOptionsSection(bool targetTimeout)
{
    QString text = QCoreApplication::translate("targetdesk-cli", "\nGlobal options (before or after the command):\n");
    for (const GlobalOptionSpec &global : globalOptions()) {
        if (QLatin1String(global.option.name) == QLatin1String("timeout") && targetTimeout) {
            text +=
                optionLine(QStringLiteral("--timeout SECONDS"),
                           QCoreApplication::translate(
                               "targetdesk-cli", "Before the command words: timeout of each request (default 30)."));
            continue;
        }
        text += optionLine(global.option);
    }
    text += QCoreApplication::translate(
        "targetdesk-cli",
        "\nEnvironment:\n"
        "  TARGETDESK_TOKEN             Personal access token of a ZITADEL service user. Required by the commands\n"
        "                               that talk to ZITADEL and never taken from the command line.\n"
        "                               With --profile the secret comes from the OS keychain instead.\n"
        "  TARGETDESK_INSTANCE          Default for --instance.\n"
        "  TARGETDESK_AUDIT_LOG         Default for --audit-log.\n"
        "  TARGETDESK_DATA_DIR          Where the vault index and the audit log live (default: the user's data\n"
        "                               directory, e.g. ~/.local/share/Targetdesk).\n"
        "\nExit codes: 0 success, 1 declined at the prompt, 2 usage error, 3 invalid input (nothing was sent),\n"
        "4 a local file or the keychain failed, 6 the server refused, 7 network or TLS failure (or an answer that\n"
        "is not ZITADEL's), 8 `check` found a problem at error level (with --strict: at warning level).\n");
    return text;
}

} // namespace targetdesk::cli::helptext
