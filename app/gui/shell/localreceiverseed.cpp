#include "shell/localreceiverseed.h"

#include "api/zitadelclient.h"
#include "crypto/keytype.h"
#include "keys/keygeneration.h"
#include "keys/keyworkflow.h"
#include "vault/vault.h"

#include <QUrl>

#include <algorithm>
#include <chrono>

namespace targetdesk::gui
{

LocalReceiverSeed::LocalReceiverSeed(ZitadelClient *client, vault::Vault *vault, quint16 port, QObject *parent)
    : QObject(parent), m_client(client), m_vault(vault), m_port(port)
{
}

LocalReceiverSeed::~LocalReceiverSeed() = default;

void LocalReceiverSeed::start()
{
    if (!m_vault || !m_vault->indexError().isEmpty()) {
        done(false, m_vault ? m_vault->indexError() : tr("no vault"));
        return;
    }
    CreateTargetRequest request;
    request.name = QLatin1String(targetName);
    request.type = TargetType::Webhook;
    request.timeout = std::chrono::seconds(10);
    request.endpoint = QStringLiteral("http://127.0.0.1:%1/").arg(m_port);
    request.payloadType = PayloadType::Jwe;
    m_client->createTarget(request, this, [this](Result<CreateTargetResponse> created) {
        if (!created)
            return done(false, created.error().message);
        m_targetId = created->id;
        m_workflow = new keys::KeyWorkflow(m_client, m_vault, m_vault->auditLog(), this);
        // The sandbox is new at every launch, the key is not: one vault key serves every launch's local-receiver, so
        // starting the app does not add a keychain entry each time.
        const QList<vault::VaultEntry> entries = m_vault->entries();
        const auto kept = std::find_if(entries.cbegin(), entries.cend(),
                                       [](const vault::VaultEntry &e) { return e.label == QLatin1String(keyLabel); });
        if (kept != entries.cend()) {
            const QString fingerprint = kept->fingerprint;
            m_vault->load(fingerprint, this, [this, fingerprint](vault::VaultResult<crypto::PrivateKey> key) {
                if (!key)
                    return generateKey();
                addKey(key->publicKeyPem(), fingerprint);
            });
            return;
        }
        generateKey();
    });
}

void LocalReceiverSeed::generateKey()
{
    keys::KeyGeneration::start(crypto::KeyType::Rsa2048, this, [this](crypto::CryptoResult<crypto::PrivateKey> key) {
        if (!key)
            return undo(key.error().message);
        vault::VaultEntry entry;
        entry.fingerprint = key->fingerprint();
        entry.keyType = crypto::keyTypeName(crypto::KeyType::Rsa2048);
        entry.label = QLatin1String(keyLabel);
        const QByteArray pem = key->publicKeyPem();
        m_vault->store(*key, entry, this, [this, pem](vault::VaultResult<vault::VaultEntry> stored) {
            if (!stored)
                return undo(stored.error().message);
            addKey(pem, stored->fingerprint);
        });
    });
}

void LocalReceiverSeed::addKey(const QByteArray &pem, const QString &fingerprint)
{
    m_workflow->addPublicKey(m_targetId, pem, fingerprint, {}, true, this, {}, [this](keys::AddResult added) {
        if (added && added.value().privateKeyInVault && added.value().activated)
            return done(true, {});
        undo(added ? tr("the key was not kept in the vault or not activated") : added.error().message);
    });
}

void LocalReceiverSeed::undo(const QString &problem)
{
    // A JWE target without a usable key would only confuse: it goes again.
    m_client->deleteTarget(m_targetId, this, [this, problem](auto) { done(false, problem); });
}

void LocalReceiverSeed::done(bool ok, const QString &problem)
{
    Q_EMIT finished(ok, ok ? m_targetId : QString(), problem);
    deleteLater();
}

} // namespace targetdesk::gui
