#pragma once

// Putting a private key into the vault of a test's data directory, the way `keys generate --vault` + `keys add` do,
// for CLI tests of --vault. Needs a keychain (privatekeyring.h) and a test linking targetdesk_vault.

#include "crypto/privatekey.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QString>

#include <optional>

namespace targetdesk::test
{

// Stores `key` under ZITADEL key id `keyId` in the vault whose index lives in `dataDir` (TARGETDESK_DATA_DIR of the
// CLI under test); false when it did not work within 20 s.
inline bool storeInVault(const QString &dataDir, const crypto::PrivateKey &key, const QString &keyId,
                         const QString &label, const QString &instance = QStringLiteral("https://test.example"))
{
    vault::VaultSettings settings;
    settings.indexPath = dataDir + QStringLiteral("/vault-index.json");
    settings.keychainService = QStringLiteral("Targetdesk");
    settings.auditLogPath = dataDir + QStringLiteral("/audit.jsonl");
    vault::Vault vault(settings);
    vault::VaultEntry entry;
    entry.instance = instance;
    entry.targetId = QStringLiteral("target-") + keyId;
    entry.keyId = keyId;
    entry.label = label;
    std::optional<bool> stored;
    QObject context;
    vault.store(key, entry, &context, [&stored](auto result) {
        if (!result)
            qWarning() << result.error().message;
        stored = result.ok();
    });
    QDeadlineTimer deadline(20000);
    while (!stored && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    return stored.value_or(false);
}

} // namespace targetdesk::test
