// Widget tests of the target editor: create and edit through the form, validation as typed, server errors, unsaved
// changes, the signing key (hidden, rotated, copied), the executions that call a target, and messages on a dark
// palette. The real main window on a sandbox started here, offscreen; questions are answered by a FakeConfirmer.

#include "fakeconfirmer.h"
#include "palettecheck.h"
#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "api/targetmessages.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"
#include "targets/signingkeydialog.h"
#include "targets/targeteditor.h"
#include "targets/targetexecutionsview.h"
#include "targets/targetlistpanel.h"
#include "widgets/confirmer.h"
#include "widgets/noticebar.h"
#include "widgets/secretclipboard.h"
#include "widgets/secretfield.h"

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

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;
using namespace std::chrono_literals;
using State = TargetListPanel::State;

class TestTargetEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void createTargetThroughForm();
    void validationMessagesAsTyped();
    void serverErrorKeepsTypedValues();
    void editTargetSendsChanges();
    void asyncClearsInterruptOnError();
    void interruptOffAppliedOnThenOff();
    void untakenFieldNamedInNotice();
    void unsavedChangesPrompt();
    void escapeCancelsEdit();
    void signingKeyHiddenAndRotated();
    void secretClipboardLeavesOtherData();
    void executionsShown();
    void darkPaletteMessagesReadable();
    void helpLinesNotCut();

private:
    QTemporaryDir m_settingsDir;
};

void TestTargetEditor::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_targeteditor"));
}

void TestTargetEditor::init()
{
    QSettings().clear();
}

void TestTargetEditor::createTargetThroughForm()
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

void TestTargetEditor::validationMessagesAsTyped()
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

void TestTargetEditor::serverErrorKeepsTypedValues()
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
    QVERIFY2(editor->serverErrorText().contains(QStringLiteral("Errors.Target.AlreadyExists")),
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

void TestTargetEditor::editTargetSendsChanges()
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

void TestTargetEditor::asyncClearsInterruptOnError()
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

// ZITADEL's interrupt-on-error defect (the sandbox reproduces it): the save reads back, applies on-then-off and says
// so in the editor's notice.
void TestTargetEditor::interruptOffAppliedOnThenOff()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    QVERIFY(waitForLoaded(*session.window));
    auto &sandbox = session.instance.sandbox;
    const QString id = serverId(sandbox, QStringLiteral("crm-sync")); // webhook, interrupts
    QVERIFY(clickRow(*session.window, id));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->targetId(), id);
    QVERIFY(editor->interruptBox()->isChecked());
    editor->interruptBox()->setChecked(false);
    QTest::keyClick(session.window.get(), Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy() && !editor->isDirty(), loadTimeoutMs);
    const QJsonObject stored = serverTarget(sandbox, QStringLiteral("crm-sync"));
    QCOMPARE(stored.value(QLatin1String("restWebhook")).toObject(), QJsonObject());
    QCOMPARE(sandbox.requestCount(QStringLiteral("UpdateTarget")), 3); // off (ignored), on, off
    QVERIFY2(editor->serverErrorText().contains(QStringLiteral("turning it on and then off again")),
             qPrintable(editor->serverErrorText()));
    QVERIFY(child<NoticeBar>(editor, "editorError")->isVisible());
    QVERIFY(!editor->interruptBox()->isChecked());
}

// A field ZITADEL acknowledges but does not write is named in the editor's notice; the form shows ZITADEL's value.
void TestTargetEditor::untakenFieldNamedInNotice()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    QVERIFY(waitForLoaded(*session.window));
    auto &sandbox = session.instance.sandbox;
    const QString id = serverId(sandbox, QStringLiteral("saml-attributes")); // timeout 4 s
    QVERIFY(clickRow(*session.window, id));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->targetId(), id);
    sandbox::Fault ignore;
    ignore.kind = sandbox::Fault::Kind::Ignored;
    sandbox.setFault(QStringLiteral("UpdateTarget"), ignore);
    editor->timeoutBox()->selectAll();
    QTest::keyClicks(editor->timeoutBox(), QStringLiteral("12"));
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isBusy(), loadTimeoutMs);
    QVERIFY2(editor->serverErrorText().contains(QStringLiteral("did not change 1 field")) &&
                 editor->serverErrorText().contains(QStringLiteral("Timeout: sent 12s, ZITADEL still has 4s")),
             qPrintable(editor->serverErrorText()));
    QCOMPARE(editor->timeoutBox()->value(), 4);
    QVERIFY(!editor->isDirty());
}

void TestTargetEditor::unsavedChangesPrompt()
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

void TestTargetEditor::escapeCancelsEdit()
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

void TestTargetEditor::signingKeyHiddenAndRotated()
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

void TestTargetEditor::secretClipboardLeavesOtherData()
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

void TestTargetEditor::executionsShown()
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

void TestTargetEditor::darkPaletteMessagesReadable()
{
    // Field messages pick colours for the palette: on a dark window they are light enough to read.
    const QPalette dark = darkPalette();
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

// Each wrapped help line below a field gets the height its text needs at its width (the scroll area used to squeeze
// them, cutting the first and last line), at the first-start sizes with the keys dock open and in a small window.
void TestTargetEditor::helpLinesNotCut()
{
    Session session;
    session.instance.sandbox.seed();
    session.open();
    MainWindow &w = *session.window;
    w.resize(1280, 800);
    QVERIFY(waitForLoaded(w));
    QVERIFY(clickRow(w, serverId(session.instance.sandbox, QStringLiteral("crm-sync"))));
    TargetEditor *editor = session.editor();
    QTRY_COMPARE(editor->mode(), TargetEditor::Mode::Edit);
    for (const QSize size : {QSize(1360, 760), QSize(1280, 800), QSize(1000, 560)}) {
        w.resize(size);
        QTest::qWait(100);
        int checked = 0;
        for (const char *name : {"typeHelp", "payloadHelp", "signingKeyHelp"}) {
            auto *label = editor->findChild<QLabel *>(QLatin1String(name));
            QVERIFY2(label, name);
            if (!label->isVisible() || label->text().isEmpty())
                continue;
            ++checked;
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(QStringLiteral("%1 at %2x%3: %4 px high, its text needs %5")
                                    .arg(QLatin1String(name))
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width()))));
        }
        QVERIFY(checked >= 2);
    }
}

QTEST_MAIN(TestTargetEditor)
#include "tst_targeteditor.moc"
