// The GUI with a keychain that never answers (a locked keyring whose password prompt nobody answers, played by
// support/silentkeychain.h on a private bus): saving a profile, the key panel's vault check and switching to a
// profile each end with a message that names the keychain and the timeout, the event loop keeps running meanwhile, and
// what the user typed stays in the form. TARGETDESK_KEYCHAIN_TIMEOUT is 2 s here. This process never reaches a real
// keychain: the bus address is set before its first keychain call.

#include "silentkeychain.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "connections/connectioninfo.h"
#include "connections/profilesdialog.h"
#include "connections/profileswitcher.h"
#include "keys/addkeyform.h"
#include "keys/keymanagement.h"
#include "keys/keyoperations.h"
#include "keys/keypanel.h"
#include "profiles/profilestore.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "targets/targetlistpanel.h"
#include "vault/vault.h"
#include "widgets/noticebar.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

namespace
{

const QString kTimeoutMessage = QStringLiteral("The keychain did not answer within 2 s");
// Far above the 2 s timeout: only a hang gets here.
constexpr int kHangMs = 30'000;

// Counts event-loop turns while alive: a GUI thread blocked for the keychain's 2 s would see one or two ticks.
class Ticker
{
public:
    Ticker()
    {
        QObject::connect(&m_timer, &QTimer::timeout, [this] { ++m_ticks; });
        m_timer.start(50);
    }
    [[nodiscard]] int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    int m_ticks = 0;
};

} // namespace

class TestKeychainTimeout : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SilentKeychain m_keychain;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Nothing of the user's: default paths (audit log, profiles) below the test's directory.
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        useTestSettings(m_dir.filePath(QStringLiteral("settings")), QStringLiteral("tst_keychain_timeout"));
        QString error;
        QVERIFY2(m_keychain.start(&error), qPrintable(error));
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_keychain.address().toUtf8());
        qputenv("TARGETDESK_KEYCHAIN_TIMEOUT", "2");
        // QtKeychain picks KWallet on a KDE desktop; the Secret Service is what this test plays.
        for (const char *variable :
             {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION"})
            qunsetenv(variable);
    }

    void savingAProfileSaysTheKeychainDidNotAnswer()
    {
        profiles::ProfileStoreSettings settings;
        settings.settingsPath = m_dir.filePath(QStringLiteral("profiles.ini"));
        settings.keychainService = QStringLiteral("TargetdeskKeychainTimeoutTest");
        profiles::ProfileStore store(settings);
        ProfilesDialog dialog(&store, nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        QTest::mouseClick(child<QPushButton>(&dialog, "addProfileButton"), Qt::LeftButton);
        const QList<std::pair<const char *, QString>> typed = {
            {"profileNameEdit", QStringLiteral("Locked keyring")},
            {"instanceUrlEdit", QStringLiteral("https://locked.example.com")},
            {"tokenEdit", QStringLiteral("tdtest-locked-token-3f9a1c")},
        };
        for (const auto &[name, text] : typed) {
            auto *edit = child<QLineEdit>(&dialog, name);
            QVERIFY2(edit, name);
            edit->setFocus();
            QTest::keyClicks(edit, text);
        }

        QSignalSpy done(&dialog, &ProfilesDialog::operationFinished);
        Ticker ticker;
        QTest::mouseClick(child<QPushButton>(&dialog, "saveProfileButton"), Qt::LeftButton);
        QVERIFY2(done.wait(kHangMs), "saving hung on the keychain");
        QVERIFY2(ticker.ticks() >= 5, qPrintable(QStringLiteral("%1 ticks").arg(ticker.ticks())));
        QVERIFY(m_keychain.calls() > 0); // it really asked the (silent) keychain

        QCOMPARE(done.first().first().toBool(), false);
        const QString message = dialog.messageLabel()->text();
        QVERIFY2(message.contains(kTimeoutMessage), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Unlock it")), qPrintable(message));
        QVERIFY(dialog.isVisible());
        // Nothing saved, nothing lost: the form still holds what was typed, ready for another try.
        QVERIFY(!store.find(QStringLiteral("Locked keyring")));
        for (const auto &[name, text] : typed) {
            auto *edit = child<QLineEdit>(&dialog, name);
            QCOMPARE(edit->text(), text);
            QVERIFY2(edit->isEnabled(), name);
        }
        QVERIFY(child<QPushButton>(&dialog, "saveProfileButton")->isEnabled());
    }

    void keyPanelSaysTheKeychainDidNotAnswer()
    {
        sandbox::Sandbox sandbox;
        QVERIFY(sandbox.listen());
        sandbox.seed();
        vault::VaultSettings settings;
        settings.indexPath = m_dir.filePath(QStringLiteral("vault/index.json"));
        settings.auditLogPath = m_dir.filePath(QStringLiteral("vault/audit.jsonl"));
        settings.keychainService = QStringLiteral("TargetdeskKeychainTimeoutTest");
        vault::Vault vault(settings);

        MainWindow window(ConnectionInfo::sandbox(sandbox.url(), sandbox.generateToken()));
        Ticker ticker;
        window.setVault(&vault);
        window.show();
        KeyOperations *operations = window.keys()->operations();
        QCOMPARE(operations->keychainState(), KeyOperations::KeychainState::Checking);
        // The window works while the keychain is silent: the target list loads.
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, kHangMs);
        QTRY_VERIFY_WITH_TIMEOUT(operations->keychainState() != KeyOperations::KeychainState::Checking, kHangMs);
        QVERIFY2(ticker.ticks() >= 5, qPrintable(QStringLiteral("%1 ticks").arg(ticker.ticks())));
        // libsecret may queue this call behind the unanswered session of an earlier one: no new call to count.
        QVERIFY(m_keychain.calls() > 0);

        QCOMPARE(operations->keychainState(), KeyOperations::KeychainState::Unavailable);
        // The user picks a target to work on its keys and reads why generating is off.
        const QString target = sandbox.snapshot()
                                   .value(QLatin1String("targets"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QLatin1String("id"))
                                   .toString();
        QVERIFY(!target.isEmpty());
        window.targetList()->selectTarget(target);
        KeyPanel *panel = window.keys()->panel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->targetId() == target && panel->isLoaded(), kHangMs);
        QVERIFY(panel->vaultNotice()->isVisible());
        QVERIFY2(panel->vaultNotice()->text().contains(kTimeoutMessage), qPrintable(panel->vaultNotice()->text()));
        QVERIFY2(panel->addForm()->generateReason()->text().contains(kTimeoutMessage),
                 qPrintable(panel->addForm()->generateReason()->text()));
        QVERIFY(!panel->addForm()->generateButton()->isEnabled());
    }

    void switchingProfilesSaysTheKeychainDidNotAnswer()
    {
        sandbox::Sandbox sandbox;
        QVERIFY(sandbox.listen());
        sandbox.seed();
        profiles::ProfileStoreSettings settings;
        settings.settingsPath = m_dir.filePath(QStringLiteral("switch.ini"));
        settings.keychainService = QStringLiteral("TargetdeskKeychainTimeoutTest");
        profiles::ProfileStore store(settings);
        // Without a secret the profile goes to the settings file only; switching to it reads the keychain.
        std::optional<profiles::ProfileResult<profiles::Profile>> added;
        store.add(profiles::Profile::create(QStringLiteral("Staging"), sandbox.url()), profiles::ProfileSecrets(), this,
                  [&](profiles::ProfileResult<profiles::Profile> r) { added = std::move(r); });
        QTRY_VERIFY(added.has_value());
        QVERIFY2(*added, qPrintable(added->ok() ? QString() : added->error().message));

        MainWindow window(ConnectionInfo::sandbox(sandbox.url(), sandbox.generateToken()));
        window.setProfileStore(&store);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, kHangMs);
        ProfileSwitcher *switcher = window.profileSwitcher();
        const QString before = switcher->current().id;
        QSignalSpy failed(switcher, &ProfileSwitcher::switchFailed);
        Ticker ticker;
        switcher->switchTo((*added)->id);
        QVERIFY2(failed.wait(kHangMs), "switching hung on the keychain");
        QVERIFY2(ticker.ticks() >= 5, qPrintable(QStringLiteral("%1 ticks").arg(ticker.ticks())));

        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QLatin1String("Staging")) && message.contains(kTimeoutMessage), qPrintable(message));
        // Still connected where it was, and the switcher can be used again.
        QCOMPARE(switcher->current().id, before);
        QVERIFY(switcher->combo()->isEnabled());
        QCOMPARE(window.targetList()->state(), TargetListPanel::State::List);
    }

    void cleanupTestCase() { m_keychain.stop(); }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestKeychainTimeout test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychain_timeout.moc"
