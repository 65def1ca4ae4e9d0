// Send Test Delivery (Ctrl+T) from the targets screen to the Payload Inspector's Listen mode, against a sandbox the
// test starts: the delivery arrives decrypted and verified; a port in use is said; every new control is named.

#include "privatekeyring.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "api/zitadelclient.h"
#include "connections/connectioninfo.h"
#include "delivery/testdeliverydialog.h"
#include "inspector/inspectionview.h"
#include "inspector/inspectorbadge.h"
#include "inspector/inspectorinput.h"
#include "inspector/inspectorwindow.h"
#include "inspector/listenmodel.h"
#include "inspector/listenview.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "shell/localreceiverseed.h"
#include "shell/mainwindow.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "vault/vault.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

namespace
{

constexpr int networkTimeoutMs = 20'000;

// A port nothing listens on right now.
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("no free port");
    return server.serverPort();
}

void keepScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("TARGETDESK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name);
}

QString cell(const ListenModel *model, int row, ListenModel::Column column)
{
    return model->data(model->index(row, column)).toString();
}

int tone(const ListenModel *model, int row, ListenModel::Column column)
{
    return model->data(model->index(row, column), ListenModel::ToneRole).toInt();
}

// Every control below `root` (not the parts inside a combo box or spin box, nor item views' viewports) has an
// object name and an accessible name; returns the ones that do not.
QStringList unnamedControls(QWidget *root)
{
    QStringList missing;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                             qobject_cast<QComboBox *>(w) || qobject_cast<QSpinBox *>(w) ||
                             qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QAbstractItemView *>(w);
        // Popups (a combo box's list, a completer's) belong to their owner.
        if (!control || w->window() != root)
            continue;
        QWidget *parent = w->parentWidget();
        if (qobject_cast<QComboBox *>(parent) || qobject_cast<QSpinBox *>(parent) ||
            qobject_cast<QAbstractItemView *>(w->parentWidget() ? parent->parentWidget() : nullptr))
            continue;
        if (w->objectName().isEmpty() || w->accessibleName().isEmpty())
            missing.append(
                QStringLiteral("%1 \"%2\" (%3)")
                    .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), w->accessibleName()));
    }
    return missing;
}

// Creates a target on the server; its id, or empty when the call failed or did not come back.
QString createTarget(ZitadelClient &client, const CreateTargetRequest &request)
{
    std::optional<Result<CreateTargetResponse>> created;
    client.createTarget(request, &client, [&](Result<CreateTargetResponse> r) { created.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return created.has_value(); }, networkTimeoutMs) || !created->ok())
        return {};
    return created->value().id;
}

} // namespace

class TestTestDelivery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sendsAndSeesItArriveInListenMode();
    void listenOnPortInUseSaysSo();
    void modelUnderTesterAndBounded();
    void localReceiverKeyKeptAcrossLaunches();
    void listenStartsForTheAppsOwnReceiver();
    void failureSaysWhoIsAffected();

private:
    QTemporaryDir m_dir;
};

void TestTestDelivery::initTestCase()
{
    QVERIFY(qEnvironmentVariableIsSet(targetdesk::test::kPrivateKeyringVariable));
    QVERIFY(m_dir.isValid());
    useTestSettings(m_dir.filePath(QStringLiteral("settings")), QStringLiteral("tst_testdelivery"));
}

void TestTestDelivery::sendsAndSeesItArriveInListenMode()
{
    sandbox::Sandbox sandbox;
    QString error;
    QVERIFY2(sandbox.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    sandbox.setAllowPrivateEndpoints(true);
    const QString token = sandbox.generateToken(sandbox::Role::ReadWrite);
    ZitadelClient client;
    client.setInstance(sandbox.url());
    client.setToken(token);

    vault::VaultSettings settings;
    settings.indexPath = m_dir.filePath(QStringLiteral("vault/index.json"));
    settings.auditLogPath = m_dir.filePath(QStringLiteral("vault/audit.jsonl"));
    vault::Vault vault(settings);

    const quint16 port = freePort();
    // The JWE target with its key in the vault, made as on first launch: "local-receiver" on http://127.0.0.1:PORT/.
    auto *seed = new LocalReceiverSeed(&client, &vault, port);
    QSignalSpy seeded(seed, &LocalReceiverSeed::finished);
    seed->start();
    QVERIFY(seeded.wait(networkTimeoutMs));
    QVERIFY2(seeded.first().at(0).toBool(), qPrintable(seeded.first().at(2).toString()));
    const QString seededId = seeded.first().at(1).toString();
    QVERIFY(!seededId.isEmpty());
    // And a JSON one on another path of the same port.
    CreateTargetRequest json;
    json.name = QStringLiteral("json-receiver");
    json.timeout = std::chrono::seconds(5);
    json.endpoint = QStringLiteral("http://127.0.0.1:%1/json").arg(port);
    json.payloadType = PayloadType::Json;
    const QString jsonId = createTarget(client, json);
    QVERIFY(!jsonId.isEmpty());

    MainWindow window(ConnectionInfo::sandbox(sandbox.url(), token));
    window.setVault(&vault);
    window.workspace()->setDeliverySigner([&sandbox] {
        return std::optional<delivery::JwtSigner>(
            delivery::JwtSigner{sandbox.webKey(), sandbox.webKeyId(), QStringLiteral("RS256")});
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    InspectorWindow *inspector = window.openInspector();
    QVERIFY(inspector->startListening(port));
    ListenView *listen = inspector->listenView();
    QCOMPARE(inspector->modes()->currentWidget(), listen);
    QVERIFY2(listen->addressLabel()->text().contains(QStringLiteral("http://127.0.0.1:%1/").arg(port)),
             qPrintable(listen->addressLabel()->text()));
    QCOMPARE(listen->startButton()->text().remove(QLatin1Char('&')), QStringLiteral("Stop Listening"));
    // The JWKS the JWT is checked with comes from the sandbox.
    QTRY_VERIFY_WITH_TIMEOUT(inspector->instance()->jwks().has_value(), networkTimeoutMs);

    TargetListPanel *list = window.targetList();
    QTRY_VERIFY_WITH_TIMEOUT(!list->isLoading() && list->model()->indexOfId(seededId) >= 0, networkTimeoutMs);

    const auto sendTo = [&](const QString &targetId) -> TestDeliveryDialog * {
        QApplication::setActiveWindow(&window);
        list->selectTarget(targetId);
        if (!QTest::qWaitFor([&] { return window.workspace()->testDeliveryAction()->isEnabled(); }, 5000)) {
            qWarning("Send Test Delivery stayed disabled");
            return nullptr;
        }
        QTest::keyClick(list->view(), Qt::Key_T, Qt::ControlModifier);
        TestDeliveryDialog *dialog = window.workspace()->testDeliveryDialog();
        if (!dialog || !dialog->isVisible()) {
            qWarning("the dialog did not open");
            return nullptr;
        }
        if (!QTest::qWaitFor([dialog] { return !dialog->isLoading() && dialog->shownRequest().has_value(); },
                             networkTimeoutMs)) {
            qWarning("no request to show: %s", qPrintable(dialog->wireView()->toPlainText()));
            return nullptr;
        }
        return dialog;
    };

    // JWE: decrypted with the vault key, the inner JWT verified against the sandbox's JWKS, the signature valid.
    TestDeliveryDialog *dialog = sendTo(seededId);
    QVERIFY(dialog);
    QCOMPARE(dialog->target().name, QStringLiteral("local-receiver"));
    QVERIFY2(dialog->wireView()->toPlainText().contains(QStringLiteral("ZITADEL-Signature: t=")),
             qPrintable(dialog->wireView()->toPlainText()));
    QVERIFY(dialog->wireView()->toPlainText().startsWith(QStringLiteral("POST / HTTP/1.1")));
    QVERIFY2(dialog->decodedView()->toPlainText().contains(QStringLiteral("\"enc\": \"A256GCM\"")),
             qPrintable(dialog->decodedView()->toPlainText()));
    QVERIFY(dialog->decodedView()->toPlainText().contains(sandbox.webKeyId()));
    QVERIFY(dialog->signerNote()->isVisible());
    QVERIFY2(dialog->signerNote()->text().contains(QStringLiteral("sandbox")),
             qPrintable(dialog->signerNote()->text()));
    keepScreenshot(dialog, QStringLiteral("testdelivery-preview.png"));
    // First show: the wire and decoded views get the room, not the session list or the (empty) result.
    {
        const int wire = dialog->wireView()->width();
        QVERIFY2(
            wire > dialog->historyList()->width(),
            qPrintable(QStringLiteral("wire %1 px, session list %2 px").arg(wire).arg(dialog->historyList()->width())));
        QVERIFY2(dialog->decodedView()->width() > dialog->historyList()->width(),
                 qPrintable(QString::number(dialog->decodedView()->width())));
        auto *result = dialog->findChild<QWidget *>(QStringLiteral("testDeliveryResultGroup"));
        QVERIFY(result);
        QVERIFY2(dialog->wireView()->height() > result->height(),
                 qPrintable(QStringLiteral("wire %1 px high, result %2 px")
                                .arg(dialog->wireView()->height())
                                .arg(result->height())));
    }

    QVERIFY(dialog->sendButton()->isEnabled());
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSending(), networkTimeoutMs);
    QCOMPARE(dialog->verdictBadge()->tone(), InspectorBadge::Tone::Good);
    QVERIFY2(dialog->verdictBadge()->badgeText().startsWith(QStringLiteral("Success")),
             qPrintable(dialog->verdictBadge()->badgeText() + QLatin1Char('\n') + dialog->resultText()->text()));
    QVERIFY2(dialog->resultText()->text().contains(QStringLiteral("Status 200")),
             qPrintable(dialog->resultText()->text()));
    QCOMPARE(dialog->historyList()->count(), 1);

    ListenModel *model = listen->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1, networkTimeoutMs);
    // Inspected, then inspected again once the vault key of the kid is loaded.
    QTRY_VERIFY_WITH_TIMEOUT(tone(model, 0, ListenModel::DecryptionColumn) == int(InspectorBadge::Tone::Good),
                             networkTimeoutMs);
    QCOMPARE(cell(model, 0, ListenModel::PathColumn), QStringLiteral("/"));
    QVERIFY2(cell(model, 0, ListenModel::DecryptionColumn).contains(QStringLiteral("Decrypted")),
             qPrintable(cell(model, 0, ListenModel::DecryptionColumn)));
    QTRY_COMPARE_WITH_TIMEOUT(tone(model, 0, ListenModel::SignatureColumn), int(InspectorBadge::Tone::Good),
                              networkTimeoutMs);
    QVERIFY(cell(model, 0, ListenModel::SignatureColumn).contains(QStringLiteral("Verified")));
    QTRY_COMPARE_WITH_TIMEOUT(tone(model, 0, ListenModel::WebhookColumn), int(InspectorBadge::Tone::Good),
                              networkTimeoutMs);
    QVERIFY(cell(model, 0, ListenModel::KindColumn).contains(QStringLiteral("request")));
    // The detail view shows the selected (newest) delivery with the inspector's badges.
    InspectionView *detail = listen->detailView();
    QTRY_VERIFY_WITH_TIMEOUT(detail->result().has_value() && detail->result()->report.signatureVerified,
                             networkTimeoutMs);
    QCOMPARE(detail->decryptionBadge()->tone(), InspectorBadge::Tone::Good);
    QCOMPARE(detail->signatureBadge()->tone(), InspectorBadge::Tone::Good);
    QCOMPARE(detail->webhookBadge()->tone(), InspectorBadge::Tone::Good);
    QVERIFY(detail->result()->report.ok());
    keepScreenshot(inspector, QStringLiteral("testdelivery-listen.png"));

    // JSON on /json: no encryption, the ZITADEL-Signature checked with that target's key (found by its endpoint).
    dialog = sendTo(jsonId);
    QVERIFY(dialog);
    QCOMPARE(dialog->target().name, QStringLiteral("json-receiver"));
    QVERIFY(dialog->wireView()->toPlainText().startsWith(QStringLiteral("POST /json HTTP/1.1")));
    QVERIFY(dialog->wireView()->toPlainText().contains(QStringLiteral("ZITADEL-Signature: t=")));
    QVERIFY(!dialog->signerNote()->isVisible());
    // Any condition, typed: an event group with an event type.
    dialog->conditionCombo()->setEditText(QStringLiteral("event-group:user.human"));
    QTRY_VERIFY(dialog->eventTypeField()->isEnabled());
    QTest::keyClicks(dialog->eventTypeField(), QStringLiteral("user.human.added"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->decodedView()->toPlainText().contains(QStringLiteral("\"event_type\": "
                                                                                          "\"user.human.added\"")),
                             5000);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSending() && dialog->historyList()->count() == 2, networkTimeoutMs);
    QCOMPARE(dialog->verdictBadge()->tone(), InspectorBadge::Tone::Good);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 2 && model->delivery(1).result.has_value(), networkTimeoutMs);
    QCOMPARE(cell(model, 1, ListenModel::PathColumn), QStringLiteral("/json"));
    QCOMPARE(tone(model, 1, ListenModel::DecryptionColumn), int(InspectorBadge::Tone::Neutral));
    QCOMPARE(tone(model, 1, ListenModel::WebhookColumn), int(InspectorBadge::Tone::Good));
    QVERIFY(cell(model, 1, ListenModel::KindColumn).contains(QStringLiteral("user.human.added")));

    // Open in Inspector: the request as sent, in the single-delivery input.
    QTest::mouseClick(dialog->inspectorButton(), Qt::LeftButton);
    QVERIFY(inspector->input()->toPlainText().startsWith(QStringLiteral("POST /json HTTP/1.1")));
    QCOMPARE(inspector->modes()->currentIndex(), 0);

    // Every new control has a name for tests and one for screen readers.
    const QStringList dialogMissing = unnamedControls(dialog);
    QVERIFY2(dialogMissing.isEmpty(), qPrintable(dialogMissing.join(QStringLiteral(", "))));
    for (QWidget *w : QList<QWidget *>{listen->portField(), listen->startButton(), listen->addressLabel(),
                                       listen->clearButton(), listen->list(), listen->problemLabel()})
        QVERIFY2(!w->objectName().isEmpty() && !w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    // Keyboard path: View ▸ Listen (Ctrl+3) shows Listen mode, focus on its first usable control.
    dialog->close();
    inspector->show();
    QApplication::setActiveWindow(inspector);
    QTRY_COMPARE(QApplication::activeWindow(), inspector);
    auto *listenAction = inspector->findChild<QAction *>(QStringLiteral("listenModeAction"));
    QVERIFY(listenAction);
    QCOMPARE(listenAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_3));
    listenAction->trigger();
    QCOMPARE(inspector->modes()->currentWidget(), listen);
    QCOMPARE(QApplication::focusWidget(), listen->startButton()); // listening: Stop is next
    listen->stopListening();
    QVERIFY(!listen->isListening());
    inspector->close();
}

void TestTestDelivery::listenOnPortInUseSaysSo()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    InspectorWindow inspector(nullptr, nullptr);
    inspector.show();
    QVERIFY(!inspector.startListening(taken.serverPort()));
    ListenView *listen = inspector.listenView();
    QVERIFY(!listen->isListening());
    QVERIFY(listen->problemLabel()->isVisible());
    const QString text = listen->problemLabel()->text();
    QVERIFY2(text.contains(QString::number(taken.serverPort())) && text.contains(QStringLiteral("Cannot listen")),
             qPrintable(text));
    QCOMPARE(listen->startButton()->text().remove(QLatin1Char('&')), QStringLiteral("Start Listening"));
    keepScreenshot(&inspector, QStringLiteral("testdelivery-port-in-use.png"));
    // Once the port is free, Start works and the message goes.
    const quint16 port = taken.serverPort();
    taken.close();
    QVERIFY(inspector.startListening(port));
    QVERIFY(!listen->problemLabel()->isVisible());
}

void TestTestDelivery::modelUnderTesterAndBounded()
{
    ListenModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(3);
    QList<quint64> ids;
    for (int i = 0; i < 5; ++i) {
        ListenedDelivery d;
        d.receivedAt = QDateTime::currentDateTimeUtc();
        d.path = QStringLiteral("/%1").arg(i);
        ids.append(model.append(d));
    }
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(&model, 0, ListenModel::PathColumn), QStringLiteral("/2"));
    QCOMPARE(model.rowOf(ids.first()), -1);
    QCOMPARE(model.rowOf(ids.last()), 2);
    // A result for a row that was dropped is ignored.
    model.setResult(ids.first(), InspectionResult{});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(ListenModel::defaultMaxRows, 1000);
}

int main(int argc, char **argv)
{
    targetdesk::test::runInPrivateKeyring(argc, argv);
    QApplication app(argc, argv);
    TestTestDelivery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

// Every launch has a new sandbox and so a new local-receiver; the key is made once and used again, so starting the app
// does not pile up keychain entries.
void TestTestDelivery::localReceiverKeyKeptAcrossLaunches()
{
    vault::VaultSettings settings;
    settings.indexPath = m_dir.filePath(QStringLiteral("vault-launches/index.json"));
    settings.auditLogPath = m_dir.filePath(QStringLiteral("vault-launches/audit.jsonl"));
    vault::Vault vault(settings);
    QStringList fingerprints;
    for (int launch = 0; launch < 2; ++launch) {
        sandbox::Sandbox sandbox;
        QVERIFY(sandbox.listen());
        sandbox.setAllowPrivateEndpoints(true);
        ZitadelClient client;
        client.setInstance(sandbox.url());
        client.setToken(sandbox.generateToken(sandbox::Role::ReadWrite));
        auto *seed = new LocalReceiverSeed(&client, &vault, freePort());
        QSignalSpy seeded(seed, &LocalReceiverSeed::finished);
        seed->start();
        QVERIFY(seeded.wait(networkTimeoutMs));
        QVERIFY2(seeded.first().at(0).toBool(), qPrintable(seeded.first().at(2).toString()));
        const QJsonArray keys = sandbox.snapshot()
                                    .value(QStringLiteral("publicKeys"))
                                    .toObject()
                                    .value(seeded.first().at(1).toString())
                                    .toArray();
        QCOMPARE(keys.size(), 1);
        fingerprints.append(keys.first().toObject().value(QStringLiteral("fingerprint")).toString());
    }
    QVERIFY(!fingerprints.first().isEmpty());
    QCOMPARE(fingerprints.at(1), fingerprints.at(0));
    QSet<QString> inVault;
    for (const vault::VaultEntry &entry : vault.entries())
        inVault.insert(entry.fingerprint);
    QCOMPARE(inVault.size(), 1);
}

// A test delivery to the app's own receiver starts Listen mode (no inspector open before), so it is seen arriving.
void TestTestDelivery::listenStartsForTheAppsOwnReceiver()
{
    sandbox::Sandbox sandbox;
    QVERIFY(sandbox.listen());
    sandbox.setAllowPrivateEndpoints(true);
    const QString token = sandbox.generateToken(sandbox::Role::ReadWrite);
    ZitadelClient client;
    client.setInstance(sandbox.url());
    client.setToken(token);
    const quint16 port = freePort();
    QSettings().setValue(QStringLiteral("inspector/listenPort"), int(port));
    QCOMPARE(ListenView::savedPort(), port);
    CreateTargetRequest json;
    json.name = QStringLiteral("own-receiver");
    json.timeout = std::chrono::seconds(5);
    json.endpoint = QStringLiteral("http://127.0.0.1:%1/").arg(port);
    json.payloadType = PayloadType::Json;
    const QString jsonId = createTarget(client, json);
    QVERIFY(!jsonId.isEmpty());

    MainWindow window(ConnectionInfo::sandbox(sandbox.url(), token));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    TargetListPanel *list = window.targetList();
    QTRY_VERIFY_WITH_TIMEOUT(!list->isLoading() && list->model()->indexOfId(jsonId) >= 0, networkTimeoutMs);
    list->selectTarget(jsonId);
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->testDeliveryAction()->isEnabled(), 5000);
    window.workspace()->testDeliveryAction()->trigger();
    TestDeliveryDialog *dialog = window.workspace()->testDeliveryDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isLoading() && dialog->shownRequest().has_value(), networkTimeoutMs);
    QVERIFY(!window.findChild<InspectorWindow *>());
    QVERIFY(dialog->send());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSending(), networkTimeoutMs);
    QVERIFY2(dialog->verdictBadge()->badgeText().startsWith(QStringLiteral("Success")),
             qPrintable(dialog->resultText()->text()));
    auto *inspector = window.findChild<InspectorWindow *>();
    QVERIFY(inspector);
    QVERIFY(inspector->listenView()->isListening());
    QTRY_COMPARE_WITH_TIMEOUT(inspector->listenView()->model()->rowCount(), 1, networkTimeoutMs);
}

// A failing target that does not interrupt costs the API caller nothing, and the verdict says so; one that
// interrupts names what the caller gets.
void TestTestDelivery::failureSaysWhoIsAffected()
{
    sandbox::Sandbox sandbox;
    QString error;
    QVERIFY2(sandbox.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    sandbox.setAllowPrivateEndpoints(true);
    const QString token = sandbox.generateToken(sandbox::Role::ReadWrite);
    ZitadelClient client;
    client.setInstance(sandbox.url());
    client.setToken(token);
    const quint16 closed = freePort(); // nothing listens there: the call is refused
    const auto create = [&](const QString &name, bool interrupt) -> QString {
        CreateTargetRequest request;
        request.name = name;
        request.timeout = std::chrono::seconds(5);
        request.endpoint = QStringLiteral("http://127.0.0.1:%1/hook").arg(closed);
        request.interruptOnError = interrupt;
        return createTarget(client, request);
    };
    const QString quiet = create(QStringLiteral("quiet-hook"), false);
    const QString strict = create(QStringLiteral("strict-hook"), true);
    QVERIFY(!quiet.isEmpty() && !strict.isEmpty());

    MainWindow window(ConnectionInfo::sandbox(sandbox.url(), token));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    TargetListPanel *list = window.targetList();
    QTRY_VERIFY_WITH_TIMEOUT(!list->isLoading() && list->model()->indexOfId(strict) >= 0, networkTimeoutMs);

    const auto sendTo = [&](const QString &targetId) -> QString {
        list->selectTarget(targetId);
        if (!QTest::qWaitFor([&] { return window.workspace()->testDeliveryAction()->isEnabled(); }, 5000))
            return QStringLiteral("Send Test Delivery stayed disabled");
        window.workspace()->testDeliveryAction()->trigger();
        TestDeliveryDialog *dialog = window.workspace()->testDeliveryDialog();
        if (!dialog || !QTest::qWaitFor([dialog] { return !dialog->isLoading(); }, networkTimeoutMs))
            return QStringLiteral("no dialog");
        // A request execution: its failure would reach the API caller if the target interrupted.
        dialog->conditionCombo()->setEditText(QStringLiteral("request:/zitadel.user.v2.UserService/AddHumanUser"));
        if (!QTest::qWaitFor(
                [dialog] { return dialog->shownRequest().has_value() && dialog->sendButton()->isEnabled(); },
                networkTimeoutMs))
            return QStringLiteral("no request to send");
        const int before = dialog->historyList()->count();
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return !dialog->isSending() && dialog->historyList()->count() == before + 1; },
                             networkTimeoutMs))
            return QStringLiteral("not sent");
        const QString text = dialog->resultText()->text();
        dialog->close();
        return text;
    };

    const QString quietText = sendTo(quiet);
    QVERIFY2(quietText.contains(QStringLiteral("does not interrupt on error")), qPrintable(quietText));
    QVERIFY2(!quietText.contains(QStringLiteral("The API caller gets")), qPrintable(quietText));
    const QString strictText = sendTo(strict);
    QVERIFY2(strictText.contains(QStringLiteral("The API caller gets: ")), qPrintable(strictText));
    QVERIFY2(strictText.contains(QStringLiteral("interrupts on error")), qPrintable(strictText));
}

#include "tst_testdelivery.moc"
