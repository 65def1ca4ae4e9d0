#include "commands/setexecutioncommand.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

SetExecutionCommand::SetExecutionCommand(ZitadelClient *client, const ExecutionCondition &condition,
                                         const QStringList &targets, QObject *parent)
    : Command(parent), m_client(client), m_condition(condition), m_targets(targets)
{
}

void SetExecutionCommand::doStart()
{
    track(m_client->setExecution(m_condition, m_targets, this, [this](Result<QDateTime> r) {
        if (!r)
            return fail(r.error());
        m_setDate = *r;
        readBack();
    }));
}

void SetExecutionCommand::readBack()
{
    // Trust the server only after reading back what it holds.
    ExecutionQuery query;
    query.conditions = QList<ExecutionCondition>{m_condition};
    query.limit = 10;
    track(m_client->listExecutions(query, this, [this](Result<ExecutionPage> r) {
        if (!r) {
            if (r.error().kind == ApiError::Kind::Cancelled)
                return fail(r.error());
            m_mismatch = tr("The change was sent, but reading it back failed: %1").arg(r.error().toString());
            return finish();
        }
        for (const Execution &e : std::as_const(r->executions)) {
            if (e.condition == m_condition)
                m_held = e.targets;
        }
        if (m_held != m_targets) {
            if (m_targets.isEmpty())
                m_mismatch = tr("ZITADEL still holds the execution; it calls %1.").arg(m_held.join(tr(", ")));
            else if (m_held.isEmpty())
                m_mismatch = tr("ZITADEL holds no execution for this condition after saving.");
            else
                m_mismatch = tr("ZITADEL calls %1 instead of %2.").arg(m_held.join(tr(", ")), m_targets.join(tr(", ")));
        }
        finish();
    }));
}

} // namespace targetdesk::gui
