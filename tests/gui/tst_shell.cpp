// Widget tests of the main window around the targets screen: its title, the remembered layout, names for every control,
// and the connection given on the command line. The real main window on a sandbox started here, offscreen; questions
// are answered by a FakeConfirmer.

#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "connections/connectioninfo.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"
#include "targets/targetlistloader.h"
#include "targets/targetlistpanel.h"
#include "widgets/statepanel.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

#include <chrono>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;
using namespace std::chrono_literals;
using State = TargetListPanel::State;

class TestShell : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsTargetsAndTitle();
    void remembersColumnsAndGeometry();
    void controlsHaveNamesAndAccessibleNames();
    void everyControlHasAnAccessibleName();
    void listGetsTheRoomAt1280x800();
    void keyPanelFollowsSelection();
    void connectionInfoForInstance();

private:
    QTemporaryDir m_settingsDir;
};

void TestShell::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_shell"));
}

void TestShell::init()
{
    QSettings().clear();
}

void TestShell::showsTargetsAndTitle()
{
    Instance instance;
    instance.sandbox.seed();
    const int expected = instance.targetCount();
    QVERIFY(expected > 0);

    MainWindow w(instance.connection());
    w.show();
    QVERIFY(w.windowTitle().contains(QStringLiteral("Targetdesk")));
    QVERIFY2(w.windowTitle().contains(instance.sandbox.url().toString()), qPrintable(w.windowTitle()));

    auto *table = child<QTableView>(&w, "targetTable");
    QVERIFY(table);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), expected, loadTimeoutMs);
    QVERIFY(waitForLoaded(w));
    QCOMPARE(w.targetList()->state(), State::List);
    QVERIFY(table->isVisible());
    QVERIFY(!child<StatePanel>(&w, "statePanel")->isVisible());
    QVERIFY(!child<QProgressBar>(&w, "loadingIndicator")->isVisible());
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("%1 targets").arg(expected));

    // What the table shows matches the server, name by name.
    QStringList serverNames;
    for (const QJsonValue &v : instance.sandbox.snapshot().value(QLatin1String("targets")).toArray())
        serverNames.append(v.toObject().value(QLatin1String("name")).toString());
    QStringList shownNames;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        shownNames.append(table->model()->index(row, TargetListModel::NameColumn).data().toString());
    serverNames.sort(Qt::CaseInsensitive);
    QCOMPARE(shownNames, serverNames); // sorted by name by default
}

void TestShell::remembersColumnsAndGeometry()
{
    Instance instance;
    instance.sandbox.seedTargets(3);
    {
        MainWindow w(instance.connection());
        w.show();
        QVERIFY(waitForLoaded(w));
        w.resize(900, 500);
        QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
        header->resizeSection(TargetListModel::NameColumn, 333);
        header->setSortIndicator(TargetListModel::TimeoutColumn, Qt::DescendingOrder);
        header->moveSection(header->visualIndex(TargetListModel::PayloadTypeColumn), 1);
        w.close();
    }
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    QCOMPARE(w.size(), QSize(900, 500));
    QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
    QCOMPARE(header->sectionSize(TargetListModel::NameColumn), 333);
    QCOMPARE(header->sortIndicatorSection(), int(TargetListModel::TimeoutColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(header->visualIndex(TargetListModel::PayloadTypeColumn), 1);
    // The restored sort is applied, not only drawn.
    const auto *proxy = w.targetList()->proxy();
    for (int row = 1; row < proxy->rowCount(); ++row)
        QVERIFY(proxy->target(row - 1)->timeout >= proxy->target(row)->timeout);
}

void TestShell::controlsHaveNamesAndAccessibleNames()
{
    Instance instance;
    instance.sandbox.seedTargets(2);
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    // Every control the keyboard can reach has an object name (for tests) and an accessible name.
    const auto widgets = w.findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *widget : widgets) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisibleTo(&w))
            continue;
        if (widget->objectName().startsWith(QLatin1String("qt_"))) // Qt's own parts of composite widgets
            continue;
        ++checked;
        QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QVERIFY(checked >= 3); // search field, refresh button, table
    // Every action has a shortcut or a menu mnemonic, and an object name.
    for (QAction *action : {w.targetList()->refreshAction(), w.targetList()->findAction()}) {
        QVERIFY(!action->objectName().isEmpty());
        QVERIFY(!action->shortcut().isEmpty());
    }
    QCOMPARE(w.targetList()->refreshAction()->shortcut(), QKeySequence(Qt::Key_F5));
}

// Every control a screen reader can meet, whether or not it takes focus (Qt's own clear and dock buttons included),
// gets a name from the accessibility interface: with no target selected and with one selected (key panel shown).
void TestShell::everyControlHasAnAccessibleName()
{
    Instance instance;
    instance.sandbox.seedTargets(3);
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    const auto isControl = [](QWidget *widget) {
        return qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
               qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget) ||
               qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QTabBar *>(widget) ||
               qobject_cast<QTextEdit *>(widget) || qobject_cast<QPlainTextEdit *>(widget);
    };
    const auto check = [&](const char *when) {
        int checked = 0;
        QStringList nameless;
        for (QWidget *widget : w.findChildren<QWidget *>()) {
            if (!widget->isVisibleTo(&w) || !isControl(widget))
                continue;
            // Qt's scroll bars and header corner live inside scroll areas, and the editor inside a spin box or combo
            // box is presented as part of it; their owners are checked.
            QWidget *parent = widget->parentWidget();
            if (widget->objectName().startsWith(QLatin1String("qt_scrollarea")) ||
                (parent && parent->objectName().startsWith(QLatin1String("qt_scrollarea"))) ||
                qobject_cast<QAbstractSpinBox *>(parent) || qobject_cast<QComboBox *>(parent))
                continue;
            ++checked;
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            const QString name = accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
            if (name.isEmpty())
                nameless << QStringLiteral("%1 \"%2\" in %3")
                                .arg(QLatin1String(widget->metaObject()->className()), widget->objectName(),
                                     widget->parentWidget() ? widget->parentWidget()->objectName() : QString());
        }
        QVERIFY2(nameless.isEmpty(),
                 qPrintable(QLatin1String(when) + QLatin1String(": ") + nameless.join(QLatin1String("; "))));
        QVERIFY2(checked >= 5, when);
    };
    check("no target selected");
    QVERIFY(!QTest::currentTestFailed());
    w.targetList()->view()->selectRow(0);
    QTRY_VERIFY(w.findChild<QDockWidget *>(QStringLiteral("keyPanelDock"))->isVisible());
    check("one target selected");
    // The search field's clear button, by name.
    w.targetList()->searchField()->setText(QStringLiteral("x"));
    auto *clear = w.targetList()->searchField()->findChild<QToolButton *>(QStringLiteral("searchClearButton"));
    QVERIFY(clear);
    QCOMPARE(clear->accessibleName(), QStringLiteral("Clear search"));
}

// At the first start on a 1280x800 screen (the window takes the whole screen) the list shows at least 20 rows and its
// default columns fit without scrolling sideways; the key panel takes no room while nothing is selected.
void TestShell::listGetsTheRoomAt1280x800()
{
    Instance instance;
    instance.sandbox.seedTargets(40);
    MainWindow w(instance.connection());
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(waitForLoaded(w));
    QTest::qWait(50); // the first layout pass fits the endpoint column
    QTableView *view = w.targetList()->view();
    QVERIFY(!w.findChild<QDockWidget *>(QStringLiteral("keyPanelDock"))->isVisible());
    const int rows = view->viewport()->height() / view->verticalHeader()->defaultSectionSize();
    QVERIFY2(rows >= 20, qPrintable(QStringLiteral("%1 rows visible").arg(rows)));
    QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
}

// The key panel appears with a selected target, goes with the selection, and stays closed once the user closed it
// (also in the next session) until they ask for it again.
void TestShell::keyPanelFollowsSelection()
{
    Instance instance;
    instance.sandbox.seedTargets(3);
    {
        MainWindow w(instance.connection());
        w.show();
        QVERIFY(waitForLoaded(w));
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("keyPanelDock"));
        QVERIFY(!dock->isVisible());
        w.targetList()->view()->selectRow(1);
        QTRY_VERIFY(dock->isVisible());
        w.targetList()->view()->clearSelection();
        QTRY_VERIFY(!dock->isVisible());
        w.targetList()->view()->selectRow(1);
        QTRY_VERIFY(dock->isVisible());
        dock->close(); // the dock's own close button
        QVERIFY(!dock->isVisible());
        w.targetList()->view()->selectRow(2);
        QTest::qWait(20);
        QVERIFY(!dock->isVisible());
        w.close();
    }
    {
        MainWindow w(instance.connection());
        w.show();
        QVERIFY(waitForLoaded(w));
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("keyPanelDock"));
        w.targetList()->view()->selectRow(0);
        QTest::qWait(20);
        QVERIFY(!dock->isVisible()); // remembered
        w.findChild<QAction *>(QStringLiteral("showKeyPanelAction"))->trigger();
        QVERIFY(dock->isVisible());
        w.targetList()->view()->clearSelection();
        QTRY_VERIFY(!dock->isVisible());
        w.targetList()->view()->selectRow(0);
        QTRY_VERIFY(dock->isVisible());
    }
}

void TestShell::connectionInfoForInstance()
{
    auto missingToken = ConnectionInfo::forInstance(QStringLiteral("https://acme.zitadel.cloud"), QString());
    QVERIFY(std::holds_alternative<QString>(missingToken));
    QVERIFY(std::get<QString>(missingToken).contains(QStringLiteral("TARGETDESK_TOKEN")));

    auto badUrl = ConnectionInfo::forInstance(QStringLiteral("ftp://acme.zitadel.cloud"), QStringLiteral("t"));
    QVERIFY(std::holds_alternative<QString>(badUrl));

    auto bareHost = ConnectionInfo::forInstance(QStringLiteral("acme.zitadel.cloud/"), QStringLiteral(" token "));
    QVERIFY(std::holds_alternative<ConnectionInfo>(bareHost));
    const ConnectionInfo info = std::get<ConnectionInfo>(bareHost);
    QCOMPARE(info.url, QUrl(QStringLiteral("https://acme.zitadel.cloud")));
    QCOMPARE(info.token, QStringLiteral("token"));
    QCOMPARE(info.displayName(), QStringLiteral("https://acme.zitadel.cloud"));
    QVERIFY(!info.isSandbox());

    // The title names a real instance by its address alone, and never shows the token.
    MainWindow w(info);
    QCOMPARE(w.windowTitle(), QStringLiteral("Targetdesk — https://acme.zitadel.cloud"));
    QVERIFY(!w.windowTitle().contains(QStringLiteral("token")));
    w.targetList()->loader()->cancel(); // no network in tests
}

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
