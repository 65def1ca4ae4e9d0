#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace targetdesk::keys
{
class BreakGlass;
}

namespace targetdesk::gui
{

// The progress of an emergency deactivation: one row per target with its result, a summary, and Retry for the
// targets that failed. A window of its own (not modal): the admin keeps working while it runs.
class BreakGlassView : public QWidget
{
    Q_OBJECT
public:
    // Takes ownership of `command` (lib/keys' instance-wide deactivation, not started yet).
    explicit BreakGlassView(keys::BreakGlass *command, QWidget *parent = nullptr);

    keys::BreakGlass *command() const { return m_command; }
    QTreeWidget *resultList() const { return m_list; }
    QPushButton *retryButton() const { return m_retry; }
    QLabel *summaryLabel() const { return m_summary; }
    QProgressBar *progressBar() const { return m_progress; }

private:
    void onListed(int count);
    void updateRow(int index);
    void updateSummary();

    keys::BreakGlass *m_command;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QTreeWidget *m_list;
    QPushButton *m_retry;
    QPushButton *m_close;
};

} // namespace targetdesk::gui
