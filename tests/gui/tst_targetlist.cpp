// Widget tests of the target list: search, refresh, error and empty states, incremental and server-side sorted loading,
// columns, the active-key column, deleting the selected targets, and actions that follow the selection. The real main
// window on a sandbox started here, offscreen; questions are answered by a FakeConfirmer.

#include "fakeconfirmer.h"
#include "targetscreen.h"
#include "testsettings.h"
#include "testutil.h"
#include "widgetlookup.h"

#include "api/zitadelclient.h"
#include "commands/deletetargetscommand.h"
#include "connections/connectioninfo.h"
#include "keys/keymanagement.h"
#include "keys/keypanel.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"
#include "targets/activekeyfetcher.h"
#include "targets/targeteditor.h"
#include "targets/targetlistloader.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "widgets/confirmer.h"
#include "widgets/noticebar.h"
#include "widgets/statepanel.h"

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
#include <optional>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;
using namespace std::chrono_literals;
using State = TargetListPanel::State;

class TestTargetList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void searchFiltersAsYouType();
    void ctrlFFocusesSearchAndDownEntersTable();
    void searchWithoutMatchesOffersClear();
    void f5RefreshesAfterServerChanges();
    void errorStateWithRetry();
    void refreshFailureKeepsRows();
    void emptyState();
    void incrementalLoading();
    void columnsCanBeHiddenAndStayHidden();
    void deleteSingleTarget();
    void deleteSeveralTargets();
    void deletePartialFailure();
    void activeKeyColumn();
    void activeKeyFetchedLazily();
    void serverSideSortWhileLoading();
    void actionsFollowSelection();

private:
    QTemporaryDir m_settingsDir;
};

void TestTargetList::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_targetlist"));
}

void TestTargetList::init()
{
    QSettings().clear();
}

void TestTargetList::searchFiltersAsYouType()
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

void TestTargetList::ctrlFFocusesSearchAndDownEntersTable()
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

void TestTargetList::searchWithoutMatchesOffersClear()
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

void TestTargetList::f5RefreshesAfterServerChanges()
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

void TestTargetList::errorStateWithRetry()
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

void TestTargetList::refreshFailureKeepsRows()
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

void TestTargetList::emptyState()
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

void TestTargetList::incrementalLoading()
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

void TestTargetList::columnsCanBeHiddenAndStayHidden()
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
        const auto action = [columns](int column) {
            return columns->findChild<QAction *>(QStringLiteral("showColumn%1Action").arg(column));
        };
        auto *created = action(TargetListModel::CreatedColumn);
        auto *payload = action(TargetListModel::PayloadTypeColumn);
        auto *name = action(TargetListModel::NameColumn);
        QVERIFY(created && payload && name);
        // The dates are hidden by default (the list fits 1280 pixels without them); the rest is shown.
        QVERIFY(!created->isChecked());
        QVERIFY(payload->isChecked());
        QVERIFY(!name->isEnabled()); // the name always stays
        payload->trigger();
        created->trigger();
        QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
        QVERIFY(header->isSectionHidden(TargetListModel::PayloadTypeColumn));
        QVERIFY(!header->isSectionHidden(TargetListModel::CreatedColumn));
        // Reachable from the View menu, so the keyboard gets there too.
        QVERIFY(child<QMenu>(&w, "viewMenu")->actions().contains(columns->menuAction()));
        w.close();
    }
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(waitForLoaded(w));
    QHeaderView *header = child<QTableView>(&w, "targetTable")->horizontalHeader();
    QVERIFY(header->isSectionHidden(TargetListModel::PayloadTypeColumn));
    QVERIFY(!header->isSectionHidden(TargetListModel::CreatedColumn));
    QVERIFY(header->isSectionHidden(TargetListModel::ChangedColumn));
}

void TestTargetList::deleteSingleTarget()
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

void TestTargetList::deleteSeveralTargets()
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

void TestTargetList::deletePartialFailure()
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

void TestTargetList::activeKeyColumn()
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

void TestTargetList::activeKeyFetchedLazily()
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

void TestTargetList::serverSideSortWhileLoading()
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

void TestTargetList::actionsFollowSelection()
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

QTEST_MAIN(TestTargetList)
#include "tst_targetlist.moc"
