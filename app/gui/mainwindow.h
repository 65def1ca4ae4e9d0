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

class TargetListPanel;

// The application window: the target list of one instance, its menus and a status bar with counts and progress.
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
    TargetListPanel *m_targetList;
    QLabel *m_countLabel = nullptr;
    QProgressBar *m_loadingIndicator = nullptr;
    QLabel *m_connectionLabel = nullptr;
};

} // namespace targetdesk::gui
