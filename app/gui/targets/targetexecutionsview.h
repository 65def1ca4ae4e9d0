#pragma once

#include "model/execution.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class LoadTargetExecutionsCommand;

// Read-only: the executions that call one target, with their conditions written out
// ("request · /zitadel.user.v2.UserService/AddHumanUser"). Loads through LoadTargetExecutionsCommand; the client is
// not owned and must outlive the view.
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
    QString statusText() const;

    // "event · user.human.added", plus the target's place when the execution calls several ("2nd of 3").
    static QString itemText(const Execution &execution, const QString &targetId);

Q_SIGNALS:
    void loaded();

private:
    void setStatus(const QString &text);
    void onLoaded(LoadTargetExecutionsCommand *command);

    ZitadelClient *m_client;
    QString m_targetId;
    QList<Execution> m_executions;
    QPointer<LoadTargetExecutionsCommand> m_load; // owned (a child); null when idle
    QLabel *m_status;
    QListWidget *m_list;
};

} // namespace targetdesk::gui
