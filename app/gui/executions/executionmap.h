#pragma once

#include "checks/checkengine.h"
#include "model/execution.h"

#include <QWidget>

class QComboBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace targetdesk::gui
{

// The execution map: which conditions call each target (by target), and which targets each condition calls, in
// order (by condition). Activating an entry below a target jumps to that condition in the other mode, and the other
// way round; activating a condition at the top opens it in the editor, a target opens it on the targets screen.
class ExecutionMap : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { ByTarget, ByCondition };

    explicit ExecutionMap(QWidget *parent = nullptr);

    void setSnapshot(const checks::Snapshot &snapshot);
    void setMode(Mode mode);
    Mode mode() const;
    QTreeWidget *tree() const { return m_tree; }
    QComboBox *modeBox() const { return m_mode; }
    // The top-level entry of a target (by target) or condition (by condition); null when there is none.
    QTreeWidgetItem *topItem(const QString &key) const;
    // Shows `key` (a target id or a condition's toText()) at the top in the mode that lists it and selects it.
    void showTarget(const QString &targetId);
    void showCondition(const ExecutionCondition &condition);

    // Item data: what an entry stands for.
    static constexpr int KeyRole = Qt::UserRole; // target id or condition text
    static constexpr int IsTargetRole = Qt::UserRole + 1;

Q_SIGNALS:
    void executionRequested(const ExecutionCondition &condition);
    void targetRequested(const QString &targetId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void fitNameColumn();
    void onActivated(QTreeWidgetItem *item);

    checks::Snapshot m_snapshot;
    QComboBox *m_mode;
    QTreeWidget *m_tree;
    int m_nameWidth = 0; // what the names need
};

} // namespace targetdesk::gui
