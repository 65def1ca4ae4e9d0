#include "commands/loadtestdeliverycommand.h"

#include "api/zitadelclient.h"
#include "delivery/testdelivery.h"

namespace targetdesk::gui
{

LoadTestDeliveryCommand::LoadTestDeliveryCommand(ZitadelClient *client, const QString &targetId, bool needsKey,
                                                 QObject *parent)
    : Command(parent), m_client(client), m_targetId(targetId), m_needsKey(needsKey)
{
}

void LoadTestDeliveryCommand::doStart()
{
    m_pending = m_needsKey ? 2 : 1;
    ExecutionQuery query;
    query.targetId = m_targetId;
    query.limit = 1000;
    m_client->listExecutions(query, this, [this](Result<ExecutionPage> result) {
        if (result)
            m_executions = result->executions;
        else
            m_executionsError = result.error().message;
        step();
    });
    if (!m_needsKey)
        return;
    PublicKeyQuery keys;
    keys.limit = 100;
    m_client->listPublicKeys(m_targetId, keys, this, [this](Result<PublicKeyPage> result) {
        if (!result) {
            m_keyError = result.error();
        } else {
            m_key = delivery::usableEncryptionKey(result->publicKeys, &m_keyProblem);
        }
        step();
    });
}

void LoadTestDeliveryCommand::doCancel()
{
    // The calls have this command as their context: they are dropped with it.
    setCancelled();
    finish();
}

void LoadTestDeliveryCommand::step()
{
    if (--m_pending > 0 || isFinished())
        return;
    if (m_keyError)
        return fail(*m_keyError);
    finish();
}

} // namespace targetdesk::gui
