#include "keydeactivatecommand.h"

#include "keycontext.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"
#include "core/texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace targetdesk::cli
{

namespace
{

using vault::AuditOperation;

// The active keys of a listed page; their fingerprints go to `context` for the audit entries.
QStringList activeKeyIds(const PublicKeyPage &page, KeyContext &context)
{
    QStringList ids;
    for (const PublicKey &k : page.publicKeys) {
        if (k.active) {
            ids << k.keyId;
            context.rememberFingerprint(k.keyId, k.fingerprint);
        }
    }
    return ids;
}

PublicKeyQuery activeKeysQuery()
{
    PublicKeyQuery query;
    query.active = true;
    query.limit = 1000;
    return query;
}

} // namespace

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
    client().deactivatePublicKey(targetId(), keyId(), this, [this](Result<QDateTime> r) {
        const QString fingerprint = context().knownFingerprint(targetId(), keyId());
        context().audit(AuditOperation::Deactivate, targetId(), keyId(), fingerprint,
                        r ? QString() : r.error().toString());
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
    client().listPublicKeys(targetId(), activeKeysQuery(), this, [this](Result<PublicKeyPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        const QStringList ids = activeKeyIds(*r, context());
        if (ids.isEmpty()) {
            if (json())
                printJson(QJsonObject{{QStringLiteral("deactivated"), QJsonArray()}});
            else
                console::out(QCoreApplication::translate("targetdesk-cli",
                                                         "Target %1 has no active key; nothing to deactivate\n")
                                 .arg(targetId()));
            finish(Success);
            return;
        }
        // ZITADEL allows one active key per target; deactivate every one listed anyway.
        auto remaining = std::make_shared<int>(int(ids.size()));
        auto done = std::make_shared<QJsonArray>();
        auto firstError = std::make_shared<std::optional<ApiError>>();
        for (const QString &id : ids) {
            client().deactivatePublicKey(
                targetId(), id, this, [this, id, remaining, done, firstError](Result<QDateTime> d) {
                    const QString fingerprint = context().knownFingerprint(targetId(), id);
                    if (d) {
                        context().audit(AuditOperation::Deactivate, targetId(), id, fingerprint, {});
                        done->append(QJsonObject{{QStringLiteral("keyId"), id},
                                                 {QStringLiteral("changeDate"), format::timestamp(*d)}});
                        if (!json())
                            console::out(
                                QCoreApplication::translate("targetdesk-cli", "Deactivated key %1 of target %2\n")
                                    .arg(id, targetId()));
                    } else {
                        context().audit(AuditOperation::Deactivate, targetId(), id, fingerprint, d.error().toString());
                        if (!*firstError)
                            *firstError = d.error();
                    }
                    if (--*remaining > 0)
                        return;
                    if (*firstError) {
                        fail(**firstError);
                        return;
                    }
                    if (json())
                        printJson(QJsonObject{{QStringLiteral("deactivated"), *done}});
                    else
                        console::err(QCoreApplication::translate(
                            "targetdesk-cli", "JWE payloads to this target stop until a key is active "
                                              "again.\n"));
                    finish(Success);
                });
        }
    });
}

void KeyDeactivateCommand::deactivateAllTargets()
{
    TargetQuery query;
    query.limit = 1000;
    query.asc = true;
    client().listAllTargets(
        query, this,
        [this](const TargetPage &page) {
            for (const Target &t : page.targets)
                m_outcomes.append(TargetOutcome{t.id, t.name, {}, {}, false, 0});
        },
        [this](Result<quint64> r) {
            if (!r) {
                fail(r.error());
                return;
            }
            if (m_outcomes.isEmpty()) {
                finishAllTargets();
                return;
            }
            // Every target at once: in an emergency the slowest target must not hold up the others.
            m_pending = int(m_outcomes.size());
            for (int i = 0; i < m_outcomes.size(); ++i)
                deactivateOnTarget(i);
        });
}

void KeyDeactivateCommand::deactivateOnTarget(int index)
{
    const QString targetId = m_outcomes.at(index).targetId;
    auto targetDone = [this, index] {
        if (m_outcomes.at(index).pending > 0)
            return;
        if (--m_pending == 0)
            finishAllTargets();
    };
    client().listPublicKeys(
        targetId, activeKeysQuery(), this, [this, index, targetId, targetDone](Result<PublicKeyPage> r) {
            TargetOutcome &o = m_outcomes[index];
            if (!r) {
                o.errors << QCoreApplication::translate("targetdesk-cli", "listing the keys: ") + r.error().toString();
                o.serverRefused = o.serverRefused || r.error().kind == ApiError::Kind::Server;
                targetDone();
                return;
            }
            const QStringList ids = activeKeyIds(*r, context());
            o.pending = int(ids.size());
            if (ids.isEmpty()) {
                targetDone();
                return;
            }
            for (const QString &id : ids) {
                client().deactivatePublicKey(
                    targetId, id, this, [this, index, targetId, id, targetDone](Result<QDateTime> d) {
                        TargetOutcome &t = m_outcomes[index];
                        const QString fingerprint = context().knownFingerprint(targetId, id);
                        if (d) {
                            t.deactivated << id;
                        } else {
                            t.errors << QStringLiteral("key %1: %2").arg(id, d.error().toString());
                            t.serverRefused = t.serverRefused || d.error().kind == ApiError::Kind::Server;
                        }
                        context().audit(AuditOperation::BreakGlass, targetId, id, fingerprint,
                                        d ? QString() : d.error().toString(), QStringLiteral("all targets"));
                        --t.pending;
                        targetDone();
                    });
            }
        });
}

void KeyDeactivateCommand::finishAllTargets()
{
    int failed = 0;
    int keys = 0;
    bool serverRefused = false;
    QJsonArray results;
    TextTable table({QStringLiteral("TARGET"), QStringLiteral("NAME"), QStringLiteral("RESULT")});
    for (const TargetOutcome &o : std::as_const(m_outcomes)) {
        keys += int(o.deactivated.size());
        QString result;
        QJsonObject entry{{QStringLiteral("targetId"), o.targetId}, {QStringLiteral("name"), o.name}};
        if (!o.deactivated.isEmpty())
            entry.insert(QStringLiteral("deactivated"), QJsonArray::fromStringList(o.deactivated));
        if (!o.errors.isEmpty()) {
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
        if (!m_outcomes.isEmpty())
            console::out(table.toString());
        console::out(QStringLiteral("Deactivated %1 key(s) on %2 target(s); %3 target(s) failed\n")
                         .arg(keys)
                         .arg(m_outcomes.size())
                         .arg(failed));
        if (failed > 0)
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "Run the command again to retry: it only touches keys that are still "
                                  "active.\n"));
    }
    // A server refusal anywhere is 6; failures that were only transport problems are 7.
    finish(failed == 0 ? Success : serverRefused ? ServerRefused : NetworkFailure);
}

} // namespace targetdesk::cli
