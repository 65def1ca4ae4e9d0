#include "api/zitadelclient.h"
#include "connections/connectioninfo.h"
#include "connections/profileswitcher.h"
#include "inspector/inspectorwindow.h"
#include "inspector/listenview.h"
#include "profiles/profilestore.h"
#include "shell/appicons.h"
#include "shell/localreceiverseed.h"
#include "shell/mainwindow.h"
#include "shell/sandboxhost.h"
#include "shell/translations.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"
#include "vault/vault.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace targetdesk;

namespace
{

// Shown as a dialog (the user may have started us from a menu) and on stderr (or from a terminal).
int fail(const QString &title, const QString &message)
{
    std::fprintf(stderr, "targetdesk: %s\n", qPrintable(message));
    QMessageBox::critical(nullptr, title, message);
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Targetdesk"));
    QApplication::setApplicationName(QStringLiteral("Targetdesk"));
    QApplication::setApplicationVersion(QStringLiteral(TARGETDESK_VERSION));
    // The desktop entry and AppStream id (packaging/): lets the desktop match the window to its entry and icon.
    QApplication::setDesktopFileName(QStringLiteral("io.github.targetdesk.targetdesk"));
    gui::installTranslations(app);
    gui::installAppIcons();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Manage ZITADEL Actions v2 targets. Without --instance, Targetdesk starts a "
                                        "local sandbox that emulates ZITADEL, with sample data."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption instanceOption(
        QStringLiteral("instance"),
        QApplication::translate("main", "Connect to the ZITADEL instance at <url>; the access token is read from "
                                        "the environment variable TARGETDESK_TOKEN."),
        QStringLiteral("url"));
    parser.addOption(instanceOption);
    const QCommandLineOption inspectOption(
        QStringLiteral("inspect"),
        QApplication::translate("main", "Open the Payload Inspector, with FILE (a captured payload) when given."));
    parser.addOption(inspectOption);
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "With --inspect: a captured payload to inspect."),
                                 QStringLiteral("[FILE]"));
    parser.process(app);

    // The sandbox lives as long as the window that talks to it. It runs on its own thread and starts first, so the
    // rest of start-up overlaps with it and the window does not wait for its sample data: the list shows "Loading
    // targets…" until the sandbox answers.
    std::unique_ptr<gui::SandboxHost> localSandbox;
    gui::ConnectionInfo connection;
    if (parser.isSet(instanceOption)) {
        const QString token = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TARGETDESK_TOKEN"));
        auto checked = gui::ConnectionInfo::forInstance(parser.value(instanceOption), token);
        if (const QString *error = std::get_if<QString>(&checked))
            return fail(QApplication::translate("main", "Cannot connect"), *error);
        connection = std::get<gui::ConnectionInfo>(checked);
    } else {
        localSandbox = std::make_unique<gui::SandboxHost>();
        localSandbox->begin();
    }

    // Private keys go to the OS keychain (default settings, also for the sandbox, whose URL names the instance).
    vault::Vault keyVault;
    // Connection profiles (QSettings + keychain), shared with targetdesk-cli; outlives the window.
    profiles::ProfileStore profileStore;
    if (localSandbox) {
        QString error;
        if (!localSandbox->waitUntilListening(&error))
            return fail(QApplication::translate("main", "Cannot start the sandbox"),
                        QApplication::translate("main", "The local sandbox could not start: %1").arg(error));
        connection = gui::ConnectionInfo::sandbox(localSandbox->url(), localSandbox->token());
    }
    gui::MainWindow window(connection);
    window.setVault(&keyVault);
    window.setProfileStore(&profileStore);
    // Without --instance the window comes back to the profile used last (the sandbox unless one was chosen).
    if (!parser.isSet(instanceOption) && !profileStore.lastUsed().builtInSandbox)
        window.profileSwitcher()->switchTo(profileStore.lastUsedId());
    window.show();
    // Test deliveries to the built-in sandbox's targets are signed with its instance key, so they verify against its
    // JWKS; after switching to another connection the local test key signs them.
    if (localSandbox) {
        const QUrl sandboxUrl = localSandbox->url();
        window.workspace()->setDeliverySigner([&window, host = localSandbox.get(), sandboxUrl] {
            const bool sandbox = window.client()->instance().adjusted(QUrl::StripTrailingSlash) ==
                                 sandboxUrl.adjusted(QUrl::StripTrailingSlash);
            return sandbox ? host->instanceSigner() : std::nullopt;
        });
    }
    // The window is on screen: now the sandbox may take the CPU for its sample data.
    std::unique_ptr<ZitadelClient> seedClient;
    if (localSandbox) {
        QTimer::singleShot(0, localSandbox.get(), &gui::SandboxHost::seed);
        // First launch without an instance: a target pointing at the inspector's Listen mode, with a key whose
        // private half the vault holds. Queued behind the sample data; a failure only costs that target.
        if (profileStore.lastUsed().builtInSandbox) {
            seedClient = std::make_unique<ZitadelClient>();
            seedClient->setInstance(localSandbox->url());
            seedClient->setToken(localSandbox->token());
            auto *seed = new gui::LocalReceiverSeed(seedClient.get(), &keyVault, gui::ListenView::savedPort(), &window);
            QObject::connect(seed, &gui::LocalReceiverSeed::finished, &window,
                             [&window](bool ok, const QString &, const QString &why) {
                                 if (ok)
                                     window.targetList()->refresh();
                                 else
                                     std::fprintf(stderr,
                                                  "targetdesk: the local-receiver sample target was not made: %s\n",
                                                  qPrintable(why));
                             });
            QTimer::singleShot(0, seed, &gui::LocalReceiverSeed::start);
        }
    }
    if (parser.isSet(inspectOption)) {
        gui::InspectorWindow *inspector = window.openInspector();
        if (!parser.positionalArguments().isEmpty())
            inspector->openFile(parser.positionalArguments().first());
    }
    return app.exec();
}
