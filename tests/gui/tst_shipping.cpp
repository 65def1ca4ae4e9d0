// What the shipped app shows beyond its screens: the application icon on every window and in the about box, the
// bundled fallback action icons, and the German translation chosen from the system locale. CTest runs this test with
// LANG=de_DE.UTF-8 (tests/gui/CMakeLists.txt), so the main window must come up in German.

#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "inspector/inspectorwindow.h"
#include "keys/keymanagement.h"
#include "keys/keypanel.h"
#include "keys/keytimeline.h"
#include "shell/appicons.h"
#include "shell/mainwindow.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

class TestShipping : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void applicationIconHasEverySize();
    void applicationIconCanFollowTheFirstFrame();
    void fallbackActionIconsExist();
    void mainWindowAndAboutBoxShowTheIcon();
    void germanLocaleShowsGermanStrings();
    void germanKeysDockDoesNotScrollSideways();
    void germanInspectorSettingsAreNotCut();

private:
    QTemporaryDir m_settingsDir;
};

void TestShipping::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCOMPARE(QLocale().language(), QLocale::German); // set by CTest: LANG=de_DE.UTF-8
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_shipping"));
    installAppIcons();
}

void TestShipping::applicationIconHasEverySize()
{
    const QIcon icon = QApplication::windowIcon();
    QVERIFY(!icon.isNull());
    const QList<QSize> sizes = icon.availableSizes();
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        QVERIFY2(sizes.contains(QSize(size, size)), qPrintable(QString::number(size)));
    QCOMPARE(icon.pixmap(16, 16).size(), QSize(16, 16));
}

// The app sets its icon once the main window has painted (start-up time); every window has it from then on.
void TestShipping::applicationIconCanFollowTheFirstFrame()
{
    const QIcon installed = QApplication::windowIcon();
    QApplication::setWindowIcon(QIcon());
    QWidget window;
    installAppIcons(&window);
    QTest::qWait(50);
    QVERIFY(QApplication::windowIcon().isNull());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(!QApplication::windowIcon().isNull());
    QCOMPARE(QApplication::windowIcon().availableSizes().size(), installed.availableSizes().size());
    QCOMPARE(window.windowIcon().cacheKey(), QApplication::windowIcon().cacheKey());
}

void TestShipping::fallbackActionIconsExist()
{
    // Offscreen there is no desktop icon theme: every action icon the app asks for comes from the bundled fallback.
    for (const char *name : {"document-new", "view-refresh", "edit-delete", "process-stop", "document-open-recent"}) {
        const QIcon icon = actionIcon(QLatin1String(name));
        QVERIFY2(!icon.isNull() && !icon.availableSizes().isEmpty(), name);
        QCOMPARE(icon.pixmap(22, 22).size(), QSize(22, 22));
    }
    // Nothing of ours under :/icons, where Qt searches every icon theme: the style's own icon lookups would miss
    // through our folders one by one (issue 14's start-up time).
    QVERIFY2(!QDir(QStringLiteral(":/icons")).exists(), "the bundled icons belong under :/targetdesk");
}

void TestShipping::mainWindowAndAboutBoxShowTheIcon()
{
    Instance instance;
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(!w.windowIcon().isNull());
    QCOMPARE(w.windowIcon().cacheKey(), QApplication::windowIcon().cacheKey());

    QAction *about = child<QAction>(&w, "aboutAction");
    QVERIFY(about);
    bool checked = false;
    QTimer::singleShot(0, &w, [&checked] {
        for (QWidget *top : QApplication::topLevelWidgets()) {
            if (auto *box = qobject_cast<QMessageBox *>(top); box && box->isVisible()) {
                checked = !box->iconPixmap().isNull();
                box->accept();
            }
        }
    });
    about->trigger();
    QVERIFY2(checked, "the about box shows the application icon");
}

void TestShipping::germanLocaleShowsGermanStrings()
{
    Instance instance;
    MainWindow w(instance.connection());
    w.show();
    QStringList menus;
    for (QAction *action : w.menuBar()->actions())
        menus << action->text();
    QVERIFY2(menus.contains(QStringLiteral("&Datei")) || menus.contains(QStringLiteral("&Bearbeiten")),
             qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY2(menus.contains(QStringLiteral("&Hilfe")), qPrintable(menus.join(QLatin1Char(' '))));
    QCOMPARE(child<QAction>(&w, "aboutAction")->text(), QStringLiteral("&Über Targetdesk"));
}

// German labels and dates are longer: at the default window size of a 1280x800 screen (the whole screen) the keys
// dock of a target with keys shows its table and timeline without a sideways scroll bar anywhere in it.
void TestShipping::germanKeysDockDoesNotScrollSideways()
{
    Instance instance;
    instance.sandbox.seed();
    MainWindow w(instance.connection());
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(waitForLoaded(w));
    const QString id = serverId(instance.sandbox, QStringLiteral("crm-sync")); // an active and an expired key
    QVERIFY(!id.isEmpty());
    w.targetList()->selectTarget(id);
    auto *dock = w.findChild<QDockWidget *>(QStringLiteral("keyPanelDock"));
    QVERIFY(dock);
    QTRY_VERIFY(dock->isVisible());
    KeyPanel *panel = w.keys()->panel();
    QTRY_COMPARE_WITH_TIMEOUT(panel->view()->model()->rowCount(), 2, loadTimeoutMs);
    QTRY_COMPARE(panel->timeline()->keyIds().size(), 2);
    QTest::qWait(50); // the layout passes after the keys arrived
    {
        const QTableView *table = panel->view();
        QString widths;
        for (int c = 0; c < table->model()->columnCount(); ++c)
            widths += QString::number(table->columnWidth(c)) + QLatin1Char(' ');
        QVERIFY2(table->horizontalScrollBar()->maximum() == 0,
                 qPrintable(QStringLiteral("the key table scrolls sideways: columns %1in %2 px")
                                .arg(widths)
                                .arg(table->viewport()->width())));
    }
    for (const QScrollBar *bar : panel->findChildren<QScrollBar *>()) {
        QVERIFY2(bar->orientation() != Qt::Horizontal || !bar->isVisible(),
                 qPrintable(bar->parentWidget()->objectName() + QStringLiteral(" scrolls sideways")));
    }
    // The timeline within the panel's width (the dock's body may scroll up and down), every step inside it.
    KeyTimeline *timeline = panel->timeline();
    const QRect inPanel(timeline->mapTo(panel, QPoint(0, 0)), timeline->size());
    QVERIFY2(inPanel.left() >= 0 && inPanel.right() <= panel->rect().right(), "the timeline is wider than the panel");
    for (const QWidget *step : timeline->findChildren<QWidget *>()) {
        if (step->isVisible() && step->parentWidget() == timeline)
            QVERIFY2(timeline->rect().contains(step->geometry()), qPrintable(step->objectName()));
    }
}

QTEST_MAIN(TestShipping)
// The Payload Inspector's settings panel at its first size, in German: no button, check box or unwrapped label is
// narrower than its text needs.
void TestShipping::germanInspectorSettingsAreNotCut()
{
    Instance instance;
    MainWindow w(instance.connection());
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    InspectorWindow *inspector = w.openInspector();
    QVERIFY(inspector);
    QVERIFY(QTest::qWaitForWindowExposed(inspector));
    auto *panel = inspector->findChild<QWidget *>(QStringLiteral("inspectorSettings"));
    QVERIFY(panel);
    QTest::qWait(50); // the layout passes after showing
    QStringList cut;
    for (const QAbstractButton *button : panel->findChildren<QAbstractButton *>()) {
        // Not the icon buttons inside a line edit (Qt sizes those itself).
        if (button->isVisible() && !qobject_cast<const QLineEdit *>(button->parentWidget()) &&
            button->width() < button->sizeHint().width())
            cut << QStringLiteral("%1 \"%2\" (%3 of %4 px)")
                       .arg(button->objectName(), button->text())
                       .arg(button->width())
                       .arg(button->sizeHint().width());
    }
    for (const QLabel *label : panel->findChildren<QLabel *>()) {
        if (label->isVisible() && !label->wordWrap() && label->width() < label->sizeHint().width())
            cut << QStringLiteral("label \"%1\" (%2 of %3 px)")
                       .arg(label->text())
                       .arg(label->width())
                       .arg(label->sizeHint().width());
    }
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
}

#include "tst_shipping.moc"
