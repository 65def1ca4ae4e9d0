// The main window at 200 % scale on a 1280x800 screen (2560x1600 pixels): it opens within the screen's available
// geometry on the targets screen, with a target selected (editor and keys dock) and on the executions screen, and its
// minimum size fits there too, so no control is pushed off the screen. main() sets QT_SCALE_FACTOR=2 and an offscreen
// screen of 2560x1600 before the QApplication exists; CTest runs it twice, in English and in German (longer labels).

#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "executions/executionsworkspace.h"
#include "profiles/profilestore.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <memory>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

namespace
{

QString describe(const QSize &s)
{
    return QStringLiteral("%1x%2").arg(s.width()).arg(s.height());
}

} // namespace

class TestScale : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void screenIs1280x800At200Percent();
    void firstStartFitsTheScreen();
    void selectedTargetFitsTheScreen();
    void executionsFitTheScreen();
    void toolBarActionsStayReachable();

private:
    // The window as main() makes it: the profile switcher's toolbar first, then the keys toolbar.
    std::unique_ptr<MainWindow> openWindow(const Instance &instance);
    // Fails the test when the window or what it needs at least does not fit the available geometry.
    void verifyFits(MainWindow &w, const char *where);

    QTemporaryDir m_dir;
    std::unique_ptr<profiles::ProfileStore> m_store;
    int m_run = 0;
};

void TestScale::initTestCase()
{
    QVERIFY(m_dir.isValid());
    useTestSettings(m_dir.filePath(QStringLiteral("settings")), QStringLiteral("tst_shell_scale"));
    profiles::ProfileStoreSettings settings;
    settings.settingsPath = m_dir.filePath(QStringLiteral("profiles.ini"));
    settings.keychainService = QStringLiteral("TargetdeskScaleTest");
    m_store = std::make_unique<profiles::ProfileStore>(settings);
}

void TestScale::init()
{
    // Every test is a first start: no saved geometry or window state.
    QSettings settings;
    settings.clear();
    settings.sync();
}

std::unique_ptr<MainWindow> TestScale::openWindow(const Instance &instance)
{
    auto w = std::make_unique<MainWindow>(instance.connection());
    w->setProfileStore(m_store.get());
    w->show();
    return w;
}

void TestScale::verifyFits(MainWindow &w, const char *where)
{
    QTest::qWait(50); // the layout passes after a change of screen or selection
    const QRect available = w.screen()->availableGeometry();
    const QRect frame = w.frameGeometry();
    QVERIFY2(frame.width() <= available.width() && frame.height() <= available.height(),
             qPrintable(QStringLiteral("%1: the window is %2, the screen has %3")
                            .arg(QLatin1String(where), describe(frame.size()), describe(available.size()))));
    QVERIFY2(available.contains(frame), qPrintable(QStringLiteral("%1: the window at %2,%3 leaves the screen")
                                                       .arg(QLatin1String(where))
                                                       .arg(frame.x())
                                                       .arg(frame.y())));
    const QSize frameMargins = frame.size() - w.geometry().size();
    for (const auto &[what, size] :
         {std::pair{"minimumSizeHint", w.minimumSizeHint()}, {"minimumSize", w.minimumSize()}}) {
        const QSize needed = size + frameMargins;
        QVERIFY2(needed.width() <= available.width() && needed.height() <= available.height(),
                 qPrintable(QStringLiteral("%1: the window's %2 is %3, the screen has %4")
                                .arg(QLatin1String(where), QLatin1String(what), describe(needed),
                                     describe(available.size()))));
    }
}

void TestScale::screenIs1280x800At200Percent()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    QCOMPARE(screen->devicePixelRatio(), 2.0);
    QCOMPARE(screen->geometry().size(), QSize(1280, 800));
}

void TestScale::firstStartFitsTheScreen()
{
    Instance instance;
    instance.sandbox.seed();
    auto w = openWindow(instance);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(waitForLoaded(*w));
    verifyFits(*w, "first start");
}

void TestScale::selectedTargetFitsTheScreen()
{
    Instance instance;
    instance.sandbox.seed();
    auto w = openWindow(instance);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(waitForLoaded(*w));
    w->targetList()->view()->selectRow(0);
    auto *dock = w->findChild<QDockWidget *>(QStringLiteral("keyPanelDock"));
    QVERIFY(dock);
    QTRY_VERIFY(dock->isVisible());
    verifyFits(*w, "target selected");
    // The target form never scrolls sideways: its fields (the signing key's Show and Copy) fit the pane.
    auto *scroll = child<QWidget>(w.get(), "editorScrollArea");
    auto *fields = child<QWidget>(w.get(), "editorFields");
    QVERIFY(scroll && fields);
    QTRY_VERIFY(child<QWidget>(w.get(), "savedTargetSection")->isVisible());
    const QRect pane(scroll->mapTo(w.get(), QPoint(0, 0)), scroll->size());
    QVERIFY2(
        w->rect().contains(pane),
        qPrintable(
            QStringLiteral("the target form reaches to x=%1 of a window %2 wide").arg(pane.right()).arg(w->width())));
    QVERIFY2(fields->minimumSizeHint().width() <= fields->width(),
             qPrintable(QStringLiteral("the form needs %1 px, has %2")
                            .arg(fields->minimumSizeHint().width())
                            .arg(fields->width())));
}

void TestScale::executionsFitTheScreen()
{
    Instance instance;
    instance.sandbox.seed();
    auto w = openWindow(instance);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(waitForLoaded(*w));
    w->showExecutions();
    QTRY_VERIFY_WITH_TIMEOUT(w->executions()->hasLoaded() && !w->executions()->isLoading(), loadTimeoutMs);
    verifyFits(*w, "executions");
    w->executions()->showChecks();
    verifyFits(*w, "checks");
}

// Each toolbar action is either on the bar in view or in the bar's overflow menu: none is cut off out of reach.
void TestScale::toolBarActionsStayReachable()
{
    Instance instance;
    instance.sandbox.seed();
    auto w = openWindow(instance);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(waitForLoaded(*w));
    QTest::qWait(50);
    const QList<QToolBar *> bars = w->findChildren<QToolBar *>();
    QVERIFY(!bars.isEmpty());
    for (QToolBar *bar : bars) {
        if (!bar->isVisible())
            continue;
        QVERIFY2(w->rect().contains(bar->geometry()), qPrintable(bar->objectName()));
        for (QAction *action : bar->actions()) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            QWidget *shown = bar->widgetForAction(action);
            QVERIFY2(shown, qPrintable(action->objectName()));
            const bool onBar = shown->isVisible() && bar->rect().contains(shown->geometry());
            const bool inOverflow = !shown->isVisible() &&
                                    bar->findChild<QToolButton *>(QStringLiteral("qt_toolbarext_button")) &&
                                    bar->findChild<QToolButton *>(QStringLiteral("qt_toolbarext_button"))->isVisible();
            QVERIFY2(onBar || inOverflow,
                     qPrintable(QStringLiteral("%1 in %2 is cut off").arg(action->objectName(), bar->objectName())));
        }
    }
}

int main(int argc, char *argv[])
{
    // 200 % of a 1280x800 screen, set before Qt reads the environment.
    QTemporaryDir screenDir;
    if (!screenDir.isValid())
        qFatal("no temporary directory");
    const QString config = screenDir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(config));
    file.write(R"({"screens": [{"name": "scaled", "x": 0, "y": 0, "width": 2560, "height": 1600, "dpr": 1}]})");
    file.close();
    qputenv("QT_SCALE_FACTOR", "2");
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestScale test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_shell_scale.moc"
