#pragma once

#include "model/execution.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class LoadTargetExecutionsCommand;

// The executions that call one target, with their conditions written out
// ("request · /zitadel.user.v2.UserService/AddHumanUser"), and what can be done from here: add the target to an
// execution, open one (Enter or double-click), remove the target from one. The view only asks for these (signals);
// the executions screen does them. Loads through LoadTargetExecutionsCommand; the client is not owned and must
// outlive the view.
class TargetExecutionsView : public QWidget
{
    Q_OBJECT
public:
    explicit TargetExecutionsView(ZitadelClient *client, QWidget *parent = nullptr);

    // Loads the executions of this target; an empty id clears the view.
    void showTarget(const QString &targetId);
    void reload();
    QString targetId() const { return m_targetId; }
    bool isLoading() const { return !m_load.isNull(); }
    const QList<Execution> &executions() const { return m_executions; }
    QListWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_addButton; }
    QPushButton *openButton() const { return m_openButton; }
    QPushButton *removeButton() const { return m_removeButton; }
    // The execution selected in the list, if any.
    std::optional<ExecutionCondition> currentCondition() const;
    QString statusText() const;

    // "event · user.human.added", plus the target's place when the execution calls several ("2nd of 3").
    static QString itemText(const Execution &execution, const QString &targetId);

Q_SIGNALS:
    void loaded();
    void addToExecutionRequested(const QString &targetId);
    void openExecutionRequested(const ExecutionCondition &condition);
    void removeFromExecutionRequested(const ExecutionCondition &condition, const QString &targetId);

private:
    void setStatus(const QString &text);
    void onLoaded(LoadTargetExecutionsCommand *command);
    void updateButtons();

    ZitadelClient *m_client;
    QString m_targetId;
    QList<Execution> m_executions;
    QPointer<LoadTargetExecutionsCommand> m_load; // owned (a child); null when idle
    QLabel *m_status;
    QListWidget *m_list;
    QPushButton *m_addButton;
    QPushButton *m_openButton;
    QPushButton *m_removeButton;
};

} // namespace targetdesk::gui
