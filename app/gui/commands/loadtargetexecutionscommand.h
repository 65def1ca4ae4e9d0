#pragma once

#include "commands/command.h"
#include "model/execution.h"

#include <QList>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// Looks up the executions that call one target (up to 1000, more than any instance has). The client is not owned
// and must outlive the command.
class LoadTargetExecutionsCommand : public Command
{
    Q_OBJECT
public:
    LoadTargetExecutionsCommand(ZitadelClient *client, const QString &targetId, QObject *parent = nullptr);

    QString targetId() const { return m_targetId; }
    const QList<Execution> &executions() const { return m_executions; }

protected:
    void doStart() override;

private:
    ZitadelClient *m_client;
    QString m_targetId;
    QList<Execution> m_executions;
};

} // namespace targetdesk::gui
