#include "api/targetmessages.h"
#include "commands.h"
#include "core/connectedcommand.h"
#include "targetfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/inputs.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli targets create`: prints the new target's id and, this once, its signing key.
class TargetCreateCommand : public ConnectedCommand
{
public:
    explicit TargetCreateCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;

    CreateTargetRequest m_request;
};

TargetCreateCommand::TargetCreateCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets create --name NAME --endpoint URL --type webhook|call|async --timeout DURATION\n"
                    "                              [--interrupt-on-error] [--payload json|jwt|jwe]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Create a target. Prints its id and, once, its signing key."),
           .options = targetfields::options() << targetfields::timeoutOption()})
{
}

std::optional<int> TargetCreateCommand::checkUsage()
{
    QStringList missing;
    for (const char *name : {"name", "endpoint", "type", "timeout"}) {
        if (!commandLine().isSet(QLatin1String(name)))
            missing << QStringLiteral("--") + QLatin1String(name);
    }
    if (!missing.isEmpty()) {
        return usage(QCoreApplication::translate("targetdesk-cli",
                                                 "'targets create' needs %1 (see targetdesk-cli targets create --help)")
                         .arg(missing.join(QStringLiteral(", "))));
    }
    return targetfields::checkInterruptFlags(commandLine());
}

std::optional<int> TargetCreateCommand::prepareValues()
{
    QString error;
    const auto name = inputs::targetName(commandLine().value(QStringLiteral("name")), QStringLiteral("--name"), &error);
    if (!name)
        return invalid(error);
    const auto endpoint =
        inputs::endpoint(commandLine().value(QStringLiteral("endpoint")), QStringLiteral("--endpoint"), &error);
    if (!endpoint)
        return invalid(error);
    const auto type = targetfields::type(commandLine().value(QStringLiteral("type")), &error);
    if (!type)
        return invalid(error);
    const auto timeout = inputs::targetTimeout(*commandLine().targetTimeout(), QStringLiteral("--timeout"), &error);
    if (!timeout)
        return invalid(error);
    const bool interrupt = commandLine().isSet(QStringLiteral("interrupt-on-error"));
    if (interrupt && *type == TargetType::Async)
        return invalid(targetfields::asyncInterruptError());
    PayloadType payload = PayloadType::Json;
    if (commandLine().isSet(QStringLiteral("payload"))) {
        const auto p = targetfields::payload(commandLine().value(QStringLiteral("payload")), &error);
        if (!p)
            return invalid(error);
        payload = *p;
    }
    m_request.name = *name;
    m_request.endpoint = *endpoint;
    m_request.type = *type;
    m_request.interruptOnError = interrupt;
    m_request.timeout = *timeout;
    m_request.payloadType = payload;
    return std::nullopt;
}

void TargetCreateCommand::run()
{
    client().createTarget(m_request, this, [this](Result<CreateTargetResponse> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (json()) {
            QJsonObject o = targetfields::responseJson(QStringLiteral("creationDate"), r->creationDate, r->signingKey);
            o.insert(QStringLiteral("id"), r->id);
            printJson(o);
            finish(Success);
            return;
        }
        console::out(
            QCoreApplication::translate("targetdesk-cli", "Created target %1 (%2)\n").arg(r->id, m_request.name));
        targetfields::printSigningKey(QCoreApplication::translate("targetdesk-cli", "Signing key"), r->signingKey);
        finish(Success);
    });
}

void targetfields::printSigningKey(const QString &label, const QString &key)
{
    if (key.isEmpty())
        return;
    console::out(QStringLiteral("%1: %2\n").arg(label, key));
    console::out(QCoreApplication::translate(
        "targetdesk-cli", "Your endpoint uses this key to verify the ZITADEL-Signature header of each call; "
                          "it is shown only this once, so store it now.\n"));
}

std::unique_ptr<Command> makeTargetCreateCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetCreateCommand>(commandLine);
}

} // namespace targetdesk::cli
