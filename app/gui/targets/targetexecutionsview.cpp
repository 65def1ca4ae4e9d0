#include "targets/targetexecutionsview.h"

#include "commands/loadtargetexecutionscommand.h"

#include <QFontMetrics>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

TargetExecutionsView::TargetExecutionsView(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_status(new QLabel(this)), m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("executionsView"));
    m_status->setObjectName(QStringLiteral("executionsStatus"));
    m_status->setWordWrap(true);
    // Mouse only: the list after it is what the keyboard visits.
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_list->setObjectName(QStringLiteral("executionsList"));
    m_list->setAccessibleName(tr("Executions that call this target"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setUniformItemSizes(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_list);
    showTarget(QString());
}

void TargetExecutionsView::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setAccessibleName(text.isEmpty() ? tr("Executions") : text);
}

QString TargetExecutionsView::statusText() const
{
    return m_status->text();
}

QString TargetExecutionsView::itemText(const Execution &execution, const QString &targetId)
{
    const QString condition = execution.condition.displayText();
    const qsizetype count = execution.targets.size();
    if (count <= 1)
        return condition;
    const qsizetype position = execution.targets.indexOf(targetId) + 1;
    return tr("%1  (target %2 of %3)").arg(condition).arg(position).arg(count);
}

void TargetExecutionsView::showTarget(const QString &targetId)
{
    if (targetId == m_targetId && (isLoading() || !m_executions.isEmpty()))
        return;
    m_targetId = targetId;
    reload();
}

void TargetExecutionsView::reload()
{
    // A load for another target (or an older one for this) is dropped without a word.
    delete m_load;
    m_executions.clear();
    m_list->clear();
    m_list->hide();
    if (m_targetId.isEmpty()) {
        setStatus(QString());
        return;
    }
    setStatus(tr("Loading executions…"));
    auto *command = new LoadTargetExecutionsCommand(m_client, m_targetId, this);
    m_load = command;
    connect(command, &Command::finished, this, [this, command] { onLoaded(command); });
    command->start();
}

void TargetExecutionsView::onLoaded(LoadTargetExecutionsCommand *command)
{
    if (command->targetId() != m_targetId)
        return;
    m_load = nullptr;
    if (const auto &error = command->error()) {
        if (error->kind != ApiError::Kind::Cancelled)
            setStatus(tr("Could not load the executions: %1").arg(error->toString()));
        return;
    }
    m_executions = command->executions();
    if (m_executions.isEmpty()) {
        setStatus(tr("No execution calls this target yet, so ZITADEL never calls it."));
    } else {
        setStatus(tr("ZITADEL calls this target on:"));
        for (const Execution &e : std::as_const(m_executions)) {
            auto *item = new QListWidgetItem(itemText(e, command->targetId()), m_list);
            item->setToolTip(
                tr("%1\nCalls %n target(s) in order", nullptr, int(e.targets.size())).arg(e.condition.displayText()));
        }
        // Tall enough for every entry up to a handful; more scroll.
        const int rows = int(std::min<qsizetype>(m_executions.size(), 6));
        m_list->setFixedHeight(rows * (m_list->fontMetrics().height() + 6) + 2 * m_list->frameWidth() + 4);
        m_list->show();
    }
    Q_EMIT loaded();
}

} // namespace targetdesk::gui
