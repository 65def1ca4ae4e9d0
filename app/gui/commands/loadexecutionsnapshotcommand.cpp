#include "commands/loadexecutionsnapshotcommand.h"

#include "api/zitadelclient.h"
#include "checks/snapshotloader.h"

namespace targetdesk::gui
{

LoadExecutionSnapshotCommand::LoadExecutionSnapshotCommand(ZitadelClient *client, const QStringList &eventTypes,
                                                           QObject *parent)
    : Command(parent), m_client(client), m_eventTypes(eventTypes)
{
}

void LoadExecutionSnapshotCommand::doStart()
{
    m_pending = 2;
    m_loader = new checks::SnapshotLoader(m_client, this);
    m_loader->setEventTypes(m_eventTypes);
    m_loader->load([this](Result<checks::Snapshot> r) {
        if (r)
            m_snapshot = *r;
        else
            m_failure = r.error();
        step();
    });
    // The services are only for completion: a refusal leaves the list empty.
    track(m_client->listExecutionServices(this, [this](Result<QStringList> r) {
        if (r)
            m_services = *r;
        step();
    }));
}

void LoadExecutionSnapshotCommand::doCancel()
{
    // Dropping the loader drops its calls; they never call back.
    delete m_loader;
    m_loader = nullptr;
    m_failure = ApiError{};
    m_failure->kind = ApiError::Kind::Cancelled;
    Command::doCancel();
    fail(*m_failure);
}

void LoadExecutionSnapshotCommand::step()
{
    if (--m_pending > 0)
        return;
    if (m_failure)
        fail(*m_failure);
    else
        finish();
}

} // namespace targetdesk::gui
