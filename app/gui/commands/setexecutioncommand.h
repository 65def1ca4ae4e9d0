#pragma once

#include "commands/command.h"
#include "model/execution.h"

#include <QDateTime>
#include <QStringList>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// "Save" of an execution: makes it call exactly `targets`, in this order (an empty list removes it), then reads it
// back and says what did not take. The client is not owned and must outlive the command.
class SetExecutionCommand : public Command
{
    Q_OBJECT
public:
    SetExecutionCommand(ZitadelClient *client, const ExecutionCondition &condition, const QStringList &targets,
                        QObject *parent = nullptr);

    const ExecutionCondition &condition() const { return m_condition; }
    const QStringList &targets() const { return m_targets; }
    bool isRemoval() const { return m_targets.isEmpty(); }
    QDateTime setDate() const { return m_setDate; }
    // After success: the targets ZITADEL holds for the condition (empty: no such execution).
    const QStringList &heldTargets() const { return m_held; }
    // Empty when ZITADEL holds what was sent; otherwise what did not take, in words. Also set when the read-back
    // failed.
    QString mismatch() const { return m_mismatch; }

protected:
    void doStart() override;

private:
    void readBack();

    ZitadelClient *m_client;
    ExecutionCondition m_condition;
    QStringList m_targets;
    QDateTime m_setDate;
    QStringList m_held;
    QString m_mismatch;
};

} // namespace targetdesk::gui
