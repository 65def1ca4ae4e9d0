#include "commands/deletetargetscommand.h"

#include "api/zitadelclient.h"
#include "widgets/confirmer.h"

#include <QProgressDialog>

namespace targetdesk::gui
{

namespace
{
constexpr int maxParallelLookups = 4;
constexpr int maxNamedTargets = 10;
} // namespace

DeleteTargetsCommand::DeleteTargetsCommand(ZitadelClient *client, Confirmer *confirmer, QWidget *parentWidget,
                                           QList<Target> targets, QObject *parent)
    : Command(parent), m_client(client), m_confirmer(confirmer), m_parentWidget(parentWidget),
      m_targets(std::move(targets))
{
}

DeleteTargetsCommand::~DeleteTargetsCommand()
{
    // The call under way has this command as its context: the client drops it without calling back.
    delete m_progress;
}

void DeleteTargetsCommand::doStart()
{
    if (m_targets.isEmpty()) {
        end(true);
        return;
    }
    lookUpNext();
}

void DeleteTargetsCommand::doCancel()
{
    m_stopped = true;
}

void DeleteTargetsCommand::lookUpNext()
{
    while (m_lookupsRunning < maxParallelLookups && m_nextLookup < m_targets.size()) {
        const Target target = m_targets.at(m_nextLookup++);
        ++m_lookupsRunning;
        ExecutionQuery query;
        query.targetId = target.id;
        query.limit = 1000;
        m_client->listExecutions(query, this, [this, id = target.id](Result<ExecutionPage> result) {
            --m_lookupsRunning;
            if (result)
                m_executions.insert(id, result->executions);
            else
                m_lookupErrors.insert(id, result.error().toString());
            if (m_nextLookup < m_targets.size())
                lookUpNext();
            else if (m_lookupsRunning == 0)
                confirm();
        });
    }
}

QStringList DeleteTargetsCommand::describe(const QList<Target> &targets,
                                           const QHash<QString, QList<Execution>> &executions,
                                           const QHash<QString, QString> &lookupErrors)
{
    QStringList lines;
    const bool single = targets.size() == 1;
    for (const Target &t : targets) {
        QStringList conditions;
        for (const Execution &e : executions.value(t.id))
            conditions.append(e.condition.displayText());
        QString line;
        if (lookupErrors.contains(t.id))
            line = tr("could not check its executions: %1").arg(lookupErrors.value(t.id));
        else if (conditions.isEmpty())
            line = single ? QString() : tr("no executions");
        else
            line = conditions.join(QStringLiteral("; "));
        if (single) {
            // One target: its name is in the question; list its executions one per line.
            if (!lookupErrors.contains(t.id) && !conditions.isEmpty())
                lines.append(conditions);
            else if (!line.isEmpty())
                lines.append(line);
        } else {
            lines.append(tr("%1 — %2").arg(t.name, line));
        }
    }
    return lines;
}

void DeleteTargetsCommand::confirm()
{
    Prompt prompt;
    prompt.id = QStringLiteral("deleteTargets");
    prompt.tone = Prompt::Tone::Warning;
    prompt.destructive = true;
    prompt.rejectText = tr("Cancel");
    int calledBy = 0;
    for (const auto &list : std::as_const(m_executions))
        calledBy += list.isEmpty() ? 0 : 1;
    const int count = int(m_targets.size());
    if (count == 1) {
        const Target &t = m_targets.first();
        prompt.title = tr("Delete Target");
        prompt.text = tr("Delete the target “%1”?").arg(t.name);
        const int executions = int(m_executions.value(t.id).size());
        if (executions > 0)
            prompt.informativeText = tr("ZITADEL also removes it from the %n execution(s) listed above; they stop "
                                        "calling it. This cannot be undone.",
                                        nullptr, executions);
        else
            prompt.informativeText = tr("No execution calls it. This cannot be undone.");
        prompt.acceptText = tr("Delete Target");
    } else {
        prompt.title = tr("Delete Targets");
        prompt.text = tr("Delete %Ln target(s)?", nullptr, count);
        prompt.informativeText = calledBy > 0 ? tr("ZITADEL also removes them from the executions listed; they stop "
                                                   "calling them. This cannot be undone.")
                                              : tr("No execution calls them. This cannot be undone.");
        prompt.acceptText = tr("Delete %Ln Target(s)", nullptr, count);
    }
    prompt.items = describe(m_targets, m_executions, m_lookupErrors);
    if (count > maxNamedTargets && prompt.items.size() > maxNamedTargets) {
        // The message box moves long lists into its details; keep a readable start in view.
        prompt.informativeText = tr("%1, %2, %3 and %Ln more.", nullptr, count - 3)
                                     .arg(m_targets.at(0).name, m_targets.at(1).name, m_targets.at(2).name) +
                                 QLatin1Char('\n') + prompt.informativeText;
    }
    if (!m_confirmer || !m_confirmer->confirm(m_parentWidget, prompt)) {
        end(true);
        return;
    }
    if (count > 1) {
        m_progress = new QProgressDialog(tr("Deleting targets…"), tr("Stop"), 0, count, m_parentWidget);
        m_progress->setObjectName(QStringLiteral("deleteProgressDialog"));
        m_progress->setWindowTitle(tr("Delete Targets"));
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setMinimumDuration(m_progressDelayMs);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setValue(0);
        connect(m_progress, &QProgressDialog::canceled, this, &DeleteTargetsCommand::cancel);
    }
    deleteNext();
}

void DeleteTargetsCommand::deleteNext()
{
    const int total = int(m_targets.size());
    if (m_stopped || m_nextDelete >= total) {
        end(m_stopped);
        return;
    }
    const Target target = m_targets.at(m_nextDelete++);
    if (m_progress)
        m_progress->setLabelText(tr("Deleting “%1” (%2 of %3)…").arg(target.name).arg(m_nextDelete).arg(total));
    track(m_client->deleteTarget(target.id, this, [this, target, total](Result<DeleteTargetResponse> result) {
        if (result) {
            ++m_deleted;
            Q_EMIT targetDeleted(target.id);
        } else {
            m_failures.append({target, result.error()});
        }
        const int done = m_nextDelete;
        if (m_progress && !m_stopped)
            m_progress->setValue(done);
        Q_EMIT progress(done, total);
        deleteNext();
    }));
}

void DeleteTargetsCommand::end(bool cancelled)
{
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
    if (cancelled)
        setCancelled();
    finish();
}

} // namespace targetdesk::gui
