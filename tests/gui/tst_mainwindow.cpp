#include "activekeyfetcher.h"
#include "api/zitadelclient.h"
#include "confirmer.h"
#include "connectioninfo.h"
#include "deletetargetscommand.h"
#include "keymanagement.h"
#include "keypanel.h"
#include "mainwindow.h"
#include "model/targetlistmodel.h"
#include "noticebar.h"
#include "sandbox/sandbox.h"
#include "secretclipboard.h"
#include "secretfield.h"
#include "signingkeydialog.h"
#include "statepanel.h"
#include "targeteditor.h"
#include "targetexecutionsview.h"
#include "targetlistloader.h"
#include "targetlistpanel.h"
#include "targetworkspace.h"
#include "testutil.h"
#include "translations.h"

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
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

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

// Answers the window's questions in advance and remembers what was asked and told.
class FakeConfirmer : public Confirmer
{
public:
    QList<Prompt> asked;
    QList<Prompt> told;
    bool answer = true;

    bool confirm(QWidget *, const Prompt &prompt) override
    {
        asked.append(prompt);
        return answer;
    }
    void inform(QWidget *, const Prompt &prompt) override { told.append(prompt); }
    QStringList askedIds() const
    {
        QStringList ids;
        for (const Prompt &p : asked)
            ids.append(p.id);
        return ids;
    }
};

QJsonArray snapshotTargets(const sandbox::Sandbox &s)
{
    return s.snapshot().value(QLatin1String("targets")).toArray();
}

// The target named `name` as the sandbox holds it; an empty object when there is none.
QJsonObject serverTarget(const sandbox::Sandbox &s, const QString &name)
{
    for (const QJsonValue &v : snapshotTargets(s)) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

QString serverId(const sandbox::Sandbox &s, const QString &name)
{
    return serverTarget(s, name).value(QLatin1String("id")).toString();
}

// Clicks the row of a target (by id) in the table, with optional modifiers.
bool clickRow(MainWindow &w, const QString &id, Qt::KeyboardModifiers modifiers = {})
{
    QTableView *table = w.targetList()->view();
    const int row = w.targetList()->proxy()->rowOfId(id);
    if (row < 0)
        return false;
    const QModelIndex index = table->model()->index(row, TargetListModel::NameColumn);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, table->visualRect(index).center());
    return true;
}

template <typename T>
T *topLevel(const char *objectName)
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *t = qobject_cast<T *>(w); t && t->objectName() == QLatin1String(objectName) && t->isVisible())
            return t;
    }
    return nullptr;
}

// A window on a started sandbox with a fake confirmer, loaded.
struct Session {
    Instance instance;
    FakeConfirmer confirmer;
    std::unique_ptr<MainWindow> window;

    void open()
    {
        window = std::make_unique<MainWindow>(instance.connection());
        window->setConfirmer(&confirmer);
        window->show();
    }
    TargetEditor *editor() const { return window->workspace()->editor(); }
    TargetWorkspace *workspace() const { return window->workspace(); }
};

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
    void columnsCanBeHiddenAndStayHidden();
    void controlsHaveNamesAndAccessibleNames();
    void connectionInfoForInstance();

    void createTargetThroughForm();
    void validationMessagesAsTyped();
    void serverErrorKeepsTypedValues();
    void editTargetSendsChanges();
    void asyncClearsInterruptOnError();
    void unsavedChangesPrompt();
    void escapeCancelsEdit();
    void deleteSingleTarget();
    void deleteSeveralTargets();
    void deletePartialFailure();
    void signingKeyHiddenAndRotated();
    void secretClipboardLeavesOtherData();
    void activeKeyColumn();
    void activeKeyFetchedLazily();
    void executionsShown();
    void serverSideSortWhileLoading();
    void actionsFollowSelection();
    void darkPaletteMessagesReadable();

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
    Session session; // no seed: no targets
    session.open();
    MainWindow &w = *session.window;
    QTRY_COMPARE_WITH_TIMEOUT(w.targetList()->state(), State::Empty, loadTimeoutMs);
    auto *statePanel = child<StatePanel>(&w, "statePanel");
    QVERIFY(statePanel->isVisible());
    QCOMPARE(statePanel->title(), QStringLiteral("No targets yet — create one"));
    QCOMPARE(child<QLabel>(&w, "countLabel")->text(), QStringLiteral("0 targets"));

    // The button on the empty page opens the form for a new target.
    auto *button = child<QPushButton>(statePanel, "stateActionButton");
    QCOMPARE(button->text(), QStringLiteral("New Target…"));
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(session.editor()->mode(), TargetEditor::Mode::New);

    // F5 looks again for targets created elsewhere.
    session.instance.sandbox.seedTargets(1);
    w.targetList()->refreshAction()->trigger();
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

void TestMainWindow::columnsCanBeHiddenAndStayHidden()
{
    Instance instance;
    instance.sandbox.seedTargets(2);
    {
        MainWindow w(instance.connection());
        w.show();
        QVERIFY(waitForLoaded(w));
        QMenu *columns = w.targetList()->columnsMenu();
        QVERIFY(columns);
        Q_EMIT columns->aboutToShow();
        auto *created = columns->findChild<QAction *>(
            QStringLiteral("showColumn%1Action").arg(int(TargetListModel::CreatedColumn)));
        auto *name =
            columns->findChild<QAction *>(QStringLiteral("showColumn%1Action").arg(int(TargetListModel::NameColumn)));
        QVERIFY(created && name);
        QVERIFY(created->isChecked());
        QVERIFY(!name->isEnabled()); // the name always stays
        created->trigger();
        QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
        QVERIFY(header->isSectionHidden(TargetListModel::CreatedColumn));
        // Reachable from the View menu, so the keyboard gets there too.
        QVERIFY(child<QMenu>(&w, "viewMenu")->actions().contains(columns->menuAction()));
        w.close();
    }
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
    QVERIFY(header->isSectionHidden(TargetListModel::CreatedColumn));
    QVERIFY(!header->isSectionHidden(TargetListModel::ChangedColumn));
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

void TestMainWindow::createTargetThroughForm()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForLoaded(w));
    const int before = session.instance.targetCount();
    SecretClipboard *clipboard = session.workspace()->secretClipboard();
    clipboard->setClearDelay(300ms);

    // Ctrl+N opens an empty form with the name focused.
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
    TargetEditor *editor = session.editor();
    QCOMPARE(editor->mode(), TargetEditor::Mode::New);
    QTRY_VERIFY(editor->nameField()->hasFocus());

    QTest::keyClicks(editor->nameField(), QStringLiteral("orders-webhook"));
    QTest::keyClicks(editor->endpointField(), QStringLiteral("https://orders.example.com/zitadel"));
    editor->typeBox()->setFocus();
    QTest::keyClick(editor->typeBox(), Qt::Key_Down); // Webhook → Call
    QCOMPARE(editor->typeBox()->currentText(), QStringLiteral("Call"));
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("2500"));
    editor->timeoutUnitBox()->setFocus();
    QTest::keyClick(editor->timeoutUnitBox(), Qt::Key_Up); // s → ms
    QCOMPARE(editor->timeoutUnitBox()->currentText(), QStringLiteral("ms"));
    QTest::mouseClick(editor->interruptBox(), Qt::LeftButton);
    QVERIFY(editor->interruptBox()->isChecked());
    editor->payloadBox()->setFocus();
    QTest::keyClick(editor->payloadBox(), Qt::Key_Down); // JSON → JWT
    QVERIFY(editor->isDirty());
    QVERIFY(!editor->hasErrors());

    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QVERIFY(editor->isBusy()); // asynchronous: the form waits, disabled, with its values
    QVERIFY(!editor->nameField()->isEnabled());
    QCOMPARE(editor->nameField()->text(), QStringLiteral("orders-webhook"));

    // The signing key is shown once, in a dialog that says what it is for.
    SigningKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = topLevel<SigningKeyDialog>("signingKeyDialog")) != nullptr, loadTimeoutMs);
    QCOMPARE(session.instance.targetCount(), before + 1);
    const QJsonObject stored = serverTarget(session.instance.sandbox, QStringLiteral("orders-webhook"));
    QCOMPARE(stored.value(QLatin1String("endpoint")).toString(), QStringLiteral("https://orders.example.com/zitadel"));
    QCOMPARE(stored.value(QLatin1String("timeout")).toString(), QStringLiteral("2.500s"));
    QVERIFY(stored.value(QLatin1String("restCall")).toObject().value(QLatin1String("interruptOnError")).toBool());
    QCOMPARE(stored.value(QLatin1String("payloadType")).toString(), QStringLiteral("PAYLOAD_TYPE_JWT"));
    const QString key = stored.value(QLatin1String("signingKey")).toString();
    QVERIFY(!key.isEmpty());
    QCOMPARE(dialog->keyField()->secret(), key);
    QVERIFY(child<QLabel>(dialog, "signingKeyExplanation")->text().contains(QStringLiteral("ZITADEL-Signature")));

    // The new target is in the list, selected, and the form now edits it.
    const QString id = stored.value(QLatin1String("id")).toString();
    QCOMPARE(editor->mode(), TargetEditor::Mode::Edit);
    QCOMPARE(editor->targetId(), id);
    QCOMPARE(w.targetList()->selectedIds(), QStringList{id});
    QVERIFY(!editor->isDirty());

    // Copy marks the data as secret; the clipboard is cleared after the (shortened) delay.
    QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    QVERIFY(data);
    QCOMPARE(data->text(), key);
    QCOMPARE(data->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
    QVERIFY(clipboard->isClearPending());
    QTRY_VERIFY_WITH_TIMEOUT(!QGuiApplication::clipboard()->text().contains(key), 3000);
    QVERIFY(!clipboard->isClearPending());
    dialog->close();
}

void TestMainWindow::validationMessagesAsTyped()
{
    Session session;
    session.open();
    QTRY_COMPARE_WITH_TIMEOUT(session.window->targetList()->state(), State::Empty, loadTimeoutMs);
    session.workspace()->newAction()->trigger();
    TargetEditor *editor = session.editor();
    using F = TargetEditor::Field;

    // A fresh form is not a wall of errors.
    QVERIFY(editor->fieldMessage(F::Name).isEmpty());
    QVERIFY(editor->fieldMessage(F::Endpoint).isEmpty());

    // Name: typed, then erased.
    QTest::keyClicks(editor->nameField(), QStringLiteral("x"));
    QVERIFY(editor->fieldMessage(F::Name).isEmpty());
    QTest::keyClick(editor->nameField(), Qt::Key_Backspace);
    QCOMPARE(editor->fieldMessage(F::Name), QStringLiteral("Enter a name."));
    QVERIFY(child<QLabel>(editor, "nameMessage")->isVisible());
    QTest::keyClicks(editor->nameField(), QStringLiteral("valid-name"));
    QVERIFY(editor->fieldMessage(F::Name).isEmpty());
    editor->nameField()->setText(QString(1001, QLatin1Char('n')));
    QTest::keyClick(editor->nameField(), Qt::Key_End);
    QTest::keyClick(editor->nameField(), Qt::Key_Backspace); // still 1001 after this? no: 1000 → fine
    QVERIFY(editor->fieldMessage(F::Name).isEmpty());
    QTest::keyClicks(editor->nameField(), QStringLiteral("nn"));
    QVERIFY2(editor->fieldMessage(F::Name).contains(QStringLiteral("1000")), qPrintable(editor->fieldMessage(F::Name)));
    editor->nameField()->clear();
    QTest::keyClicks(editor->nameField(), QStringLiteral("valid-name"));

    // Endpoint: not a URL, not http(s), then a private host: a warning, not an error.
    QTest::keyClicks(editor->endpointField(), QStringLiteral("not a url"));
    QVERIFY(!editor->fieldMessage(F::Endpoint).isEmpty());
    QVERIFY(editor->hasErrors());
    editor->endpointField()->clear();
    QTest::keyClicks(editor->endpointField(), QStringLiteral("ftp://files.example.com/x"));
    QCOMPARE(editor->fieldMessage(F::Endpoint), QStringLiteral("Use an http:// or https:// URL."));
    for (const char *host : {"localhost:8080", "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.10", "169.254.1.1",
                             "100.64.0.1", "198.18.0.1", "[::1]", "[fd00::1]", "[fe80::1]"}) {
        editor->endpointField()->clear();
        QTest::keyClicks(editor->endpointField(), QStringLiteral("http://%1/hook").arg(QLatin1String(host)));
        QVERIFY2(editor->fieldMessage(F::Endpoint).contains(QStringLiteral("deny list")), host);
        QVERIFY2(!editor->hasErrors(), host); // ZITADEL may have been configured to allow it
    }
    editor->endpointField()->clear();
    QTest::keyClicks(editor->endpointField(), QStringLiteral("https://hooks.example.com/in"));
    QVERIFY(editor->fieldMessage(F::Endpoint).isEmpty());

    // Timeout: 0 and 300 s are refused, 270 s and 4 min are fine.
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("0"));
    QCOMPARE(editor->fieldMessage(F::Timeout), QStringLiteral("The timeout must be more than 0."));
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("300"));
    QCOMPARE(editor->fieldMessage(F::Timeout), QStringLiteral("At most 270 seconds (4.5 minutes)."));
    QVERIFY(editor->hasErrors());

    // Saving with an error sends nothing and points at the field.
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTest::qWait(100);
    QCOMPARE(session.instance.sandbox.requestCount(QStringLiteral("CreateTarget")), 0);
    QVERIFY(editor->timeoutBox()->hasFocus() || !session.window->isActiveWindow());

    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("270"));
    QVERIFY(editor->fieldMessage(F::Timeout).isEmpty());
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("4"));
    editor->timeoutUnitBox()->setCurrentIndex(editor->timeoutUnitBox()->findText(QStringLiteral("min")));
    QVERIFY(editor->fieldMessage(F::Timeout).isEmpty());
    QVERIFY(!editor->hasErrors());

    // A new form where the user touched nothing shows every problem only when saving is tried.
    session.editor()->revert();
    QVERIFY(editor->fieldMessage(F::Name).isEmpty());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QCOMPARE(editor->fieldMessage(F::Name), QStringLiteral("Enter a name."));
    QVERIFY(!editor->fieldMessage(F::Endpoint).isEmpty());
    QCOMPARE(session.instance.sandbox.requestCount(QStringLiteral("CreateTarget")), 0);
    session.confirmer.answer = true; // closing discards the form
}

void TestMainWindow::serverErrorKeepsTypedValues()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    QVERIFY(waitForLoaded(*session.window));
    const int before = session.instance.targetCount();
    TargetEditor *editor = session.editor();
    session.workspace()->newAction()->trigger();
    QTest::keyClicks(editor->nameField(), QStringLiteral("crm-sync")); // exists already
    QTest::keyClicks(editor->endpointField(), QStringLiteral("https://other.example.com/hook"));
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("7"));
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy(), loadTimeoutMs);
    QVERIFY2(editor->serverErrorText().contains(QStringLiteral("already exists")),
             qPrintable(editor->serverErrorText()));
    QVERIFY(editor->serverErrorText().contains(QStringLiteral("409")));
    QVERIFY(child<NoticeBar>(editor, "editorError")->isVisible());
    QCOMPARE(editor->fieldMessage(TargetEditor::Field::Name),
             QStringLiteral("ZITADEL already has a target with this name."));
    // Everything typed is still there, editable, and the server holds nothing new.
    QCOMPARE(editor->mode(), TargetEditor::Mode::New);
    QCOMPARE(editor->nameField()->text(), QStringLiteral("crm-sync"));
    QCOMPARE(editor->endpointField()->text(), QStringLiteral("https://other.example.com/hook"));
    QCOMPARE(editor->timeoutBox()->value(), 7);
    QVERIFY(editor->nameField()->isEnabled());
    QCOMPARE(session.instance.targetCount(), before);
    QVERIFY(topLevel<SigningKeyDialog>("signingKeyDialog") == nullptr);

    // Editing the name clears ZITADEL's remark on it; saving again works.
    QTest::keyClicks(editor->nameField(), QStringLiteral("-2"));
    QVERIFY(editor->fieldMessage(TargetEditor::Field::Name).isEmpty());
    QTest::keyClick(session.window.get(), Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(session.instance.targetCount(), before + 1, loadTimeoutMs);
    QVERIFY(!serverTarget(session.instance.sandbox, QStringLiteral("crm-sync-2")).isEmpty());
    QTRY_VERIFY(topLevel<SigningKeyDialog>("signingKeyDialog") != nullptr);
    topLevel<SigningKeyDialog>("signingKeyDialog")->close();
}

void TestMainWindow::editTargetSendsChanges()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    const QJsonObject before = serverTarget(sandbox, QStringLiteral("saml-attributes"));
    const QString id = before.value(QLatin1String("id")).toString();
    QVERIFY(clickRow(w, id));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->mode(), TargetEditor::Mode::Edit);
    QCOMPARE(editor->targetId(), id);
    QCOMPARE(editor->nameField()->text(), QStringLiteral("saml-attributes"));
    QCOMPARE(editor->timeoutBox()->value(), 4);
    QCOMPARE(editor->timeoutUnitBox()->currentText(), QStringLiteral("s"));
    QVERIFY(!session.workspace()->saveAction()->isEnabled()); // nothing changed yet

    editor->endpointField()->selectAll();
    QTest::keyClicks(editor->endpointField(), QStringLiteral("https://saml2.acme.example/attributes"));
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("12"));
    QVERIFY(editor->isDirty());
    QVERIFY(session.workspace()->saveAction()->isEnabled());

    // Only what changed goes out: the patch, as the client will send it.
    const TargetPatch patch = TargetPatch::diff(editor->baseline(), editor->editedTarget());
    QVERIFY(patch.endpoint && patch.timeout && !patch.name && !patch.type && !patch.payloadType);

    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy(), loadTimeoutMs);
    QVERIFY2(editor->serverErrorText().isEmpty(), qPrintable(editor->serverErrorText()));
    const QJsonObject after = serverTarget(sandbox, QStringLiteral("saml-attributes"));
    QCOMPARE(after.value(QLatin1String("endpoint")).toString(),
             QStringLiteral("https://saml2.acme.example/attributes"));
    QCOMPARE(after.value(QLatin1String("timeout")).toString(), QStringLiteral("12s"));
    // The rest is as it was.
    for (const char *field : {"name", "restCall", "payloadType", "signingKey", "creationDate"})
        QCOMPARE(after.value(QLatin1String(field)), before.value(QLatin1String(field)));
    QVERIFY(after.value(QLatin1String("changeDate")) != before.value(QLatin1String("changeDate")));
    QCOMPARE(sandbox.requestCount(QStringLiteral("UpdateTarget")), 1);

    // The list and the form show the saved state; nothing is left to save.
    const Target shown = w.targetList()->model()->target(w.targetList()->model()->indexOfId(id));
    QCOMPARE(shown.endpoint, QStringLiteral("https://saml2.acme.example/attributes"));
    QVERIFY(!editor->isDirty());
    QVERIFY(!session.workspace()->saveAction()->isEnabled());
}

void TestMainWindow::asyncClearsInterruptOnError()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    QVERIFY(waitForLoaded(*session.window));
    const QString id = serverId(session.instance.sandbox, QStringLiteral("crm-sync")); // webhook, interrupts
    QVERIFY(clickRow(*session.window, id));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->targetId(), id);
    QVERIFY(editor->interruptBox()->isChecked());
    QVERIFY(editor->interruptBox()->isEnabled());

    editor->typeBox()->setCurrentIndex(editor->typeBox()->findText(QStringLiteral("Async")));
    QVERIFY(!editor->interruptBox()->isChecked());
    QVERIFY(!editor->interruptBox()->isEnabled());
    QTest::keyClick(session.window.get(), Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy() && !editor->isDirty(), loadTimeoutMs);
    const QJsonObject stored = serverTarget(session.instance.sandbox, QStringLiteral("crm-sync"));
    QVERIFY(stored.contains(QLatin1String("restAsync")));
    QVERIFY(!stored.contains(QLatin1String("restWebhook")));

    // Back to webhook: the box is enabled again and unchecked.
    editor->typeBox()->setCurrentIndex(editor->typeBox()->findText(QStringLiteral("Webhook")));
    QVERIFY(editor->interruptBox()->isEnabled());
    QVERIFY(!editor->interruptBox()->isChecked());
}

void TestMainWindow::unsavedChangesPrompt()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    const QString first = serverId(sandbox, QStringLiteral("audit-log-sink"));
    const QString second = serverId(sandbox, QStringLiteral("slack-notify"));
    TargetEditor *editor = session.editor();
    QVERIFY(clickRow(w, first));
    QTRY_COMPARE(editor->targetId(), first);
    QTest::keyClicks(editor->nameField(), QStringLiteral("-renamed"));
    QVERIFY(editor->isDirty());

    // Another row: asked; "Keep Editing" keeps the form and puts the selection back.
    session.confirmer.answer = false;
    QVERIFY(clickRow(w, second));
    QTRY_COMPARE(session.confirmer.asked.size(), 1);
    QCOMPARE(session.confirmer.asked.last().id, QStringLiteral("discardChanges"));
    QVERIFY(session.confirmer.asked.last().text.contains(QStringLiteral("audit-log-sink")));
    QCOMPARE(editor->targetId(), first);
    QCOMPARE(editor->nameField()->text(), QStringLiteral("audit-log-sink-renamed"));
    QCOMPARE(w.targetList()->selectedIds(), QStringList{first});

    // New target: asked again, kept again.
    session.workspace()->newAction()->trigger();
    QCOMPARE(session.confirmer.asked.size(), 2);
    QCOMPARE(editor->mode(), TargetEditor::Mode::Edit);

    // Closing the window: asked, and the window stays.
    QVERIFY(!w.close());
    QCOMPARE(session.confirmer.asked.size(), 3);
    QVERIFY(w.isVisible());

    // "Discard": the other target is shown, nothing was sent.
    session.confirmer.answer = true;
    QVERIFY(clickRow(w, second));
    QTRY_COMPARE(editor->targetId(), second);
    QCOMPARE(session.confirmer.asked.size(), 4);
    QVERIFY(!editor->isDirty());
    QCOMPARE(sandbox.requestCount(QStringLiteral("UpdateTarget")), 0);
    QVERIFY(!serverTarget(sandbox, QStringLiteral("audit-log-sink")).isEmpty());

    // A form without changes is left without a question.
    QVERIFY(clickRow(w, first));
    QTRY_COMPARE(editor->targetId(), first);
    QCOMPARE(session.confirmer.asked.size(), 4);
    QVERIFY(w.close());
}

void TestMainWindow::escapeCancelsEdit()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForLoaded(w));
    const QString id = serverId(session.instance.sandbox, QStringLiteral("crm-sync"));
    QVERIFY(clickRow(w, id));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->targetId(), id);
    editor->nameField()->setFocus();
    QTest::keyClicks(editor->nameField(), QStringLiteral("-x"));
    QVERIFY(editor->isDirty());
    QTest::keyClick(editor->nameField(), Qt::Key_Escape);
    QCOMPARE(editor->nameField()->text(), QStringLiteral("crm-sync"));
    QVERIFY(!editor->isDirty());

    // Esc in a new form closes it and shows the selection again.
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(editor->mode(), TargetEditor::Mode::New);
    QTest::keyClicks(editor->nameField(), QStringLiteral("half-typed"));
    QTest::keyClick(editor->nameField(), Qt::Key_Escape);
    QVERIFY(editor->mode() != TargetEditor::Mode::New);
    QVERIFY(session.confirmer.asked.isEmpty()); // Esc is an explicit cancel, not a question
    QCOMPARE(session.instance.sandbox.requestCount(QStringLiteral("CreateTarget")), 0);
}

void TestMainWindow::deleteSingleTarget()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    const QString id = serverId(sandbox, QStringLiteral("crm-sync"));
    const int before = session.instance.targetCount();
    QVERIFY(clickRow(w, id));
    QTRY_COMPARE(session.editor()->targetId(), id);

    // Del asks first, naming the target and the executions that call it; "Cancel" deletes nothing.
    session.confirmer.answer = false;
    QTableView *table = w.targetList()->view();
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QTRY_COMPARE(session.confirmer.asked.size(), 1);
    const Prompt prompt = session.confirmer.asked.first();
    QCOMPARE(prompt.id, QStringLiteral("deleteTargets"));
    QVERIFY(prompt.destructive);
    QVERIFY(prompt.text.contains(QStringLiteral("crm-sync")));
    QCOMPARE(prompt.items, QStringList{QStringLiteral("event · user.human.added")});
    QTRY_VERIFY(!session.workspace()->isDeleting());
    QCOMPARE(session.instance.targetCount(), before);
    QCOMPARE(sandbox.requestCount(QStringLiteral("DeleteTarget")), 0);

    // "Delete": gone from the server (and from its execution), from the list and from the form.
    session.confirmer.answer = true;
    QTest::keyClick(table, Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(session.instance.targetCount(), before - 1, loadTimeoutMs);
    QVERIFY(serverTarget(sandbox, QStringLiteral("crm-sync")).isEmpty());
    for (const QJsonValue &e : sandbox.snapshot().value(QLatin1String("executions")).toArray())
        QVERIFY(!e.toObject().value(QLatin1String("targets")).toArray().contains(id));
    QTRY_COMPARE(w.targetList()->model()->indexOfId(id), -1);
    QTRY_VERIFY(session.editor()->mode() != TargetEditor::Mode::Edit);
    QCOMPARE(session.confirmer.asked.size(), 2);
    QVERIFY(session.confirmer.told.isEmpty());
}

void TestMainWindow::deleteSeveralTargets()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    const QStringList names{QStringLiteral("audit-log-sink"), QStringLiteral("slack-notify"),
                            QStringLiteral("user-created-webhook")};
    QStringList ids;
    for (const QString &name : names)
        ids.append(serverId(sandbox, name));
    const int before = session.instance.targetCount();
    QVERIFY(clickRow(w, ids.at(0)));
    QVERIFY(clickRow(w, ids.at(1), Qt::ControlModifier));
    QVERIFY(clickRow(w, ids.at(2), Qt::ControlModifier));
    QCOMPARE(w.targetList()->selectedIds().size(), 3);
    QTRY_COMPARE(session.editor()->mode(), TargetEditor::Mode::Multiple);
    QCOMPARE(session.workspace()->deleteAction()->text(), QStringLiteral("&Delete 3 Targets…"));

    // Slow deletions: the progress dialog shows.
    sandbox.setFault(QStringLiteral("DeleteTarget"), *sandbox::Fault::parse(QStringLiteral("delay:250")));
    session.workspace()->deleteAction()->trigger();
    QTRY_VERIFY(session.workspace()->deleteCommand() && !session.confirmer.asked.isEmpty());
    session.workspace()->deleteCommand()->setProgressDelay(0);
    QCOMPARE(session.confirmer.asked.size(), 1); // one confirmation for all
    const Prompt prompt = session.confirmer.asked.first();
    QCOMPARE(prompt.text, QStringLiteral("Delete 3 targets?"));
    QCOMPARE(prompt.items.size(), 3);
    QVERIFY(prompt.items.join(QLatin1Char('\n'))
                .contains(QStringLiteral("response · service zitadel.user.v2.UserService")));
    QVERIFY(prompt.items.join(QLatin1Char('\n')).contains(QStringLiteral("event · user.human.added")));
    QTRY_VERIFY_WITH_TIMEOUT(topLevel<QProgressDialog>("deleteProgressDialog") != nullptr, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!session.workspace()->isDeleting(), loadTimeoutMs);
    QCOMPARE(session.instance.targetCount(), before - 3);
    for (const QString &name : names)
        QVERIFY(serverTarget(sandbox, name).isEmpty());
    QCOMPARE(w.targetList()->totalCount(), before - 3);
    QVERIFY(session.confirmer.told.isEmpty());
    QTRY_VERIFY(topLevel<QProgressDialog>("deleteProgressDialog") == nullptr);
}

void TestMainWindow::deletePartialFailure()
{
    Session session;
    session.instance.sandbox.seedTargets(4);
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    w.targetList()->view()->selectAll();
    QCOMPARE(w.targetList()->selectedIds().size(), 4);
    // The second deletion fails; the others go through and are not rolled back.
    sandbox.setFault(QStringLiteral("DeleteTarget"), *sandbox::Fault::parse(QStringLiteral("none*1")));
    sandbox.setFault(QStringLiteral("DeleteTarget"), *sandbox::Fault::parse(QStringLiteral("delay:0*1")));
    int deleteCalls = 0;
    connect(&sandbox, &sandbox::Sandbox::changed, this, [&] {
        if (++deleteCalls == 1)
            sandbox.setFault(QStringLiteral("DeleteTarget"), *sandbox::Fault::parse(QStringLiteral("500*1")));
    });
    session.workspace()->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!session.workspace()->isDeleting() && !session.confirmer.told.isEmpty(), loadTimeoutMs);
    QCOMPARE(session.confirmer.asked.size(), 1);
    const Prompt report = session.confirmer.told.first();
    QCOMPARE(report.id, QStringLiteral("deleteFailures"));
    QCOMPARE(report.items.size(), 1);
    QVERIFY2(report.items.first().contains(QStringLiteral("500")), qPrintable(report.items.first()));
    QVERIFY(report.informativeText.contains(QStringLiteral("3")));
    QCOMPARE(session.instance.targetCount(), 1);
    QCOMPARE(w.targetList()->totalCount(), 1);
    const QString left = snapshotTargets(sandbox).first().toObject().value(QLatin1String("name")).toString();
    QVERIFY(report.items.first().startsWith(left));
}

void TestMainWindow::signingKeyHiddenAndRotated()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    const QString oldKey =
        serverTarget(sandbox, QStringLiteral("enrich-token-claims")).value(QLatin1String("signingKey")).toString();
    QVERIFY(clickRow(w, serverId(sandbox, QStringLiteral("enrich-token-claims"))));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->mode(), TargetEditor::Mode::Edit);

    // Hidden by default, revealed on request, hidden again for the next target.
    SecretField *field = editor->signingKeyField();
    QCOMPARE(field->field()->echoMode(), QLineEdit::Password);
    QCOMPARE(field->secret(), oldKey);
    QTest::mouseClick(field->revealButton(), Qt::LeftButton);
    QCOMPARE(field->field()->echoMode(), QLineEdit::Normal);
    QCOMPARE(field->field()->text(), oldKey);

    // Rotation asks first, explaining receivers must be updated; "Cancel" changes nothing.
    session.confirmer.answer = false;
    QTest::mouseClick(editor->rotateButton(), Qt::LeftButton);
    QCOMPARE(session.confirmer.askedIds(), QStringList{QStringLiteral("rotateSigningKey")});
    QVERIFY(session.confirmer.asked.first().informativeText.contains(QStringLiteral("Receivers")));
    QTest::qWait(50);
    QCOMPARE(sandbox.requestCount(QStringLiteral("UpdateTarget")), 0);

    session.confirmer.answer = true;
    QTest::mouseClick(editor->rotateButton(), Qt::LeftButton);
    SigningKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = topLevel<SigningKeyDialog>("signingKeyDialog")) != nullptr, loadTimeoutMs);
    const QString newKey =
        serverTarget(sandbox, QStringLiteral("enrich-token-claims")).value(QLatin1String("signingKey")).toString();
    QVERIFY(newKey != oldKey);
    QCOMPARE(dialog->keyField()->secret(), newKey);
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Signing Key Rotated"));
    QCOMPARE(field->secret(), newKey); // the form follows
    dialog->close();

    // The key never lands in the settings.
    w.close();
    QFile settingsFile(QSettings().fileName());
    if (settingsFile.open(QIODevice::ReadOnly)) {
        const QByteArray text = settingsFile.readAll();
        QVERIFY(!text.contains(newKey.toUtf8()));
        QVERIFY(!text.contains(oldKey.toUtf8()));
    }
}

void TestMainWindow::secretClipboardLeavesOtherData()
{
    SecretClipboard clipboard;
    clipboard.setClearDelay(150ms);
    QSignalSpy cleared(&clipboard, &SecretClipboard::clearedAfterDelay);
    clipboard.copy(QStringLiteral("s3cret-key"));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("s3cret-key"));
    // The user copies something else meanwhile: that stays.
    QGuiApplication::clipboard()->setText(QStringLiteral("my own text"));
    QTRY_COMPARE(cleared.size(), 1);
    QCOMPARE(cleared.first().first().toBool(), false);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("my own text"));
    // Otherwise it is emptied.
    clipboard.copy(QStringLiteral("s3cret-key"));
    QTRY_COMPARE(cleared.size(), 2);
    QCOMPARE(cleared.last().first().toBool(), true);
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
}

void TestMainWindow::activeKeyColumn()
{
    Session session;
    session.instance.sandbox.seed();
    auto &sandbox = session.instance.sandbox;
    // A JWE target without keys, and one whose only active key is about to expire.
    ZitadelClient api;
    api.setInstance(sandbox.url());
    api.setToken(session.instance.token);
    auto create = [&](const QString &name) {
        CreateTargetRequest r;
        r.name = name;
        r.timeout = 5s;
        r.endpoint = QStringLiteral("https://keys.example.com/") + name;
        r.payloadType = PayloadType::Jwe;
        auto result = test::await<CreateTargetResponse>([&](auto cb) { api.createTarget(r, nullptr, cb); });
        return result && result->ok() ? result->value().id : QString();
    };
    const QString noKey = create(QStringLiteral("jwe-without-key"));
    const QString expiring = create(QStringLiteral("jwe-expiring-key"));
    QVERIFY(!noKey.isEmpty() && !expiring.isEmpty());
    QFile pem(QStringLiteral(TARGETDESK_TEST_DATA "/crypto/ec-p256.pub.pem"));
    QVERIFY(pem.open(QIODevice::ReadOnly));
    AddPublicKeyRequest add;
    add.publicKeyPem = pem.readAll();
    add.expirationDate = QDateTime::currentDateTimeUtc().addMSecs(1500);
    auto added = test::await<AddPublicKeyResponse>([&](auto cb) { api.addPublicKey(expiring, add, nullptr, cb); });
    QVERIFY(added && added->ok());
    const QString keyId = added->value().keyId;
    auto activated = test::await<QDateTime>([&](auto cb) { api.activatePublicKey(expiring, keyId, nullptr, cb); });
    QVERIFY(activated && activated->ok());
    QTest::qWait(1700); // expired now, but still marked active

    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    const TargetFilterProxyModel *proxy = w.targetList()->proxy();
    auto cell = [&](const QString &id) { return proxy->index(proxy->rowOfId(id), TargetListModel::ActiveKeyColumn); };
    const QString crm = serverId(sandbox, QStringLiteral("crm-sync")); // JWE with an active key
    const QString json = serverId(sandbox, QStringLiteral("saml-attributes"));
    QTRY_VERIFY_WITH_TIMEOUT(cell(noKey).data().toString() != QStringLiteral("…") &&
                                 cell(expiring).data().toString() != QStringLiteral("…") &&
                                 cell(crm).data().toString() != QStringLiteral("…"),
                             loadTimeoutMs);
    QCOMPARE(cell(noKey).data().toString(), QStringLiteral("No active key"));
    QVERIFY(cell(noKey).data(TargetListModel::WarningRole).toBool());
    QCOMPARE(cell(expiring).data().toString(), QStringLiteral("Expired (%1)").arg(keyId));
    QVERIFY(cell(expiring).data(TargetListModel::WarningRole).toBool()); // expired active keys are not usable
    const QJsonArray crmKeys = sandbox.snapshot().value(QLatin1String("publicKeys")).toObject().value(crm).toArray();
    QString crmActive;
    for (const QJsonValue &k : crmKeys) {
        if (k.toObject().value(QLatin1String("active")).toBool())
            crmActive = k.toObject().value(QLatin1String("keyId")).toString();
    }
    QCOMPARE(cell(crm).data().toString(), crmActive);
    QVERIFY(!cell(crm).data(TargetListModel::WarningRole).toBool());
    QTRY_COMPARE(cell(json).data().toString(), QStringLiteral("—"));
    QVERIFY(!cell(json).data(TargetListModel::WarningRole).toBool());

    // The editor says ZITADEL sends nothing, and "Manage Keys…" opens the key panel on this target.
    QVERIFY(clickRow(w, noKey));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->targetId(), noKey);
    QTRY_VERIFY(editor->keyNotice()->isVisible());
    QVERIFY(editor->keyNotice()->text().contains(QStringLiteral("sends nothing")));
    QPushButton *manage = editor->keyNotice()->actionButton();
    QVERIFY(manage->isVisible());
    QSignalSpy keysRequested(session.workspace(), &TargetWorkspace::keysRequested);
    QTest::mouseClick(manage, Qt::LeftButton);
    QCOMPARE(keysRequested.size(), 1);
    QCOMPARE(keysRequested.first().first().toString(), noKey);
    QVERIFY(session.confirmer.told.isEmpty()); // no message box: the panel itself
    QVERIFY(w.keys()->dock()->isVisible());
    QCOMPARE(w.keys()->panel()->targetId(), noKey);
    QCOMPARE(w.targetList()->selectedIds(), QStringList{noKey});

    // A JWE target with a usable key: no notice.
    QVERIFY(clickRow(w, crm));
    QTRY_COMPARE(editor->targetId(), crm);
    QTRY_VERIFY(!editor->keyNotice()->isVisible());
}

void TestMainWindow::activeKeyFetchedLazily()
{
    Session session;
    session.instance.sandbox.seedTargets(10'000);
    auto &sandbox = session.instance.sandbox;
    session.open();
    MainWindow &w = *session.window;
    QTRY_VERIFY_WITH_TIMEOUT(!w.targetList()->isLoading(), 60'000);
    ActiveKeyFetcher *fetcher = w.targetList()->keyFetcher();
    QTRY_VERIFY(fetcher->inFlightCount() == 0 && fetcher->queuedCount() == 0 &&
                sandbox.requestCount(QStringLiteral("ListPublicKeys")) > 0);
    const int atStart = sandbox.requestCount(QStringLiteral("ListPublicKeys"));
    // Only a screenful was asked for, not 10,000.
    QVERIFY2(atStart <= 160, qPrintable(QString::number(atStart)));
    QTableView *table = w.targetList()->view();
    const TargetFilterProxyModel *proxy = w.targetList()->proxy();
    QCOMPARE(proxy->index(0, TargetListModel::ActiveKeyColumn).data().toString().isEmpty(), false);
    QVERIFY(proxy->index(0, TargetListModel::ActiveKeyColumn).data().toString() != QStringLiteral("…"));
    // Far below: not known yet.
    const QModelIndex last = proxy->index(proxy->rowCount() - 1, TargetListModel::ActiveKeyColumn);
    QCOMPARE(last.data().toString(), QStringLiteral("…"));

    // Scrolling to the end fetches what comes into view.
    table->scrollToBottom();
    QTRY_VERIFY_WITH_TIMEOUT(last.data().toString() != QStringLiteral("…"), loadTimeoutMs);
    const int afterScroll = sandbox.requestCount(QStringLiteral("ListPublicKeys"));
    QVERIFY(afterScroll > atStart);
    QVERIFY(afterScroll <= 2 * 160);

    // F5 makes the cache stale: the visible rows are asked again, without blanking them meanwhile.
    w.targetList()->refreshAction()->trigger();
    QVERIFY(last.data().toString() != QStringLiteral("…"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.targetList()->isLoading() && fetcher->isFresh(proxy->target(last.row())->id), 60'000);
    QVERIFY(sandbox.requestCount(QStringLiteral("ListPublicKeys")) > afterScroll);
}

void TestMainWindow::executionsShown()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    auto &sandbox = session.instance.sandbox;
    TargetEditor *editor = session.editor();
    TargetExecutionsView *view = editor->executionsView();

    QVERIFY(clickRow(w, serverId(sandbox, QStringLiteral("audit-log-sink"))));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && view->list()->count() == 2, loadTimeoutMs);
    QStringList items;
    for (int i = 0; i < view->list()->count(); ++i)
        items.append(view->list()->item(i)->text());
    items.sort();
    QCOMPARE(items, (QStringList{QStringLiteral("request · all methods"),
                                 QStringLiteral("response · service zitadel.user.v2.UserService")}));

    QVERIFY(clickRow(w, serverId(sandbox, QStringLiteral("crm-sync"))));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && view->list()->count() == 1, loadTimeoutMs);
    QCOMPARE(view->list()->item(0)->text(), QStringLiteral("event · user.human.added  (target 2 of 2)"));

    QVERIFY(clickRow(w, serverId(sandbox, QStringLiteral("saml-attributes"))));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && view->list()->count() == 1 &&
                                 view->list()->item(0)->text() == QStringLiteral("function · presamlresponse"),
                             loadTimeoutMs);
}

void TestMainWindow::serverSideSortWhileLoading()
{
    Session session;
    session.instance.sandbox.seedTargets(3000);
    session.open();
    MainWindow &w = *session.window;
    TargetListPanel *panel = w.targetList();
    // Right away, while the first pages are on their way: sort by name, descending.
    QSignalSpy started(panel->loader(), &TargetListLoader::started);
    QString topAfterFirstPage;
    connect(panel->loader(), &TargetListLoader::pageLoaded, this, [&] {
        if (started.size() == 1 && topAfterFirstPage.isEmpty())
            topAfterFirstPage = panel->proxy()->target(0)->name;
    });
    panel->view()->horizontalHeader()->setSortIndicator(TargetListModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(started.size(), 1); // the load started over in the server's new order
    QCOMPARE(panel->loader()->serverSortColumn(), TargetSortColumn::Name);
    QTRY_VERIFY_WITH_TIMEOUT(!topAfterFirstPage.isEmpty(), loadTimeoutMs);
    // The first page already holds the real top of the list (created-date order would bring target-00500).
    QCOMPARE(topAfterFirstPage, QStringLiteral("target-03000"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading(), loadTimeoutMs);
    QCOMPARE(panel->proxy()->rowCount(), 3000);

    // A complete list sorts locally: no new load, for server and local-only columns alike.
    panel->view()->horizontalHeader()->setSortIndicator(TargetListModel::TimeoutColumn, Qt::AscendingOrder);
    panel->view()->horizontalHeader()->setSortIndicator(TargetListModel::PayloadTypeColumn, Qt::AscendingOrder);
    QCOMPARE(started.size(), 1);
    for (int row = 1; row < 3000; row += 97)
        QVERIFY(panel->proxy()->target(row - 1)->effectivePayloadType() <=
                panel->proxy()->target(row)->effectivePayloadType());
    // A local-only column loads oldest first next time.
    QCOMPARE(panel->loader()->serverSortColumn(), TargetSortColumn::Unspecified);
}

void TestMainWindow::actionsFollowSelection()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    QVERIFY(waitForLoaded(w));
    TargetWorkspace *ws = session.workspace();
    QVERIFY(ws->newAction()->isEnabled());
    QVERIFY(!ws->deleteAction()->isEnabled());
    QVERIFY(!ws->rotateAction()->isEnabled());
    QVERIFY(!ws->saveAction()->isEnabled());
    QVERIFY(!ws->copyIdAction()->isEnabled());
    QCOMPARE(ws->newAction()->shortcut(), QKeySequence(QKeySequence::New));
    QCOMPARE(ws->saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(ws->deleteAction()->shortcut(), QKeySequence(QKeySequence::Delete));
    QCOMPARE(ws->cancelAction()->shortcut(), QKeySequence(Qt::Key_Escape));

    const QString a = serverId(session.instance.sandbox, QStringLiteral("crm-sync"));
    const QString b = serverId(session.instance.sandbox, QStringLiteral("slack-notify"));
    QVERIFY(clickRow(w, a));
    QTRY_COMPARE(session.editor()->targetId(), a);
    QVERIFY(ws->deleteAction()->isEnabled());
    QVERIFY(ws->rotateAction()->isEnabled());
    QVERIFY(ws->copyIdAction()->isEnabled());
    QVERIFY(!ws->saveAction()->isEnabled());
    ws->copyIdAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), a);

    QVERIFY(clickRow(w, b, Qt::ControlModifier));
    QTRY_COMPARE(session.editor()->mode(), TargetEditor::Mode::Multiple);
    QVERIFY(ws->deleteAction()->isEnabled());
    QVERIFY(!ws->rotateAction()->isEnabled());
    QVERIFY(!ws->copyIdAction()->isEnabled());

    // The context menu offers the same actions.
    QTableView *table = w.targetList()->view();
    const QModelIndex index = table->model()->index(w.targetList()->proxy()->rowOfId(a), 0);
    Q_EMIT table->customContextMenuRequested(table->visualRect(index).center());
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = w.findChild<QMenu *>(QStringLiteral("targetContextMenu"))) != nullptr);
    QVERIFY(menu->actions().contains(ws->deleteAction()));
    QVERIFY(menu->actions().contains(ws->newAction()));
    QVERIFY(menu->actions().contains(w.targetList()->refreshAction()));
    menu->close();

    // Every control of the editor has a name and an accessible name.
    QVERIFY(clickRow(w, a));
    QTRY_COMPARE(session.editor()->mode(), TargetEditor::Mode::Edit);
    for (QWidget *widget : session.editor()->findChildren<QWidget *>()) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisibleTo(session.editor()) ||
            widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
}

void TestMainWindow::darkPaletteMessagesReadable()
{
    // Field messages pick colours for the palette: on a dark window they are light enough to read.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    dark.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    Session session;
    session.instance.sandbox.seed();
    session.open();
    session.window->setPalette(dark);
    QVERIFY(waitForLoaded(*session.window));
    session.workspace()->newAction()->trigger();
    TargetEditor *editor = session.editor();
    QTest::keyClicks(editor->nameField(), QStringLiteral("x"));
    QTest::keyClick(editor->nameField(), Qt::Key_Backspace);
    auto *message = child<QLabel>(editor, "nameMessage");
    QVERIFY(message->isVisible());
    const QColor text = message->palette().color(QPalette::WindowText);
    QVERIFY2(text.lightnessF() > 0.55, qPrintable(text.name()));
    // Set TARGETDESK_SCREENSHOT_DIR to look at the dark window (Fusion), e.g. after changing colours.
    const QString shots = qEnvironmentVariable("TARGETDESK_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QStyle *previous = QApplication::style();
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(dark);
        session.window->setPalette(dark);
        session.window->resize(1280, 720);
        QTest::keyClicks(editor->endpointField(), QStringLiteral("http://10.0.0.8/hook"));
        editor->payloadBox()->setCurrentIndex(2);
        QTest::qWait(200);
        session.window->grab().save(shots + QStringLiteral("/dark-editor.png"));
        QApplication::setPalette(QPalette());
        Q_UNUSED(previous);
    }
    session.window->setPalette(QPalette());
    QTRY_VERIFY(message->palette().color(QPalette::WindowText).lightnessF() < 0.5);
    session.confirmer.answer = true;
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
