#pragma once

#include "core/command.h"

#include "vault/auditlog.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

namespace targetdesk
{
namespace vault
{
class Vault;
}

namespace cli
{
class CommandLine;

// What the key commands keep beside the API: the audit log (--audit-log, $TARGETDESK_AUDIT_LOG or the data
// directory), the vault (opened on first use) and the fingerprints of the key ids this command has seen.
// A child of the command that uses it.
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

    // Appends an entry; a failure to write it is a warning, never the command's failure.
    void audit(vault::AuditOperation operation, const QString &targetId, const QString &keyId,
               const QString &fingerprint, const QString &error, const QString &detail = QString());
    // The fingerprint of a key id from the lists this command read, else from the vault index; empty when unknown.
    QString knownFingerprint(const QString &targetId, const QString &keyId);
    void rememberFingerprint(const QString &keyId, const QString &fingerprint);
    vault::Vault *vault();

private:
    vault::AuditLog *m_audit;
    vault::Vault *m_vault = nullptr;
    QString m_instance;
    QHash<QString, QString> m_fingerprints; // key id -> fingerprint
};

} // namespace cli
} // namespace targetdesk
