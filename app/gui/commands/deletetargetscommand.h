#pragma once

#include "api/apierror.h"
#include "commands/command.h"
#include "model/execution.h"
#include "model/target.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>

class QWidget;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class Confirmer;

// Deletes one or more targets: looks up the executions that call them (deleting removes the target from those),
// asks once, naming targets and executions, then deletes one after the other with a progress dialog that can stop
// the rest. What was deleted stays deleted; failures are listed at the end. Deletes itself when finished. The client
// and the confirmer are not owned and must outlive the command.
class DeleteTargetsCommand : public Command
{
    Q_OBJECT
public:
    struct Failure {
        Target target;
        ApiError error;
    };

    DeleteTargetsCommand(ZitadelClient *client, Confirmer *confirmer, QWidget *parentWidget, QList<Target> targets,
                         QObject *parent = nullptr);
    ~DeleteTargetsCommand() override;

    // Progress dialogs wait this long before they appear (fast deletions never show one).
    void setProgressDelay(int ms) { m_progressDelayMs = ms; }
    QProgressDialog *progressDialog() const { return m_progress; }

    // After finished(): how many were deleted and which were not. isCancelled(): the user said no, or stopped the
    // deletion part-way.
    int deletedCount() const { return m_deleted; }
    const QList<Failure> &failures() const { return m_failures; }

    // The lines listed in the confirmation: "crm-sync — called by: event · user.human.added".
    static QStringList describe(const QList<Target> &targets, const QHash<QString, QList<Execution>> &executions,
                                const QHash<QString, QString> &lookupErrors);

Q_SIGNALS:
    void targetDeleted(const QString &id);

protected:
    void doStart() override;
    // The "Stop" of the progress dialog: what is being deleted finishes, the rest is left.
    void doCancel() override;

private:
    void lookUpNext();
    void confirm();
    void deleteNext();
    void end(bool cancelled);

    ZitadelClient *m_client;
    Confirmer *m_confirmer;
    QPointer<QWidget> m_parentWidget;
    QList<Target> m_targets;
    QHash<QString, QList<Execution>> m_executions;
    QHash<QString, QString> m_lookupErrors;
    int m_nextLookup = 0;
    int m_lookupsRunning = 0;
    int m_nextDelete = 0;
    int m_deleted = 0;
    bool m_stopped = false;
    QList<Failure> m_failures;
    QPointer<QProgressDialog> m_progress;
    int m_progressDelayMs = 400;
};

} // namespace targetdesk::gui
