// Widget tests of the connection profiles: the Profiles dialog driven by typing (add a token profile, pin a TLS
// sandbox's certificate after seeing it, test the connection, remove after a pre-answered question) and the switcher
// of the real main window (rows of the chosen instance, the title and the coloured marker name it). Offscreen, with a
// private keychain (common/privatekeyring.h) and sandboxes started here.

#include "fakeconfirmer.h"
#include "privatekeyring.h"
#include "selfsignedcertificate.h"
#include "widgetlookup.h"

#include "api/zitadelclient.h"
#include "connections/certificatedialog.h"
#include "connections/connectioninfo.h"
#include "connections/connectiontestview.h"
#include "connections/profilesdialog.h"
#include "connections/profileswitcher.h"
#include "inspector/inspectorinstance.h"
#include "inspector/inspectorwindow.h"
#include "model/targetlistmodel.h"
#include "profiles/profilestore.h"
#include "sandbox/sandbox.h"
#include "shell/localsandbox.h"
#include "shell/mainwindow.h"
#include "shell/sandboxhost.h"
#include "targets/targetlistpanel.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

class TestProfilesGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    sandbox::Sandbox m_sandbox;      // the window's built-in sandbox
    sandbox::Sandbox m_otherSandbox; // the instance of the profile the test adds
    std::unique_ptr<profiles::ProfileStore> m_store;
    FakeConfirmer m_confirmer;
    QString m_token;

    void typeInto(QWidget *dialog, const char *name, const QString &text)
    {
        auto *edit = child<QLineEdit>(dialog, name);
        QVERIFY2(edit, name);
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_sandbox.listen());
        m_sandbox.seed();
        QVERIFY(m_otherSandbox.listen());
        m_otherSandbox.seedTargets(3);
        profiles::ProfileStoreSettings settings;
        settings.settingsPath = m_dir.filePath(QStringLiteral("profiles.ini"));
        settings.keychainService = QStringLiteral("TargetdeskGuiTest");
        m_store = std::make_unique<profiles::ProfileStore>(settings);
        m_token = m_otherSandbox.generateToken();
    }

    void addSwitchTestRemove()
    {
        MainWindow window(ConnectionInfo::sandbox(m_sandbox.url(), m_sandbox.generateToken()));
        window.setConfirmer(&m_confirmer);
        window.setProfileStore(m_store.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.targetList()->state(), TargetListPanel::State::List);

        ProfilesDialog *dialog = window.openProfiles();
        QVERIFY(dialog);
        QTest::mouseClick(child<QPushButton>(dialog, "addProfileButton"), Qt::LeftButton);
        QVERIFY(dialog->editingId().isEmpty());
        typeInto(dialog, "profileNameEdit", QStringLiteral("Staging"));
        typeInto(dialog, "instanceUrlEdit", m_otherSandbox.url().toString());
        typeInto(dialog, "tokenEdit", m_token);
        QCOMPARE(child<QLineEdit>(dialog, "tokenEdit")->echoMode(), QLineEdit::Password);

        // Test before saving uses the typed secret.
        QSignalSpy tested(dialog, &ProfilesDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000);
        QVERIFY(tested.first().first().toBool());
        for (int c = ConnectionTestView::Reachable; c < ConnectionTestView::CheckCount; ++c) {
            if (c == ConnectionTestView::Tls)
                continue; // http: nothing to check
            QVERIFY2(dialog->testView()->stateLabel(ConnectionTestView::Check(c))->text().contains(QLatin1String("OK")),
                     qPrintable(dialog->testView()->detailLabel(ConnectionTestView::Check(c))->text()));
        }

        QSignalSpy done(dialog, &ProfilesDialog::operationFinished);
        child<QLineEdit>(dialog, "profileNameEdit")->setFocus();
        QTest::keyClick(child<QLineEdit>(dialog, "profileNameEdit"), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QVERIFY2(done.first().first().toBool(), qPrintable(dialog->messageLabel()->text()));
        QVERIFY(child<QLineEdit>(dialog, "tokenEdit")->text().isEmpty());
        const auto stored = m_store->find(QStringLiteral("Staging"));
        QVERIFY(stored);
        QCOMPARE(dialog->editingId(), stored->id);

        // The settings file holds the profile, never its token.
        QFile settings(m_store->settingsFilePath());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray content = settings.readAll();
        QVERIFY(content.contains("Staging"));
        QVERIFY(!content.contains(m_token.toUtf8()));
        dialog->close();

        // Switch with the keyboard: the combo has focus, Down picks the next entry.
        ProfileSwitcher *switcher = window.profileSwitcher();
        QComboBox *combo = switcher->combo();
        QCOMPARE(combo->count(), 2);
        QSignalSpy switched(switcher, &ProfileSwitcher::switched);
        combo->setFocus();
        QTest::keyClick(combo, combo->itemData(0).toString() == stored->id ? Qt::Key_Up : Qt::Key_Down);
        QTRY_COMPARE_WITH_TIMEOUT(switched.size(), 1, 20000);
        QCOMPARE(switcher->current().id, stored->id);
        QVERIFY(window.windowTitle().contains(QLatin1String("Staging")));
        QVERIFY(window.windowTitle().contains(m_otherSandbox.url().toString()));
        QCOMPARE(switcher->marker()->text(), QStringLiteral("Staging"));
        QVERIFY(switcher->marker()->isVisible());
        QVERIFY(switcher->marker()->styleSheet().contains(profiles::profileColorHex(stored->color)));
        QVERIFY(!switcher->insecureWarning()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, 20000);
        QTRY_VERIFY(window.targetList()->countText().startsWith(QLatin1String("3 target")));

        // Remove, answering the question in advance.
        dialog = window.openProfiles();
        QCOMPARE(dialog->editingId(), stored->id);
        done.clear();
        QTest::mouseClick(child<QPushButton>(dialog, "removeProfileButton"), Qt::LeftButton);
        QCOMPARE(m_confirmer.askedIds(), QStringList{QStringLiteral("removeProfile")});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QVERIFY(done.first().first().toBool());
        QVERIFY(!m_store->find(QStringLiteral("Staging")));
        QCOMPARE(combo->count(), 1);
        dialog->close();
    }

    void pinTlsCertificate()
    {
        const auto certificate = test::SelfSignedCertificate::make(m_dir.path(), QStringLiteral("gui-tls"));
        QVERIFY(!certificate.certificate.isNull());
        sandbox::Sandbox tls;
        QVERIFY(tls.setTlsFiles(certificate.certificatePath, certificate.keyPath));
        QVERIFY(tls.listen());
        const QString token = tls.generateToken();

        ProfilesDialog dialog(m_store.get(), &m_confirmer);
        dialog.show();
        QTest::mouseClick(child<QPushButton>(&dialog, "addProfileButton"), Qt::LeftButton);
        typeInto(&dialog, "profileNameEdit", QStringLiteral("Self-signed"));
        typeInto(&dialog, "instanceUrlEdit", tls.url().toString());
        typeInto(&dialog, "tokenEdit", token);

        // Without a pin the test fails at TLS.
        QSignalSpy tested(&dialog, &ProfilesDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(&dialog, "testConnectionButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000);
        QVERIFY(!tested.first().first().toBool());
        QVERIFY(dialog.testView()->stateLabel(ConnectionTestView::Tls)->text().contains(QLatin1String("Failed")));

        QTest::mouseClick(child<QPushButton>(&dialog, "showCertificateButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.certificateDialog() && dialog.certificateDialog()->isVisible(), 20000);
        CertificateDialog *shown = dialog.certificateDialog();
        const QString fingerprint = formatSha256Fingerprint(certificateSha256(certificate.certificate));
        QCOMPARE(child<QLabel>(shown, "fingerprintLabel")->text(), fingerprint);
        QVERIFY(child<QLabel>(shown, "subjectLabel")->text().contains(QLatin1String("127.0.0.1")));
        QVERIFY(!child<QLabel>(shown, "notAfterLabel")->text().isEmpty());
        QTest::mouseClick(shown->trustButton(), Qt::LeftButton);
        QCOMPARE(child<QLabel>(&dialog, "pinLabel")->text(), fingerprint);

        tested.clear();
        QTest::mouseClick(child<QPushButton>(&dialog, "testConnectionButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000);
        QVERIFY2(tested.first().first().toBool(),
                 qPrintable(dialog.testView()->detailLabel(ConnectionTestView::Tls)->text()));

        QSignalSpy done(&dialog, &ProfilesDialog::operationFinished);
        QTest::mouseClick(child<QPushButton>(&dialog, "saveProfileButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QVERIFY2(done.first().first().toBool(), qPrintable(dialog.messageLabel()->text()));
        QCOMPARE(m_store->find(QStringLiteral("Self-signed"))->pinnedSha256,
                 certificateSha256(certificate.certificate));
    }

    void newProfileColourFollowsItsName()
    {
        MainWindow window(ConnectionInfo::sandbox(m_sandbox.url(), m_sandbox.generateToken()));
        window.setConfirmer(&m_confirmer);
        window.setProfileStore(m_store.get());
        ProfilesDialog *dialog = window.openProfiles();
        QVERIFY(dialog);
        QTest::mouseClick(child<QPushButton>(dialog, "addProfileButton"), Qt::LeftButton);
        auto *colour = child<QComboBox>(dialog, "profileColorCombo");
        QVERIFY(colour);
        typeInto(dialog, "profileNameEdit", QStringLiteral("Production EU"));
        QCOMPARE(colour->currentData().toInt(), int(profiles::ProfileColor::Red));
        typeInto(dialog, "profileNameEdit", QStringLiteral("Staging"));
        QCOMPARE(colour->currentData().toInt(), int(profiles::ProfileColor::Orange));
        // Once the user picks a colour, typing no longer changes it.
        colour->setFocus();
        QTest::keyClick(colour, Qt::Key_Down);
        const int picked = colour->currentData().toInt();
        Q_EMIT colour->activated(colour->currentIndex());
        typeInto(dialog, "profileNameEdit", QStringLiteral("prod"));
        QCOMPARE(colour->currentData().toInt(), picked);
    }

    void sandboxStartsOnlyWhenUsed()
    {
        // A saved profile on another instance.
        profiles::ProfileSecrets secrets;
        secrets.personalAccessToken = m_token;
        std::optional<profiles::Profile> saved;
        m_store->add(profiles::Profile::create(QStringLiteral("Elsewhere"), m_otherSandbox.url()), secrets, this,
                     [&](profiles::ProfileResult<profiles::Profile> result) {
                         QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
                         saved = result.value();
                     });
        QTRY_VERIFY(saved.has_value());

        // Started as main() does without --instance, on the saved profile: no sandbox is started at all.
        SandboxHost host(&runLocalSandbox);
        MainWindow window(ConnectionInfo::sandbox({}, {}));
        window.setConfirmer(&m_confirmer);
        window.setProfileStore(m_store.get());
        window.setSandboxHost(&host);
        window.profileSwitcher()->switchTo(saved->id);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.profileSwitcher()->current().id, saved->id, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, 20000);
        QCOMPARE(window.targetList()->model()->rowCount(), 3);
        QTest::qWait(200);
        QVERIFY(!host.isStarted());
        QVERIFY(!host.isRunning());
        QVERIFY(host.url().isEmpty());

        // Switching to the sandbox starts it; its sample targets load.
        const auto sandboxProfile = m_store->find(QStringLiteral("sandbox"));
        QVERIFY(sandboxProfile && sandboxProfile->builtInSandbox);
        QSignalSpy listening(&host, &SandboxHost::listening);
        window.profileSwitcher()->switchTo(sandboxProfile->id);
        QVERIFY(host.isStarted());
        QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.profileSwitcher()->current().builtInSandbox, 20000);
        QCOMPARE(window.client()->instance(), host.url());
        QVERIFY(host.url().host() == QLatin1String("127.0.0.1"));
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, 30000);
        QVERIFY(window.targetList()->model()->rowCount() > 0);
        QVERIFY(window.windowTitle().contains(host.url().toString()));

        bool removed = false;
        m_store->remove(saved->id, this, [&](auto) { removed = true; });
        QTRY_VERIFY(removed);
    }

    void windowComesBeforeTheSandbox()
    {
        // Started on the sandbox: the window is up, with the list loading, before the sandbox even starts; once it
        // listens the list loads.
        SandboxHost host(&runLocalSandbox);
        MainWindow window(ConnectionInfo::sandbox({}, {}));
        window.setSandboxHost(&host);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.targetList()->state(), TargetListPanel::State::Loading);
        QVERIFY(!host.isStarted());
        QVERIFY(window.windowTitle().contains(QLatin1String("starting")));
        // The inspector opened meanwhile asks nobody (there is no address yet) and learns the instance once it is up.
        InspectorWindow *inspector = window.openInspector();
        QVERIFY(!inspector->instance()->hasInstance());
        QVERIFY(!inspector->instance()->isFetchingJwks());
        QVERIFY2(!inspector->instance()->jwksStatus().contains(QLatin1String("Could not")),
                 qPrintable(inspector->instance()->jwksStatus()));
        QTimer::singleShot(0, &host, &SandboxHost::ensureStarted);
        QTRY_COMPARE_WITH_TIMEOUT(window.targetList()->state(), TargetListPanel::State::List, 30000);
        QCOMPARE(window.client()->instance(), host.url());
        QVERIFY(window.targetList()->model()->rowCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->instance()->jwks().has_value(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->instance()->targets().isEmpty(), 30000);
    }

    void everyControlIsNamed()
    {
        ProfilesDialog dialog(m_store.get(), &m_confirmer);
        for (QWidget *w : dialog.findChildren<QWidget *>()) {
            if (qobject_cast<QPushButton *>(w) || qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w)) {
                if (w->parent() && w->parent()->inherits("QDialogButtonBox"))
                    continue;
                if (w->parent() && qobject_cast<QComboBox *>(w->parent()))
                    continue;
                QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
            }
        }
    }
};

int main(int argc, char **argv)
{
    test::runInPrivateKeyring(argc, argv);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestProfilesGui test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_profiles_gui.moc"
