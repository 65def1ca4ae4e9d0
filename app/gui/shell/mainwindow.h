#pragma once

#include "connections/connectioninfo.h"

#include <QKeySequence>
#include <QList>
#include <QMainWindow>
#include <QPair>
#include <QPointer>
#include <QUrl>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class Vault;
}
namespace profiles
{
class ProfileStore;
}
} // namespace targetdesk

namespace targetdesk::gui
{

class Confirmer;
class ExecutionsWorkspace;
class InspectorWindow;
class KeyManagement;
class ProfileSwitcher;
class ProfilesDialog;
class SandboxHost;
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
    // The executions screen beside the targets screen (View menu, Ctrl+1 / Ctrl+2).
    // The executions screen; built once the window is on screen, or here when asked for earlier.
    ExecutionsWorkspace *executions() const;
    void showTargets();
    void showExecutions();
    bool isShowingExecutions() const;
    // The status bar's "3 problems" button: opens the checks.
    QToolButton *problemsButton() const { return m_problemsButton; }
    // Not owned; for tests that answer questions in advance.
    void setConfirmer(Confirmer *confirmer);
    // Not owned; must outlive the window. Where private keys go; without one, generating keys is off.
    void setVault(vault::Vault *vault);
    KeyManagement *keys() const { return m_keys; }
    // Shows the Payload Inspector (Tools menu, Ctrl+I), made on first use; it uses this window's connection.
    InspectorWindow *openInspector();
    // Starts Listen mode when `endpoint` is the app's own receiver and nothing listens there yet.
    void listenFor(const QUrl &endpoint);
    // The client talks to another instance now: title, status bar and every view follow.
    void onConnected(const QString &name);
    InspectorWindow *inspector() const { return m_inspector; }
    // Not owned; must outlive the window. Turns on the profile switcher (toolbar) and the Profiles dialog.
    void setProfileStore(profiles::ProfileStore *store);
    ProfileSwitcher *profileSwitcher() const { return m_profileSwitcher; }
    // Shows the Profiles dialog (Tools menu, Ctrl+Shift+P), made on first use.
    ProfilesDialog *openProfiles();
    // Not owned; must outlive the window. The local sandbox, started when the sandbox connection is used: a window
    // made with ConnectionInfo::sandbox({}, {}) shows "Loading targets…" until it listens (main() starts it after
    // show() when the window starts on it); switching to it later starts it then.
    void setSandboxHost(SandboxHost *host);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void updateCount();
    void updateProgress(quint64 loaded, quint64 total);
    void showAbout();
    void saveSettings() const;
    void restoreSettings();
    void ensureExecutions();
    void createExecutions();
    void createProblemsButton();
    void updateProblems(int count);
    void connectSandbox();
    void onSandboxListening(const QUrl &url, const QString &token);
    bool waitsForSandbox() const;

    ConnectionInfo m_connection;
    ZitadelClient *m_client;
    TargetWorkspace *m_workspace;
    TargetListPanel *m_targetList;
    KeyManagement *m_keys = nullptr;
    InspectorWindow *m_inspector = nullptr;
    vault::Vault *m_vault = nullptr;
    profiles::ProfileStore *m_profileStore = nullptr;
    ProfileSwitcher *m_profileSwitcher = nullptr;
    ProfilesDialog *m_profilesDialog = nullptr;
    SandboxHost *m_sandboxHost = nullptr;
    QLabel *m_countLabel = nullptr;
    QProgressBar *m_loadingIndicator = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_auditWarning = nullptr; // shown while audit log writes fail
    QStackedWidget *m_stack = nullptr;
    ExecutionsWorkspace *m_executions = nullptr;
    Confirmer *m_confirmer = nullptr; // set by tests; the workspaces use their own otherwise
    QToolButton *m_problemsButton = nullptr;
    QAction *m_showTargetsAction = nullptr;
    QAction *m_showExecutionsAction = nullptr;
    // The targets screen's window-wide shortcuts, off while the executions screen (with the same keys) is shown.
    QList<QPair<QAction *, QKeySequence>> m_targetShortcuts;
    QList<QPointer<QDockWidget>> m_hiddenDocks; // shown again with the targets
    QSize m_fillScreen;                         // the first start's whole-screen size, until shown
};

} // namespace targetdesk::gui
