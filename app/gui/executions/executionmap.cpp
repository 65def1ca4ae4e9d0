#include "executions/executionmap.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

ExecutionMap::ExecutionMap(QWidget *parent)
    : QWidget(parent), m_mode(new QComboBox(this)), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("executionMap"));
    setAccessibleName(tr("Execution map"));

    m_mode->setObjectName(QStringLiteral("mapMode"));
    m_mode->setAccessibleName(tr("Show the map"));
    m_mode->addItem(tr("By target: which conditions call it"), int(Mode::ByTarget));
    m_mode->addItem(tr("By condition: which targets it calls"), int(Mode::ByCondition));
    auto *label = new QLabel(tr("&Show:"), this);
    label->setBuddy(m_mode);

    m_tree->setObjectName(QStringLiteral("mapTree"));
    m_tree->setAccessibleName(tr("Execution map"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Name"), tr("Details")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setUniformRowHeights(true);
    // A header and a few rows is enough to start with; the window may be small (200 % scale).
    m_tree->setMinimumHeight(fontMetrics().height() * 4);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->setAlternatingRowColors(true);

    // The way to navigate, where it is needed; a label would cost a row at 200 % scale.
    const QString hint = tr("Enter or double-click an entry below a target or condition to jump to it.");
    m_tree->setToolTip(hint);
    m_tree->setAccessibleDescription(hint);
    m_mode->setToolTip(hint);

    auto *top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_mode, 1);
    auto *layout = new QVBoxLayout(this);
    const int margin = fontMetrics().averageCharWidth();
    layout->setContentsMargins(margin, margin, margin, margin);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);

    m_tree->viewport()->installEventFilter(this);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ExecutionMap::rebuild);
    connect(m_tree, &QTreeWidget::itemActivated, this, &ExecutionMap::onActivated);
}

void ExecutionMap::setSnapshot(const checks::Snapshot &snapshot)
{
    m_snapshot = snapshot;
    rebuild();
}

void ExecutionMap::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

ExecutionMap::Mode ExecutionMap::mode() const
{
    return Mode(m_mode->currentData().toInt());
}

QTreeWidgetItem *ExecutionMap::topItem(const QString &key) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->data(0, KeyRole).toString() == key)
            return m_tree->topLevelItem(i);
    }
    return nullptr;
}

void ExecutionMap::showTarget(const QString &targetId)
{
    setMode(Mode::ByTarget);
    if (QTreeWidgetItem *item = topItem(targetId)) {
        m_tree->setCurrentItem(item);
        item->setExpanded(true);
        m_tree->scrollToItem(item, QAbstractItemView::PositionAtTop);
    }
}

void ExecutionMap::showCondition(const ExecutionCondition &condition)
{
    setMode(Mode::ByCondition);
    if (QTreeWidgetItem *item = topItem(condition.toText())) {
        m_tree->setCurrentItem(item);
        item->setExpanded(true);
        m_tree->scrollToItem(item, QAbstractItemView::PositionAtTop);
    }
}

void ExecutionMap::rebuild()
{
    m_tree->clear();
    QHash<QString, Target> targets;
    for (const Target &t : std::as_const(m_snapshot.targets))
        targets.insert(t.id, t);
    auto targetItem = [&](QTreeWidgetItem *parent, const QString &id, const QString &details) {
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        const auto t = targets.constFind(id);
        item->setText(0, t == targets.cend() ? tr("%1 (no such target)").arg(id) : t->name);
        item->setText(1, details);
        item->setToolTip(0, t == targets.cend() ? id : t->endpoint);
        item->setData(0, KeyRole, id);
        item->setData(0, IsTargetRole, true);
        return item;
    };
    auto conditionItem = [&](QTreeWidgetItem *parent, const Execution &e, const QString &details) {
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        item->setText(0, e.condition.displayText());
        item->setText(1, details);
        item->setToolTip(0, e.condition.toText());
        item->setData(0, KeyRole, e.condition.toText());
        item->setData(0, IsTargetRole, false);
        return item;
    };
    auto badges = [&](const QString &id) {
        const auto t = targets.constFind(id);
        if (t == targets.cend())
            return tr("missing: ZITADEL skips it");
        QString text = tr("%1 · %2").arg(targetTypeName(t->type), payloadTypeName(t->effectivePayloadType()).toUpper());
        if (t->interruptOnError)
            text += tr(" · interrupts");
        return text;
    };

    if (mode() == Mode::ByTarget) {
        QList<Target> sorted = m_snapshot.targets;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Target &a, const Target &b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
        for (const Target &t : std::as_const(sorted)) {
            QList<const Execution *> calling;
            for (const Execution &e : std::as_const(m_snapshot.executions)) {
                if (e.targets.contains(t.id))
                    calling.append(&e);
            }
            QTreeWidgetItem *top = targetItem(
                nullptr, t.id,
                calling.isEmpty() ? tr("%1 · not called").arg(badges(t.id))
                                  : tr("%1 · %n condition(s)", nullptr, int(calling.size())).arg(badges(t.id)));
            for (const Execution *e : std::as_const(calling)) {
                const int place = int(e->targets.indexOf(t.id)) + 1;
                conditionItem(top, *e,
                              e->targets.size() > 1 ? tr("target %1 of %2").arg(place).arg(e->targets.size())
                                                    : tr("its only target"));
            }
        }
    } else {
        QList<Execution> sorted = m_snapshot.executions;
        std::sort(sorted.begin(), sorted.end(), [](const Execution &a, const Execution &b) {
            return a.condition.executionId() < b.condition.executionId();
        });
        for (const Execution &e : std::as_const(sorted)) {
            QTreeWidgetItem *top =
                conditionItem(nullptr, e, tr("calls %n target(s) in order", nullptr, int(e.targets.size())));
            int place = 0;
            for (const QString &id : e.targets)
                targetItem(top, id, tr("%1. %2").arg(++place).arg(badges(id)));
        }
    }
    m_tree->expandAll();
    m_tree->resizeColumnToContents(0);
    m_nameWidth = m_tree->columnWidth(0);
    fitNameColumn();
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
}

void ExecutionMap::fitNameColumn()
{
    // Room for the details too: long method names elide rather than push them out of sight.
    const int room = std::max(m_tree->viewport()->width() * 3 / 5, fontMetrics().averageCharWidth() * 30);
    m_tree->setColumnWidth(0, std::min(m_nameWidth, room));
}

bool ExecutionMap::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        fitNameColumn();
    return QWidget::eventFilter(watched, event);
}

void ExecutionMap::onActivated(QTreeWidgetItem *item)
{
    const QString key = item->data(0, KeyRole).toString();
    const bool isTarget = item->data(0, IsTargetRole).toBool();
    if (item->parent()) {
        // Below a target or condition: jump to it in the other mode.
        if (isTarget) {
            showTarget(key);
        } else if (const auto parsed = executionConditionFromText(key).condition) {
            showCondition(*parsed);
        }
        return;
    }
    if (isTarget)
        Q_EMIT targetRequested(key);
    else if (const auto parsed = executionConditionFromText(key).condition)
        Q_EMIT executionRequested(*parsed);
}

} // namespace targetdesk::gui
