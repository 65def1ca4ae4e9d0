#include "commands.h"
#include "keycommand.h"
#include "keycontext.h"
#include "keys/breakglass.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"
#include "core/texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys deactivate TARGET_ID [KEY_ID] | --all-targets`: one key, whatever key of the target is
// active, or (break glass) every active key of the instance.
class KeyDeactivateCommand : public KeyCommand
{
public:
    explicit KeyDeactivateCommand(const CommandLine &commandLine);

    QString checkArguments() const override;

private:
    void run() override;
    void deactivateKey();
    void deactivateActiveKeys();
    // --all-targets: lib/keys' instance-wide deactivation (bounded requests in flight), reported per target.
    void deactivateAllTargets();
    void finishAllTargets(const keys::BreakGlass &run);
};

KeyDeactivateCommand::KeyDeactivateCommand(const CommandLine &commandLine)
    : KeyCommand(
          commandLine,
          {.usage = "keys deactivate TARGET_ID [KEY_ID] | --all-targets",
           .summary = QT_TRANSLATE_NOOP(
               "targetdesk-cli",
               "Deactivate a key; without KEY_ID whatever key is active; --all-targets: every active key "
               "of the instance."),
           .options = {{"all-targets", nullptr,
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "Instead of TARGET_ID: deactivate every active key of the instance.")},
                       KeyContext::auditLogOption()},
           .arguments = {1, 2, " TARGET_ID [KEY_ID]",
                         QT_TRANSLATE_NOOP("targetdesk-cli",
                                           "the target id (or --all-targets): targetdesk-cli %1 TARGET_ID [KEY_ID]")}})
{
}

QString KeyDeactivateCommand::checkArguments() const
{
    if (!commandLine().isSet(QStringLiteral("all-targets")))
        return KeyCommand::checkArguments();
    if (!commandLine().arguments().isEmpty())
        return QCoreApplication::translate(
            "targetdesk-cli", "--all-targets stands for every target: give it instead of TARGET_ID, not with it");
    return {};
}

void KeyDeactivateCommand::run()
{
    if (commandLine().isSet(QStringLiteral("all-targets")))
        deactivateAllTargets();
    else if (keyId().isEmpty())
        deactivateActiveKeys();
    else
        deactivateKey();
}

void KeyDeactivateCommand::deactivateKey()
{
    // Break-glass does not wait for a fingerprint lookup: the audit entry gets what is known locally.
    const keys::KeyRef key{targetId(), keyId(), workflow().knownFingerprint(targetId(), keyId())};
    workflow().deactivate(key, keys::Reason::Manual, this, [this](Result<QDateTime> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (json())
            printJson(QJsonObject{{QStringLiteral("changeDate"), format::timestamp(*r)}});
        else
            console::out(QCoreApplication::translate("targetdesk-cli", "Deactivated key %1 of target %2\n")
                             .arg(keyId(), targetId()));
        finish(Success);
    });
}

void KeyDeactivateCommand::deactivateActiveKeys()
{
    workflow().deactivateActive(targetId(), keys::Reason::Manual, this, [this](keys::ActiveKeysDeactivation d) {
        if (d.listingError) {
            fail(*d.listingError);
            return;
        }
        QJsonArray done;
        for (qsizetype i = 0; i < d.deactivated.size(); ++i) {
            const QString &id = d.deactivated.at(i).keyId;
            done.append(QJsonObject{{QStringLiteral("keyId"), id},
                                    {QStringLiteral("changeDate"), format::timestamp(d.changeDates.at(i))}});
            if (!json())
                console::out(QCoreApplication::translate("targetdesk-cli", "Deactivated key %1 of target %2\n")
                                 .arg(id, targetId()));
        }
        if (!d.failed.isEmpty()) {
            fail(d.failed.first().second);
            return;
        }
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("deactivated"), done}});
        } else if (d.deactivated.isEmpty()) {
            console::out(
                QCoreApplication::translate("targetdesk-cli", "Target %1 has no active key; nothing to deactivate\n")
                    .arg(targetId()));
        } else {
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "JWE payloads to this target stop until a key is active again.\n"));
        }
        finish(Success);
    });
}

void KeyDeactivateCommand::deactivateAllTargets()
{
    auto *run = new keys::BreakGlass(&workflow(), this);
    connect(run, &keys::BreakGlass::finished, this, [this, run] {
        if (const auto &listing = run->listingFailure()) {
            fail(*listing);
            return;
        }
        finishAllTargets(*run);
    });
    run->start();
}

void KeyDeactivateCommand::finishAllTargets(const keys::BreakGlass &run)
{
    using Status = keys::BreakGlass::Status;
    int failed = 0;
    bool serverRefused = false;
    QJsonArray results;
    TextTable table({QStringLiteral("TARGET"), QStringLiteral("NAME"), QStringLiteral("RESULT")});
    for (const keys::BreakGlass::TargetResult &o : run.results()) {
        QString result;
        QJsonObject entry{{QStringLiteral("targetId"), o.targetId}, {QStringLiteral("name"), o.name}};
        if (!o.deactivated.isEmpty())
            entry.insert(QStringLiteral("deactivated"), QJsonArray::fromStringList(o.deactivated));
        if (o.status == Status::Failed) {
            ++failed;
            serverRefused = serverRefused || o.serverRefused;
            entry.insert(QStringLiteral("result"), QStringLiteral("failed"));
            entry.insert(QStringLiteral("errors"), QJsonArray::fromStringList(o.errors));
            result = QStringLiteral("FAILED: ") + o.errors.join(QStringLiteral("; "));
            if (!o.deactivated.isEmpty())
                result += QStringLiteral(" (deactivated %1)").arg(o.deactivated.join(QStringLiteral(", ")));
        } else if (!o.deactivated.isEmpty()) {
            entry.insert(QStringLiteral("result"), QStringLiteral("deactivated"));
            result = QCoreApplication::translate("targetdesk-cli", "deactivated key %1")
                         .arg(o.deactivated.join(QStringLiteral(", ")));
        } else {
            entry.insert(QStringLiteral("result"), QStringLiteral("no-active-key"));
            result = QCoreApplication::translate("targetdesk-cli", "no active key");
        }
        results.append(entry);
        table.addRow({o.targetId, o.name, result});
    }
    if (json()) {
        printJson(QJsonObject{{QStringLiteral("results"), results}});
    } else {
        if (!run.results().isEmpty())
            console::out(table.toString());
        console::out(QStringLiteral("Deactivated %1 key(s) on %2 target(s); %3 target(s) failed\n")
                         .arg(run.deactivatedKeyCount())
                         .arg(run.results().size())
                         .arg(failed));
        if (failed > 0)
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "Run the command again to retry: it only touches keys that are still "
                                  "active.\n"));
    }
    // A server refusal anywhere is 6; failures that were only transport problems are 7.
    finish(failed == 0 ? Success : serverRefused ? ServerRefused : NetworkFailure);
}

std::unique_ptr<Command> makeKeyDeactivateCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyDeactivateCommand>(commandLine);
}

} // namespace targetdesk::cli
