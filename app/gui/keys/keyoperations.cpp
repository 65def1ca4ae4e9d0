#include "keys/keyoperations.h"

#include "api/zitadelclient.h"
#include "keys/keygeneration.h"
#include "vault/auditlog.h"
#include "vault/vault.h"

namespace targetdesk::gui
{

namespace
{

vault::AuditOperation auditOperation(KeyOperations::Operation operation)
{
    using O = KeyOperations::Operation;
    switch (operation) {
    case O::Generate:
        return vault::AuditOperation::Generate;
    case O::Add:
        return vault::AuditOperation::Add;
    case O::Activate:
        return vault::AuditOperation::Activate;
    case O::Deactivate:
        return vault::AuditOperation::Deactivate;
    case O::BreakGlass:
        return vault::AuditOperation::BreakGlass;
    case O::Remove:
        return vault::AuditOperation::Remove;
    case O::RemovePrivateKey:
        return vault::AuditOperation::VaultRemove;
    }
    return vault::AuditOperation::Add;
}

// Any fingerprint that cannot exist: reading it tells whether the keychain answers at all.
const QString kProbeFingerprint = QStringLiteral("SHA256:targetdesk-keychain-probe");

} // namespace

KeyOperations::KeyOperations(ZitadelClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_keychainProblem = tr("No vault is configured, so private keys cannot be kept on this machine.");
}

KeyOperations::~KeyOperations() = default;

void KeyOperations::setVault(vault::Vault *vault)
{
    m_vault = vault;
    if (!m_vault) {
        m_keychainState = KeychainState::NoVault;
        m_keychainProblem = tr("No vault is configured, so private keys cannot be kept on this machine.");
        Q_EMIT keychainStateChanged();
        return;
    }
    checkKeychain();
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
    return m_vault && !fingerprint.isEmpty() && m_vault->contains(fingerprint);
}

bool KeyOperations::holdsPrivateKey(const QString &targetId, const QString &fingerprint) const
{
    if (!m_vault || fingerprint.isEmpty())
        return false;
    for (const vault::VaultEntry &e : m_vault->entriesForTarget(instance(), targetId)) {
        if (e.fingerprint == fingerprint)
            return true;
    }
    return false;
}

void KeyOperations::audit(Operation operation, const QString &targetId, const QString &keyId,
                          const QString &fingerprint, const QString &error, const QString &detail)
{
    auditLog()->append(
        vault::AuditEntry::make(auditOperation(operation), instance(), targetId, keyId, fingerprint, error, detail));
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
    m_client->deactivatePublicKey(targetId, keyId, this, [=, this](Result<QDateTime> r) {
        if (!r) {
            audit(op, targetId, keyId, fingerprint, r.error().toString(),
                  breakGlass ? QStringLiteral("one click") : QString());
            report(op, targetId, keyId, fingerprint, false,
                   tr("Key %1 was NOT deactivated: %2").arg(keyId, r.error().toString()));
            return;
        }
        audit(op, targetId, keyId, fingerprint, {}, breakGlass ? QStringLiteral("one click") : QString());
        report(op, targetId, keyId, fingerprint, true,
               tr("Key %1 deactivated at %2. ZITADEL no longer encrypts with it: JWE payloads to this target stop "
                  "until a new key is active.")
                   .arg(keyId, QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
        Q_EMIT keysChanged(targetId);
    });
}

void KeyOperations::activate(const QString &targetId, const QString &keyId, const QString &fingerprint)
{
    m_client->activatePublicKey(targetId, keyId, this, [=, this](Result<QDateTime> r) {
        if (!r) {
            audit(Operation::Activate, targetId, keyId, fingerprint, r.error().toString());
            report(Operation::Activate, targetId, keyId, fingerprint, false,
                   tr("Key %1 was not activated: %2").arg(keyId, r.error().toString()));
            return;
        }
        audit(Operation::Activate, targetId, keyId, fingerprint, {});
        report(Operation::Activate, targetId, keyId, fingerprint, true,
               tr("Key %1 is now active; any key active before is inactive (and kept).").arg(keyId));
        Q_EMIT keysChanged(targetId);
    });
}

void KeyOperations::remove(const QString &targetId, const QString &keyId, const QString &fingerprint)
{
    m_client->removePublicKey(targetId, keyId, this, [=, this](Result<QDateTime> r) {
        if (!r) {
            audit(Operation::Remove, targetId, keyId, fingerprint, r.error().toString());
            report(Operation::Remove, targetId, keyId, fingerprint, false,
                   tr("Key %1 was not removed: %2").arg(keyId, r.error().toString()));
            return;
        }
        audit(Operation::Remove, targetId, keyId, fingerprint, {});
        QString message = tr("Key %1 removed from ZITADEL.").arg(keyId);
        if (holdsPrivateKey(fingerprint))
            message += QLatin1Char(' ') + tr("The vault keeps its private key, so payloads captured earlier can "
                                             "still be decrypted.");
        report(Operation::Remove, targetId, keyId, fingerprint, true, message);
        Q_EMIT keysChanged(targetId);
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
    // A pasted key whose private half the vault already holds gets its binding too.
    addKey(targetId, key.pem, key.fingerprint, expiration, activateAfter, holdsPrivateKey(key.fingerprint));
}

void KeyOperations::generateAndAdd(const QString &targetId, crypto::KeyType type, const QDateTime &expiration,
                                   bool activateAfter)
{
    const QString typeName = crypto::keyTypeName(type);
    if (!canKeepPrivateKeys()) {
        report(Operation::Generate, targetId, {}, {}, false,
               tr("Not generated: %1 A key pair whose private key is lost would make payloads unreadable.")
                   .arg(keychainProblem()));
        return;
    }
    setGenerating(+1);
    Q_EMIT progress(
        targetId, crypto::isRsa(type)
                      ? tr("Generating an %1 key… (RSA keys take a few seconds)").arg(crypto::keyTypeDescription(type))
                      : tr("Generating an %1 key…").arg(crypto::keyTypeDescription(type)));
    keys::KeyGeneration::start(type, this, [=, this](crypto::CryptoResult<crypto::PrivateKey> key) {
        if (!key) {
            setGenerating(-1);
            audit(Operation::Generate, targetId, {}, {}, key.error().message, typeName);
            report(Operation::Generate, targetId, {}, {}, false,
                   tr("The key pair could not be generated: %1").arg(key.error().message));
            return;
        }
        const QString fingerprint = key->fingerprint();
        audit(Operation::Generate, targetId, {}, fingerprint, {}, typeName);
        if (!m_vault) {
            setGenerating(-1);
            report(Operation::Generate, targetId, {}, fingerprint, false, keychainProblem());
            return;
        }
        Q_EMIT progress(targetId, tr("Storing the private key in the vault…"));
        // The private key is safe before ZITADEL learns the public one: a key on the server whose private half
        // was lost would make every payload unreadable.
        vault::VaultEntry entry;
        entry.instance = instance();
        entry.targetId = targetId;
        entry.fingerprint = fingerprint;
        const QByteArray pem = key->publicKeyPem();
        m_vault->store(*key, entry, this, [=, this](vault::VaultResult<vault::VaultEntry> stored) {
            setGenerating(-1);
            if (!stored) {
                report(Operation::Generate, targetId, {}, fingerprint, false,
                       tr("The private key could not be stored in the vault, so nothing was added to ZITADEL: %1")
                           .arg(stored.error().message));
                return;
            }
            addKey(targetId, pem, fingerprint, expiration, activateAfter, true);
        });
    });
}

void KeyOperations::addKey(const QString &targetId, const QByteArray &pem, const QString &fingerprint,
                           const QDateTime &expiration, bool activateAfter, bool bindVault)
{
    Q_EMIT progress(targetId, tr("Adding the public key to ZITADEL…"));
    AddPublicKeyRequest request;
    request.publicKeyPem = pem;
    request.expirationDate = expiration;
    m_client->addPublicKey(targetId, request, this, [=, this](Result<AddPublicKeyResponse> r) {
        if (!r) {
            audit(Operation::Add, targetId, {}, fingerprint, r.error().toString());
            QString message = tr("ZITADEL did not add the key: %1").arg(r.error().toString());
            if (bindVault)
                message += QLatin1Char(' ') + tr("The private key stays in the vault, unused.");
            report(Operation::Add, targetId, {}, fingerprint, false, message);
            return;
        }
        const QString keyId = r->keyId;
        audit(Operation::Add, targetId, keyId, fingerprint, {});
        QString message = tr("Key %1 added (inactive).").arg(keyId);
        if (bindVault && m_vault) {
            // Now that ZITADEL named the key, the vault can find it by the kid of a payload.
            const auto bound = m_vault->bind(fingerprint, instance(), targetId, keyId);
            if (bound)
                message += QLatin1Char(' ') + tr("Its private key is in this machine's vault.");
            else
                message +=
                    QLatin1Char(' ') + tr("The vault could not record its key id: %1").arg(bound.error().message);
        }
        Q_EMIT keysChanged(targetId);
        if (activateAfter) {
            activateAdded(targetId, keyId, fingerprint, message);
            return;
        }
        report(Operation::Add, targetId, keyId, fingerprint, true, message);
    });
}

void KeyOperations::activateAdded(const QString &targetId, const QString &keyId, const QString &fingerprint,
                                  const QString &addedMessage)
{
    Q_EMIT progress(targetId, tr("Activating key %1…").arg(keyId));
    m_client->activatePublicKey(targetId, keyId, this, [=, this](Result<QDateTime> r) {
        if (!r) {
            audit(Operation::Activate, targetId, keyId, fingerprint, r.error().toString());
            report(
                Operation::Activate, targetId, keyId, fingerprint, false,
                addedMessage + QLatin1Char(' ') +
                    tr("But it was not activated: %1 The key active before stays active.").arg(r.error().toString()));
            return;
        }
        audit(Operation::Activate, targetId, keyId, fingerprint, {}, QStringLiteral("rotation"));
        report(Operation::Activate, targetId, keyId, fingerprint, true,
               tr("Rotated: key %1 is now active. The key active before is inactive and kept until you remove it; "
                  "the vault keeps both private keys.")
                   .arg(keyId));
        Q_EMIT keysChanged(targetId);
    });
}

void KeyOperations::setGenerating(int delta)
{
    const bool before = isGenerating();
    m_generating += delta;
    if (before != isGenerating())
        Q_EMIT generatingChanged(isGenerating());
}

} // namespace targetdesk::gui
