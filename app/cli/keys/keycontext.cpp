#include "keycontext.h"

#include "core/commandline.h"
#include "core/console.h"

#include "keys/keyworkflow.h"
#include "vault/vault.h"

#include <QProcessEnvironment>

namespace targetdesk::cli
{

namespace
{

const QString kAuditLogVariable = QStringLiteral("TARGETDESK_AUDIT_LOG");

QString auditLogPath(const CommandLine &commandLine)
{
    if (commandLine.isSet(QStringLiteral("audit-log")))
        return commandLine.value(QStringLiteral("audit-log"));
    const QString fromEnvironment = QProcessEnvironment::systemEnvironment().value(kAuditLogVariable);
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return vault::AuditLog::defaultPath();
}

} // namespace

KeyContext::KeyContext(const CommandLine &commandLine, QObject *parent)
    : QObject(parent), m_audit(new vault::AuditLog(auditLogPath(commandLine), this))
{
}

Command::Option KeyContext::auditLogOption()
{
    return {"audit-log", "FILE",
            QT_TRANSLATE_NOOP("targetdesk-cli",
                              "Append to this audit log (default: $TARGETDESK_AUDIT_LOG or the data directory).")};
}

void KeyContext::setInstance(const QUrl &instance)
{
    m_instance = vault::normalizeInstance(instance);
}

void KeyContext::audit(vault::AuditOperation operation, const QString &targetId, const QString &keyId,
                       const QString &fingerprint, const QString &error, const QString &detail)
{
    QString problem;
    const QString instance = operation == vault::AuditOperation::Generate ? QString() : m_instance;
    if (!m_audit->append(vault::AuditEntry::make(operation, instance, targetId, keyId, fingerprint, error, detail),
                         &problem))
        console::err(QStringLiteral("warning: %1\n").arg(problem));
}

vault::Vault *KeyContext::vault()
{
    if (!m_vault) {
        vault::VaultSettings settings = vault::VaultSettings::defaults();
        settings.auditLogPath = m_audit->path(); // one log for the vault's entries and ours
        m_vault = new vault::Vault(settings, this);
    }
    return m_vault;
}

keys::KeyWorkflow &KeyContext::workflow(ZitadelClient &client)
{
    if (!m_workflow) {
        m_workflow = new keys::KeyWorkflow(&client, vault(), m_audit, this);
        connect(m_workflow, &keys::KeyWorkflow::auditFailed, this,
                [](const QString &problem) { console::err(QStringLiteral("warning: %1\n").arg(problem)); });
    }
    return *m_workflow;
}

} // namespace targetdesk::cli
