// Widget tests of the executions screen: the editor (condition, adding and reordering targets, saving and reading
// back, deleting after the question, the warnings before saving), the execution map in both directions, the checks
// panel's jumps and the problem badge, and the actions on a target's executions from the targets screen. The real
// main window on a sandbox started here, offscreen; questions are answered by a FakeConfirmer.

#include "awaitresult.h"
#include "fakeconfirmer.h"
#include "sandboxsession.h"
#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "api/zitadelclient.h"
#include "executions/checkspanel.h"
#include "executions/executioneditor.h"
#include "executions/executionmap.h"
#include "executions/executionsworkspace.h"
#include "executions/targetpickerdialog.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "targets/targetexecutionsview.h"
#include "targets/targetlistpanel.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

#include <chrono>
#include <memory>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;
using namespace std::chrono_literals;
using Kind = ExecutionCondition::Kind;
using Scope = ExecutionCondition::Scope;

namespace
{

const QString addHuman = QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser");

ExecutionCondition condition(const char *text)
{
    return *executionConditionFromText(QLatin1String(text)).condition;
}

// A target made through the API; its id.
QString createTarget(Instance &instance, const QString &name, bool interrupt = false)
{
    auto client = clientFor(instance.sandbox, instance.token);
    CreateTargetRequest request;
    request.name = name;
    request.type = TargetType::Call;
    request.interruptOnError = interrupt;
    request.timeout = 10s;
    request.endpoint = QStringLiteral("https://hooks.example.com/") + name;
    const auto r =
        awaitResult<Result<CreateTargetResponse>>([&](auto done) { client->createTarget(request, nullptr, done); });
    if (!r || !*r)
        qFatal("could not create target %s", qPrintable(name));
    return (*r)->id;
}

void setExecution(Instance &instance, const ExecutionCondition &c, const QStringList &targets)
{
    auto client = clientFor(instance.sandbox, instance.token);
    const auto r = awaitResult<Result<QDateTime>>([&](auto done) { client->setExecution(c, targets, nullptr, done); });
    if (!r || !*r)
        qFatal("could not set execution %s", qPrintable(c.toText()));
}

// The targets the sandbox holds for `c`, in order; empty when there is no such execution.
QStringList serverTargets(const Instance &instance, const ExecutionCondition &c)
{
    for (const QJsonValue &v : instance.sandbox.snapshot().value(QLatin1String("executions")).toArray()) {
        const auto e = executionFromJson(v.toObject()).execution;
        if (e && e->condition == c)
            return e->targets;
    }
    return {};
}

// The executions ZITADEL lists: an emptied one stays in the sandbox's state as a hidden record, as in ZITADEL.
int serverExecutionCount(const Instance &instance)
{
    const QJsonArray all = instance.sandbox.snapshot().value(QLatin1String("executions")).toArray();
    return int(std::count_if(all.begin(), all.end(), [](const QJsonValue &e) {
        return !e.toObject().value(QLatin1String("targets")).toArray().isEmpty();
    }));
}

struct Screen : Session {
    ExecutionsWorkspace *executions() const { return window->executions(); }
    ExecutionEditor *editor() const { return window->executions()->editor(); }
    // Opens the window, switches to the executions screen with Ctrl+2 and waits for the first load.
    bool openExecutions()
    {
        open();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return false;
        QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
        if (!window->isShowingExecutions())
            return false;
        return waitForReload();
    }
    bool waitForReload()
    {
        ExecutionsWorkspace *w = executions();
        return QTest::qWaitFor([w] { return w->hasLoaded() && !w->isLoading(); }, loadTimeoutMs);
    }
};

// Answers the target picker that opens next: types `search` and takes the first match with Enter.
void answerPicker(const QString &search, bool *answered)
{
    QTimer::singleShot(0, [search, answered] {
        auto *picker = topLevel<TargetPickerDialog>("targetPickerDialog");
        if (!picker)
            return;
        QTest::keyClicks(picker->searchField(), search);
        QTest::keyClick(picker->searchField(), Qt::Key_Return);
        *answered = true;
    });
}

QTreeWidgetItem *childWithKey(QTreeWidgetItem *parent, const QString &key)
{
    for (int i = 0; i < parent->childCount(); ++i) {
        if (parent->child(i)->data(0, ExecutionMap::KeyRole).toString() == key)
            return parent->child(i);
    }
    return nullptr;
}

void activate(QTreeWidget *tree, QTreeWidgetItem *item)
{
    tree->setCurrentItem(item);
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Return);
}

// The longest text in `column` of the list.
QTreeWidgetItem *longestIn(QTreeWidget *list, int column)
{
    QTreeWidgetItem *longest = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = list->topLevelItem(i);
        if (!longest || item->text(column).size() > longest->text(column).size())
            longest = item;
    }
    return longest;
}

} // namespace

class TestExecutions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void workspaceListsSearchesAndFilters();
    void editorPicksConditionAddsReordersAndSaves();
    void newExecutionForExistingConditionKeepsItsTargets();
    void failedReadBackIsReported();
    void interruptOnErrorWarnsBeforeSaving();
    void removingEveryTargetDeletesAfterTheQuestion();
    void coverageShowsMoreSpecificExecutions();
    void mapNavigatesBothWays();
    void checksJumpAndBadgeFollowChanges();
    void hostsLookedUpOnlyOnRequest();
    void targetScreenAddsAndRemoves();
    void controlsHaveNamesAndAccessibleNames();
    void statusBarCountsTheScreenShown();
    void longestConditionFitsAt1280x800();

private:
    QTemporaryDir m_settingsDir;
};

void TestExecutions::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_executions"));
}

void TestExecutions::workspaceListsSearchesAndFilters()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    setExecution(s.instance, condition("request:/zitadel.user.v2.UserService/AddHumanUser"), {alpha, beta});
    setExecution(s.instance, condition("response:zitadel.user.v2.UserService"), {beta});
    setExecution(s.instance, condition("function:preuserinfo"), {alpha});
    QVERIFY(s.openExecutions());

    QTreeWidget *list = s.executions()->list();
    QCOMPARE(list->topLevelItemCount(), 3);
    // The targets in order, by name, with type and payload badges.
    const QList<QTreeWidgetItem *> found = list->findItems(addHuman, Qt::MatchExactly, 1);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first()->text(0), QStringLiteral("Request"));
    QCOMPARE(found.first()->text(2), QStringLiteral("alpha [call · JSON] → beta [call · JSON]"));
    QVERIFY(!found.first()->text(3).isEmpty());

    // Ctrl+F, then typing searches conditions and target names.
    QTest::keyClick(list, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(s.executions()->searchField()->hasFocus());
    QTest::keyClicks(s.executions()->searchField(), QStringLiteral("preuser"));
    QCOMPARE(s.executions()->visibleConditions(), QStringList{QStringLiteral("function:preuserinfo")});
    s.executions()->searchField()->clear();

    QComboBox *kind = s.executions()->kindFilter();
    kind->setCurrentIndex(kind->findText(QStringLiteral("Response")));
    QCOMPARE(s.executions()->visibleConditions(), QStringList{QStringLiteral("response:zitadel.user.v2.UserService")});
    kind->setCurrentIndex(0);
    QComboBox *target = s.executions()->targetFilter();
    target->setCurrentIndex(target->findData(alpha));
    QStringList calling = s.executions()->visibleConditions();
    calling.sort();
    QCOMPARE(calling, (QStringList{QStringLiteral("function:preuserinfo"), QLatin1String("request:") + addHuman}));

    // F5 on this screen reloads the executions (the targets screen's F5 is off meanwhile).
    const int before = s.instance.sandbox.requestCount(QStringLiteral("ListExecutions"));
    QTest::keyClick(list, Qt::Key_F5);
    QTRY_VERIFY(s.instance.sandbox.requestCount(QStringLiteral("ListExecutions")) > before);
    QVERIFY(s.waitForReload());

    // Ctrl+1 goes back to the targets.
    QTest::keyClick(s.window.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!s.window->isShowingExecutions());
}

void TestExecutions::editorPicksConditionAddsReordersAndSaves()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    const QString gamma = createTarget(s.instance, QStringLiteral("gamma"));
    QVERIFY(s.openExecutions());
    ExecutionEditor *editor = s.editor();

    // Ctrl+N: a new execution; the condition with the method list's completion.
    QTest::keyClick(s.executions()->list(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(s.executions()->isEditorShown());
    QCOMPARE(editor->kindBox()->currentData().toInt(), int(Kind::Request));
    QVERIFY(editor->completer()->model()->rowCount() > 0);
    QVERIFY(editor->completer()
                ->model()
                ->match(editor->completer()->model()->index(0, 0), Qt::DisplayRole, addHuman, 1, Qt::MatchExactly)
                .size() == 1);
    QVERIFY(!editor->saveButton()->isEnabled());
    QTest::keyClicks(editor->valueField(), addHuman);
    QCOMPARE(editor->condition()->toText(), QLatin1String("request:") + addHuman);

    // Three targets from the searchable picker.
    for (const char *name : {"alpha", "beta", "gamma"}) {
        bool answered = false;
        answerPicker(QLatin1String(name), &answered);
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QVERIFY(answered);
    }
    QCOMPARE(editor->targetIds(), (QStringList{alpha, beta, gamma}));

    // gamma up twice with Alt+Up, then alpha down with Alt+Down.
    QListWidget *targets = editor->targetList();
    targets->setFocus();
    targets->setCurrentRow(2);
    QTest::keyClick(targets, Qt::Key_Up, Qt::AltModifier);
    QTest::keyClick(targets, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(editor->targetIds(), (QStringList{gamma, alpha, beta}));
    targets->setCurrentRow(1);
    QTest::keyClick(targets, Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(editor->targetIds(), (QStringList{gamma, beta, alpha}));

    // Saving sends the order; the sandbox holds it, and the list shows it after the reload.
    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    const auto c = condition("request:/zitadel.user.v2.UserService/AddHumanUser");
    QTRY_COMPARE_WITH_TIMEOUT(serverTargets(s.instance, c), (QStringList{gamma, beta, alpha}), loadTimeoutMs);
    QTRY_VERIFY(editor->statusLabel()->text().startsWith(QStringLiteral("Saved")));
    QVERIFY2(!editor->statusLabel()->text().contains(QStringLiteral("not everything")),
             qPrintable(editor->statusLabel()->text()));
    QVERIFY(s.waitForReload());
    QTRY_COMPARE(s.executions()->list()->topLevelItemCount(), 1);
    QCOMPARE(s.executions()->list()->topLevelItem(0)->text(2),
             QStringLiteral("gamma [call · JSON] → beta [call · JSON] → alpha [call · JSON]"));
    QVERIFY(!editor->isDirty());
    QVERIFY(!s.confirmer.askedIds().contains(QStringLiteral("executionWarnings")));
}

void TestExecutions::newExecutionForExistingConditionKeepsItsTargets()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    setExecution(s.instance, condition("function:preuserinfo"), {alpha});
    QVERIFY(s.openExecutions());
    s.executions()->addTarget(beta);
    ExecutionEditor *editor = s.editor();
    editor->kindBox()->setCurrentIndex(editor->kindBox()->findData(int(Kind::Function)));
    QTest::keyClicks(editor->valueField(), QStringLiteral("preuserinfo"));
    // The existing execution's target stays first; saving would not silently drop it.
    QCOMPARE(editor->targetIds(), (QStringList{alpha, beta}));
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(serverTargets(s.instance, condition("function:preuserinfo")), (QStringList{alpha, beta}),
                              loadTimeoutMs);
}

void TestExecutions::failedReadBackIsReported()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    QVERIFY(s.openExecutions());
    s.executions()->addTarget(alpha);
    ExecutionEditor *editor = s.editor();
    editor->kindBox()->setCurrentIndex(editor->kindBox()->findData(int(Kind::Function)));
    QTest::keyClicks(editor->valueField(), QStringLiteral("preuserinfo"));
    // The write goes through; reading it back does not: the user is told the save is not confirmed.
    sandbox::Fault fault;
    fault.kind = sandbox::Fault::Kind::HttpError;
    fault.httpStatus = 503;
    fault.remaining = 1;
    s.instance.sandbox.setFault(QStringLiteral("ListExecutions"), fault);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!s.confirmer.told.isEmpty(), loadTimeoutMs);
    QCOMPARE(s.confirmer.told.first().id, QStringLiteral("executionNotTaken"));
    QVERIFY2(s.confirmer.told.first().text.contains(QStringLiteral("reading it back failed")),
             qPrintable(s.confirmer.told.first().text));
    QVERIFY(editor->statusLabel()->text().contains(QStringLiteral("not everything took")));
    QCOMPARE(serverTargets(s.instance, condition("function:preuserinfo")), QStringList{alpha});

    // Changing the condition of an opened execution makes another one; the editor says the first one stays.
    QVERIFY(s.waitForReload());
    QVERIFY(s.executions()->openExecution(condition("function:preuserinfo")));
    editor->valueField()->setText(QStringLiteral("preaccesstoken"));
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(serverTargets(s.instance, condition("function:preaccesstoken")), QStringList{alpha},
                              loadTimeoutMs);
    QTRY_VERIFY(editor->statusLabel()->text().contains(QStringLiteral("function · preuserinfo is unchanged")));
    QCOMPARE(serverTargets(s.instance, condition("function:preuserinfo")), QStringList{alpha});
}

void TestExecutions::interruptOnErrorWarnsBeforeSaving()
{
    Screen s;
    const QString guard = createTarget(s.instance, QStringLiteral("guard"), true);
    QVERIFY(s.openExecutions());
    ExecutionEditor *editor = s.editor();
    s.executions()->addTarget(guard);
    editor->scopeBox()->setCurrentIndex(editor->scopeBox()->findData(int(Scope::All)));
    QCOMPARE(editor->condition()->toText(), QStringLiteral("request:all"));

    // Shown in the editor as soon as the condition is chosen, in plain words.
    QVERIFY(editor->warningsLabel()->isVisible());
    QVERIFY2(editor->warningsLabel()->text().contains(QStringLiteral("interrupts on error")),
             qPrintable(editor->warningsLabel()->text()));

    // Saving asks first; going back saves nothing.
    s.confirmer.answers.insert(QStringLiteral("executionWarnings"), false);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QCOMPARE(s.confirmer.askedIds(), QStringList{QStringLiteral("executionWarnings")});
    const Prompt &asked = s.confirmer.asked.first();
    QVERIFY(!asked.items.isEmpty());
    QVERIFY2(asked.items.first().contains(QStringLiteral("every API call")), qPrintable(asked.items.first()));
    QTest::qWait(200);
    QCOMPARE(serverExecutionCount(s.instance), 0);

    // "Save anyway" goes on.
    s.confirmer.answers.insert(QStringLiteral("executionWarnings"), true);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(serverTargets(s.instance, condition("request:all")), QStringList{guard}, loadTimeoutMs);
}

void TestExecutions::removingEveryTargetDeletesAfterTheQuestion()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    const auto c = condition("event:user.human.added");
    setExecution(s.instance, c, {alpha, beta});
    QVERIFY(s.openExecutions());
    QTreeWidget *list = s.executions()->list();
    QCOMPARE(list->topLevelItemCount(), 1);
    list->setFocus();
    list->setCurrentItem(list->topLevelItem(0));
    ExecutionEditor *editor = s.editor();
    QCOMPARE(editor->condition(), std::optional<ExecutionCondition>(c));
    QCOMPARE(editor->targetIds(), (QStringList{alpha, beta}));

    QListWidget *targets = editor->targetList();
    targets->setFocus();
    targets->setCurrentRow(0);
    QTest::keyClick(targets, Qt::Key_Delete);
    QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("removeTargetButton")), Qt::LeftButton);
    QVERIFY(editor->targetIds().isEmpty());
    QVERIFY(editor->coverageLabel()->text().contains(QStringLiteral("saving deletes it")));

    // The question comes first; "keep" leaves the execution alone.
    s.confirmer.answers.insert(QStringLiteral("deleteExecution"), false);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QCOMPARE(s.confirmer.askedIds(), QStringList{QStringLiteral("deleteExecution")});
    QTest::qWait(200);
    QCOMPARE(serverTargets(s.instance, c), (QStringList{alpha, beta}));

    s.confirmer.answers.insert(QStringLiteral("deleteExecution"), true);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(serverExecutionCount(s.instance), 0, loadTimeoutMs);
    QVERIFY(s.waitForReload());
    QTRY_COMPARE(list->topLevelItemCount(), 0);
}

void TestExecutions::coverageShowsMoreSpecificExecutions()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    setExecution(s.instance, condition("request:zitadel.user.v2.UserService"), {alpha});
    setExecution(s.instance, condition("request:/zitadel.user.v2.UserService/AddHumanUser"), {beta});
    QVERIFY(s.openExecutions());
    QVERIFY(s.executions()->openExecution(condition("request:zitadel.user.v2.UserService")));
    const QString text = s.editor()->coverageLabel()->text();
    // The method execution takes AddHumanUser away from the service execution.
    QVERIFY2(text.contains(QStringLiteral("More specific ones take calls away")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("request · ") + addHuman + QStringLiteral(" (1 call")), qPrintable(text));
    QVERIFY2(text.startsWith(QStringLiteral("Handles ")), qPrintable(text));
}

void TestExecutions::mapNavigatesBothWays()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    const auto fn = condition("function:preuserinfo");
    const auto req = condition("request:/zitadel.user.v2.UserService/AddHumanUser");
    setExecution(s.instance, fn, {alpha});
    setExecution(s.instance, req, {beta, alpha});
    QVERIFY(s.openExecutions());
    QTest::keyClick(s.executions()->list(), Qt::Key_M, Qt::ControlModifier);
    ExecutionMap *map = s.executions()->map();
    QCOMPARE(s.executions()->tabs()->currentWidget(), map);
    QCOMPARE(map->mode(), ExecutionMap::Mode::ByTarget);

    // Which conditions call alpha: both, with its place in each.
    QTreeWidgetItem *alphaItem = map->topItem(alpha);
    QVERIFY(alphaItem);
    QCOMPARE(alphaItem->childCount(), 2);
    QTreeWidgetItem *reqUnderAlpha = childWithKey(alphaItem, req.toText());
    QVERIFY(reqUnderAlpha);
    QCOMPARE(reqUnderAlpha->text(1), QStringLiteral("target 2 of 2"));

    // Enter on it jumps to the condition: which targets it calls, in order.
    activate(map->tree(), reqUnderAlpha);
    QCOMPARE(map->mode(), ExecutionMap::Mode::ByCondition);
    QTreeWidgetItem *reqItem = map->tree()->currentItem();
    QVERIFY(reqItem && !reqItem->parent());
    QCOMPARE(reqItem->data(0, ExecutionMap::KeyRole).toString(), req.toText());
    QCOMPARE(reqItem->childCount(), 2);
    QCOMPARE(reqItem->child(0)->text(0), QStringLiteral("beta"));
    QCOMPARE(reqItem->child(1)->text(0), QStringLiteral("alpha"));

    // And back: beta's conditions.
    activate(map->tree(), reqItem->child(0));
    QCOMPARE(map->mode(), ExecutionMap::Mode::ByTarget);
    QCOMPARE(map->tree()->currentItem()->data(0, ExecutionMap::KeyRole).toString(), beta);
    QCOMPARE(map->tree()->currentItem()->childCount(), 1);

    // A condition at the top opens in the editor.
    map->setMode(ExecutionMap::Mode::ByCondition);
    activate(map->tree(), map->topItem(fn.toText()));
    QVERIFY(s.executions()->isEditorShown());
    QCOMPARE(s.editor()->condition(), std::optional<ExecutionCondition>(fn));

    // A target at the top opens it on the targets screen.
    QTest::keyClick(s.executions()->list(), Qt::Key_M, Qt::ControlModifier);
    map->setMode(ExecutionMap::Mode::ByTarget);
    activate(map->tree(), map->topItem(beta));
    QVERIFY(!s.window->isShowingExecutions());
    QCOMPARE(s.window->targetList()->selectedIds(), QStringList{beta});
}

void TestExecutions::hostsLookedUpOnlyOnRequest()
{
    Screen s;
    const QString lonely = createTarget(s.instance, QStringLiteral("lonely"));
    setExecution(s.instance, condition("function:preuserinfo"), {lonely});
    QVERIFY(s.openExecutions());
    // A lookup of our own: the test never sends a DNS query, and the answer is "does not resolve".
    QStringList asked;
    s.executions()->hostResolver()->setLookup([&asked](const QString &host, QObject *context, auto answer) {
        asked << host;
        QTimer::singleShot(0, context, [answer] { answer(false); });
    });
    ChecksPanel *checks = s.executions()->checks();
    const auto unresolvable = [checks, &lonely] {
        return std::any_of(checks->findings().cbegin(), checks->findings().cend(), [&](const checks::Finding &f) {
            return f.code == QLatin1String("endpoint-unresolvable") && f.targetId == lonely;
        });
    };
    // Nothing is looked up until the user asks.
    QVERIFY(asked.isEmpty());
    QVERIFY(!unresolvable());

    QVERIFY(!checks->lookUpHostsButton()->accessibleName().isEmpty());
    QTest::mouseClick(checks->lookUpHostsButton(), Qt::LeftButton);
    QTRY_VERIFY(unresolvable());
    QCOMPARE(asked, QStringList{QStringLiteral("hooks.example.com")});
    QVERIFY(checks->lookUpHostsButton()->isEnabled());

    // Known hosts are not asked again, and the finding stays after the next refresh.
    QTest::mouseClick(checks->lookUpHostsButton(), Qt::LeftButton);
    QTest::mouseClick(checks->refreshButton(), Qt::LeftButton);
    QVERIFY(s.waitForReload());
    QVERIFY(unresolvable());
    QCOMPARE(asked.size(), 1);
}

void TestExecutions::checksJumpAndBadgeFollowChanges()
{
    Screen s;
    const QString guard = createTarget(s.instance, QStringLiteral("guard"), true);
    const QString idle = createTarget(s.instance, QStringLiteral("idle"));
    const auto all = condition("request:all");
    setExecution(s.instance, all, {guard});
    QVERIFY(s.openExecutions());
    ChecksPanel *checks = s.executions()->checks();
    QToolButton *badge = s.window->problemsButton();
    const int problems = checks->problemCount();
    QVERIFY(problems >= 1);
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), ChecksPanel::problemText(problems));
    QVERIFY(badge->text().startsWith(QString::number(problems) + QLatin1Char(' ')));

    // The badge opens the checks.
    s.executions()->tabs()->setCurrentIndex(0);
    QTest::mouseClick(badge, Qt::LeftButton);
    QCOMPARE(s.executions()->tabs()->currentWidget(), checks);

    // One click on the interrupt-on-all finding opens its execution.
    QTreeWidget *list = checks->list();
    QTreeWidgetItem *interrupt = nullptr;
    QTreeWidgetItem *unused = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const QString code = checks->findings().at(i).code;
        if (code == QLatin1String("interrupt-on-all"))
            interrupt = list->topLevelItem(i);
        if (code == QLatin1String("unused-target") && checks->findings().at(i).targetId == idle)
            unused = list->topLevelItem(i);
    }
    QVERIFY(interrupt && unused);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(interrupt).center());
    QVERIFY(s.executions()->isEditorShown());
    QCOMPARE(s.editor()->condition(), std::optional<ExecutionCondition>(all));

    // One click on a target's finding opens the target.
    s.executions()->showChecks();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(unused).center());
    QVERIFY(!s.window->isShowingExecutions());
    QCOMPARE(s.window->targetList()->selectedIds(), QStringList{idle});

    // After a change (the execution deleted) the checks run again and the badge follows.
    QTest::keyClick(s.window.get(), Qt::Key_2, Qt::ControlModifier);
    s.confirmer.answers.insert(QStringLiteral("deleteExecution"), true);
    QTest::mouseClick(s.editor()->deleteButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(serverExecutionCount(s.instance), 0, loadTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(checks->problemCount() < problems, loadTimeoutMs);
    QCOMPARE(badge->text(), ChecksPanel::problemText(checks->problemCount()));
    for (const checks::Finding &f : checks->findings())
        QVERIFY(f.code != QLatin1String("interrupt-on-all"));
}

void TestExecutions::targetScreenAddsAndRemoves()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    const QString beta = createTarget(s.instance, QStringLiteral("beta"));
    const auto fn = condition("function:preuserinfo");
    setExecution(s.instance, fn, {alpha, beta});
    s.open();
    QVERIFY(waitForLoaded(*s.window));
    QVERIFY(clickRow(*s.window, alpha));
    auto *calls = s.window->workspace()->findChild<TargetExecutionsView *>(QStringLiteral("executionsView"));
    QVERIFY(calls);
    QTRY_VERIFY_WITH_TIMEOUT(!calls->isLoading() && calls->executions().size() == 1, loadTimeoutMs);

    // Open: the executions screen with that execution in the editor.
    QVERIFY(calls->openButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(s.executions()->hasLoaded(), loadTimeoutMs);
    QTest::mouseClick(calls->openButton(), Qt::LeftButton);
    QVERIFY(s.window->isShowingExecutions());
    QCOMPARE(s.editor()->condition(), std::optional<ExecutionCondition>(fn));

    // Remove from execution: asked first, then the sandbox no longer calls alpha there.
    QTest::keyClick(s.window.get(), Qt::Key_1, Qt::ControlModifier);
    QTest::mouseClick(calls->removeButton(), Qt::LeftButton);
    QCOMPARE(s.confirmer.askedIds().last(), QStringLiteral("removeTargetFromExecution"));
    QTRY_COMPARE_WITH_TIMEOUT(serverTargets(s.instance, fn), QStringList{beta}, loadTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!calls->isLoading() && calls->executions().isEmpty(), loadTimeoutMs);

    // Add to execution: a new execution with the target, the condition to choose.
    QTest::mouseClick(calls->addButton(), Qt::LeftButton);
    QVERIFY(s.window->isShowingExecutions());
    QCOMPARE(s.editor()->targetIds(), QStringList{alpha});
    QVERIFY(!s.editor()->condition().has_value() || s.editor()->valueField()->text().isEmpty());
}

namespace
{
// Every control the keyboard can reach below `root` has an object name and an accessible name; how many were checked.
int checkNames(QWidget *root)
{
    int checked = 0;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisibleTo(root) ||
            widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        ++checked;
        if (widget->objectName().isEmpty())
            qWarning("no object name: %s", widget->metaObject()->className());
        if (widget->accessibleName().isEmpty())
            qWarning("no accessible name: %s", qPrintable(widget->objectName()));
        if (widget->objectName().isEmpty() || widget->accessibleName().isEmpty())
            return -1;
    }
    return checked;
}
} // namespace

void TestExecutions::controlsHaveNamesAndAccessibleNames()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    setExecution(s.instance, condition("function:preuserinfo"), {alpha});
    QVERIFY(s.openExecutions());
    QVERIFY(s.executions()->openExecution(condition("function:preuserinfo")));
    // Fits a 1280×800 screen at 200 % (640×400 logical, less the menu, toolbar and status bar).
    const QSize least = s.executions()->minimumSizeHint();
    QVERIFY2(least.width() <= 600 && least.height() <= 310,
             qPrintable(QStringLiteral("%1x%2").arg(least.width()).arg(least.height())));
    QVERIFY(checkNames(s.executions()) >= 12); // list, filters, editor's fields, lists and buttons
    s.executions()->showMap();
    QVERIFY(checkNames(s.executions()) >= 6);
    s.executions()->showChecks();
    QVERIFY(checkNames(s.executions()) >= 6);
    QVERIFY(!s.window->problemsButton()->accessibleName().isEmpty());
    int pickerChecked = -1;
    QTimer::singleShot(0, [&pickerChecked] {
        if (auto *picker = topLevel<TargetPickerDialog>("targetPickerDialog")) {
            pickerChecked = checkNames(picker);
            picker->reject();
        }
    });
    s.editor()->pickTargets();
    QVERIFY(pickerChecked >= 3);
    // The screens' switches and the executions' own actions have keys.
    for (const char *name : {"showTargetsAction", "showExecutionsAction", "refreshExecutionsAction",
                             "newExecutionAction", "executionMapAction", "checksAction"}) {
        auto *action = s.window->findChild<QAction *>(QLatin1String(name));
        QVERIFY2(action && !action->shortcut().isEmpty(), name);
    }
}

// The status bar counts what the screen shown lists: executions on the executions screen (with the filter), targets
// on the targets screen; the problems button stays on both.
void TestExecutions::statusBarCountsTheScreenShown()
{
    Screen s;
    const QString alpha = createTarget(s.instance, QStringLiteral("alpha"));
    createTarget(s.instance, QStringLiteral("beta"));
    setExecution(s.instance, condition("request:/zitadel.user.v2.UserService/AddHumanUser"), {alpha});
    setExecution(s.instance, condition("function:preuserinfo"), {alpha});
    setExecution(s.instance, condition("request:all"), {alpha});
    s.open();
    QVERIFY(waitForLoaded(*s.window));
    auto *count = child<QLabel>(s.window.get(), "countLabel");
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("2 targets"));

    QTest::keyClick(s.window.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(s.waitForReload());
    QCOMPARE(count->text(), QStringLiteral("3 executions"));
    QCOMPARE(count->accessibleName(), count->text());
    QVERIFY(s.window->problemsButton()->isVisible());
    QTest::keyClicks(s.executions()->searchField(), QStringLiteral("preuser"));
    QCOMPARE(count->text(), QStringLiteral("1 of 3 executions shown"));

    QTest::keyClick(s.window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(count->text(), QStringLiteral("2 targets"));
    QVERIFY(s.window->problemsButton()->isVisible());
}

// At 1280x800 the list gets the room for the longest seeded condition in full, and the targets keep room for a
// badge; nothing scrolls sideways.
void TestExecutions::longestConditionFitsAt1280x800()
{
    Screen s;
    s.instance.sandbox.seed();
    s.open();
    s.window->resize(1280, 800);
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTest::keyClick(s.window.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(s.waitForReload());
    QTest::qWait(50);
    QTreeWidget *list = s.executions()->list();
    QVERIFY(list->topLevelItemCount() >= 5);
    const int conditionColumn = 1;
    const int targetsColumn = 2;
    QTreeWidgetItem *longest = longestIn(list, conditionColumn);
    const QString text = longest->text(conditionColumn);
    QVERIFY2(text.size() >= 40, qPrintable(text)); // a full method name
    // The item view's text margins on both sides, as it draws them.
    const int margins = 2 * (list->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, list) + 1);
    const int needed = list->fontMetrics().horizontalAdvance(text) + margins;
    QVERIFY2(list->columnWidth(conditionColumn) >= needed,
             qPrintable(QStringLiteral("condition column %1 px, \"%2\" needs %3 px")
                            .arg(list->columnWidth(conditionColumn))
                            .arg(text)
                            .arg(needed)));
    const int badge = list->fontMetrics().horizontalAdvance(QStringLiteral("slack-notify [async · JSON]")) + margins;
    QVERIFY2(list->columnWidth(targetsColumn) >= badge,
             qPrintable(QStringLiteral("targets column %1 px").arg(list->columnWidth(targetsColumn))));
    QCOMPARE(list->horizontalScrollBar()->maximum(), 0);
}

QTEST_MAIN(TestExecutions)
#include "tst_executions.moc"
