#pragma once

#include "connectioninfo.h"

#include <QMainWindow>

class QLabel;
class QProgressBar;

namespace targetdesk
{
class ZitadelClient;
}

namespace targetdesk::gui
{

class Confirmer;
class TargetListPanel;
class TargetWorkspace;

// The application window: the targets workspace of one instance (list and editor), its menus and a status bar with
// counts and progress.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Starts loading the targets right away.
    explicit MainWindow(const ConnectionInfo &connection, QWidget *parent = nullptr);
    ~MainWindow() override;

    const ConnectionInfo &connection() const { return m_connection; }
    ZitadelClient *client() const { return m_client; }
    TargetListPanel *targetList() const { return m_targetList; }
    TargetWorkspace *workspace() const { return m_workspace; }
    // Not owned; for tests that answer questions in advance.
    void setConfirmer(Confirmer *confirmer);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void updateCount();
    void updateProgress(quint64 loaded, quint64 total);
    void showAbout();
    void saveSettings() const;
    void restoreSettings();

    ConnectionInfo m_connection;
    ZitadelClient *m_client;
    TargetWorkspace *m_workspace;
    TargetListPanel *m_targetList;
    QLabel *m_countLabel = nullptr;
    QProgressBar *m_loadingIndicator = nullptr;
    QLabel *m_connectionLabel = nullptr;
};

} // namespace targetdesk::gui
