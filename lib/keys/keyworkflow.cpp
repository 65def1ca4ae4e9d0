#include "keyworkflow.h"

#include "keygeneration.h"

#include "vault/vault.h"

#include <memory>

namespace targetdesk::keys
{

namespace
{

using vault::AuditOperation;

QString detailOf(Reason reason)
{
    switch (reason) {
    case Reason::Manual:
        return {};
    case Reason::Rotation:
        return QStringLiteral("rotation");
    case Reason::BreakGlass:
        return QStringLiteral("one click");
    case Reason::InstanceWide:
        return QStringLiteral("all targets");
    }
    return {};
}

AuditOperation deactivationOf(Reason reason)
{
    return reason == Reason::BreakGlass || reason == Reason::InstanceWide ? AuditOperation::BreakGlass
                                                                          : AuditOperation::Deactivate;
}

} // namespace

KeyWorkflow::KeyWorkflow(ZitadelClient *client, vault::Vault *vault, vault::AuditLog *audit, QObject *parent)
    : QObject(parent), m_client(client), m_vault(vault), m_audit(audit)
{
}

KeyWorkflow::~KeyWorkflow() = default;

void KeyWorkflow::setVault(vault::Vault *vault, vault::AuditLog *audit)
{
    m_vault = vault;
    m_audit = audit;
}

QString KeyWorkflow::instance() const
{
    return vault::normalizeInstance(m_client->instance());
}

bool KeyWorkflow::holdsPrivateKey(const QString &fingerprint) const
{
    return m_vault && !fingerprint.isEmpty() && m_vault->contains(fingerprint);
}

bool KeyWorkflow::holdsPrivateKey(const QString &targetId, const QString &fingerprint) const
{
    if (!m_vault || fingerprint.isEmpty())
        return false;
    const QList<vault::VaultEntry> entries = m_vault->entriesForTarget(instance(), targetId);
    return std::any_of(entries.begin(), entries.end(),
                       [&](const vault::VaultEntry &e) { return e.fingerprint == fingerprint; });
}

void KeyWorkflow::audit(AuditOperation operation, const KeyRef &key, const QString &error, const QString &detail)
{
    if (!m_audit)
        return;
    QString problem;
    if (!m_audit->append(
            vault::AuditEntry::make(operation, instance(), key.targetId, key.keyId, key.fingerprint, error, detail),
            &problem))
        Q_EMIT auditFailed(problem);
}

void KeyWorkflow::remember(const QList<PublicKey> &keys)
{
    for (const PublicKey &k : keys) {
        if (!k.fingerprint.isEmpty())
            m_fingerprints.insert(k.keyId, k.fingerprint);
    }
}

QString KeyWorkflow::knownFingerprint(const QString &targetId, const QString &keyId) const
{
    if (const QString listed = m_fingerprints.value(keyId); !listed.isEmpty())
        return listed;
    if (m_vault) {
        for (const vault::VaultEntry &e : m_vault->findByKeyId(keyId, instance())) {
            if (e.targetId == targetId)
                return e.fingerprint;
        }
    }
    return {};
}

void KeyWorkflow::lookupFingerprint(const KeyRef &key, QObject *context, std::function<void(QString)> done)
{
    if (!key.fingerprint.isEmpty()) {
        done(key.fingerprint);
        return;
    }
    if (const QString known = knownFingerprint(key.targetId, key.keyId); !known.isEmpty()) {
        done(known);
        return;
    }
    PublicKeyQuery query;
    query.keyIds = QStringList{key.keyId};
    m_client->listPublicKeys(key.targetId, query, context,
                             [this, key, done = std::move(done)](Result<PublicKeyPage> r) {
                                 QString fingerprint;
                                 if (r) {
                                     remember(r->publicKeys);
                                     fingerprint = m_fingerprints.value(key.keyId);
                                 }
                                 done(fingerprint);
                             });
}

ApiCall *KeyWorkflow::activate(const KeyRef &key, Reason reason, QObject *context, Callback<QDateTime> done)
{
    return m_client->activatePublicKey(
        key.targetId, key.keyId, context, [this, key, reason, done = std::move(done)](Result<QDateTime> r) {
            audit(AuditOperation::Activate, key, r ? QString() : r.error().toString(), detailOf(reason));
            if (r)
                Q_EMIT keysChanged(key.targetId);
            done(std::move(r));
        });
}

ApiCall *KeyWorkflow::deactivate(const KeyRef &key, Reason reason, QObject *context, Callback<QDateTime> done)
{
    return m_client->deactivatePublicKey(
        key.targetId, key.keyId, context, [this, key, reason, done = std::move(done)](Result<QDateTime> r) {
            audit(deactivationOf(reason), key, r ? QString() : r.error().toString(), detailOf(reason));
            if (r)
                Q_EMIT keysChanged(key.targetId);
            done(std::move(r));
        });
}

ApiCall *KeyWorkflow::remove(const KeyRef &key, QObject *context, Callback<QDateTime> done)
{
    return m_client->removePublicKey(key.targetId, key.keyId, context,
                                     [this, key, done = std::move(done)](Result<QDateTime> r) {
                                         audit(AuditOperation::Remove, key, r ? QString() : r.error().toString(), {});
                                         if (r)
                                             Q_EMIT keysChanged(key.targetId);
                                         done(std::move(r));
                                     });
}

void KeyWorkflow::deactivateActive(const QString &targetId, Reason reason, QObject *context,
                                   std::function<void(ActiveKeysDeactivation)> done)
{
    PublicKeyQuery query;
    query.active = true;
    query.limit = 1000;
    QPointer<QObject> guard(context);
    m_client->listPublicKeys(
        targetId, query, context, [this, targetId, reason, guard, done = std::move(done)](Result<PublicKeyPage> r) {
            auto outcome = std::make_shared<ActiveKeysDeactivation>();
            if (!r) {
                outcome->listingError = r.error();
                done(*outcome);
                return;
            }
            remember(r->publicKeys);
            QList<KeyRef> active;
            for (const PublicKey &k : r->publicKeys) {
                if (k.active)
                    active.append(KeyRef{targetId, k.keyId, k.fingerprint});
            }
            if (active.isEmpty()) {
                done(*outcome);
                return;
            }
            auto remaining = std::make_shared<qsizetype>(active.size());
            for (const KeyRef &key : std::as_const(active)) {
                deactivate(key, reason, guard, [key, outcome, remaining, done](Result<QDateTime> d) {
                    if (d) {
                        outcome->deactivated.append(key);
                        outcome->changeDates.append(*d);
                    } else {
                        outcome->failed.append({key, d.error()});
                    }
                    if (--*remaining == 0)
                        done(*outcome);
                });
            }
        });
}

void KeyWorkflow::addPublicKey(const QString &targetId, const QByteArray &pem, const QString &fingerprint,
                               const QDateTime &expiration, bool activateAfter, QObject *context,
                               std::function<void(Step, const QString &keyId)> progress,
                               std::function<void(AddResult)> done)
{
    if (progress)
        progress(Step::Add, {});
    AddPublicKeyRequest request;
    request.publicKeyPem = pem;
    request.expirationDate = expiration;
    QPointer<QObject> guard(context);
    m_client->addPublicKey(
        targetId, request, context,
        [this, targetId, fingerprint, activateAfter, guard, progress, done](Result<AddPublicKeyResponse> r) {
            KeyRef key{targetId, QString(), fingerprint};
            if (!r) {
                audit(AuditOperation::Add, key, r.error().toString(), {});
                done(StepFailure{Step::Add, fingerprint, {}, r.error().toString(), r.error(), {}});
                return;
            }
            key.keyId = r->keyId;
            audit(AuditOperation::Add, key, {}, {});
            m_fingerprints.insert(key.keyId, fingerprint);
            AddedKey added;
            added.keyId = r->keyId;
            added.fingerprint = fingerprint;
            added.creationDate = r->creationDate;
            // After the vault knows the key id: activate when asked to.
            auto next = [this, key, activateAfter, guard, progress, done](AddedKey added) {
                Q_EMIT keysChanged(key.targetId);
                if (!activateAfter) {
                    done(added);
                    return;
                }
                if (progress)
                    progress(Step::Activate, key.keyId);
                activate(key, Reason::Rotation, guard, [key, added, done](Result<QDateTime> a) mutable {
                    if (!a) {
                        done(StepFailure{Step::Activate, key.fingerprint, key.keyId, a.error().toString(), a.error(),
                                         added});
                        return;
                    }
                    added.activated = true;
                    done(added);
                });
            };
            if (!holdsPrivateKey(fingerprint)) {
                next(added);
                return;
            }
            // Now that ZITADEL named the key, the vault can find it by the kid of a payload. Without waiting on this
            // thread for the index lock: this runs inside the client's callback, on the GUI thread in the GUI.
            m_vault->bind(fingerprint, instance(), targetId, key.keyId, guard,
                          [added, next](vault::VaultResult<vault::VaultEntry> bound) mutable {
                              added.privateKeyInVault = bound.ok();
                              if (!bound)
                                  added.vaultProblem = bound.error().message;
                              next(added);
                          });
        });
}

void KeyWorkflow::generateAndAdd(const QString &targetId, crypto::KeyType type, const QDateTime &expiration,
                                 bool activateAfter, QObject *context,
                                 std::function<void(Step, const QString &keyId)> progress,
                                 std::function<void(AddResult)> done)
{
    const QString typeName = crypto::keyTypeName(type);
    if (progress)
        progress(Step::Generate, {});
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    KeyGeneration::start(type, this, [=, this](crypto::CryptoResult<crypto::PrivateKey> generated) {
        if (hasContext && !guard)
            return;
        const KeyRef noKey{targetId, {}, {}};
        if (!generated) {
            audit(AuditOperation::Generate, noKey, generated.error().message, typeName);
            done(StepFailure{Step::Generate, {}, {}, generated.error().message, std::nullopt, {}});
            return;
        }
        const QString fingerprint = generated->fingerprint();
        audit(AuditOperation::Generate, KeyRef{targetId, {}, fingerprint}, {}, typeName);
        if (!m_vault) {
            done(StepFailure{Step::StoreInVault, fingerprint, {}, tr("No vault is configured."), std::nullopt, {}});
            return;
        }
        if (progress)
            progress(Step::StoreInVault, {});
        vault::VaultEntry entry;
        entry.instance = instance();
        entry.targetId = targetId;
        entry.fingerprint = fingerprint;
        const QByteArray pem = generated->publicKeyPem();
        m_vault->store(*generated, entry, guard, [=, this](vault::VaultResult<vault::VaultEntry> stored) {
            if (!stored) {
                done(StepFailure{Step::StoreInVault, fingerprint, {}, stored.error().message, std::nullopt, {}});
                return;
            }
            addPublicKey(targetId, pem, fingerprint, expiration, activateAfter, guard, progress, done);
        });
    });
}

} // namespace targetdesk::keys
