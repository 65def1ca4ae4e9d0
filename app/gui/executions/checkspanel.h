#pragma once

#include "checks/checkengine.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace targetdesk::gui
{

// The findings of the check engine over the instance: severity, what it is about and what is wrong, with what
// ZITADEL does because of it and how to fix it for the current one. One click (or Enter) jumps to the target or
// execution a finding is about.
class ChecksPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChecksPanel(QWidget *parent = nullptr);

    void setFindings(const QList<checks::Finding> &findings);
    const QList<checks::Finding> &findings() const { return m_findings; }
    // Findings at warning or error level: what the badge counts.
    int problemCount() const;
    QTreeWidget *list() const { return m_list; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *refreshButton() const { return m_refresh; }
    QPushButton *lookUpHostsButton() const { return m_lookUpHosts; }
    // "3 problems" / "No problems".
    static QString problemText(int count);

Q_SIGNALS:
    void targetRequested(const QString &targetId);
    void executionRequested(const ExecutionCondition &condition);
    void refreshRequested();
    // Look up the endpoints' host names from this machine (DNS), on request only.
    void lookUpHostsRequested();

private:
    void showDetails();
    void jump(QTreeWidgetItem *item);

    QList<checks::Finding> m_findings;
    QLabel *m_summary;
    QPushButton *m_refresh;
    QPushButton *m_lookUpHosts;
    QTreeWidget *m_list;
    QLabel *m_details;
};

} // namespace targetdesk::gui
