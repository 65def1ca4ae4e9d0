#include "targets/targetexecutionsview.h"

#include "commands/loadtargetexecutionscommand.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace targetdesk::gui
{

TargetExecutionsView::TargetExecutionsView(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_status(new QLabel(this)), m_list(new QListWidget(this)),
      m_addButton(new QPushButton(tr("Add to E&xecution…"), this)), m_openButton(new QPushButton(tr("Open"), this)),
      m_removeButton(new QPushButton(tr("Remove…"), this))
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

    m_addButton->setObjectName(QStringLiteral("addToExecutionButton"));
    m_addButton->setAccessibleName(tr("Add this target to an execution"));
    m_openButton->setObjectName(QStringLiteral("openExecutionButton"));
    m_openButton->setAccessibleName(tr("Open the selected execution"));
    m_removeButton->setObjectName(QStringLiteral("removeFromExecutionButton"));
    m_removeButton->setAccessibleName(tr("Remove this target from the selected execution"));
    // Short labels: the form beside the list is narrow. Enter in the list opens the execution.
    m_openButton->setToolTip(tr("Open the selected execution on the Executions screen (Enter)"));
    m_removeButton->setToolTip(m_removeButton->accessibleName());
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_list);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, [this] { Q_EMIT addToExecutionRequested(m_targetId); });
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        if (const auto c = currentCondition())
            Q_EMIT openExecutionRequested(*c);
    });
    connect(m_list, &QListWidget::itemActivated, m_openButton, &QPushButton::click);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        if (const auto c = currentCondition())
            Q_EMIT removeFromExecutionRequested(*c, m_targetId);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &TargetExecutionsView::updateButtons);
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

std::optional<ExecutionCondition> TargetExecutionsView::currentCondition() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_executions.size() || m_list->isHidden())
        return std::nullopt;
    return m_executions.at(row).condition;
}

void TargetExecutionsView::updateButtons()
{
    m_addButton->setEnabled(!m_targetId.isEmpty());
    const bool current = currentCondition().has_value();
    m_openButton->setEnabled(current);
    m_removeButton->setEnabled(current);
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
    updateButtons();
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
        m_list->setCurrentRow(0);
    }
    updateButtons();
    Q_EMIT loaded();
}

} // namespace targetdesk::gui
