#pragma once

#include "core/command.h"

#include "vault/auditlog.h"

#include <QObject>
#include <QString>
#include <QUrl>

namespace targetdesk
{
namespace vault
{
class Vault;
}
namespace keys
{
class KeyWorkflow;
}
class ZitadelClient;

namespace cli
{
class CommandLine;

// What the key commands keep beside the API: the audit log (--audit-log, $TARGETDESK_AUDIT_LOG or the data
// directory), the vault (opened on first use) and the shared key workflows on them (lib/keys), whose audit
// failures become warnings. A child of the command that uses it.
class KeyContext : public QObject
{
    Q_OBJECT
public:
    KeyContext(const CommandLine &commandLine, QObject *parent);

    // --audit-log, declared by the commands that change a key.
    static Command::Option auditLogOption();

    // The instance the keys belong to, for the audit log and the vault (normalized).
    void setInstance(const QUrl &instance);
    QString instance() const { return m_instance; }

    // Appends an entry (for `keys generate`, which has no instance); a failure to write it is a warning, never the
    // command's failure.
    void audit(vault::AuditOperation operation, const QString &targetId, const QString &keyId,
               const QString &fingerprint, const QString &error, const QString &detail = QString());
    vault::Vault *vault();
    // The workflows on `client` (created on first use; the client must outlive this object).
    keys::KeyWorkflow &workflow(ZitadelClient &client);

private:
    vault::AuditLog *m_audit;
    vault::Vault *m_vault = nullptr;
    keys::KeyWorkflow *m_workflow = nullptr;
    QString m_instance;
};

} // namespace cli
} // namespace targetdesk
