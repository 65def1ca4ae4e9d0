#include "shell/mainwindow.h"

#include "api/zitadelclient.h"
#include "connections/profilesdialog.h"
#include "connections/profileswitcher.h"
#include "executions/checkspanel.h"
#include "executions/executionsworkspace.h"
#include "inspector/inspectorwindow.h"
#include "inspector/listenview.h"
#include "keys/keymanagement.h"
#include "shell/sandboxhost.h"
#include "targets/targetexecutionsview.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "vault/vault.h"
#include "widgets/firstframe.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

namespace targetdesk::gui
{

namespace
{
const auto geometryKey = QLatin1String("mainWindow/geometry");
const auto windowStateKey = QLatin1String("mainWindow/state");
} // namespace

MainWindow::MainWindow(const ConnectionInfo &connection, QWidget *parent)
    : QMainWindow(parent), m_connection(connection), m_client(new ZitadelClient(this)), m_workspace(nullptr),
      m_targetList(nullptr)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Targetdesk — %1").arg(m_connection.displayName()));
    setAccessibleName(tr("Targetdesk"));

    m_client->setInstance(m_connection.url);
    m_client->setToken(m_connection.token);

    m_workspace = new TargetWorkspace(m_client, this);
    m_targetList = m_workspace->listPanel();
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("workspaceStack"));
    m_stack->addWidget(m_workspace);
    setCentralWidget(m_stack);
    // Before restoreSettings(): the key dock and toolbar are part of the saved window state.
    m_keys = new KeyManagement(m_client, m_workspace, this);

    createMenus();
    createStatusBar();
    createProblemsButton();
    for (QAction *a : {m_targetList->findAction(), m_targetList->refreshAction(), m_workspace->newAction(),
                       m_workspace->saveAction(), m_workspace->testDeliveryAction()})
        m_targetShortcuts.append({a, a->shortcut()});
    restoreSettings();

    connect(m_targetList, &TargetListPanel::countsChanged, this, &MainWindow::updateCount);
    connect(m_targetList, &TargetListPanel::loadProgress, this, &MainWindow::updateProgress);
    connect(m_targetList, &TargetListPanel::loadingChanged, m_loadingIndicator, &QWidget::setVisible);
    connect(m_workspace, &TargetWorkspace::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    updateCount();

    // A sandbox still starting: the lists load once it listens.
    if (!waitsForSandbox())
        m_targetList->refresh();
    // The executions screen (hidden at start) is built once the window is on screen, or when first needed.
    runAfterFirstFrame(this, this, [this] { ensureExecutions(); });
    // Typing right away searches; Down or Enter in the search field moves on into the table.
    m_targetList->searchField()->setFocus();
}

MainWindow::~MainWindow()
{
    delete m_inspector; // before the client its lookups run on
    m_inspector = nullptr;
    delete m_keys;
    m_keys = nullptr;
    delete m_executions;
    m_executions = nullptr;
    // The workspace (list, loader, editor) before the client: a call cancelled by the client's teardown must find
    // no one.
    delete m_workspace;
    m_workspace = nullptr;
    m_targetList = nullptr;
}

void MainWindow::setConfirmer(Confirmer *confirmer)
{
    m_confirmer = confirmer;
    m_workspace->setConfirmer(confirmer);
    if (m_executions)
        m_executions->setConfirmer(confirmer);
}

void MainWindow::setVault(vault::Vault *vault)
{
    m_vault = vault;
    m_keys->setVault(vault);
    // A key operation that could not be written to the audit log is shown, not only logged.
    if (vault && vault->auditLog()) {
        // A permanent label: the message of the key operation that follows must not wipe the warning away.
        connect(vault->auditLog(), &vault::AuditLog::appendFailed, this, [this](const QString &problem) {
            const QString text = tr("Warning: the audit log was not written: %1").arg(problem);
            m_auditWarning->setText(tr("⚠ Audit log not written"));
            m_auditWarning->setToolTip(text);
            m_auditWarning->setAccessibleName(text);
            m_auditWarning->show();
            statusBar()->showMessage(text, 30000);
        });
        // A later entry that was written: the log works again.
        connect(vault->auditLog(), &vault::AuditLog::appended, m_auditWarning, &QWidget::hide);
    }
}

void MainWindow::setProfileStore(profiles::ProfileStore *store)
{
    m_profileStore = store;
    m_profileSwitcher = new ProfileSwitcher(store, m_client, m_connection, this);
    m_profileSwitcher->setLeaveGuard([this] { return m_workspace->confirmLeave(); });
    // First in the row: which instance this window acts on is the first thing to see.
    const QList<QToolBar *> others = findChildren<QToolBar *>();
    auto *bar = new QToolBar(tr("Connection"), this);
    bar->setObjectName(QStringLiteral("connectionToolBar"));
    if (others.isEmpty())
        addToolBar(bar);
    else
        insertToolBar(others.first(), bar);
    bar->setMovable(false);
    bar->addWidget(m_profileSwitcher);
    if (auto *tools = menuBar()->findChild<QMenu *>(QStringLiteral("toolsMenu"))) {
        QAction *manage = tools->addAction(tr("Connection &Profiles…"), this, &MainWindow::openProfiles);
        manage->setObjectName(QStringLiteral("connectionProfilesAction"));
        manage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        addAction(manage);
    }
    connect(m_profileSwitcher, &ProfileSwitcher::manageRequested, this, &MainWindow::openProfiles);
    connect(m_profileSwitcher, &ProfileSwitcher::switchFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
        // Started on a saved profile that cannot be used: the window falls back on the sandbox it names.
        if (m_sandboxHost && waitsForSandbox() && m_profileSwitcher->current().builtInSandbox)
            m_sandboxHost->ensureStarted();
    });
    connectSandbox();
    connect(m_profileSwitcher, &ProfileSwitcher::switched, this,
            [this] { onConnected(m_profileSwitcher->displayName()); });
}

void MainWindow::onConnected(const QString &name)
{
    setWindowTitle(tr("Targetdesk — %1").arg(name));
    m_connectionLabel->setText(tr("Connected to %1").arg(name));
    m_connectionLabel->setAccessibleName(m_connectionLabel->text());
    m_targetList->refresh();
    if (m_executions)
        m_executions->refresh();
    else
        ensureExecutions();
    if (m_inspector)
        m_inspector->instance()->connectionChanged();
}

bool MainWindow::waitsForSandbox() const
{
    return m_connection.isSandbox() && m_connection.url.isEmpty();
}

void MainWindow::setSandboxHost(SandboxHost *host)
{
    m_sandboxHost = host;
    connect(host, &SandboxHost::listening, this, &MainWindow::onSandboxListening);
    connect(host, &SandboxHost::failed, this, [this](const QString &error) {
        const QString message = tr("The local sandbox could not start: %1").arg(error);
        statusBar()->showMessage(message);
        m_connectionLabel->setText(message);
        if (m_profileSwitcher)
            m_profileSwitcher->sandboxFailed(error);
    });
    connectSandbox();
}

void MainWindow::connectSandbox()
{
    if (m_sandboxHost && m_profileSwitcher)
        connect(m_profileSwitcher, &ProfileSwitcher::sandboxNeeded, m_sandboxHost, &SandboxHost::ensureStarted,
                Qt::UniqueConnection);
}

void MainWindow::onSandboxListening(const QUrl &url, const QString &token)
{
    m_connection = ConnectionInfo::sandbox(url, token);
    // A switch to the sandbox that waited for it completes now (and refreshes through switched()).
    if (m_profileSwitcher && m_profileSwitcher->sandboxReady(m_connection))
        return;
    if (m_profileSwitcher && !m_profileSwitcher->current().builtInSandbox)
        return; // on a saved profile: the sandbox waits for a switch
    m_client->setInstance(m_connection.url);
    m_client->setToken(m_connection.token);
    onConnected(m_profileSwitcher ? m_profileSwitcher->displayName() : m_connection.displayName());
}

ProfilesDialog *MainWindow::openProfiles()
{
    if (!m_profileStore)
        return nullptr;
    if (!m_profilesDialog)
        m_profilesDialog = new ProfilesDialog(m_profileStore, m_workspace->confirmer(), this);
    m_profilesDialog->selectProfile(m_profileSwitcher->current().id);
    m_profilesDialog->show();
    m_profilesDialog->raise();
    m_profilesDialog->activateWindow();
    return m_profilesDialog;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_workspace->newAction());
    file->addAction(m_workspace->saveAction());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(m_workspace->cancelAction());
    edit->addSeparator();
    edit->addAction(m_workspace->copyIdAction());
    edit->addAction(m_workspace->rotateAction());
    edit->addAction(m_workspace->testDeliveryAction());
    edit->addSeparator();
    edit->addAction(m_workspace->deleteAction());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    m_showTargetsAction = view->addAction(tr("&Targets"), this, &MainWindow::showTargets);
    m_showTargetsAction->setObjectName(QStringLiteral("showTargetsAction"));
    m_showTargetsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_showTargetsAction->setCheckable(true);
    m_showTargetsAction->setChecked(true);
    m_showExecutionsAction = view->addAction(tr("E&xecutions"), this, &MainWindow::showExecutions);
    m_showExecutionsAction->setObjectName(QStringLiteral("showExecutionsAction"));
    m_showExecutionsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_showExecutionsAction->setCheckable(true);
    // One screen at a time: shown as a choice in the menu.
    auto *screens = new QActionGroup(this);
    screens->addAction(m_showTargetsAction);
    screens->addAction(m_showExecutionsAction);
    addAction(m_showTargetsAction);
    addAction(m_showExecutionsAction);
    view->addSeparator();
    view->addAction(m_targetList->findAction());
    view->addAction(m_targetList->refreshAction());
    view->addSeparator();
    view->addMenu(m_targetList->columnsMenu());

    menuBar()->addMenu(m_keys->menu());

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("toolsMenu"));
    QAction *inspect = tools->addAction(tr("Payload &Inspector…"), this, &MainWindow::openInspector);
    inspect->setObjectName(QStringLiteral("payloadInspectorAction"));
    inspect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    addAction(inspect);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Targetdesk"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQt->setMenuRole(QAction::AboutQtRole);

    // Menus carry the shortcuts; the window needs the actions too so they work while the menu bar is hidden.
    addAction(m_targetList->findAction());
    addAction(m_targetList->refreshAction());
    addAction(m_workspace->newAction());
    addAction(m_workspace->saveAction());
    addAction(m_workspace->testDeliveryAction());
    connect(m_workspace, &TargetWorkspace::inspectRequested, this, [this](const QString &wireText) {
        InspectorWindow *inspector = openInspector();
        inspector->modes()->setCurrentIndex(0);
        inspector->setInput(wireText);
    });
    connect(m_workspace, &TargetWorkspace::testDeliveryAboutToSend, this, &MainWindow::listenFor);
}

void MainWindow::listenFor(const QUrl &endpoint)
{
    // A test delivery to the app's own receiver (the local-receiver target) is meant to be watched arriving: Listen
    // mode starts with it. The inspector comes up without taking the focus from the dialog.
    const QString host = endpoint.host();
    const bool loopback = host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost");
    const int port = endpoint.port(endpoint.scheme() == QLatin1String("https") ? 443 : 80);
    if (!loopback || endpoint.scheme() != QLatin1String("http"))
        return;
    if (m_inspector && m_inspector->listenView()->isListening())
        return;
    if (port != ListenView::savedPort())
        return;
    if (!m_inspector)
        m_inspector = new InspectorWindow(m_client, m_vault, this);
    m_inspector->setAttribute(Qt::WA_ShowWithoutActivating);
    m_inspector->show();
    m_inspector->setAttribute(Qt::WA_ShowWithoutActivating, false);
    if (m_inspector->startListening(quint16(port)))
        statusBar()->showMessage(tr("Listen mode started on port %1 for the test delivery.").arg(port), 8000);
}

InspectorWindow *MainWindow::openInspector()
{
    if (!m_inspector)
        m_inspector = new InspectorWindow(m_client, m_vault, this);
    m_inspector->show();
    m_inspector->raise();
    m_inspector->activateWindow();
    return m_inspector;
}

void MainWindow::createStatusBar()
{
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    statusBar()->addWidget(m_countLabel, 1);

    m_loadingIndicator = new QProgressBar(this);
    m_loadingIndicator->setObjectName(QStringLiteral("loadingIndicator"));
    m_loadingIndicator->setAccessibleName(tr("Loading progress"));
    m_loadingIndicator->setMaximumWidth(fontMetrics().averageCharWidth() * 36);
    m_loadingIndicator->setRange(0, 0);
    m_loadingIndicator->setVisible(m_targetList->isLoading());
    statusBar()->addPermanentWidget(m_loadingIndicator);

    m_auditWarning = new QLabel(this);
    m_auditWarning->setObjectName(QStringLiteral("auditWarning"));
    m_auditWarning->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; font-weight: bold; }"));
    m_auditWarning->hide();
    statusBar()->addPermanentWidget(m_auditWarning);

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    const QString connected = tr("Connected to %1").arg(m_connection.displayName());
    m_connectionLabel->setText(connected);
    m_connectionLabel->setAccessibleName(connected);
    statusBar()->addPermanentWidget(m_connectionLabel);
}

ExecutionsWorkspace *MainWindow::executions() const
{
    const_cast<MainWindow *>(this)->ensureExecutions();
    return m_executions;
}

void MainWindow::ensureExecutions()
{
    if (m_executions)
        return;
    m_executions = new ExecutionsWorkspace(m_client, this);
    if (m_confirmer)
        m_executions->setConfirmer(m_confirmer);
    m_stack->addWidget(m_executions);
    createExecutions();
    if (!waitsForSandbox())
        m_executions->refresh();
}

void MainWindow::createProblemsButton()
{
    m_problemsButton = new QToolButton(this);
    m_problemsButton->setObjectName(QStringLiteral("problemsButton"));
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->setToolTip(tr("Open the checks"));
    m_problemsButton->hide();
    // Before the loading indicator and the connection (index 0 is the count label).
    statusBar()->insertPermanentWidget(1, m_problemsButton);
    connect(m_problemsButton, &QToolButton::clicked, this, [this] {
        showExecutions();
        m_executions->showChecks();
    });
}

void MainWindow::createExecutions()
{
    // Menu entries of the executions screen; their keys work while it is shown.
    if (auto *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        QAction *before = view->actions().value(2);
        for (QAction *a : {m_executions->mapAction(), m_executions->checksAction()})
            view->insertAction(before, a);
    }
    connect(m_executions->mapAction(), &QAction::triggered, this, [this] {
        showExecutions();
        m_executions->showMap();
    });
    connect(m_executions->checksAction(), &QAction::triggered, this, [this] {
        showExecutions();
        m_executions->showChecks();
    });
    connect(m_executions, &ExecutionsWorkspace::problemCountChanged, this, &MainWindow::updateProblems);
    connect(m_executions, &ExecutionsWorkspace::countTextChanged, this, &MainWindow::updateCount);
    connect(m_executions, &ExecutionsWorkspace::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_executions, &ExecutionsWorkspace::targetRequested, this, [this](const QString &id) {
        if (!m_executions->confirmLeave())
            return;
        showTargets();
        m_targetList->selectTarget(id);
    });

    // The targets screen: a change there changes what the checks see; its executions can be acted on.
    connect(m_workspace, &TargetWorkspace::statusMessage, m_executions, &ExecutionsWorkspace::refresh);
    if (auto *calls = m_workspace->findChild<TargetExecutionsView *>(QStringLiteral("executionsView"))) {
        connect(calls, &TargetExecutionsView::addToExecutionRequested, this, [this](const QString &id) {
            showExecutions();
            m_executions->addTarget(id);
        });
        connect(calls, &TargetExecutionsView::openExecutionRequested, this, [this](const ExecutionCondition &c) {
            showExecutions();
            m_executions->openExecution(c);
        });
        connect(calls, &TargetExecutionsView::removeFromExecutionRequested, m_executions,
                &ExecutionsWorkspace::removeTarget);
        connect(m_executions, &ExecutionsWorkspace::executionsChanged, calls, &TargetExecutionsView::reload);
    }
}

void MainWindow::showTargets()
{
    if (m_stack->currentWidget() == m_workspace)
        return;
    m_stack->setCurrentWidget(m_workspace);
    for (const auto &[action, keys] : std::as_const(m_targetShortcuts))
        action->setShortcut(keys);
    for (QDockWidget *dock : std::as_const(m_hiddenDocks)) {
        if (dock)
            dock->show();
    }
    m_hiddenDocks.clear();
    m_showTargetsAction->setChecked(true);
    m_showExecutionsAction->setChecked(false);
    m_targetList->searchField()->setFocus();
    updateCount();
}

void MainWindow::showExecutions()
{
    ensureExecutions();
    if (m_stack->currentWidget() != m_executions) {
        m_stack->setCurrentWidget(m_executions);
        // The executions screen has the same keys (F5, Ctrl+F, Ctrl+N, Ctrl+S) for its own actions.
        for (const auto &[action, keys] : std::as_const(m_targetShortcuts))
            action->setShortcut(QKeySequence());
        // The docks (a target's keys) are about the selected target; the executions need the room.
        for (QDockWidget *dock : findChildren<QDockWidget *>()) {
            if (dock->isVisible()) {
                m_hiddenDocks.append(dock);
                dock->hide();
            }
        }
        m_executions->searchField()->setFocus();
        updateCount();
    }
    m_showTargetsAction->setChecked(false);
    m_showExecutionsAction->setChecked(true);
}

bool MainWindow::isShowingExecutions() const
{
    return m_executions && m_stack->currentWidget() == m_executions;
}

void MainWindow::updateProblems(int count)
{
    const QString text = ChecksPanel::problemText(count);
    m_problemsButton->setText(text);
    m_problemsButton->setAccessibleName(text);
    m_problemsButton->setVisible(true);
}

void MainWindow::updateCount()
{
    QString text;
    // The count of what the screen shown lists; the problems button beside it counts for both screens.
    if (isShowingExecutions()) {
        text = m_executions->countText();
    } else {
        const auto state = m_targetList->state();
        // Loading or failed: the list itself says what is going on.
        if (state != TargetListPanel::State::Loading && state != TargetListPanel::State::Error)
            text = m_targetList->countText();
    }
    m_countLabel->setText(text);
    m_countLabel->setAccessibleName(text);
}

void MainWindow::updateProgress(quint64 loaded, quint64 total)
{
    if (total == 0) {
        m_loadingIndicator->setRange(0, 0); // busy until the first page tells how many there are
        m_loadingIndicator->setFormat(QString());
        return;
    }
    const QLocale locale;
    m_loadingIndicator->setRange(0, int(std::min<quint64>(total, INT_MAX)));
    m_loadingIndicator->setValue(int(std::min<quint64>(loaded, INT_MAX)));
    m_loadingIndicator->setFormat(tr("Loading %1 of %2").arg(locale.toString(loaded), locale.toString(total)));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Targetdesk"),
                       tr("<h3>Targetdesk %1</h3>"
                          "<p>A desktop console for ZITADEL Actions v2 targets: the endpoints ZITADEL calls when an "
                          "execution matches.</p>"
                          "<p>Connected to %2.</p>")
                           .arg(QStringLiteral(TARGETDESK_VERSION), m_connection.displayName().toHtmlEscaped()));
}

void MainWindow::showEvent(QShowEvent *event)
{
    // The first start on a small screen (or at 200 % scale) takes the whole screen: maximized, so the window manager
    // fits the frame and title bar in, which are not known before the window is shown. A size set by the caller
    // after construction wins.
    if (!m_fillScreen.isEmpty() && size() == m_fillScreen && !isMaximized() && !isFullScreen())
        setWindowState(windowState() | Qt::WindowMaximized);
    m_fillScreen = QSize();
    QMainWindow::showEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_workspace->confirmLeave() || (m_executions && !m_executions->confirmLeave())) {
        event->ignore();
        return;
    }
    showTargets(); // the docks the executions screen hid belong to the saved state
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(windowStateKey, saveState());
    m_workspace->saveSettings(settings);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(geometryKey).toByteArray())) {
        // First start: a comfortable size on large screens; a small screen (up to 1440x900) is used whole, the
        // target list needs every pixel there.
        QSize size(1360, 760);
        if (const QScreen *s = screen()) {
            const QSize available = s->availableSize();
            if (available.width() <= 1440 || available.height() <= 900) {
                size = available - (frameGeometry().size() - geometry().size());
                m_fillScreen = size; // maximized on show, unless resized before
            } else {
                size = size.boundedTo(available * 0.9);
            }
        }
        resize(size);
    }
    restoreState(settings.value(windowStateKey).toByteArray());
    m_workspace->restoreSettings(settings);
    // The saved state may show the key dock; with no target selected it takes no space.
    m_keys->updatePanelVisibility();
}

} // namespace targetdesk::gui
