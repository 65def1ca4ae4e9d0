#pragma once

#include "api/zitadelclient.h"
#include "crypto/keytype.h"
#include "model/publickey.h"
#include "vault/auditlog.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace targetdesk::vault
{
class Vault;
}

namespace targetdesk::keys
{

// One public key of a target. The fingerprint only feeds the audit log and the vault; empty when unknown.
struct KeyRef {
    QString targetId;
    QString keyId;
    QString fingerprint;
};

// Why a key is activated or deactivated; decides the audit entry (operation and detail).
enum class Reason {
    Manual,       // a person asked for this one key
    Rotation,     // activating the key a rotation just added
    BreakGlass,   // the one-click emergency button for one target
    InstanceWide, // every active key of the instance at once
};

// The steps of adding a key; a failure names the step it stopped at. What was done before it stays done.
enum class Step { Generate, StoreInVault, Add, Activate };

// What adding a key did.
struct AddedKey {
    QString keyId;
    QString fingerprint;
    QDateTime creationDate;
    bool privateKeyInVault = false; // the vault holds the private half and knows the key id now
    QString vaultProblem;           // why the vault could not record the key id (the key was added all the same)
    bool activated = false;
};

struct StepFailure {
    Step step = Step::Add;
    QString fingerprint;         // known from Generate on
    QString keyId;               // known from Add on
    QString message;             // for people
    std::optional<ApiError> api; // the server's or the network's error, for Add and Activate
    AddedKey added;              // for Activate: what the Add step did (the key stays added, inactive)
};

using AddResult = Expected<AddedKey, StepFailure>;

// Deactivating every active key of one target.
struct ActiveKeysDeactivation {
    std::optional<ApiError> listingError; // the keys could not be listed: nothing was tried
    QList<KeyRef> deactivated;
    QList<QDateTime> changeDates; // of `deactivated`, in the same order
    QList<QPair<KeyRef, ApiError>> failed;
    bool ok() const { return !listingError && failed.isEmpty(); }
};

// The key workflows both front ends run: activate (also as part of a rotation), deactivate (also as break-glass),
// remove, deactivate whatever is active, add a public key and generate-and-add with the vault first. Each writes its
// audit entry, successes and failures alike, and binds vault entries to the key ids ZITADEL assigns. Front ends
// phrase the results; the workflows only report what happened.
//
// The client, vault and audit log are not owned and must outlive this object; the vault may be null (no private
// keys are kept then), and so may the audit log (nothing is recorded then). This object must outlive the calls it
// starts: front ends keep it next to their client. Callbacks run on the client's thread and never after `context`
// is destroyed.
class KeyWorkflow : public QObject
{
    Q_OBJECT
public:
    KeyWorkflow(ZitadelClient *client, vault::Vault *vault, vault::AuditLog *audit, QObject *parent = nullptr);
    ~KeyWorkflow() override;

    ZitadelClient *client() const { return m_client; }
    // Changes where private keys are kept and where entries go (null: none); calls already running keep theirs.
    void setVault(vault::Vault *vault, vault::AuditLog *audit);
    vault::Vault *vault() const { return m_vault; }
    vault::AuditLog *auditLog() const { return m_audit; }
    // The client's instance as the vault and the audit log name it.
    QString instance() const;

    // True when the vault holds the private key of this fingerprint (for any target, or for this one).
    bool holdsPrivateKey(const QString &fingerprint) const;
    bool holdsPrivateKey(const QString &targetId, const QString &fingerprint) const;
    // The fingerprint of a key from what this workflow listed or from the vault index, without asking the server
    // (for break-glass, which must not wait for a lookup); empty when neither knows.
    QString knownFingerprint(const QString &targetId, const QString &keyId) const;
    // The fingerprint of a key: from `key` itself, from knownFingerprint(), or from one ListPublicKeys call. Empty when
    // none of them knows (the operation still runs; only its audit entry lacks it).
    void lookupFingerprint(const KeyRef &key, QObject *context, std::function<void(QString)> done);

    ApiCall *activate(const KeyRef &key, Reason reason, QObject *context, Callback<QDateTime> done);
    ApiCall *deactivate(const KeyRef &key, Reason reason, QObject *context, Callback<QDateTime> done);
    ApiCall *remove(const KeyRef &key, QObject *context, Callback<QDateTime> done);
    // Lists the target's active keys and deactivates every one (ZITADEL allows one; any listed is handled).
    void deactivateActive(const QString &targetId, Reason reason, QObject *context,
                          std::function<void(ActiveKeysDeactivation)> done);

    // Adds a public key (PEM as ZITADEL wants it) and, when the vault holds its private half, binds that vault entry
    // to the new key id; with `activateAfter` it then activates it (a rotation: the key active before becomes
    // inactive and is kept). `progress` (may be empty) hears each step as it starts, with the key id once known.
    void addPublicKey(const QString &targetId, const QByteArray &pem, const QString &fingerprint,
                      const QDateTime &expiration, bool activateAfter, QObject *context,
                      std::function<void(Step, const QString &keyId)> progress, std::function<void(AddResult)> done);
    // Generates a key pair on a worker thread, stores its private key in the vault, and only then adds the public
    // key as addPublicKey() does: a key on the server whose private half was lost would make every payload
    // unreadable. Needs a vault (StoreInVault fails without one, before anything is sent).
    void generateAndAdd(const QString &targetId, crypto::KeyType type, const QDateTime &expiration, bool activateAfter,
                        QObject *context, std::function<void(Step, const QString &keyId)> progress,
                        std::function<void(AddResult)> done);

Q_SIGNALS:
    // An audit entry could not be written; `problem` says why. The operation itself went on.
    void auditFailed(const QString &problem);
    // The keys of this target changed on the server.
    void keysChanged(const QString &targetId);

private:
    void audit(vault::AuditOperation operation, const KeyRef &key, const QString &error, const QString &detail);
    void remember(const QList<PublicKey> &keys);

    ZitadelClient *m_client;
    vault::Vault *m_vault;
    vault::AuditLog *m_audit;
    QHash<QString, QString> m_fingerprints; // key id -> fingerprint, from the lists this workflow read
};

} // namespace targetdesk::keys
