#include "api/zitadelclient.h"
#include "connectioninfo.h"
#include "mainwindow.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "statepanel.h"
#include "targetlistloader.h"
#include "targetlistpanel.h"
#include "translations.h"

#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <memory>
#include <optional>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace std::chrono_literals;
using State = TargetListPanel::State;

namespace
{

constexpr int loadTimeoutMs = 20'000;

template <typename T>
T *child(QWidget *parent, const char *objectName)
{
    T *w = parent->findChild<T *>(QLatin1String(objectName));
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), objectName);
    return w;
}

// A started sandbox with a read-write token, and a window connected to it.
struct Instance {
    sandbox::Sandbox sandbox;
    QString token;

    Instance()
    {
        QString error;
        if (!sandbox.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("sandbox did not start: %s", qPrintable(error));
        token = sandbox.generateToken(sandbox::Role::ReadWrite);
        // The tests create targets pointing at loopback receivers.
        sandbox.setAllowPrivateEndpoints(true);
    }
    ConnectionInfo connection() const { return ConnectionInfo::sandbox(sandbox.url(), token); }
    int targetCount() const { return int(sandbox.snapshot().value(QLatin1String("targets")).toArray().size()); }
};

bool waitForLoaded(MainWindow &w)
{
    TargetListPanel *panel = w.targetList();
    return QTest::qWaitFor([panel] { return !panel->isLoading() && panel->state() != State::Loading; }, loadTimeoutMs);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsTargetsAndTitle();
    void searchFiltersAsYouType();
    void ctrlFFocusesSearchAndDownEntersTable();
    void searchWithoutMatchesOffersClear();
    void f5RefreshesAfterServerChanges();
    void errorStateWithRetry();
    void refreshFailureKeepsRows();
    void emptyState();
    void incrementalLoading();
    void remembersColumnsAndGeometry();
    void controlsHaveNamesAndAccessibleNames();
    void connectionInfoForInstance();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    // Keep the tests away from the user's settings, and each run away from the last one.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("TargetdeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    installTranslations(*QCoreApplication::instance());
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::showsTargetsAndTitle()
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

void TestMainWindow::searchFiltersAsYouType()
{
    Instance instance;
    instance.sandbox.seedTargets(25);
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    auto *table = child<QTableView>(&w, "targetTable");
    auto *search = child<QLineEdit>(&w, "searchField");
    QVERIFY(table && search);
    QCOMPARE(table->model()->rowCount(), 25);

    const QString text = QStringLiteral("TARGET-0001"); // target-00010 … target-00019, ignoring case
    QTest::keyClicks(search, text);
    QCOMPARE(search->text(), text);
    QTRY_COMPARE(table->model()->rowCount(), 10);
    for (int row = 0; row < 10; ++row) {
        const QString name = table->model()->index(row, TargetListModel::NameColumn).data().toString();
        QVERIFY2(name.contains(text, Qt::CaseInsensitive), qPrintable(name));
    }
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("Showing 10 of 25 targets"));

    // One more character narrows the list further, as it is typed.
    QTest::keyClicks(search, QStringLiteral("9"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, TargetListModel::NameColumn).data().toString(), QStringLiteral("target-00019"));

    // Escape in the search field clears it.
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QTRY_COMPARE(table->model()->rowCount(), 25);
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("25 targets"));
}

void TestMainWindow::ctrlFFocusesSearchAndDownEntersTable()
{
    Instance instance;
    instance.sandbox.seedTargets(5);
    MainWindow w(instance.connection());
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForLoaded(w));
    auto *table = child<QTableView>(&w, "targetTable");
    auto *search = child<QLineEdit>(&w, "searchField");

    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());

    QTest::keyClick(search, Qt::Key_Down);
    QTRY_VERIFY(table->hasFocus());
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().first().row(), 0);
}

void TestMainWindow::searchWithoutMatchesOffersClear()
{
    Instance instance;
    instance.sandbox.seedTargets(3);
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    auto *search = child<QLineEdit>(&w, "searchField");
    QTest::keyClicks(search, QStringLiteral("no-such-target"));
    QTRY_COMPARE(w.targetList()->state(), State::NoMatch);
    auto *statePanel = child<StatePanel>(&w, "statePanel");
    QVERIFY(statePanel->isVisible());
    QVERIFY(statePanel->title().contains(QStringLiteral("no-such-target")));
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("Showing 0 of 3 targets"));

    auto *button = child<QPushButton>(statePanel, "stateActionButton");
    QVERIFY(button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Clear Search"));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(search->text().isEmpty());
    QTRY_COMPARE(w.targetList()->state(), State::List);
    QCOMPARE(child<QTableView>(&w, "targetTable")->model()->rowCount(), 3);
}

void TestMainWindow::f5RefreshesAfterServerChanges()
{
    Instance instance;
    instance.sandbox.seed();
    MainWindow w(instance.connection());
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForLoaded(w));
    auto *table = child<QTableView>(&w, "targetTable");
    const int before = table->model()->rowCount();
    QCOMPARE(before, instance.targetCount());

    // Someone else adds a target (a client of its own, like the CLI would).
    ZitadelClient other;
    other.setInstance(instance.sandbox.url());
    other.setToken(instance.token);
    CreateTargetRequest request;
    request.name = QStringLiteral("added-while-open");
    request.type = TargetType::Call;
    request.timeout = 7s;
    request.endpoint = QStringLiteral("http://127.0.0.1:9/added");
    std::optional<Result<CreateTargetResponse>> created;
    other.createTarget(request, nullptr, [&created](Result<CreateTargetResponse> r) { created = std::move(r); });
    QTRY_VERIFY(created.has_value());
    QVERIFY2(created->ok(), qPrintable(created->ok() ? QString() : created->error().toString()));
    const QString newId = created->value().id;

    // Nothing changes by itself; F5 loads again.
    QTest::qWait(50);
    QCOMPARE(table->model()->rowCount(), before);
    QSignalSpy started(w.targetList()->loader(), &TargetListLoader::started);
    QTest::keyClick(table, Qt::Key_F5);
    QCOMPARE(started.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), before + 1, loadTimeoutMs);
    QVERIFY(w.targetList()->model()->indexOfId(newId) >= 0);

    // A target deleted elsewhere disappears on the next refresh.
    std::optional<Result<DeleteTargetResponse>> deleted;
    other.deleteTarget(newId, nullptr, [&deleted](Result<DeleteTargetResponse> r) { deleted = std::move(r); });
    QTRY_VERIFY(deleted.has_value());
    QVERIFY(deleted->ok());
    QTest::keyClick(table, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), before, loadTimeoutMs);
    QVERIFY(waitForLoaded(w));
    QCOMPARE(w.targetList()->model()->indexOfId(newId), -1);
}

void TestMainWindow::errorStateWithRetry()
{
    // A port nobody listens on: take a free one and give it back.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QString token = QStringLiteral("retry-test-token");
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);

    MainWindow w(ConnectionInfo::sandbox(url, token));
    w.show();
    QTRY_COMPARE_WITH_TIMEOUT(w.targetList()->state(), State::Error, loadTimeoutMs);
    auto *statePanel = child<StatePanel>(&w, "statePanel");
    QVERIFY(statePanel->isVisible());
    QCOMPARE(statePanel->title(), QStringLiteral("Could not load the targets"));
    QVERIFY2(statePanel->detail().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(statePanel->detail()));
    auto *retry = child<QPushButton>(statePanel, "stateActionButton");
    QVERIFY(retry->isVisible());
    QCOMPARE(retry->text(), QStringLiteral("Retry"));
    QVERIFY(!child<QProgressBar>(&w, "loadingIndicator")->isVisible());

    // The instance comes up on that port; Retry now loads.
    sandbox::Sandbox late;
    QVERIFY(late.listen(QHostAddress::LocalHost, port));
    late.addToken(token, sandbox::Role::ReadWrite);
    late.seedTargets(4);
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.targetList()->state(), State::List, loadTimeoutMs);
    QCOMPARE(child<QTableView>(&w, "targetTable")->model()->rowCount(), 4);
}

void TestMainWindow::refreshFailureKeepsRows()
{
    Instance instance;
    instance.sandbox.seedTargets(6);
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    auto *notice = child<QWidget>(&w, "noticeBar");
    QVERIFY(!notice->isVisible());

    instance.sandbox.setFault(QStringLiteral("ListTargets"), *sandbox::Fault::parse(QStringLiteral("503")));
    w.targetList()->refreshAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), loadTimeoutMs);
    // The old rows stay visible under a notice with Retry.
    QCOMPARE(w.targetList()->state(), State::List);
    QCOMPARE(child<QTableView>(&w, "targetTable")->model()->rowCount(), 6);
    QVERIFY(child<QLabel>(notice, "noticeText")->text().contains(QStringLiteral("503")));

    instance.sandbox.clearFaults();
    auto *retry = child<QPushButton>(notice, "noticeActionButton");
    QCOMPARE(retry->text(), QStringLiteral("Retry"));
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY(!notice->isVisible());
    QVERIFY(waitForLoaded(w));
    QVERIFY(!w.targetList()->loader()->hasError());
}

void TestMainWindow::emptyState()
{
    Instance instance; // no seed: no targets
    MainWindow w(instance.connection());
    w.show();
    QTRY_COMPARE_WITH_TIMEOUT(w.targetList()->state(), State::Empty, loadTimeoutMs);
    auto *statePanel = child<StatePanel>(&w, "statePanel");
    QVERIFY(statePanel->isVisible());
    QCOMPARE(statePanel->title(), QStringLiteral("No targets yet"));
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("0 targets"));

    // The button on the empty page is a working refresh.
    instance.sandbox.seedTargets(1);
    auto *button = child<QPushButton>(statePanel, "stateActionButton");
    QCOMPARE(button->text(), QStringLiteral("Refresh"));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.targetList()->state(), State::List, loadTimeoutMs);
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("1 target"));
}

void TestMainWindow::incrementalLoading()
{
    Instance instance;
    instance.sandbox.seedTargets(10'000);
    MainWindow w(instance.connection());
    TargetListPanel *panel = w.targetList();
    auto *indicator = child<QProgressBar>(&w, "loadingIndicator");

    // Watch what the window looks like each time rows arrive.
    int pages = 0;
    bool rowsShownWhileLoading = false;
    connect(panel->loader(), &TargetListLoader::pageLoaded, this, [&] {
        ++pages;
        if (panel->isLoading() && indicator->isVisible() && panel->state() == State::List &&
            panel->view()->model()->rowCount() > 0 && panel->view()->model()->rowCount() < 10'000)
            rowsShownWhileLoading = true;
    });
    w.show();
    QVERIFY(indicator->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading(), 60'000);
    QCOMPARE(panel->view()->model()->rowCount(), 10'000);
    QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
    QVERIFY(rowsShownWhileLoading);
    QVERIFY(!indicator->isVisible());
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("10,000 targets"));
}

void TestMainWindow::remembersColumnsAndGeometry()
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

void TestMainWindow::controlsHaveNamesAndAccessibleNames()
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

void TestMainWindow::connectionInfoForInstance()
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
