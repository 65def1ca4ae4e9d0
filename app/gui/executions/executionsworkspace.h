#pragma once

#include "checks/hostresolver.h"

#include "checks/checkengine.h"
#include "model/execution.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTreeWidget;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class ChecksPanel;
class Confirmer;
class ExecutionEditor;
class ExecutionMap;
class LoadExecutionSnapshotCommand;

// The executions screen: every execution of the instance (kind, condition, its targets in order with type and
// payload badges, dates) with search and filters by kind and target, beside tabs for the editor, the execution map
// and the checks. Everything comes from one LoadExecutionSnapshotCommand (all pages of targets and executions, the
// catalogues for completion, what the checks need), reloaded after every change and with F5. The client is not
// owned and must outlive the workspace.
class ExecutionsWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit ExecutionsWorkspace(ZitadelClient *client, QWidget *parent = nullptr);
    ~ExecutionsWorkspace() override;

    void setConfirmer(Confirmer *confirmer);

    ExecutionEditor *editor() const { return m_editor; }
    ExecutionMap *map() const { return m_map; }
    ChecksPanel *checks() const { return m_checks; }
    // Which endpoint hosts resolve (asked only when the user asks; tests replace its lookup).
    checks::HostResolver *hostResolver() const { return m_hosts; }
    QTreeWidget *list() const { return m_list; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *kindFilter() const { return m_kindFilter; }
    QComboBox *targetFilter() const { return m_targetFilter; }
    QTabWidget *tabs() const { return m_tabs; }
    bool isEditorShown() const;
    QAction *refreshAction() const { return m_refreshAction; }
    QAction *newAction() const { return m_newAction; }
    QAction *mapAction() const { return m_mapAction; }
    QAction *checksAction() const { return m_checksAction; }

    bool isLoading() const { return !m_load.isNull(); }
    bool hasLoaded() const { return m_loaded; }
    const checks::Snapshot &snapshot() const { return m_snapshot; }
    int problemCount() const;
    // The executions shown after search and filters, in list order (their conditions' text form).
    QStringList visibleConditions() const;
    // "12 executions" or "3 of 12 executions shown" (the status bar's count while this screen is shown); empty
    // until the first load.
    QString countText() const { return m_countText; }

    // Opens an execution in the editor (after asking about unsaved changes); false when there is no such execution
    // or the user kept editing.
    bool openExecution(const ExecutionCondition &condition);
    // "Add to execution…" from a target: a new execution in the editor with this target, the condition to choose.
    void addTarget(const QString &targetId);
    // Removes one target from one execution (asks first when it is the last one: the execution then goes).
    void removeTarget(const ExecutionCondition &condition, const QString &targetId);
    bool confirmLeave();

public Q_SLOTS:
    void refresh();
    void newExecution();
    void showEditor();
    void showMap();
    void showChecks();

Q_SIGNALS:
    void statusMessage(const QString &text);
    void problemCountChanged(int count);
    // After a load; also after every change made here (the targets screen reloads what it shows).
    void loaded();
    void executionsChanged();
    void targetRequested(const QString &targetId);
    void countTextChanged(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Runs the check engine over the loaded snapshot, with what is known of the endpoint hosts.
    void runChecks();
    void onLoaded(LoadExecutionSnapshotCommand *command);
    void rebuildList();
    void applyFilter();
    void rebuildTargetFilter();
    void onCurrentChanged();
    // Kind and dates as wide as their texts; the condition whole as long as the targets keep a fair share.
    void fitColumns();
    QString targetBadge(const QString &id) const;

    ZitadelClient *m_client;
    std::unique_ptr<Confirmer> m_defaultConfirmer;
    Confirmer *m_confirmer;
    checks::Snapshot m_snapshot;
    QStringList m_services;
    bool m_loaded = false;
    bool m_laidOut = false;
    bool m_selecting = false;
    bool m_fittingColumns = false;
    bool m_conditionWidthByUser = false; // the user dragged the column: their width stays
    QString m_countText;
    QPointer<LoadExecutionSnapshotCommand> m_load;

    QLineEdit *m_search;
    QComboBox *m_kindFilter;
    QComboBox *m_targetFilter;
    QLabel *m_state;
    QTreeWidget *m_list;
    QTabWidget *m_tabs;
    QSplitter *m_splitter;
    ExecutionEditor *m_editor;
    ExecutionMap *m_map;
    ChecksPanel *m_checks;
    checks::HostResolver *m_hosts;
    QAction *m_refreshAction;
    QAction *m_newAction;
    QAction *m_mapAction;
    QAction *m_checksAction;
};

} // namespace targetdesk::gui
