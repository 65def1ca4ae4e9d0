#pragma once

#include "vaulterror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace targetdesk::vault
{

// Every kind of key operation the audit log records.
enum class AuditOperation {
    Generate,    // a key pair was generated here
    Add,         // a public key was added to a target on the server
    Activate,    // a public key was activated (the previous active key of the target is deactivated with it)
    Deactivate,  // a public key was deactivated
    BreakGlass,  // an emergency deactivation (the one-click button, or every active key of the instance)
    Remove,      // a public key was removed from a target on the server
    Export,      // a private key left the vault as an encrypted PKCS#8 file
    Import,      // a private key entered the vault from a file
    VaultStore,  // a private key was stored in the vault
    VaultUpdate, // a vault entry was bound to a target or learnt its key id
    VaultRemove, // a private key (or one of its bindings) was removed from the vault
};

// The name written to the log: "generate", "add", ..., "vault-store", "vault-remove", "break-glass".
[[nodiscard]] QString auditOperationName(AuditOperation operation);
[[nodiscard]] std::optional<AuditOperation> parseAuditOperation(const QString &name);

// One line of the audit log. Never holds key material, passphrases or tokens: append() redacts anything that looks
// like PEM, just in case a caller gets it wrong.
struct AuditEntry {
    QDateTime time;      // UTC; set by append() when invalid
    QString instance;    // normalizeInstance() of the ZITADEL URL; empty for local operations
    QString targetId;    //
    QString keyId;       //
    QString fingerprint; // "SHA256:..."
    QString operation;   // auditOperationName(); kept as text so lines written by newer versions still read
    QString result;      // "ok", or the error text
    QString detail;      // optional, e.g. the key type or a file name

    [[nodiscard]] bool succeeded() const { return result == QLatin1String("ok"); }
    [[nodiscard]] std::optional<AuditOperation> knownOperation() const { return parseAuditOperation(operation); }

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<AuditEntry> fromJson(const QJsonObject &object);

    // An entry for `operation` at the current time; `error` empty means "ok".
    [[nodiscard]] static AuditEntry make(AuditOperation operation, const QString &instance, const QString &targetId,
                                         const QString &keyId, const QString &fingerprint,
                                         const QString &error = QString(), const QString &detail = QString());
};

// The local audit log of key operations: JSON lines, one object per operation, appended (never rewritten), readable
// by the owner only. Safe to share between processes: each entry is one write() on a file opened with O_APPEND.
class AuditLog : public QObject
{
    Q_OBJECT
public:
    // An empty path disables logging (append() succeeds and writes nothing).
    explicit AuditLog(const QString &path = defaultPath(), QObject *parent = nullptr);

    // <dataDirectory()>/audit.jsonl.
    [[nodiscard]] static QString defaultPath();
    [[nodiscard]] QString path() const { return m_path; }

    // Writes one line. False with `error` set when the file cannot be written (appendFailed() says so too). A log
    // that would grow past maxBytes() is first moved to "<path>.1" (replacing an older one), so it never grows
    // without bound; read() reads both.
    bool append(AuditEntry entry, QString *error = nullptr);
    static constexpr qint64 kDefaultMaxBytes = 10 * 1024 * 1024;
    [[nodiscard]] qint64 maxBytes() const { return m_maxBytes; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    [[nodiscard]] QString rotatedPath() const { return m_path + QStringLiteral(".1"); }

    // The entries, oldest first; with maxEntries >= 0 only the newest maxEntries. Lines that are not entries (a
    // torn write, hand edits) are skipped. A missing file is an empty log.
    [[nodiscard]] VaultResult<QList<AuditEntry>> read(int maxEntries = -1) const;

Q_SIGNALS:
    // After every successful append() through this object, for views that show the log.
    void appended(const targetdesk::vault::AuditEntry &entry);
    // An entry could not be written: for the GUI to show, not only to log.
    void appendFailed(const QString &problem);

private:
    bool write(const AuditEntry &entry, QString *error);

    QString m_path;
    qint64 m_maxBytes = kDefaultMaxBytes;
};

// Where the vault index and the audit log live: $TARGETDESK_DATA_DIR when set, else
// <GenericDataLocation>/Targetdesk (the organisation folder, shared by the GUI and the CLI, whose application
// names differ). With QStandardPaths::setTestModeEnabled(true) this moves to the test location.
[[nodiscard]] QString dataDirectory();

} // namespace targetdesk::vault

Q_DECLARE_METATYPE(targetdesk::vault::AuditEntry)
