#pragma once

#include "checks/checkengine.h"
#include "model/execution.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class Confirmer;
class SetExecutionCommand;

// Edits one execution: its condition (kind, scope and value, completed from the instance's catalogues) and its
// ordered targets (added from a searchable picker, removed, reordered by drag or Alt+Up / Alt+Down). Shows which
// calls the condition actually handles and which more specific executions take calls away, and the problems ZITADEL
// would have with it, live. Saving asks about those problems first, runs SetExecutionCommand and says what did not
// take; an empty target list deletes the execution after asking. The client and confirmer are not owned.
class ExecutionEditor : public QWidget
{
    Q_OBJECT
public:
    ExecutionEditor(ZitadelClient *client, QWidget *parent = nullptr);

    void setConfirmer(Confirmer *confirmer) { m_confirmer = confirmer; }
    // What the editor completes from and checks against; `services` come from ListExecutionServices, `events` are
    // the event types to complete (the snapshot's are those known to exist).
    void setSnapshot(const checks::Snapshot &snapshot, const QStringList &services, const QStringList &events);

    // Shows an existing execution.
    void openExecution(const Execution &execution);
    // A new execution calling `targets` (e.g. "Add to execution…" from a target); the condition is to be chosen.
    void newExecution(const QStringList &targets = {});
    // Asks whether to drop unsaved changes, if there are any. True when leaving is fine.
    bool confirmLeave();

    bool isDirty() const { return m_dirty; }
    bool isSaving() const { return !m_save.isNull(); }
    // The condition as entered; nullopt (with the reason in `error`) when it is not complete or not valid.
    std::optional<ExecutionCondition> condition(QString *error = nullptr) const;
    QStringList targetIds() const;
    void setCondition(const ExecutionCondition &condition);
    // Appends targets that are not in the list yet.
    void addTargets(const QStringList &ids);
    // Moves the current target one place up (-1) or down (+1).
    void moveCurrent(int delta);
    void removeCurrent();

    QComboBox *kindBox() const { return m_kind; }
    QComboBox *scopeBox() const { return m_scope; }
    QLineEdit *valueField() const { return m_value; }
    QListWidget *targetList() const { return m_targets; }
    QLabel *coverageLabel() const { return m_coverage; }
    QLabel *warningsLabel() const { return m_warnings; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *saveButton() const { return m_saveButton; }
    QPushButton *deleteButton() const { return m_deleteButton; }
    QPushButton *addButton() const { return m_addButton; }
    QCompleter *completer() const { return m_completer; }

    // The problems checkProposed finds for the execution as entered (empty when the condition is incomplete).
    QList<checks::Finding> proposedFindings() const;

public Q_SLOTS:
    void save();
    void deleteExecution();
    void pickTargets();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    // After a save or deletion (read back): the workspace reloads. `message` is one line for the status bar.
    void changed(const QString &message);

private:
    void onKindChanged();
    void onConditionEdited();
    void updateCompletion();
    void updateAnalysis();
    void updateButtons();
    void setDirty(bool dirty);
    void setStatus(const QString &text, bool problem = false);
    void runSave(const ExecutionCondition &condition, const QStringList &targets);
    QString targetText(const QString &id) const;
    QString coverageText(const ExecutionCondition &condition, const QStringList &targets) const;

    ZitadelClient *m_client;
    Confirmer *m_confirmer = nullptr;
    checks::Snapshot m_snapshot;
    QStringList m_services;
    QStringList m_events;
    std::optional<ExecutionCondition> m_original; // the execution as opened; nullopt for a new one
    QString m_keptNote;        // said after saving when the condition was changed: the opened execution stays
    QString m_mergedCondition; // a new execution took over the targets of this existing one already
    bool m_dirty = false;
    bool m_loadingForm = false;
    QPointer<SetExecutionCommand> m_save;

    QLabel *m_title;
    QComboBox *m_kind;
    QComboBox *m_scope;
    QLineEdit *m_value;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QLabel *m_conditionProblem;
    QListWidget *m_targets;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QPushButton *m_upButton;
    QPushButton *m_downButton;
    QLabel *m_coverage;
    QLabel *m_warnings;
    QLabel *m_status;
    QPushButton *m_saveButton;
    QPushButton *m_deleteButton;
};

} // namespace targetdesk::gui
