#pragma once

#include "inspect/keyprovider.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

namespace targetdesk::vault
{
class Vault;
}

namespace targetdesk::gui
{

// The private keys the inspector may use: key files the user added (held in memory only, never written anywhere)
// and vault keys, loaded from the keychain when a payload's JWE kid asks for them. Vault keys go first, so the one
// whose key id equals the kid is tried before any file. snapshot() hands a fixed list to worker threads.
class InspectorKeyRing : public QObject
{
    Q_OBJECT
public:
    // `vault` may be null (no vault keys); not owned.
    explicit InspectorKeyRing(vault::Vault *vault, QObject *parent = nullptr);
    ~InspectorKeyRing() override;

    vault::Vault *vault() const { return m_vault; }

    // A key file the user added; `label` is what the report names it ("billing.pem").
    void addKey(const crypto::PrivateKey &key, const QString &label);
    void removeKey(int index);
    // Labels of the added key files, in the order they are tried.
    QStringList keyFileLabels() const;
    int vaultKeyCount() const { return int(m_vaultKeys.size()); }

    // True when the vault lists a key with this id that is not loaded, not loading and did not fail to load.
    bool vaultHasUnloadedKey(const QString &kid) const;
    // Loads the vault keys with these ids (asynchronously, through the keychain); `done` runs once every load
    // finished, also when there was nothing to load. Errors are reported with vaultError().
    void loadVaultKeys(const QStringList &kids, std::function<void()> done = {});

    // Everything to try, for one inspection or a whole bulk run.
    std::shared_ptr<const inspect::KeyProvider> snapshot() const;

Q_SIGNALS:
    void keysChanged();
    void vaultError(const QString &message);

private:
    vault::Vault *m_vault;
    QList<inspect::KeyCandidate> m_files;
    QHash<QString, inspect::KeyCandidate> m_vaultKeys; // by fingerprint
    QSet<QString> m_failed;                            // fingerprints whose load failed: not asked again
    QSet<QString> m_loading;
};

} // namespace targetdesk::gui
