#pragma once

#include "auditlog.h"
#include "vaultentry.h"
#include "vaulterror.h"

#include "crypto/privatekey.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace targetdesk::vault
{

template <typename T>
using VaultCallback = std::function<void(VaultResult<T>)>;

// Where a Vault keeps things. Tests point all three somewhere private.
struct VaultSettings {
    QString indexPath;       // the JSON index of entries (no key material)
    QString keychainService; // the keychain "service" every secret is filed under
    QString auditLogPath;    // empty: no audit log
    // How long a change to the index waits for another process (another Targetdesk, targetdesk-cli) that holds the
    // index lock before it gives up with VaultError::Kind::Busy.
    int lockTimeoutMs = 10000;

    // <dataDirectory()>/vault-index.json, service "Targetdesk", AuditLog::defaultPath().
    [[nodiscard]] static VaultSettings defaults();
};

// The private-key vault. Private keys live in the OS keychain through QtKeychain (the Secret Service on Linux,
// the macOS Keychain, the Windows Credential Store), one secret per key pair, filed under "private-key <fingerprint>"
// as PKCS#8 PEM. QtKeychain cannot list secrets, so a JSON index next to the audit log says which keys exist and
// where they are used (instance, target, key id, fingerprint, key type, created, label): it never holds key
// material, so listing needs neither the keychain nor an unlock prompt, and a view can list synchronously.
//
// Listing, finding and bind() read or write only the index and are synchronous; bind() may wait for another process
// that holds the index lock (up to VaultSettings::lockTimeoutMs), so an event loop that must keep running uses the
// asynchronous bind(). Everything that touches the keychain is asynchronous: the callback runs later on this
// object's thread (never inside the call) and is dropped when `context` is destroyed. The asynchronous calls never
// block on the index lock either: while another process holds it they try again from the event loop, up to the same
// deadline. Every change is recorded in the audit log. Nothing private is written to disk in
// clear; buffers that held a private key or a passphrase are wiped (QtKeychain's own copies are outside our reach).
//
// Removing a public key on the server never touches the vault: the private key may still be needed to read
// payloads captured earlier. Only remove() deletes, and callers must ask the user first.
class Vault : public QObject
{
    Q_OBJECT
public:
    explicit Vault(QObject *parent = nullptr);
    explicit Vault(const VaultSettings &settings, QObject *parent = nullptr);
    ~Vault() override;

    [[nodiscard]] const VaultSettings &settings() const { return m_settings; }
    // The log this vault writes to; share it for the server-side key operations so one view shows everything.
    [[nodiscard]] AuditLog *auditLog() const { return m_audit; }

    // --- The index (synchronous) ---------------------------------------------------------------------------------
    // Every entry, oldest first. Re-reads the index when another process changed it.
    [[nodiscard]] QList<VaultEntry> entries() const;
    [[nodiscard]] QList<VaultEntry> entriesForInstance(const QString &instance) const;
    [[nodiscard]] QList<VaultEntry> entriesForTarget(const QString &instance, const QString &targetId) const;
    // Entries with this key id; `instance` narrows the search when given (key ids are unique per instance).
    [[nodiscard]] QList<VaultEntry> findByKeyId(const QString &keyId, const QString &instance = QString()) const;
    // Every entry (binding) of the key pair with this fingerprint.
    [[nodiscard]] QList<VaultEntry> findByFingerprint(const QString &fingerprint) const;
    // True when this machine holds the private key of a public key with this fingerprint.
    [[nodiscard]] bool contains(const QString &fingerprint) const { return !findByFingerprint(fingerprint).isEmpty(); }
    // Non-empty when the index file exists but cannot be read; the vault then refuses changes rather than lose it.
    [[nodiscard]] QString indexError() const;

    // Records where a key the vault already holds is used: binds an unbound entry of `fingerprint` to the instance
    // and target, sets the key id of an existing binding (once the server assigned one), or adds a binding when the
    // key is already bound elsewhere. NotFound when the vault does not hold the key.
    VaultResult<VaultEntry> bind(const QString &fingerprint, const QString &instance, const QString &targetId,
                                 const QString &keyId = QString());
    // The same without waiting on this thread for the index lock: for callers inside an event loop (the GUI, the key
    // workflows). `done` runs like the keychain calls' callbacks.
    void bind(const QString &fingerprint, const QString &instance, const QString &targetId, const QString &keyId,
              QObject *context, VaultCallback<VaultEntry> done);

    // --- The keychain (asynchronous) -----------------------------------------------------------------------------
    // Stores the private key under `entry`'s instance, target, key id and label (all may be empty). The fingerprint
    // and key type are taken from the key; a different fingerprint in `entry` is refused. Storing the same binding
    // again updates its key id and label.
    void store(const crypto::PrivateKey &key, const VaultEntry &entry, QObject *context,
               VaultCallback<VaultEntry> done);
    // The private key with this fingerprint.
    void load(const QString &fingerprint, QObject *context, VaultCallback<crypto::PrivateKey> done);
    // The private key as encrypted PKCS#8 PEM ("BEGIN ENCRYPTED PRIVATE KEY"); an empty passphrase is refused.
    void exportKey(const QString &fingerprint, const QByteArray &passphrase, QObject *context,
                   VaultCallback<QByteArray> done, crypto::PassphraseKdf kdf = crypto::PassphraseKdf::Pbkdf2);
    // The same, written to `path` with owner-only permissions; refuses to replace an existing file unless
    // `overwrite`. Delivers the absolute path.
    void exportToFile(const QString &fingerprint, const QString &path, const QByteArray &passphrase, bool overwrite,
                      QObject *context, VaultCallback<QString> done,
                      crypto::PassphraseKdf kdf = crypto::PassphraseKdf::Pbkdf2);
    // Reads a private key from PEM (PKCS#8, encrypted PKCS#8, traditional RSA/EC; `passphrase` is used only for
    // encrypted keys) and stores it like store().
    void importPem(const QByteArray &pem, const QByteArray &passphrase, const VaultEntry &entry, QObject *context,
                   VaultCallback<VaultEntry> done);
    void importFile(const QString &path, const QByteArray &passphrase, const VaultEntry &entry, QObject *context,
                    VaultCallback<VaultEntry> done);
    // Removes one binding (matched by instance, target and fingerprint). The secret is deleted from the keychain
    // with the last binding of its key pair. Irreversible: ask the user first.
    void remove(const VaultEntry &entry, QObject *context, VaultCallback<VaultEntry> done);

Q_SIGNALS:
    // The index changed through this object (store, bind, remove). Views re-read entries().
    void entriesChanged();
    void entryStored(const targetdesk::vault::VaultEntry &entry);
    void entryRemoved(const targetdesk::vault::VaultEntry &entry);

private:
    enum class SecretOp { Write, Read, Delete };

    // Runs one keychain job; `done` gets the secret (Read) or an empty array (Write, Delete).
    void runKeychainJob(SecretOp op, const QString &fingerprint, QByteArray secret,
                        std::function<void(VaultResult<QByteArray>)> done);
    // Loads the key and encrypts it with the passphrase; no audit entry (the callers write theirs).
    void encryptedPem(const QString &fingerprint, const QByteArray &passphrase, crypto::PassphraseKdf kdf,
                      std::function<void(VaultResult<QByteArray>)> done);
    void storeKey(const crypto::PrivateKey &key, const VaultEntry &entry, AuditOperation operation,
                  const QString &detail, QObject *context, VaultCallback<VaultEntry> done);
    // Decrypts on a worker thread, then stores like storeKey(); the details go into the audit entry.
    void importKey(const QByteArray &pem, const QByteArray &passphrase, const VaultEntry &entry,
                   const QString &failureDetail, const QString &storedDetail, QObject *context,
                   VaultCallback<VaultEntry> done);

    // A change to the index: the entries and the tombstones (fingerprints whose secret remove() is deleting).
    using IndexChange = std::function<VaultResult<VaultEntry>(QList<VaultEntry> &, QStringList &)>;
    struct PendingChange;

    // Reads the index when the file changed since the last read.
    void refresh() const;
    // Applies `change` to a freshly read index under a lock file and writes it back; waits up to the lock timeout
    // for another process that holds the lock (for the synchronous bind()).
    VaultResult<VaultEntry> changeIndex(const IndexChange &change);
    // The same without blocking: tries at once and, while another process holds the lock, again from the event loop
    // (backing off) until the lock timeout. `done` runs inside the call when the first try settles it.
    void changeIndexLater(IndexChange change, std::function<void(VaultResult<VaultEntry>)> done);
    void retryChange(const std::shared_ptr<PendingChange> &pending);
    // One try: nullopt when another process holds the lock for longer than `waitMs`.
    std::optional<VaultResult<VaultEntry>> tryChangeIndex(const IndexChange &change, int waitMs);
    // What bind() changes in the index.
    static IndexChange bindChange(const QString &fingerprint, const QString &instance, const QString &targetId,
                                  const QString &keyId);
    VaultError busyError() const;

    template <typename T>
    void deliver(QObject *context, const VaultCallback<T> &done, VaultResult<T> result);
    void audit(AuditOperation operation, const VaultEntry &entry, const QString &error,
               const QString &detail = QString());

    VaultSettings m_settings;
    AuditLog *m_audit;
    mutable QList<VaultEntry> m_entries;
    mutable QString m_indexError;
    mutable QDateTime m_indexModified;
    mutable qint64 m_indexSize = -1;
};

} // namespace targetdesk::vault

Q_DECLARE_METATYPE(targetdesk::vault::VaultEntry)
