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

// `targetdesk-cli targets update ID`: changes the given fields; the others stay as they are.
class TargetUpdateCommand : public ConnectedCommand
{
public:
    explicit TargetUpdateCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;
    void sendUpdate();

    TargetPatch m_patch;
    std::optional<TargetType> m_type;
    std::optional<bool> m_interrupt;
};

TargetUpdateCommand::TargetUpdateCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets update ID [--name NAME] [--endpoint URL] [--type TYPE] [--timeout DURATION]\n"
                    "                              [--[no-]interrupt-on-error] [--payload TYPE] [--rotate-signing-key]",
           .summary =
               QT_TRANSLATE_NOOP("targetdesk-cli", "Change the given fields of a target; the others stay as they are."),
           .options = targetfields::options()
                      << Option{"rotate-signing-key", nullptr,
                                QT_TRANSLATE_NOOP("targetdesk-cli",
                                                  "Replace the signing key now and print the new one.")}
                      << targetfields::timeoutOption(),
           .arguments = {1, 1, " ID", QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 ID")}})
{
}

std::optional<int> TargetUpdateCommand::checkUsage()
{
    static const char *const changes[] = {"name",    "endpoint",           "type",
                                          "timeout", "interrupt-on-error", "no-interrupt-on-error",
                                          "payload", "rotate-signing-key"};
    bool any = false;
    for (const char *name : changes)
        any = any || commandLine().isSet(QLatin1String(name));
    if (!any) {
        return usage(QCoreApplication::translate(
            "targetdesk-cli", "'targets update' needs at least one change: --name, --endpoint, --type, "
                              "--timeout, --[no-]interrupt-on-error, --payload or --rotate-signing-key"));
    }
    return targetfields::checkInterruptFlags(commandLine());
}

std::optional<int> TargetUpdateCommand::prepareValues()
{
    QString error;
    if (commandLine().isSet(QStringLiteral("name"))) {
        const auto name =
            inputs::targetName(commandLine().value(QStringLiteral("name")), QStringLiteral("--name"), &error);
        if (!name)
            return invalid(error);
        m_patch.name = *name;
    }
    if (commandLine().isSet(QStringLiteral("endpoint"))) {
        const auto endpoint =
            inputs::endpoint(commandLine().value(QStringLiteral("endpoint")), QStringLiteral("--endpoint"), &error);
        if (!endpoint)
            return invalid(error);
        m_patch.endpoint = *endpoint;
    }
    if (const auto text = commandLine().targetTimeout()) {
        const auto timeout = inputs::targetTimeout(*text, QStringLiteral("--timeout"), &error);
        if (!timeout)
            return invalid(error);
        m_patch.timeout = *timeout;
    }
    if (commandLine().isSet(QStringLiteral("payload"))) {
        const auto p = targetfields::payload(commandLine().value(QStringLiteral("payload")), &error);
        if (!p)
            return invalid(error);
        m_patch.payloadType = *p;
    }
    if (commandLine().isSet(QStringLiteral("type"))) {
        m_type = targetfields::type(commandLine().value(QStringLiteral("type")), &error);
        if (!m_type)
            return invalid(error);
    }
    if (commandLine().isSet(QStringLiteral("interrupt-on-error")))
        m_interrupt = true;
    else if (commandLine().isSet(QStringLiteral("no-interrupt-on-error")))
        m_interrupt = false;
    if (m_type == TargetType::Async && m_interrupt == true)
        return invalid(targetfields::asyncInterruptError());
    // The type and its interrupt flag are one oneof field on the wire; when only half is known, run() reads the
    // other half from the server first. Async carries no flag, so it is complete on its own.
    if (m_type && (m_interrupt || *m_type == TargetType::Async))
        m_patch.type = TargetPatch::TypeSetting{*m_type, m_interrupt.value_or(false)};
    m_patch.rotateSigningKey = commandLine().isSet(QStringLiteral("rotate-signing-key"));
    return std::nullopt;
}

void TargetUpdateCommand::run()
{
    const bool needsCurrentType = (m_type || m_interrupt) && !m_patch.type;
    if (!needsCurrentType) {
        sendUpdate();
        return;
    }
    client().getTarget(targetId(), this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        const TargetType type = m_type.value_or(r->type);
        const bool current = r->type != TargetType::Async && r->interruptOnError;
        const bool interrupt = m_interrupt.value_or(current);
        if (type == TargetType::Async && m_interrupt == true) {
            fail(QCoreApplication::translate(
                     "targetdesk-cli",
                     "--interrupt-on-error: target %1 is an async target, which never interrupts; add "
                     "--type webhook or --type call to change its type too")
                     .arg(targetId()),
                 InvalidInput);
            return;
        }
        m_patch.type = TargetPatch::TypeSetting{type, type != TargetType::Async && interrupt};
        sendUpdate();
    });
}

void TargetUpdateCommand::sendUpdate()
{
    // Checked: ZITADEL can answer 200 without writing a field, so the target is read back and compared.
    client().updateTargetChecked(targetId(), m_patch, this, [this](Result<CheckedUpdate> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (r->appliedOnThenOff) {
            console::err(QCoreApplication::translate("targetdesk-cli",
                                                     "note: ZITADEL ignores turning interrupt-on-error off on a target "
                                                     "created with it on; it was turned on and then off again, which "
                                                     "ZITADEL does apply\n"));
        }
        if (!r->notTaken.isEmpty()) {
            // A rotated signing key exists now whatever else failed: never lose it.
            if (!r->response.signingKey.isEmpty()) {
                if (json())
                    printJson(targetfields::responseJson(QStringLiteral("changeDate"), r->response.changeDate,
                                                         r->response.signingKey));
                else
                    targetfields::printSigningKey(QCoreApplication::translate("targetdesk-cli", "New signing key"),
                                                  r->response.signingKey);
            }
            fail(QCoreApplication::translate("targetdesk-cli",
                                             "ZITADEL answered the update of target %1 but did not change: %2. Check "
                                             "the target with 'targetdesk-cli targets get %1'.")
                     .arg(targetId(), describeUntaken(r->notTaken)),
                 ServerRefused);
            return;
        }
        if (json()) {
            printJson(targetfields::responseJson(QStringLiteral("changeDate"), r->response.changeDate,
                                                 r->response.signingKey));
            finish(Success);
            return;
        }
        console::out(QCoreApplication::translate("targetdesk-cli", "Updated target %1\n").arg(targetId()));
        targetfields::printSigningKey(QCoreApplication::translate("targetdesk-cli", "New signing key"),
                                      r->response.signingKey);
        finish(Success);
    });
}

std::unique_ptr<Command> makeTargetUpdateCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetUpdateCommand>(commandLine);
}

} // namespace targetdesk::cli
