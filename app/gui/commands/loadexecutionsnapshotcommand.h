#pragma once

#include "checks/checkengine.h"
#include "commands/command.h"

#include <QPointer>
#include <QStringList>

namespace targetdesk
{
class ZitadelClient;
namespace checks
{
class SnapshotLoader;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// Reads everything the executions workspace shows: every target and execution (all pages), the keys of the JWE
// targets, the web keys and the catalogues of methods, services and functions. The client is not owned and must
// outlive the command.
class LoadExecutionSnapshotCommand : public Command
{
    Q_OBJECT
public:
    // `eventTypes`: the event catalogue the checks and the editor use (the app ships it).
    LoadExecutionSnapshotCommand(ZitadelClient *client, const QStringList &eventTypes, QObject *parent = nullptr);

    const checks::Snapshot &snapshot() const { return m_snapshot; }
    const QStringList &services() const { return m_services; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void step();

    ZitadelClient *m_client;
    QStringList m_eventTypes;
    checks::SnapshotLoader *m_loader = nullptr;
    checks::Snapshot m_snapshot;
    QStringList m_services;
    std::optional<ApiError> m_failure;
    int m_pending = 0;
};

} // namespace targetdesk::gui
