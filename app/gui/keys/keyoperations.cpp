#include "keys/keyoperations.h"

#include "api/zitadelclient.h"
#include "keys/keyworkflow.h"
#include "vault/auditlog.h"
#include "vault/vault.h"

namespace targetdesk::gui
{

namespace
{

// Any fingerprint that cannot exist: reading it tells whether the keychain answers at all.
const QString kProbeFingerprint = QStringLiteral("SHA256:targetdesk-keychain-probe");

} // namespace

KeyOperations::KeyOperations(ZitadelClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_workflow(new keys::KeyWorkflow(client, nullptr, nullptr, this))
{
    m_keychainProblem = tr("No vault is configured, so private keys cannot be kept on this machine.");
    m_workflow->setVault(nullptr, auditLog());
    connect(m_workflow, &keys::KeyWorkflow::keysChanged, this, &KeyOperations::keysChanged);
}

KeyOperations::~KeyOperations() = default;

void KeyOperations::setVault(vault::Vault *vault, KeychainCheck when)
{
    m_vault = vault;
    m_workflow->setVault(vault, auditLog());
    if (!m_vault) {
        m_keychainState = KeychainState::NoVault;
        m_keychainProblem = tr("No vault is configured, so private keys cannot be kept on this machine.");
        Q_EMIT keychainStateChanged();
        return;
    }
    if (when == KeychainCheck::Now) {
        checkKeychain();
        return;
    }
    m_keychainState = KeychainState::Checking;
    m_keychainProblem = tr("Checking the keychain…");
    Q_EMIT keychainStateChanged();
}

vault::AuditLog *KeyOperations::auditLog() const
{
    if (m_vault)
        return m_vault->auditLog();
    if (!m_ownAudit)
        const_cast<KeyOperations *>(this)->m_ownAudit =
            new vault::AuditLog(vault::AuditLog::defaultPath(), const_cast<KeyOperations *>(this));
    return m_ownAudit;
}

QString KeyOperations::instance() const
{
    return vault::normalizeInstance(m_client->instance());
}

QString KeyOperations::keychainProblem() const
{
    return m_keychainState == KeychainState::Available ? QString() : m_keychainProblem;
}

void KeyOperations::checkKeychain()
{
    if (!m_vault)
        return;
    m_keychainState = KeychainState::Checking;
    m_keychainProblem = tr("Checking the keychain…");
    Q_EMIT keychainStateChanged();
    if (const QString error = m_vault->indexError(); !error.isEmpty()) {
        m_keychainState = KeychainState::Unavailable;
        m_keychainProblem = error;
        Q_EMIT keychainStateChanged();
        return;
    }
    m_vault->load(kProbeFingerprint, this, [this](vault::VaultResult<crypto::PrivateKey> result) {
        // "Not found" is the answer of a working keychain.
        if (result || result.error().kind == vault::VaultError::Kind::NotFound) {
            m_keychainState = KeychainState::Available;
            m_keychainProblem.clear();
        } else {
            m_keychainState = KeychainState::Unavailable;
            m_keychainProblem = tr("The keychain cannot be used, so private keys cannot be kept on this machine: %1")
                                    .arg(result.error().message);
        }
        Q_EMIT keychainStateChanged();
    });
}

bool KeyOperations::holdsPrivateKey(const QString &fingerprint) const
{
    return m_workflow->holdsPrivateKey(fingerprint);
}

bool KeyOperations::holdsPrivateKey(const QString &targetId, const QString &fingerprint) const
{
    return m_workflow->holdsPrivateKey(targetId, fingerprint);
}

void KeyOperations::report(Operation operation, const QString &targetId, const QString &keyId,
                           const QString &fingerprint, bool ok, const QString &message)
{
    Outcome o;
    o.operation = operation;
    o.targetId = targetId;
    o.keyId = keyId;
    o.fingerprint = fingerprint;
    o.ok = ok;
    o.message = message;
    o.time = QDateTime::currentDateTime();
    Q_EMIT finished(o);
}

void KeyOperations::load(const QString &targetId)
{
    PublicKeyQuery query;
    query.limit = 1000; // a target has a handful of keys; one page holds them all
    query.asc = true;
    query.sortingColumn = PublicKeySortColumn::CreationDate;
    m_client->listPublicKeys(targetId, query, this, [this, targetId](Result<PublicKeyPage> r) {
        if (!r) {
            if (r.error().kind != ApiError::Kind::Cancelled)
                Q_EMIT loadFailed(targetId, r.error().toString());
            return;
        }
        Q_EMIT keysLoaded(targetId, r->publicKeys);
    });
}

void KeyOperations::deactivate(const QString &targetId, const QString &keyId, const QString &fingerprint,
                               bool breakGlass)
{
    const Operation op = breakGlass ? Operation::BreakGlass : Operation::Deactivate;
    const keys::KeyRef key{targetId, keyId, fingerprint};
    m_workflow->deactivate(
        key, breakGlass ? keys::Reason::BreakGlass : keys::Reason::Manual, this, [=, this](Result<QDateTime> r) {
            if (!r) {
                report(op, targetId, keyId, fingerprint, false,
                       tr("Key %1 was NOT deactivated: %2").arg(keyId, r.error().toString()));
                return;
            }
            report(op, targetId, keyId, fingerprint, true,
                   tr("Key %1 deactivated at %2. ZITADEL no longer encrypts with it: JWE payloads "
                      "to this target stop until a new key is active.")
                       .arg(keyId, QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
        });
}

void KeyOperations::activate(const QString &targetId, const QString &keyId, const QString &fingerprint)
{
    m_workflow->activate(
        keys::KeyRef{targetId, keyId, fingerprint}, keys::Reason::Manual, this, [=, this](Result<QDateTime> r) {
            if (!r) {
                report(Operation::Activate, targetId, keyId, fingerprint, false,
                       tr("Key %1 was not activated: %2").arg(keyId, r.error().toString()));
                return;
            }
            report(Operation::Activate, targetId, keyId, fingerprint, true,
                   tr("Key %1 is now active; any key active before is inactive (and kept).").arg(keyId));
        });
}

void KeyOperations::remove(const QString &targetId, const QString &keyId, const QString &fingerprint)
{
    m_workflow->remove(keys::KeyRef{targetId, keyId, fingerprint}, this, [=, this](Result<QDateTime> r) {
        if (!r) {
            report(Operation::Remove, targetId, keyId, fingerprint, false,
                   tr("Key %1 was not removed: %2").arg(keyId, r.error().toString()));
            return;
        }
        QString message = tr("Key %1 removed from ZITADEL.").arg(keyId);
        if (holdsPrivateKey(fingerprint))
            message += QLatin1Char(' ') + tr("The vault keeps its private key, so payloads captured earlier can "
                                             "still be decrypted.");
        report(Operation::Remove, targetId, keyId, fingerprint, true, message);
    });
}

void KeyOperations::removePrivateKey(const QString &targetId, const QString &fingerprint)
{
    if (!m_vault)
        return;
    vault::VaultEntry entry;
    entry.instance = instance();
    entry.targetId = targetId;
    entry.fingerprint = fingerprint;
    // The vault writes its own audit entry (vault-remove).
    m_vault->remove(entry, this, [=, this](vault::VaultResult<vault::VaultEntry> r) {
        report(Operation::RemovePrivateKey, targetId, r ? r->keyId : QString(), fingerprint, bool(r),
               r ? tr("The private key %1 was deleted from this machine's vault.").arg(fingerprint)
                 : tr("The private key %1 was not deleted: %2").arg(fingerprint, r.error().message));
    });
}

void KeyOperations::addPublicKey(const QString &targetId, const crypto::PublicKeyImport &key,
                                 const QDateTime &expiration, bool activateAfter)
{
    // A pasted key whose private half the vault already holds gets its binding too (the workflow binds it).
    m_workflow->addPublicKey(
        targetId, key.pem, key.fingerprint, expiration, activateAfter, this,
        [this, targetId](keys::Step step, const QString &keyId) {
            Q_EMIT progress(targetId, step == keys::Step::Activate ? tr("Activating key %1…").arg(keyId)
                                                                   : tr("Adding the public key to ZITADEL…"));
        },
        [this, targetId](keys::AddResult r) {
            if (r)
                reportAdded(targetId, r.value());
            else
                reportAddFailed(targetId, r.error());
        });
}

void KeyOperations::generateAndAdd(const QString &targetId, crypto::KeyType type, const QDateTime &expiration,
                                   bool activateAfter)
{
    if (!canKeepPrivateKeys()) {
        report(Operation::Generate, targetId, {}, {}, false,
               tr("Not generated: %1 A key pair whose private key is lost would make payloads unreadable.")
                   .arg(keychainProblem()));
        return;
    }
    setGenerating(+1);
    auto generating = std::make_shared<bool>(true);
    auto stopGenerating = [this, generating] {
        if (std::exchange(*generating, false))
            setGenerating(-1);
    };
    m_workflow->generateAndAdd(
        targetId, type, expiration, activateAfter, this,
        [this, targetId, type, stopGenerating](keys::Step step, const QString &keyId) {
            switch (step) {
            case keys::Step::Generate:
                Q_EMIT progress(targetId, crypto::isRsa(type)
                                              ? tr("Generating an %1 key… (RSA keys take a few seconds)")
                                                    .arg(crypto::keyTypeDescription(type))
                                              : tr("Generating an %1 key…").arg(crypto::keyTypeDescription(type)));
                break;
            case keys::Step::StoreInVault:
                Q_EMIT progress(targetId, tr("Storing the private key in the vault…"));
                break;
            case keys::Step::Add:
                stopGenerating();
                Q_EMIT progress(targetId, tr("Adding the public key to ZITADEL…"));
                break;
            case keys::Step::Activate:
                Q_EMIT progress(targetId, tr("Activating key %1…").arg(keyId));
                break;
            }
        },
        [this, targetId, stopGenerating](keys::AddResult r) {
            stopGenerating();
            if (r)
                reportAdded(targetId, r.value());
            else
                reportAddFailed(targetId, r.error());
        });
}

void KeyOperations::reportAdded(const QString &targetId, const keys::AddedKey &added)
{
    if (added.activated) {
        report(Operation::Activate, targetId, added.keyId, added.fingerprint, true,
               tr("Rotated: key %1 is now active. The key active before is inactive and kept until you remove it; "
                  "the vault keeps both private keys.")
                   .arg(added.keyId));
        return;
    }
    report(Operation::Add, targetId, added.keyId, added.fingerprint, true, addedMessage(added));
}

QString KeyOperations::addedMessage(const keys::AddedKey &added) const
{
    QString message = tr("Key %1 added (inactive).").arg(added.keyId);
    if (added.privateKeyInVault)
        message += QLatin1Char(' ') + tr("Its private key is in this machine's vault.");
    else if (!added.vaultProblem.isEmpty())
        message += QLatin1Char(' ') + tr("The vault could not record its key id: %1").arg(added.vaultProblem);
    return message;
}

void KeyOperations::reportAddFailed(const QString &targetId, const keys::StepFailure &failure)
{
    switch (failure.step) {
    case keys::Step::Generate:
        report(Operation::Generate, targetId, {}, {}, false,
               tr("The key pair could not be generated: %1").arg(failure.message));
        return;
    case keys::Step::StoreInVault:
        report(Operation::Generate, targetId, {}, failure.fingerprint, false,
               m_vault ? tr("The private key could not be stored in the vault, so nothing was added to ZITADEL: %1")
                             .arg(failure.message)
                       : keychainProblem());
        return;
    case keys::Step::Add: {
        QString message = tr("ZITADEL did not add the key: %1").arg(failure.message);
        if (holdsPrivateKey(failure.fingerprint))
            message += QLatin1Char(' ') + tr("The private key stays in the vault, unused.");
        report(Operation::Add, targetId, {}, failure.fingerprint, false, message);
        return;
    }
    case keys::Step::Activate:
        report(Operation::Activate, targetId, failure.keyId, failure.fingerprint, false,
               addedMessage(failure.added) + QLatin1Char(' ') +
                   tr("But it was not activated: %1 The key active before stays active.").arg(failure.message));
        return;
    }
}

void KeyOperations::setGenerating(int delta)
{
    const bool before = isGenerating();
    m_generating += delta;
    if (before != isGenerating())
        Q_EMIT generatingChanged(isGenerating());
}

} // namespace targetdesk::gui
