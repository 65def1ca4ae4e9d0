#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QToolBar;

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class Vault;
}
} // namespace targetdesk

namespace targetdesk::gui
{

class AuditLogView;
class BreakGlassView;
class KeyOperations;
class KeyPanel;
class TargetWorkspace;

// Puts key management into the main window: the key panel as a dock that follows the selected target, the Keys menu
// and toolbar (emergency deactivation of every active key, the audit log), and the wiring that refreshes the target
// list's "Active key" column after key operations.
class KeyManagement : public QObject
{
    Q_OBJECT
public:
    KeyManagement(ZitadelClient *client, TargetWorkspace *workspace, QMainWindow *window);
    ~KeyManagement() override;

    // Not owned; must outlive the window. Null: no private keys are kept.
    void setVault(vault::Vault *vault);

    KeyOperations *operations() const { return m_operations; }
    KeyPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    QMenu *menu() const { return m_menu; }
    QToolBar *toolBar() const { return m_toolBar; }
    QAction *emergencyAction() const { return m_emergencyAction; }
    QAction *auditLogAction() const { return m_auditLogAction; }
    QAction *showPanelAction() const { return m_showPanelAction; }
    // The last opened windows, or null.
    BreakGlassView *emergencyView() const;
    AuditLogView *auditLogView() const;

    // The dock takes space only while one target is selected, unless the user closed it (remembered) or floated it
    // (it then stays where it was put). The main window calls this after restoring its saved layout.
    void updatePanelVisibility();
    bool panelClosedByUser() const { return m_closedByUser; }

public Q_SLOTS:
    void showPanel();
    void emergencyDeactivateAll();
    void showAuditLog();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void followSelection();
    void setClosedByUser(bool closed);
    void refreshSummary(const QString &targetId);

    ZitadelClient *m_client;
    TargetWorkspace *m_workspace;
    QMainWindow *m_window;
    KeyOperations *m_operations;
    KeyPanel *m_panel;
    QDockWidget *m_dock;
    QMenu *m_menu;
    QToolBar *m_toolBar;
    QAction *m_emergencyAction;
    QAction *m_auditLogAction;
    QAction *m_showPanelAction;
    QPointer<BreakGlassView> m_emergencyView;
    QPointer<AuditLogView> m_auditLogView;
    bool m_closedByUser = false;
    bool m_sizedOnce = false;
};

} // namespace targetdesk::gui
