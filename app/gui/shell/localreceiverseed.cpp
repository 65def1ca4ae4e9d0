#include "shell/localreceiverseed.h"

#include "api/zitadelclient.h"
#include "keys/keyworkflow.h"
#include "vault/vault.h"

#include <QUrl>

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
        m_workflow->generateAndAdd(
            m_targetId, crypto::KeyType::Rsa2048, {}, true, this, {}, [this](keys::AddResult added) {
                if (added && added.value().privateKeyInVault && added.value().activated)
                    return done(true, {});
                const QString problem =
                    added ? tr("the key was not kept in the vault or not activated") : added.error().message;
                // A JWE target without a usable key would only confuse: it goes again.
                m_client->deleteTarget(m_targetId, this, [this, problem](auto) { done(false, problem); });
            });
    });
}

void LocalReceiverSeed::done(bool ok, const QString &problem)
{
    Q_EMIT finished(ok, ok ? m_targetId : QString(), problem);
    deleteLater();
}

} // namespace targetdesk::gui
