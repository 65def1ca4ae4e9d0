// The key panel, emergency deactivation and audit log of the GUI against a started sandbox and a real Secret Service
// (gnome-keyring on a private session bus, see common/privatekeyring.h): break-glass by one click, generation and the
// guided rotation with both private keys in the vault, activate, remove, paste, emergency deactivation with a
// failing target and retry, the audit log file and its view, and the key model under QAbstractItemModelTester.

#include "fakeconfirmer.h"
#include "palettecheck.h"
#include "privatekeyring.h"
#include "testsettings.h"
#include "testutil.h"
#include "widgetlookup.h"

#include "api/zitadelclient.h"
#include "connections/connectioninfo.h"
#include "crypto/privatekey.h"
#include "executions/executionsworkspace.h"
#include "keys/addkeyform.h"
#include "keys/auditlogmodel.h"
#include "keys/auditlogview.h"
#include "keys/breakglass.h"
#include "keys/breakglassview.h"
#include "keys/keymanagement.h"
#include "keys/keyoperations.h"
#include "keys/keypanel.h"
#include "keys/keystatestyle.h"
#include "keys/keytimeline.h"
#include "model/publickeylistmodel.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "vault/auditlog.h"
#include "vault/vault.h"
#include "widgets/noticebar.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <chrono>
#include <cmath>
#include <memory>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;
using namespace std::chrono_literals;

namespace
{

constexpr int kLoadTimeoutMs = 20'000;
// RSA 4096 on a busy CI machine; the keychain round trips too.
constexpr int kKeyTimeoutMs = 60'000;

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray fixture(const char *name)
{
    return readFile(QStringLiteral(TARGETDESK_TEST_DATA "/crypto/") + QLatin1String(name));
}

struct Session {
    QTemporaryDir dir;
    sandbox::Sandbox sandbox;
    QString token;
    std::unique_ptr<vault::Vault> vault;
    FakeConfirmer confirmer{false}; // refuses whatever a test did not pre-answer
    std::unique_ptr<MainWindow> window;
    ZitadelClient api;

    explicit Session(bool seed = true)
    {
        QString error;
        if (!sandbox.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("sandbox did not start: %s", qPrintable(error));
        token = sandbox.generateToken(sandbox::Role::ReadWrite);
        sandbox.setAllowPrivateEndpoints(true);
        if (seed)
            sandbox.seed();
        api.setInstance(sandbox.url());
        api.setToken(token);
        vault::VaultSettings settings;
        settings.indexPath = dir.filePath(QStringLiteral("vault-index.json"));
        // A service name of its own per session: keys of one test never show up in another.
        settings.keychainService =
            QStringLiteral("TargetdeskTest-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
        settings.auditLogPath = dir.filePath(QStringLiteral("audit.jsonl"));
        vault = std::make_unique<vault::Vault>(settings);
    }

    // Opens the window (with the vault unless told otherwise) and waits for the list and the keychain.
    bool open(bool withVault = true)
    {
        window = std::make_unique<MainWindow>(ConnectionInfo::sandbox(sandbox.url(), token));
        window->setConfirmer(&confirmer);
        if (withVault)
            window->setVault(vault.get());
        window->resize(1400, 900);
        window->show();
        TargetListPanel *list = window->targetList();
        if (!QTest::qWaitFor([list] { return !list->isLoading() && list->state() == TargetListPanel::State::List; },
                             kLoadTimeoutMs))
            return false;
        if (!withVault)
            return true;
        return QTest::qWaitFor([this] { return ops()->keychainState() != KeyOperations::KeychainState::Checking; },
                               kLoadTimeoutMs);
    }

    KeyPanel *panel() const { return window->keys()->panel(); }
    KeyOperations *ops() const { return window->keys()->operations(); }
    QString instance() const { return vault::normalizeInstance(sandbox.url()); }

    QString targetId(const QString &name) const
    {
        for (const QJsonValue &v : sandbox.snapshot().value(QLatin1String("targets")).toArray()) {
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject().value(QLatin1String("id")).toString();
        }
        return {};
    }
    QJsonArray serverKeys(const QString &target) const
    {
        return sandbox.snapshot().value(QLatin1String("publicKeys")).toObject().value(target).toArray();
    }
    QJsonObject serverKey(const QString &target, const QString &keyId) const
    {
        for (const QJsonValue &v : serverKeys(target)) {
            if (v.toObject().value(QLatin1String("keyId")).toString() == keyId)
                return v.toObject();
        }
        return {};
    }
    QString serverActiveKey(const QString &target) const
    {
        for (const QJsonValue &v : serverKeys(target)) {
            if (v.toObject().value(QLatin1String("active")).toBool())
                return v.toObject().value(QLatin1String("keyId")).toString();
        }
        return {};
    }
    int activeKeyCount() const
    {
        int n = 0;
        const QJsonObject all = sandbox.snapshot().value(QLatin1String("publicKeys")).toObject();
        for (const QJsonValue &list : all) {
            for (const QJsonValue &k : list.toArray())
                n += k.toObject().value(QLatin1String("active")).toBool() ? 1 : 0;
        }
        return n;
    }

    // Selects the target in the list and waits until the panel has its keys.
    bool select(const QString &id)
    {
        window->targetList()->selectTarget(id);
        KeyPanel *p = panel();
        return QTest::qWaitFor([p, id] { return p->targetId() == id && p->isLoaded(); }, kLoadTimeoutMs);
    }

    // A JWE target made through the API (before open(), so the list shows it).
    QString createTarget(const QString &name)
    {
        CreateTargetRequest r;
        r.name = name;
        r.timeout = 5s;
        r.endpoint = QStringLiteral("https://keys.example.com/") + name;
        r.payloadType = PayloadType::Jwe;
        auto result = test::await<CreateTargetResponse>([&](auto cb) { api.createTarget(r, nullptr, cb); });
        return result && result->ok() ? result->value().id : QString();
    }
    QString addKey(const QString &target, const QByteArray &pem, bool activate)
    {
        AddPublicKeyRequest add;
        add.publicKeyPem = pem;
        auto added = test::await<AddPublicKeyResponse>([&](auto cb) { api.addPublicKey(target, add, nullptr, cb); });
        if (!added || !added->ok())
            return {};
        const QString keyId = added->value().keyId;
        if (activate) {
            auto a = test::await<QDateTime>([&](auto cb) { api.activatePublicKey(target, keyId, nullptr, cb); });
            if (!a || !a->ok())
                return {};
        }
        return keyId;
    }

    QList<vault::AuditEntry> auditFile() const
    {
        QList<vault::AuditEntry> out;
        const QList<QByteArray> lines = readFile(vault->settings().auditLogPath).split('\n');
        for (const QByteArray &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            if (auto e = vault::AuditEntry::fromJson(QJsonDocument::fromJson(line).object()))
                out.append(*e);
        }
        return out;
    }
    int auditCount(const QString &operation, const QString &keyId = QString(), bool ok = true) const
    {
        int n = 0;
        for (const vault::AuditEntry &e : auditFile()) {
            if (e.operation == operation && (keyId.isEmpty() || e.keyId == keyId) && e.succeeded() == ok)
                ++n;
        }
        return n;
    }
    bool vaultHolds(const QString &target, const QString &fingerprint, const QString &keyId) const
    {
        for (const vault::VaultEntry &e : vault->entriesForTarget(instance(), target)) {
            if (e.fingerprint == fingerprint && e.keyId == keyId)
                return true;
        }
        return false;
    }

    // Generates a key through the form and waits until the panel reports the outcome.
    bool generate(crypto::KeyType type, bool activate)
    {
        AddKeyForm *form = panel()->addForm();
        form->showGenerate();
        form->typeBox()->setCurrentIndex(form->typeBox()->findData(int(type)));
        form->activateBox()->setChecked(activate);
        if (!form->generateButton()->isEnabled())
            return false;
        QSignalSpy finished(ops(), &KeyOperations::finished);
        QTest::mouseClick(form->generateButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() && !form->isBusy(); }, kKeyTimeoutMs))
            return false;
        const auto outcome = finished.last().first().value<KeyOperations::Outcome>();
        return outcome.ok;
    }
};

} // namespace

Q_DECLARE_METATYPE(targetdesk::gui::KeyOperations::Outcome)

class TestKeyPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keyModel();
    void breakGlassByOneClick();
    void startUpWorkWaitsForTheFirstFrame();
    void failedAuditWriteIsShown();
    void rotationFlow();
    void generationKeepsWindowResponsive();
    void activateAnotherKey();
    void removeActiveKeyRefused();
    void removeInactiveKeyKeepsPrivateKey();
    void pastePem();
    void emergencyAllTargetsWithRetry();
    void auditLogView();
    void withoutVaultServerSideStillWorks();
    void actionsHaveNames();
    void readableInLightAndDarkPalettes();
    void timelineWrapsWhereNarrow();

private:
    QTemporaryDir m_settingsDir;
};

void TestKeyPanel::initTestCase()
{
    // main() re-launched us inside a private session with a Secret Service; never the user's keyring.
    QVERIFY(qEnvironmentVariableIsSet(test::kPrivateKeyringVariable));
    QVERIFY(m_settingsDir.isValid());
    qRegisterMetaType<KeyOperations::Outcome>();
    // The English translation holds the plural forms ("in 5 days").
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_keypanel"));
}

void TestKeyPanel::keyModel()
{
    PublicKeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setNow(now);
    auto key = [&](const char *id, bool active, int createdDaysAgo, std::optional<double> expiresInDays) {
        PublicKey k;
        k.keyId = QLatin1String(id);
        k.active = active;
        k.publicKeyPem = fixture("ec-p256.pub.pem");
        k.fingerprint = QStringLiteral("SHA256:") + QLatin1String(id);
        k.creationDate = now.addDays(-createdDaysAgo);
        if (expiresInDays)
            k.expirationDate = now.addSecs(qint64(*expiresInDays * 86400));
        return k;
    };
    model.setKeys({key("old-expired", false, 90, -3), key("expired-active", true, 60, -1), key("soon", false, 10, 5.5),
                   key("fresh", false, 1, std::nullopt)});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(PublicKeyListModel::ColumnCount));
    // Newest first.
    QCOMPARE(model.key(0).keyId, QStringLiteral("fresh"));
    QCOMPARE(model.key(3).keyId, QStringLiteral("old-expired"));
    auto cell = [&](const QString &id, int column, int role = Qt::DisplayRole) {
        return model.index(model.rowOfKeyId(id), column).data(role);
    };
    // Honest states: an expired key marked active is "active but expired", and warns.
    QCOMPARE(cell(QStringLiteral("expired-active"), PublicKeyListModel::StateColumn).toString(),
             QStringLiteral("Active but expired"));
    QVERIFY(cell(QStringLiteral("expired-active"), PublicKeyListModel::StateColumn, PublicKeyListModel::WarningRole)
                .toBool());
    QCOMPARE(cell(QStringLiteral("old-expired"), PublicKeyListModel::StateColumn).toString(),
             QStringLiteral("Expired"));
    QCOMPARE(cell(QStringLiteral("fresh"), PublicKeyListModel::StateColumn).toString(), QStringLiteral("Inactive"));
    QCOMPARE(model.activeRow(), model.rowOfKeyId(QStringLiteral("expired-active")));
    // "expires in 5 days" with a warning; keys that never expire say so.
    QVERIFY(cell(QStringLiteral("soon"), PublicKeyListModel::ExpiresColumn)
                .toString()
                .startsWith(QStringLiteral("in 5 days")));
    QVERIFY(cell(QStringLiteral("soon"), PublicKeyListModel::ExpiresColumn, PublicKeyListModel::WarningRole).toBool());
    QVERIFY(cell(QStringLiteral("soon"), PublicKeyListModel::ExpiresColumn, Qt::AccessibleTextRole)
                .toString()
                .startsWith(QStringLiteral("Warning: ")));
    QCOMPARE(cell(QStringLiteral("fresh"), PublicKeyListModel::ExpiresColumn).toString(), QStringLiteral("never"));
    QVERIFY(
        !cell(QStringLiteral("fresh"), PublicKeyListModel::ExpiresColumn, PublicKeyListModel::WarningRole).toBool());
    QVERIFY(cell(QStringLiteral("old-expired"), PublicKeyListModel::ExpiresColumn)
                .toString()
                .startsWith(QStringLiteral("expired 3 days ago")));
    QCOMPARE(cell(QStringLiteral("fresh"), PublicKeyListModel::TypeColumn).toString(), QStringLiteral("EC P-256"));
    // Which private keys this machine holds.
    QCOMPARE(cell(QStringLiteral("fresh"), PublicKeyListModel::PrivateKeyColumn).toString(),
             QStringLiteral("Not here"));
    model.setHeldFingerprints({QStringLiteral("SHA256:fresh")});
    QVERIFY(cell(QStringLiteral("fresh"), PublicKeyListModel::PrivateKeyColumn, PublicKeyListModel::HeldRole).toBool());
    QCOMPARE(cell(QStringLiteral("fresh"), PublicKeyListModel::PrivateKeyColumn).toString(),
             QStringLiteral("On this machine"));
    // A week later the "soon" key has expired.
    model.setNow(now.addDays(7));
    QCOMPARE(cell(QStringLiteral("soon"), PublicKeyListModel::StateColumn).toString(), QStringLiteral("Expired"));
    model.setWarningDays(1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.activeRow(), -1);

    // The audit log's model too.
    AuditLogModel audit;
    QAbstractItemModelTester auditTester(&audit, QAbstractItemModelTester::FailureReportingMode::QtTest);
    audit.setEntries(
        {vault::AuditEntry::make(vault::AuditOperation::Add, {}, QStringLiteral("t"), QStringLiteral("1"), {}),
         vault::AuditEntry::make(vault::AuditOperation::BreakGlass, {}, QStringLiteral("t"), QStringLiteral("2"), {},
                                 QStringLiteral("boom"))});
    QCOMPARE(audit.index(0, AuditLogModel::KeyIdColumn).data().toString(), QStringLiteral("2")); // newest first
    QCOMPARE(audit.index(0, AuditLogModel::ResultColumn).data().toString(), QStringLiteral("boom"));
    audit.prepend(vault::AuditEntry::make(vault::AuditOperation::Remove, {}, {}, QStringLiteral("3"), {}));
    QCOMPARE(audit.index(0, AuditLogModel::KeyIdColumn).data().toString(), QStringLiteral("3"));
}

// The key is deactivated all the same (break-glass never waits for bookkeeping), and the status bar says the audit
// log did not get it.
void TestKeyPanel::failedAuditWriteIsShown()
{
    Session s;
    // A directory where the log file should be: every append fails.
    QVERIFY(QDir().mkpath(s.dir.filePath(QStringLiteral("audit.jsonl"))));
    QVERIFY(s.open());
    const QString crm = s.targetId(QStringLiteral("crm-sync"));
    const QString active = s.serverActiveKey(crm);
    QVERIFY(!active.isEmpty());
    QVERIFY(s.select(crm));
    QTest::mouseClick(s.panel()->breakGlassButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!s.serverKey(crm, active).value(QLatin1String("active")).toBool(), 5000);
    auto *warning = s.window->findChild<QLabel *>(QStringLiteral("auditWarning"));
    QVERIFY(warning);
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 5000);
    QVERIFY2(warning->toolTip().contains(QStringLiteral("audit log was not written")), qPrintable(warning->toolTip()));
    QVERIFY(!warning->accessibleName().isEmpty());
    // It stays while the key operation's own messages come and go.
    QTest::qWait(300);
    QVERIFY(warning->isVisible());
}

void TestKeyPanel::breakGlassByOneClick()
{
    Session s;
    QVERIFY(s.open());
    const QString crm = s.targetId(QStringLiteral("crm-sync"));
    const QString active = s.serverActiveKey(crm);
    QVERIFY(!active.isEmpty());
    QVERIFY(s.select(crm));
    KeyPanel *panel = s.panel();
    QPushButton *button = panel->breakGlassButton();
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QVERIFY(panel->breakGlassText()->text().contains(active));

    // One click, no dialog, the server's key inactive and the result on screen within a second.
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!anyDialogVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!s.serverKey(crm, active).value(QLatin1String("active")).toBool() &&
                                 panel->resultText().contains(QStringLiteral("stop until a new key is active")),
                             1000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!anyDialogVisible());
    QVERIFY(s.confirmer.asked.isEmpty());
    QVERIFY(s.confirmer.told.isEmpty());
    QVERIFY(panel->resultText().contains(active));

    // The panel, the list's key column and the audit log follow.
    QTRY_VERIFY(!button->isEnabled());
    QTRY_VERIFY(panel->breakGlassText()->text().startsWith(QStringLiteral("No active key")));
    const TargetFilterProxyModel *proxy = s.window->targetList()->proxy();
    QTRY_COMPARE(proxy->index(proxy->rowOfId(crm), TargetListModel::ActiveKeyColumn).data().toString(),
                 QStringLiteral("No active key"));
    QCOMPARE(s.auditCount(QStringLiteral("break-glass"), active), 1);
    const vault::AuditEntry last = s.auditFile().last();
    QCOMPARE(last.instance, s.instance());
    QCOMPARE(last.targetId, crm);
    QVERIFY(last.fingerprint.startsWith(QStringLiteral("SHA256:")));
}

void TestKeyPanel::rotationFlow()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("rotating"));
    QVERIFY(!target.isEmpty());
    QVERIFY(s.open());
    QCOMPARE(s.ops()->keychainState(), KeyOperations::KeychainState::Available);
    QVERIFY(s.select(target));
    KeyPanel *panel = s.panel();
    QCOMPARE(panel->model()->rowCount(), 0);
    QVERIFY(!panel->breakGlassButton()->isEnabled());

    // The first key: generate → add → activate.
    QVERIFY(s.generate(crypto::KeyType::EcP256, true));
    QTRY_VERIFY(!s.serverActiveKey(target).isEmpty());
    const QString first = s.serverActiveKey(target);
    const QString firstFingerprint = s.serverKey(target, first).value(QLatin1String("fingerprint")).toString();
    QVERIFY(s.vaultHolds(target, firstFingerprint, first));

    // The rotation: the form is set up for it and names the key that will be deactivated.
    QTRY_COMPARE(panel->model()->rowCount(), 1);
    panel->rotateAction()->trigger();
    QVERIFY(panel->addForm()->activateBox()->isChecked());
    QTRY_VERIFY(panel->findChild<QLabel *>(QStringLiteral("rotationText"))->text().contains(first));
    QVERIFY(s.generate(crypto::KeyType::EcP256, true));
    QTRY_VERIFY(s.serverActiveKey(target) != first && !s.serverActiveKey(target).isEmpty());
    const QString second = s.serverActiveKey(target);
    const QString secondFingerprint = s.serverKey(target, second).value(QLatin1String("fingerprint")).toString();

    // The old key stays, inactive; the vault holds both private keys under their key ids.
    QCOMPARE(s.serverKeys(target).size(), 2);
    QVERIFY(!s.serverKey(target, first).value(QLatin1String("active")).toBool());
    QVERIFY(s.vaultHolds(target, firstFingerprint, first));
    QVERIFY(s.vaultHolds(target, secondFingerprint, second));
    QVERIFY(panel->resultText().contains(QStringLiteral("Rotated")));

    // The timeline shows both, oldest first; the table says both private keys are here.
    QTRY_COMPARE(panel->timeline()->keyIds(), (QStringList{first, second}));
    // The list is read again after the activation: the states follow.
    QTRY_VERIFY(panel->timeline()->stepTexts().value(0).contains(QStringLiteral("Inactive")));
    const QStringList steps = panel->timeline()->stepTexts();
    QVERIFY(steps.at(1).contains(QStringLiteral("Active")));
    QVERIFY(steps.at(0).contains(QStringLiteral("private key here")));
    PublicKeyListModel *model = panel->model();
    for (const QString &id : {first, second})
        QVERIFY(model->index(model->rowOfKeyId(id), PublicKeyListModel::PrivateKeyColumn)
                    .data(PublicKeyListModel::HeldRole)
                    .toBool());

    // Every step is in the audit log.
    for (const QString &id : {first, second}) {
        QCOMPARE(s.auditCount(QStringLiteral("add"), id), 1);
        QCOMPARE(s.auditCount(QStringLiteral("activate"), id), 1);
        QCOMPARE(s.auditCount(QStringLiteral("vault-update"), id), 1);
    }
    QCOMPARE(s.auditCount(QStringLiteral("generate")), 2);
    QCOMPARE(s.auditCount(QStringLiteral("vault-store")), 2);
    QVERIFY(s.confirmer.asked.isEmpty());
}

void TestKeyPanel::generationKeepsWindowResponsive()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("big-rsa"));
    QVERIFY(s.open());
    QVERIFY(s.select(target));
    AddKeyForm *form = s.panel()->addForm();
    form->typeBox()->setCurrentIndex(form->typeBox()->findData(int(crypto::KeyType::Rsa4096)));
    form->activateBox()->setChecked(false);
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
    ticker.start();
    QTest::mouseClick(form->generateButton(), Qt::LeftButton);
    // Busy at once, and the button cannot start a second generation.
    QVERIFY(form->isBusy());
    QVERIFY(!form->generateButton()->isEnabled());
    QVERIFY(s.ops()->isGenerating());
    QTRY_VERIFY_WITH_TIMEOUT(s.serverKeys(target).size() == 1 && !form->isBusy(), kKeyTimeoutMs);
    // The event loop kept running while the key was generated (a frozen window would have ticked once or twice).
    QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks)));
    QTRY_COMPARE(s.panel()->model()->rowCount(), 1);
    QCOMPARE(PublicKeyListModel::keyTypeText(s.panel()->model()->key(0)), QStringLiteral("RSA 4096"));
    QVERIFY(s.serverActiveKey(target).isEmpty()); // added inactive
}

void TestKeyPanel::activateAnotherKey()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("two-keys"));
    const QString first = s.addKey(target, fixture("rsa-2048.pub.pem"), true);
    const QString second = s.addKey(target, fixture("ec-p256.pub.pem"), false);
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY(s.open());
    QVERIFY(s.select(target));
    KeyPanel *panel = s.panel();
    QVERIFY(panel->selectKey(second));
    QVERIFY(panel->activateAction()->isEnabled());

    // Refused: nothing happens.
    panel->activateAction()->trigger();
    QCOMPARE(s.confirmer.askedIds(), QStringList{QStringLiteral("activatePublicKey")});
    const Prompt &prompt = s.confirmer.asked.first();
    QVERIFY(prompt.informativeText.contains(first));
    QVERIFY(prompt.informativeText.contains(QStringLiteral("deactivated in the same step")));
    QTest::qWait(200);
    QCOMPARE(s.serverActiveKey(target), first);

    // Accepted: the previous key deactivates in the same step.
    s.confirmer.answers.insert(QStringLiteral("activatePublicKey"), true);
    QVERIFY(panel->selectKey(second));
    panel->activateAction()->trigger();
    QTRY_COMPARE(s.serverActiveKey(target), second);
    QVERIFY(!s.serverKey(target, first).value(QLatin1String("active")).toBool());
    QTRY_VERIFY(panel->breakGlassText()->text().contains(second));
    QCOMPARE(s.auditCount(QStringLiteral("activate"), second), 1);
    QTRY_COMPARE(panel->model()->activeRow(), panel->model()->rowOfKeyId(second));
}

void TestKeyPanel::removeActiveKeyRefused()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("remove-active"));
    const QString active = s.addKey(target, fixture("ec-p256.pub.pem"), true);
    QVERIFY(s.open());
    QVERIFY(s.select(target));
    KeyPanel *panel = s.panel();
    QVERIFY(panel->selectKey(active));
    s.confirmer.answers.insert(QStringLiteral("removePublicKey"), true);
    // By keyboard, as the user would: Delete in the key table.
    panel->view()->setFocus();
    QTest::keyClick(panel->view(), Qt::Key_Delete);
    QVERIFY(s.confirmer.asked.isEmpty()); // refused before asking
    QVERIFY(panel->resultText().contains(QStringLiteral("cannot be removed")));
    QVERIFY(panel->resultText().contains(QStringLiteral("Activate another key first")));
    QTest::qWait(200);
    QCOMPARE(s.serverKeys(target).size(), 1);
    QCOMPARE(s.sandbox.requestCount(QStringLiteral("RemovePublicKey")), 0);
}

void TestKeyPanel::removeInactiveKeyKeepsPrivateKey()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("remove-inactive"));
    QVERIFY(s.open());
    QVERIFY(s.select(target));
    QVERIFY(s.generate(crypto::KeyType::EcP384, false));
    QTRY_COMPARE(s.serverKeys(target).size(), 1);
    const QJsonObject key = s.serverKeys(target).first().toObject();
    const QString keyId = key.value(QLatin1String("keyId")).toString();
    const QString fingerprint = key.value(QLatin1String("fingerprint")).toString();
    QVERIFY(s.vault->contains(fingerprint));
    KeyPanel *panel = s.panel();
    QTRY_VERIFY(panel->selectKey(keyId));

    // Cancelled: nothing removed.
    panel->removeAction()->trigger();
    QCOMPARE(s.confirmer.askedIds(), QStringList{QStringLiteral("removePublicKey")});
    QVERIFY(s.confirmer.asked.first().informativeText.contains(QStringLiteral("keeps its private key")));
    QTest::qWait(200);
    QCOMPARE(s.serverKeys(target).size(), 1);

    // Confirmed: gone from the server, never from the vault without asking separately.
    s.confirmer.answers.insert(QStringLiteral("removePublicKey"), true);
    QVERIFY(panel->selectKey(keyId));
    panel->removeAction()->trigger();
    QTRY_COMPARE(s.serverKeys(target).size(), 0);
    QTRY_VERIFY(panel->privateKeyNotice()->isVisible());
    QCOMPARE(s.confirmer.askedIds(),
             (QStringList{QStringLiteral("removePublicKey"), QStringLiteral("removePublicKey")}));
    QVERIFY(s.vault->contains(fingerprint));
    QCOMPARE(s.auditCount(QStringLiteral("remove"), keyId), 1);
    QCOMPARE(s.auditCount(QStringLiteral("vault-remove")), 0);

    // The separate question, answered "keep" and then "delete".
    QPushButton *deletePrivate = panel->privateKeyNotice()->actionButton();
    QTest::mouseClick(deletePrivate, Qt::LeftButton);
    QCOMPARE(s.confirmer.asked.last().id, QStringLiteral("removePrivateKey"));
    QVERIFY(s.vault->contains(fingerprint));
    s.confirmer.answers.insert(QStringLiteral("removePrivateKey"), true);
    QTest::mouseClick(deletePrivate, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!s.vault->contains(fingerprint), kLoadTimeoutMs);
    QTRY_COMPARE(s.auditCount(QStringLiteral("vault-remove")), 1);
}

void TestKeyPanel::pastePem()
{
    Session s;
    const QString target = s.createTarget(QStringLiteral("pasted"));
    QVERIFY(s.open());
    QVERIFY(s.select(target));
    KeyPanel *panel = s.panel();
    panel->pasteAction()->trigger();
    AddKeyForm *form = panel->addForm();
    QVERIFY(!form->addButton()->isEnabled());

    // PKCS#1 is converted, with a note saying so.
    form->pemEdit()->setPlainText(QString::fromLatin1(fixture("rsa-2048.pkcs1.pub.pem")));
    QVERIFY(form->pemReport()->text().contains(QStringLiteral("Note:")));
    QVERIFY(form->pemReport()->text().contains(QStringLiteral("PKCS#1")));
    QVERIFY(form->pemReport()->text().contains(QStringLiteral("SHA256:ytKMJg/vGp14rdgYTN1AzngdLeJjCWXZwH1TUxj4cr0")));
    QVERIFY(form->addButton()->isEnabled());
    QTest::mouseClick(form->addButton(), Qt::LeftButton);
    QTRY_COMPARE(s.serverKeys(target).size(), 1);
    const QJsonObject key = s.serverKeys(target).first().toObject();
    QCOMPARE(key.value(QLatin1String("fingerprint")).toString(),
             QStringLiteral("SHA256:ytKMJg/vGp14rdgYTN1AzngdLeJjCWXZwH1TUxj4cr0"));
    QVERIFY(!key.value(QLatin1String("active")).toBool());
    QCOMPARE(s.auditCount(QStringLiteral("add"), key.value(QLatin1String("keyId")).toString()), 1);
    QTRY_VERIFY(form->pemEdit()->toPlainText().isEmpty()); // cleared once added

    // A private key is refused, and does not stay in the field.
    auto privateKey = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
    QVERIFY(privateKey.ok());
    form->pemEdit()->setPlainText(QString::fromLatin1(privateKey->privateKeyPem().value()));
    QVERIFY(form->pemReport()->text().startsWith(QStringLiteral("Not accepted")));
    QVERIFY(form->pemEdit()->toPlainText().isEmpty());
    QVERIFY(!form->addButton()->isEnabled());
    QCOMPARE(s.serverKeys(target).size(), 1);
}

void TestKeyPanel::emergencyAllTargetsWithRetry()
{
    Session s; // seeded: crm-sync and userinfo-enricher have active keys
    const QString third = s.createTarget(QStringLiteral("third-active"));
    QVERIFY(!s.addKey(third, fixture("ec-p384.pub.pem"), true).isEmpty());
    QCOMPARE(s.activeKeyCount(), 3);
    QVERIFY(s.open());
    s.sandbox.setFault(QStringLiteral("DeactivatePublicKey"), *sandbox::Fault::parse(QStringLiteral("503*1")));

    // Refused: nothing happens.
    s.window->keys()->emergencyAction()->trigger();
    QCOMPARE(s.confirmer.askedIds(), QStringList{QStringLiteral("emergencyDeactivateAll")});
    QVERIFY(!s.window->keys()->emergencyView());

    // One confirmation, then every target in parallel; one fails.
    s.confirmer.answers.insert(QStringLiteral("emergencyDeactivateAll"), true);
    s.window->keys()->emergencyAction()->trigger();
    QCOMPARE(s.confirmer.asked.size(), 2);
    BreakGlassView *view = s.window->keys()->emergencyView();
    QVERIFY(view && view->isVisible());
    keys::BreakGlass *command = view->command();
    QTRY_VERIFY_WITH_TIMEOUT(!command->isRunning() && !command->results().isEmpty(), kLoadTimeoutMs);
    using St = keys::BreakGlass::Status;
    QCOMPARE(command->count(St::Failed), 1);
    QCOMPARE(command->count(St::Deactivated), 2);
    QCOMPARE(command->count(St::NoActiveKey), int(command->results().size()) - 3);
    QCOMPARE(s.activeKeyCount(), 1);
    QCOMPARE(view->resultList()->topLevelItemCount(), int(command->results().size()));
    int failedRow = -1;
    for (int i = 0; i < command->results().size(); ++i) {
        if (command->results().at(i).status == St::Failed)
            failedRow = i;
    }
    QVERIFY(view->resultList()->topLevelItem(failedRow)->text(2).startsWith(QStringLiteral("FAILED")));
    QVERIFY(view->retryButton()->isEnabled());
    QVERIFY(view->summaryLabel()->text().contains(QStringLiteral("Failed: 1.")));
    QCOMPARE(s.auditCount(QStringLiteral("break-glass"), {}, true), 2);
    QCOMPARE(s.auditCount(QStringLiteral("break-glass"), {}, false), 1);

    // Retry: only the failed target is touched, and it succeeds now. The key column refreshes the first round's
    // targets a moment later (debounced): count from when those requests have arrived.
    int listsBefore = -1;
    for (int settled = 0; settled < 3;) {
        const int now = s.sandbox.requestCount(QStringLiteral("ListPublicKeys"));
        settled = now == listsBefore ? settled + 1 : 0;
        listsBefore = now;
        QTest::qWait(150);
    }
    QTest::mouseClick(view->retryButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!command->isRunning() && command->count(St::Failed) == 0, kLoadTimeoutMs);
    QCOMPARE(command->count(St::Deactivated), 3);
    QCOMPARE(s.activeKeyCount(), 0);
    QVERIFY(!view->retryButton()->isEnabled());
    QVERIFY(s.sandbox.requestCount(QStringLiteral("ListPublicKeys")) - listsBefore <= 3); // the panel may reload too
    QCOMPARE(s.auditCount(QStringLiteral("break-glass"), {}, true), 3);
    QCOMPARE(s.confirmer.asked.size(), 2);
}

void TestKeyPanel::auditLogView()
{
    Session s;
    QVERIFY(s.open());
    const QString crm = s.targetId(QStringLiteral("crm-sync"));
    const QString active = s.serverActiveKey(crm);
    QVERIFY(s.select(crm));
    QTest::mouseClick(s.panel()->breakGlassButton(), Qt::LeftButton);
    QTRY_COMPARE(s.auditCount(QStringLiteral("break-glass"), active), 1);

    // The view lists what the file holds, newest first.
    s.window->keys()->auditLogAction()->trigger();
    AuditLogView *view = s.window->keys()->auditLogView();
    QVERIFY(view && view->isVisible());
    const QList<vault::AuditEntry> file = s.auditFile();
    QVERIFY(!file.isEmpty());
    QCOMPARE(view->model()->rowCount(), int(file.size()));
    QCOMPARE(view->model()->entry(0).keyId, file.last().keyId);
    QCOMPARE(view->model()->index(0, AuditLogModel::OperationColumn).data().toString(),
             QStringLiteral("Break-glass deactivate"));
    QCOMPARE(view->model()->index(0, AuditLogModel::TargetColumn).data().toString(), crm);
    QCOMPARE(view->model()->index(0, AuditLogModel::InstanceColumn).data().toString(), s.instance());
    QCOMPARE(view->model()->index(0, AuditLogModel::ResultColumn).data().toString(), QStringLiteral("ok"));

    // New entries appear on top while it is open.
    const QString other = s.targetId(QStringLiteral("userinfo-enricher"));
    const QString otherActive = s.serverActiveKey(other);
    QVERIFY(s.select(other));
    QTest::mouseClick(s.panel()->breakGlassButton(), Qt::LeftButton);
    QTRY_COMPARE(view->model()->rowCount(), int(file.size()) + 1);
    QCOMPARE(view->model()->entry(0).keyId, otherActive);

    // Searchable.
    QTest::keyClicks(view->searchField(), active);
    QCOMPARE(view->proxy()->rowCount(), 1);
    view->searchField()->clear();
    QTest::keyClicks(view->searchField(), QStringLiteral("no-such-thing"));
    QCOMPARE(view->proxy()->rowCount(), 0);
    QVERIFY(view->statusLabel()->text().startsWith(QStringLiteral("Showing 0 of")));
}

// Start-up: the keychain probe (whose first call loads the keychain's library), the key panel's keys page (hidden
// until a target is selected) and the executions screen (hidden at start) wait for the window's first frame.
void TestKeyPanel::startUpWorkWaitsForTheFirstFrame()
{
    Session s;
    s.window = std::make_unique<MainWindow>(ConnectionInfo::sandbox(s.sandbox.url(), s.token));
    s.window->setVault(s.vault.get());
    QCOMPARE(s.ops()->keychainState(), KeyOperations::KeychainState::Checking);
    // Not shown: no probe, however long the event loop runs (a probe answers in milliseconds here).
    QTest::qWait(1000);
    QCOMPARE(s.ops()->keychainState(), KeyOperations::KeychainState::Checking);
    QVERIFY(!s.panel()->hasKeysPage());
    QVERIFY(!s.window->findChild<ExecutionsWorkspace *>());
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTRY_COMPARE_WITH_TIMEOUT(s.ops()->keychainState(), KeyOperations::KeychainState::Available, kLoadTimeoutMs);
    QTRY_VERIFY(s.panel()->hasKeysPage());
    QTRY_VERIFY(s.window->findChild<ExecutionsWorkspace *>());
    // Built late, it still follows the keychain's state: generating is on.
    QVERIFY(!s.panel()->vaultNotice()->isVisibleTo(s.panel()));
}

void TestKeyPanel::withoutVaultServerSideStillWorks()
{
    Session s;
    QVERIFY(s.open(false));
    KeyPanel *panel = s.panel();
    QCOMPARE(s.ops()->keychainState(), KeyOperations::KeychainState::NoVault);
    const QString crm = s.targetId(QStringLiteral("crm-sync"));
    QVERIFY(s.select(crm));
    // Generating is off, with the reason; paste and break-glass still work.
    QVERIFY(!panel->addForm()->generateButton()->isEnabled());
    QVERIFY(panel->addForm()->generateReason()->isVisible() || !panel->addForm()->generateReason()->isHidden());
    QVERIFY(panel->addForm()->generateReason()->text().contains(QStringLiteral("private keys cannot be kept")));
    QVERIFY(panel->vaultNotice()->isVisible());
    QVERIFY(!panel->rotateAction()->isEnabled());
    const QString active = s.serverActiveKey(crm);
    QTest::mouseClick(panel->breakGlassButton(), Qt::LeftButton);
    QTRY_VERIFY(!s.serverKey(crm, active).value(QLatin1String("active")).toBool());
    QTRY_VERIFY(panel->resultText().contains(active));
}

void TestKeyPanel::actionsHaveNames()
{
    Session s;
    QVERIFY(s.open());
    QVERIFY(s.select(s.targetId(QStringLiteral("crm-sync"))));
    // Every control of the key pieces has an object name and an accessible name (or a visible text) to be found by.
    QStringList missing;
    QList<QWidget *> roots{s.window->keys()->dock()};
    s.window->keys()->auditLogAction()->trigger();
    roots << s.window->keys()->auditLogView();
    for (QWidget *root : roots) {
        for (QWidget *w : root->findChildren<QWidget *>()) {
            const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                                 qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w) ||
                                 qobject_cast<QPlainTextEdit *>(w);
            if (!control || w->objectName().startsWith(QLatin1String("qt_")) || !w->isVisibleTo(root))
                continue;
            const auto *button = qobject_cast<QAbstractButton *>(w);
            if (w->objectName().isEmpty() || (w->accessibleName().isEmpty() && !(button && !button->text().isEmpty())))
                missing << QStringLiteral("%1 '%2'").arg(QLatin1String(w->metaObject()->className()), w->objectName());
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    for (QAction *a : s.panel()->keyActions())
        QVERIFY(!a->objectName().isEmpty());
    // The Keys menu holds every key action.
    QMenu *menu = s.window->keys()->menu();
    for (QAction *a : s.panel()->keyActions())
        QVERIFY2(menu->actions().contains(a), qPrintable(a->objectName()));
    QVERIFY(menu->actions().contains(s.window->keys()->emergencyAction()));
    QVERIFY(menu->actions().contains(s.window->keys()->auditLogAction()));
}

void TestKeyPanel::readableInLightAndDarkPalettes()
{
    Session s;
    QVERIFY(s.open());
    const QString crm = s.targetId(QStringLiteral("crm-sync"));
    QVERIFY(s.select(crm));
    KeyPanel *panel = s.panel();
    // Set TARGETDESK_SCREENSHOT_DIR to look at the panel (Fusion) in both palettes.
    const QString shots = qEnvironmentVariable("TARGETDESK_SCREENSHOT_DIR");
    if (!shots.isEmpty())
        QApplication::setStyle(QStringLiteral("Fusion"));
    for (const bool dark : {false, true}) {
        const QPalette palette = dark ? darkPalette() : QApplication::style()->standardPalette();
        QApplication::setPalette(palette);
        s.window->setPalette(palette);
        QTest::qWait(50);
        const QPalette used = panel->view()->palette();
        // Every state colour reads on the table's background, and its text says the state anyway.
        for (auto state : {PublicKey::State::Active, PublicKey::State::ActiveButExpired, PublicKey::State::Expired}) {
            const double ratio = contrast(KeyStateStyle::color(state, used), used.color(QPalette::Base));
            QVERIFY2(ratio >= 3.0, qPrintable(QStringLiteral("%1 state %2: %3").arg(dark).arg(int(state)).arg(ratio)));
        }
        // The banner's text on its tinted background.
        const QPalette banner = panel->findChild<QFrame *>(QStringLiteral("breakGlassBanner"))->palette();
        QVERIFY(contrast(banner.color(QPalette::WindowText), banner.color(QPalette::Window)) >= 4.5);
        // White on the break-glass red.
        QVERIFY(contrast(Qt::white, dark ? QColor(0xc6, 0x28, 0x28) : QColor(0xb0, 0x00, 0x20)) >= 4.5);
        if (!shots.isEmpty()) {
            s.window->resize(1400, 900);
            QTest::qWait(200);
            const QString suffix = dark ? QStringLiteral("dark") : QStringLiteral("light");
            s.window->grab().save(shots + QStringLiteral("/keypanel-%1.png").arg(suffix));
            if (dark) {
                QTest::mouseClick(panel->breakGlassButton(), Qt::LeftButton);
                QTRY_VERIFY(!panel->resultText().isEmpty());
                QTest::qWait(300);
                s.window->grab().save(shots + QStringLiteral("/keypanel-dark-after-break-glass.png"));
                s.window->keys()->auditLogAction()->trigger();
                QTest::qWait(200);
                s.window->keys()->auditLogView()->grab().save(shots + QStringLiteral("/auditlog-dark.png"));
                s.sandbox.setFault(QStringLiteral("DeactivatePublicKey"),
                                   *sandbox::Fault::parse(QStringLiteral("503*1")));
                s.confirmer.answers.insert(QStringLiteral("emergencyDeactivateAll"), true);
                s.window->keys()->emergencyAction()->trigger();
                QTRY_VERIFY_WITH_TIMEOUT(!s.window->keys()->emergencyView()->command()->isRunning(), kLoadTimeoutMs);
                QTest::qWait(200);
                s.window->keys()->emergencyView()->grab().save(shots + QStringLiteral("/emergency-dark.png"));
            }
        }
    }
    QApplication::setPalette(QApplication::style()->standardPalette());
}

// Many keys in a narrow timeline: the steps go on in further lines, all in view, none cut off or sideways.
void TestKeyPanel::timelineWrapsWhereNarrow()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<PublicKey> keys;
    for (int i = 0; i < 6; ++i) {
        PublicKey k;
        k.keyId = QStringLiteral("64889823042732%1").arg(1000 + i);
        k.fingerprint = QStringLiteral("SHA256:fingerprint%1").arg(i);
        k.active = i == 5;
        k.creationDate = now.addDays(-60 + i * 10);
        keys.append(k);
    }
    KeyTimeline timeline;
    timeline.setKeys(keys, {}, now);
    QCOMPARE(timeline.keyIds().size(), 6);
    QVERIFY(timeline.hasHeightForWidth());
    const int oneLine = timeline.heightForWidth(10'000);
    const int narrow = timeline.fontMetrics().averageCharWidth() * 60;
    QVERIFY2(timeline.minimumSizeHint().width() <= narrow,
             qPrintable(QString::number(timeline.minimumSizeHint().width())));
    const int wrapped = timeline.heightForWidth(narrow);
    QVERIFY2(wrapped >= 3 * oneLine, qPrintable(QStringLiteral("%1 vs %2").arg(wrapped).arg(oneLine)));
    timeline.resize(narrow, wrapped);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    int steps = 0;
    for (const QWidget *w : timeline.findChildren<QWidget *>()) {
        if (w->parentWidget() != &timeline || !w->isVisible())
            continue;
        QVERIFY2(timeline.rect().contains(w->geometry()), qPrintable(w->objectName()));
        steps += w->objectName().startsWith(QLatin1String("keyTimelineStep")) ? 1 : 0;
    }
    QCOMPARE(steps, 6);
}

int main(int argc, char **argv)
{
    targetdesk::test::runInPrivateKeyring(argc, argv);
    QApplication app(argc, argv);
    TestKeyPanel test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keypanel.moc"
