#include "keys/keymanagement.h"

#include "api/zitadelclient.h"
#include "keys/auditlogview.h"
#include "keys/breakglass.h"
#include "keys/breakglassview.h"
#include "keys/keyoperations.h"
#include "keys/keypanel.h"
#include "keys/keyworkflow.h"
#include "model/targetlistmodel.h"
#include "shell/appicons.h"
#include "targets/activekeyfetcher.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "widgets/confirmer.h"
#include "widgets/firstframe.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QToolBar>

#include <algorithm>

namespace targetdesk::gui
{

namespace
{
const auto closedByUserKey = QLatin1String("keyPanel/closedByUser");
const auto sizedKey = QLatin1String("keyPanel/sized");
} // namespace

KeyManagement::KeyManagement(ZitadelClient *client, TargetWorkspace *workspace, QMainWindow *window)
    : QObject(window), m_client(client), m_workspace(workspace), m_window(window),
      m_operations(new KeyOperations(client, this))
{
    setObjectName(QStringLiteral("keyManagement"));
    m_panel = new KeyPanel(m_operations);
    m_panel->setConfirmerSource([this] { return m_workspace->confirmer(); });
    // Its keys page (hidden until a target is selected) is built once the window is on screen.
    runAfterFirstFrame(window, m_panel, [panel = m_panel] { panel->ensureKeysPage(); });

    // A dock below list and editor: the key table is wide (fingerprints), the side panel is not.
    m_dock = new QDockWidget(tr("Public Keys"), window);
    m_dock->setObjectName(QStringLiteral("keyPanelDock"));
    m_dock->setAccessibleName(tr("Public keys"));
    m_dock->setWidget(m_panel);
    m_dock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea | Qt::TopDockWidgetArea);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_closedByUser = QSettings().value(closedByUserKey, false).toBool();
    // The dock's close button sends a close event; hiding it for want of a selection does not.
    m_dock->installEventFilter(this);

    m_showPanelAction = new QAction(tr("Show &Public Keys"), this);
    m_showPanelAction->setObjectName(QStringLiteral("showKeyPanelAction"));
    m_showPanelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_showPanelAction->setToolTip(tr("Show the public keys of the selected target"));
    connect(m_showPanelAction, &QAction::triggered, this, &KeyManagement::showPanel);

    m_emergencyAction = new QAction(tr("&Emergency: Deactivate All Active Keys…"), this);
    m_emergencyAction->setObjectName(QStringLiteral("emergencyDeactivateAllAction"));
    m_emergencyAction->setIconText(tr("Emergency: Deactivate All Keys"));
    m_emergencyAction->setToolTip(tr("Deactivate every active public key of every target of this instance"));
    m_emergencyAction->setIcon(actionIcon(QStringLiteral("process-stop")));
    connect(m_emergencyAction, &QAction::triggered, this, &KeyManagement::emergencyDeactivateAll);

    m_auditLogAction = new QAction(tr("&Audit Log"), this);
    m_auditLogAction->setObjectName(QStringLiteral("auditLogAction"));
    m_auditLogAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_auditLogAction->setToolTip(tr("Every key operation done on this machine"));
    m_auditLogAction->setIcon(actionIcon(QStringLiteral("document-open-recent")));
    connect(m_auditLogAction, &QAction::triggered, this, &KeyManagement::showAuditLog);

    m_menu = new QMenu(tr("&Keys"), window);
    m_menu->setObjectName(QStringLiteral("keysMenu"));
    m_menu->addAction(m_showPanelAction);
    m_menu->addSeparator();
    m_menu->addAction(m_panel->breakGlassAction());
    m_menu->addAction(m_panel->activateAction());
    m_menu->addAction(m_panel->removeAction());
    m_menu->addSeparator();
    m_menu->addAction(m_panel->generateAction());
    m_menu->addAction(m_panel->pasteAction());
    m_menu->addAction(m_panel->rotateAction());
    m_menu->addSeparator();
    m_menu->addAction(m_panel->copyKeyIdAction());
    m_menu->addAction(m_panel->copyFingerprintAction());
    m_menu->addAction(m_panel->reloadAction());
    m_menu->addSeparator();
    m_menu->addAction(m_emergencyAction);
    m_menu->addAction(m_auditLogAction);
    m_menu->addSeparator();
    m_menu->addAction(m_dock->toggleViewAction());
    m_dock->toggleViewAction()->setObjectName(QStringLiteral("toggleKeyPanelAction"));
    m_dock->toggleViewAction()->setText(tr("Key Panel"));
    // Only a person triggers the action (the menu or its shortcut): their choice is remembered.
    connect(m_dock->toggleViewAction(), &QAction::triggered, this, [this](bool shown) { setClosedByUser(!shown); });

    m_toolBar = new QToolBar(tr("Keys"), window);
    m_toolBar->setObjectName(QStringLiteral("keysToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_emergencyAction);
    m_toolBar->addAction(m_auditLogAction);
    window->addToolBar(Qt::TopToolBarArea, m_toolBar);

    // Shortcuts work wherever the focus is, menu bar shown or not.
    window->addAction(m_showPanelAction);
    window->addAction(m_auditLogAction);
    window->addAction(m_panel->breakGlassAction());

    TargetListPanel *list = m_workspace->listPanel();
    connect(list, &TargetListPanel::selectionChanged, this, &KeyManagement::followSelection);
    connect(list->model(), &QAbstractItemModel::modelReset, this, &KeyManagement::followSelection);
    connect(m_workspace, &TargetWorkspace::keysRequested, this, [this](const QString &) { showPanel(); });
    connect(m_operations, &KeyOperations::keysChanged, this, &KeyManagement::refreshSummary);
    connect(m_operations, &KeyOperations::keysLoaded, this, [this](const QString &id, const QList<PublicKey> &keys) {
        // What the panel just read is the freshest summary there is.
        m_workspace->listPanel()->model()->setKeySummary(id, TargetKeySummary::fromKeys(keys));
    });
    connect(m_panel, &KeyPanel::statusMessage, m_workspace, &TargetWorkspace::statusMessage);
    followSelection();
}

KeyManagement::~KeyManagement()
{
    // Before the client goes: operations in flight must find no one.
    delete m_emergencyView;
    delete m_auditLogView;
    delete m_dock;
}

BreakGlassView *KeyManagement::emergencyView() const
{
    return m_emergencyView;
}

AuditLogView *KeyManagement::auditLogView() const
{
    return m_auditLogView;
}

void KeyManagement::setVault(vault::Vault *vault)
{
    // The keychain is asked once the window is on screen: the first call loads the keychain's library, which would
    // hold the first frame back (issue 14's start-up time).
    m_operations->setVault(vault, KeyOperations::KeychainCheck::Later);
    runAfterFirstFrame(m_window, m_operations, [operations = m_operations] { operations->checkKeychain(); });
}

void KeyManagement::followSelection()
{
    const TargetListPanel *list = m_workspace->listPanel();
    const QStringList ids = list->selectedIds();
    const TargetListModel *model = list->model();
    const int row = ids.size() == 1 ? model->indexOfId(ids.first()) : -1;
    if (row >= 0)
        m_panel->showTarget(model->target(row));
    else
        m_panel->showNoTarget(int(ids.size()));
    updatePanelVisibility();
}

void KeyManagement::updatePanelVisibility()
{
    if (m_dock->isFloating())
        return; // a window of its own: it stays where the user put it
    const TargetListPanel *list = m_workspace->listPanel();
    const QStringList ids = list->selectedIds();
    const bool wanted = !m_closedByUser && ids.size() == 1 && list->model()->indexOfId(ids.first()) >= 0;
    if (wanted == !m_dock->isHidden())
        return;
    m_dock->setVisible(wanted);
    if (wanted && !m_sizedOnce && m_window->dockWidgetArea(m_dock) == Qt::BottomDockWidgetArea) {
        // The first time: a third of the window (or what the panel needs to show all its controls), so the list
        // keeps most of the height. Later the dock keeps whatever height the user gives it (saved with the window
        // state).
        m_sizedOnce = true;
        if (!QSettings().value(sizedKey, false).toBool()) {
            const int fits = m_panel->minimumSizeHint().height() + m_dock->fontMetrics().height() + 8;
            m_window->resizeDocks({m_dock}, {std::max(m_window->height() / 3, fits)}, Qt::Vertical);
            QSettings().setValue(sizedKey, true);
        }
    }
}

void KeyManagement::setClosedByUser(bool closed)
{
    if (m_closedByUser == closed)
        return;
    m_closedByUser = closed;
    QSettings().setValue(closedByUserKey, closed);
}

bool KeyManagement::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_dock && event->type() == QEvent::Close && m_dock->isVisible())
        setClosedByUser(true);
    return QObject::eventFilter(watched, event);
}

void KeyManagement::refreshSummary(const QString &targetId)
{
    m_workspace->listPanel()->keyFetcher()->refetch(targetId);
}

void KeyManagement::showPanel()
{
    setClosedByUser(false);
    m_dock->show();
    m_dock->raise();
    followSelection();
    m_panel->view()->setFocus(Qt::ShortcutFocusReason);
}

void KeyManagement::emergencyDeactivateAll()
{
    if (m_emergencyView && m_emergencyView->command()->isRunning()) {
        m_emergencyView->raise();
        m_emergencyView->activateWindow();
        return;
    }
    Prompt prompt;
    prompt.id = QStringLiteral("emergencyDeactivateAll");
    prompt.tone = Prompt::Tone::Warning;
    prompt.title = tr("Emergency: Deactivate All Active Keys");
    prompt.text = tr("Deactivate every active public key of every target on %1?").arg(m_client->instance().host());
    prompt.informativeText = tr("ZITADEL stops sending JWE payloads to every target until a new key is activated on "
                                "it. Private keys stay in the vault. Each deactivation is recorded in the audit log.");
    prompt.acceptText = tr("Deactivate All Keys");
    prompt.rejectText = tr("Cancel");
    prompt.destructive = true;
    if (!m_workspace->confirmer()->confirm(m_window, prompt))
        return;
    delete m_emergencyView;
    auto *command = new keys::BreakGlass(m_operations->workflow());
    m_emergencyView = new BreakGlassView(command, m_window);
    // Every deactivation goes through the shared key workflow, whose keysChanged already refreshes the key column and
    // the panel.
    m_emergencyView->show();
    command->start();
}

void KeyManagement::showAuditLog()
{
    if (!m_auditLogView)
        m_auditLogView = new AuditLogView(m_operations->auditLog(), m_window);
    else
        m_auditLogView->reload();
    m_auditLogView->show();
    m_auditLogView->raise();
    m_auditLogView->activateWindow();
}

} // namespace targetdesk::gui
