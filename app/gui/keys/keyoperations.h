#pragma once

#include "api/apierror.h"
#include "crypto/keytype.h"
#include "crypto/publickeyimport.h"
#include "model/publickey.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class AuditLog;
class Vault;
} // namespace vault
namespace keys
{
class KeyWorkflow;
struct AddedKey;
struct StepFailure;
} // namespace keys
} // namespace targetdesk

namespace targetdesk::gui
{

// The key operations of the GUI on the shared workflows of lib/keys (which audit every step and keep the vault
// first): list, generate, add, activate, deactivate (also as break-glass), remove, and the keychain state around
// them. Each operation names its target, so one that finishes after the user moved on still lands correctly; each
// reports an Outcome phrased for people. Widgets call these and show the outcomes; they never touch the client or
// the vault.
class KeyOperations : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Generate, Add, Activate, Deactivate, BreakGlass, Remove, RemovePrivateKey };
    Q_ENUM(Operation)
    enum class KeychainState { NoVault, Checking, Available, Unavailable };
    Q_ENUM(KeychainState)

    struct Outcome {
        Operation operation = Operation::Add;
        QString targetId;
        QString keyId;
        QString fingerprint;
        bool ok = false;
        QString message; // for people: what happened and what follows
        QDateTime time;
    };

    explicit KeyOperations(ZitadelClient *client, QObject *parent = nullptr);
    ~KeyOperations() override;

    // Not owned; may be null (no private keys are kept then). Checks the keychain right away, or with
    // KeychainCheck::Later only when checkKeychain() is called (the state is Checking until then).
    enum class KeychainCheck { Now, Later };
    void setVault(vault::Vault *vault, KeychainCheck when = KeychainCheck::Now);
    // Asks the keychain whether it answers (keychainStateChanged() tells the outcome).
    void checkKeychain();
    vault::Vault *vault() const { return m_vault; }
    // The vault's audit log, or one of our own at the default path without a vault.
    vault::AuditLog *auditLog() const;
    // normalizeInstance() of the client's instance: how the vault and the audit log name it.
    QString instance() const;
    // The shared workflows this object runs (for instance-wide break-glass, which has its own view).
    keys::KeyWorkflow *workflow() const { return m_workflow; }

    KeychainState keychainState() const { return m_keychainState; }
    // Why private keys cannot be kept here; empty when they can.
    QString keychainProblem() const;
    bool canKeepPrivateKeys() const { return m_keychainState == KeychainState::Available; }
    // True when this machine holds the private key of this fingerprint (the vault index).
    bool holdsPrivateKey(const QString &fingerprint) const;
    bool holdsPrivateKey(const QString &targetId, const QString &fingerprint) const;

    void load(const QString &targetId);
    // Deactivates one key; `breakGlass` records it as an emergency.
    void deactivate(const QString &targetId, const QString &keyId, const QString &fingerprint, bool breakGlass);
    void activate(const QString &targetId, const QString &keyId, const QString &fingerprint);
    void remove(const QString &targetId, const QString &keyId, const QString &fingerprint);
    // Deletes this target's vault binding of the private key (the secret goes with its last binding).
    void removePrivateKey(const QString &targetId, const QString &fingerprint);
    // Adds a public key the user pasted (already checked by crypto::importPublicKey).
    void addPublicKey(const QString &targetId, const crypto::PublicKeyImport &key, const QDateTime &expiration,
                      bool activateAfter);
    // Generates a key pair, stores the private key in the vault, adds the public key and binds the vault entry to
    // the key id ZITADEL assigned; with `activateAfter` it then activates it (a rotation: the key active before is
    // deactivated in the same step and kept).
    void generateAndAdd(const QString &targetId, crypto::KeyType type, const QDateTime &expiration, bool activateAfter);
    bool isGenerating() const { return m_generating > 0; }

Q_SIGNALS:
    void keysLoaded(const QString &targetId, const QList<targetdesk::PublicKey> &keys);
    void loadFailed(const QString &targetId, const QString &error);
    // A step of a longer operation ("Generating an RSA 4096 key…").
    void progress(const QString &targetId, const QString &text);
    void finished(const targetdesk::gui::KeyOperations::Outcome &outcome);
    // The keys of this target changed on the server (list them again, refresh summaries).
    void keysChanged(const QString &targetId);
    void keychainStateChanged();
    void generatingChanged(bool generating);

private:
    void report(Operation operation, const QString &targetId, const QString &keyId, const QString &fingerprint, bool ok,
                const QString &message);
    // The outcome of an add (pasted or generated) for people.
    void reportAdded(const QString &targetId, const keys::AddedKey &added);
    void reportAddFailed(const QString &targetId, const keys::StepFailure &failure);
    QString addedMessage(const keys::AddedKey &added) const;
    void setGenerating(int delta);

    ZitadelClient *m_client;
    keys::KeyWorkflow *m_workflow;
    vault::Vault *m_vault = nullptr; // outlives the window (see MainWindow::setVault)
    vault::AuditLog *m_ownAudit = nullptr;
    KeychainState m_keychainState = KeychainState::NoVault;
    QString m_keychainProblem;
    int m_generating = 0;
};

} // namespace targetdesk::gui
