#include "commands/loadtargetexecutionscommand.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

LoadTargetExecutionsCommand::LoadTargetExecutionsCommand(ZitadelClient *client, const QString &targetId,
                                                         QObject *parent)
    : Command(parent), m_client(client), m_targetId(targetId)
{
}

void LoadTargetExecutionsCommand::doStart()
{
    ExecutionQuery query;
    query.targetId = m_targetId;
    query.limit = 1000;
    track(m_client->listExecutions(query, this, [this](Result<ExecutionPage> result) {
        if (!result)
            return fail(result.error());
        m_executions = result->executions;
        finish();
    }));
}

} // namespace targetdesk::gui
