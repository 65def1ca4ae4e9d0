#include "inspector/inspectorkeyring.h"

#include "vault/vault.h"

namespace targetdesk::gui
{

InspectorKeyRing::InspectorKeyRing(vault::Vault *vault, QObject *parent) : QObject(parent), m_vault(vault) {}

InspectorKeyRing::~InspectorKeyRing() = default;

void InspectorKeyRing::addKey(const crypto::PrivateKey &key, const QString &label)
{
    m_files.append({key, label, QString()});
    Q_EMIT keysChanged();
}

void InspectorKeyRing::removeKey(int index)
{
    if (index < 0 || index >= m_files.size())
        return;
    m_files.removeAt(index);
    Q_EMIT keysChanged();
}

QStringList InspectorKeyRing::keyFileLabels() const
{
    QStringList out;
    for (const inspect::KeyCandidate &candidate : m_files)
        out.append(candidate.label);
    return out;
}

bool InspectorKeyRing::vaultHasUnloadedKey(const QString &kid) const
{
    if (!m_vault || kid.isEmpty())
        return false;
    const QList<vault::VaultEntry> entries = m_vault->findByKeyId(kid);
    for (const vault::VaultEntry &entry : entries) {
        if (!m_vaultKeys.contains(entry.fingerprint) && !m_failed.contains(entry.fingerprint) &&
            !m_loading.contains(entry.fingerprint))
            return true;
    }
    return false;
}

void InspectorKeyRing::loadVaultKeys(const QStringList &kids, std::function<void()> done)
{
    // Every entry to load, once per fingerprint, with the entry that names it in the report.
    QHash<QString, vault::VaultEntry> wanted;
    if (m_vault) {
        for (const QString &kid : kids) {
            if (kid.isEmpty())
                continue;
            const QList<vault::VaultEntry> entries = m_vault->findByKeyId(kid);
            for (const vault::VaultEntry &entry : entries) {
                if (!m_vaultKeys.contains(entry.fingerprint) && !m_failed.contains(entry.fingerprint) &&
                    !m_loading.contains(entry.fingerprint))
                    wanted.insert(entry.fingerprint, entry);
            }
        }
    }
    if (wanted.isEmpty()) {
        if (done)
            done();
        return;
    }
    auto remaining = std::make_shared<int>(int(wanted.size()));
    for (const vault::VaultEntry &entry : std::as_const(wanted)) {
        m_loading.insert(entry.fingerprint);
        m_vault->load(
            entry.fingerprint, this, [this, entry, remaining, done](vault::VaultResult<crypto::PrivateKey> key) {
                m_loading.remove(entry.fingerprint);
                if (key) {
                    const QString name = entry.label.isEmpty() ? entry.fingerprint : entry.label;
                    m_vaultKeys.insert(entry.fingerprint, {key.value(), tr("vault: %1").arg(name), entry.keyId});
                } else {
                    m_failed.insert(entry.fingerprint);
                    Q_EMIT vaultError(
                        tr("Could not load the vault key %1: %2").arg(entry.fingerprint, key.error().message));
                }
                if (--*remaining == 0) {
                    Q_EMIT keysChanged();
                    if (done)
                        done();
                }
            });
    }
}

std::shared_ptr<const inspect::KeyProvider> InspectorKeyRing::snapshot() const
{
    auto keys = std::make_shared<inspect::KeyList>();
    for (const inspect::KeyCandidate &candidate : m_vaultKeys)
        keys->add(candidate);
    for (const inspect::KeyCandidate &candidate : m_files)
        keys->add(candidate);
    return keys;
}

} // namespace targetdesk::gui
