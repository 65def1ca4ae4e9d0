#include "targetfields.h"

#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "model/protojson.h"

#include <QCoreApplication>

namespace targetdesk::cli::targetfields
{

QList<Command::Option> options()
{
    return {
        {"name", "NAME", QT_TRANSLATE_NOOP("targetdesk-cli", "Name of the target, unique in the instance.")},
        {"endpoint", "URL",
         QT_TRANSLATE_NOOP("targetdesk-cli", "URL ZITADEL calls, e.g. https://hooks.example.com/zitadel.")},
        {"type", "TYPE", QT_TRANSLATE_NOOP("targetdesk-cli", "webhook, call or async.")},
        {"interrupt-on-error", nullptr,
         QT_TRANSLATE_NOOP("targetdesk-cli", "Stop ZITADEL's request when the target fails (webhook and call only).")},
        {"no-interrupt-on-error", nullptr,
         QT_TRANSLATE_NOOP("targetdesk-cli", "Do not stop ZITADEL's request when the target fails.")},
        {"payload", "TYPE", QT_TRANSLATE_NOOP("targetdesk-cli", "Payload type json, jwt or jwe (default json).")},
    };
}

Command::Option timeoutOption()
{
    return {
        "timeout", "DURATION",
        QT_TRANSLATE_NOOP("targetdesk-cli", "The target's timeout, e.g. 10s or 1.5s; more than 0 and at most 270s.")};
}

std::optional<int> checkInterruptFlags(const CommandLine &commandLine)
{
    if (commandLine.isSet(QStringLiteral("interrupt-on-error")) &&
        commandLine.isSet(QStringLiteral("no-interrupt-on-error"))) {
        console::error(QCoreApplication::translate(
            "targetdesk-cli", "--interrupt-on-error and --no-interrupt-on-error contradict each other"));
        return UsageError;
    }
    return std::nullopt;
}

std::optional<TargetType> type(const QString &text, QString *error)
{
    const auto type = targetTypeFromName(text);
    if (!type)
        *error = QCoreApplication::translate("targetdesk-cli",
                                             "--type: \"%1\" is not a target type; use webhook, call or async")
                     .arg(text);
    return type;
}

std::optional<PayloadType> payload(const QString &text, QString *error)
{
    const auto payload = payloadTypeFromName(text);
    if (!payload)
        *error = QCoreApplication::translate("targetdesk-cli",
                                             "--payload: \"%1\" is not a payload type; use json, jwt or jwe")
                     .arg(text);
    return payload;
}

QJsonObject responseJson(const QString &timeName, const QDateTime &time, const QString &signingKey)
{
    QJsonObject o;
    if (time.isValid())
        o.insert(timeName, protojson::formatTimestamp(time));
    if (!signingKey.isEmpty())
        o.insert(QStringLiteral("signingKey"), signingKey);
    return o;
}

QString asyncInterruptError()
{
    return QCoreApplication::translate(
        "targetdesk-cli", "--interrupt-on-error cannot be used with --type async: async targets run in the background "
                          "and never interrupt");
}

} // namespace targetdesk::cli::targetfields
