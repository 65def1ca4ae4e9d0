#include "api/zitadelclient.h"
#include "connections/connectioninfo.h"
#include "connections/profileswitcher.h"
#include "inspector/inspectorwindow.h"
#include "inspector/listenview.h"
#include "profiles/profilestore.h"
#include "shell/appicons.h"
#include "shell/localreceiverseed.h"
#include "shell/localsandbox.h"
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

    // The sandbox lives as long as the window that talks to it. It starts only when the sandbox connection is used:
    // after show() when the window starts on it (the list shows "Loading targets…" until it answers, so start-up does
    // not wait for it), or when the user switches to it; --instance or a saved profile open no port at all.
    std::unique_ptr<gui::SandboxHost> localSandbox;
    gui::ConnectionInfo connection;
    if (parser.isSet(instanceOption)) {
        const QString token = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TARGETDESK_TOKEN"));
        auto checked = gui::ConnectionInfo::forInstance(parser.value(instanceOption), token);
        if (const QString *error = std::get_if<QString>(&checked))
            return fail(QApplication::translate("main", "Cannot connect"), *error);
        connection = std::get<gui::ConnectionInfo>(checked);
    } else {
        localSandbox = std::make_unique<gui::SandboxHost>(&gui::runLocalSandbox);
        connection = gui::ConnectionInfo::sandbox({}, {}); // the address follows once it listens
    }

    // Private keys go to the OS keychain (default settings, also for the sandbox, whose URL names the instance).
    vault::Vault keyVault;
    // Connection profiles (QSettings + keychain), shared with targetdesk-cli; outlives the window.
    profiles::ProfileStore profileStore;
    gui::MainWindow window(connection);
    gui::installAppIcons(&window);
    window.setVault(&keyVault);
    window.setProfileStore(&profileStore);
    if (localSandbox)
        window.setSandboxHost(localSandbox.get());
    // Without --instance the window comes back to the profile used last (the sandbox unless one was chosen).
    const bool onProfile = localSandbox && !profileStore.lastUsed().builtInSandbox;
    if (onProfile)
        window.profileSwitcher()->switchTo(profileStore.lastUsedId());
    window.show();
    // Test deliveries to the built-in sandbox's targets are signed with its instance key, so they verify against its
    // JWKS; on any other connection the local test key signs them.
    std::unique_ptr<ZitadelClient> seedClient;
    if (localSandbox) {
        window.workspace()->setDeliverySigner(
            [&window, host = localSandbox.get()]() -> std::optional<delivery::JwtSigner> {
                if (!host->isStarted() || host->url().isEmpty())
                    return std::nullopt;
                const bool sandbox = window.client()->instance().adjusted(QUrl::StripTrailingSlash) ==
                                     host->url().adjusted(QUrl::StripTrailingSlash);
                return sandbox ? host->instanceSigner() : std::nullopt;
            });
    }
    if (localSandbox && !onProfile) {
        // First launch without an instance: a target pointing at the inspector's Listen mode, with a key whose
        // private half the vault holds. Made once the sandbox listens; its requests are answered after the sample
        // data. A failure only costs that target.
        QObject::connect(localSandbox.get(), &gui::SandboxHost::listening, &window,
                         [&window, &seedClient, &keyVault](const QUrl &url, const QString &token) {
                             if (seedClient)
                                 return;
                             seedClient = std::make_unique<ZitadelClient>();
                             seedClient->setInstance(url);
                             seedClient->setToken(token);
                             auto *seed = new gui::LocalReceiverSeed(seedClient.get(), &keyVault,
                                                                     gui::ListenView::savedPort(), &window);
                             QObject::connect(seed, &gui::LocalReceiverSeed::finished, &window,
                                              [&window](bool ok, const QString &, const QString &why) {
                                                  if (ok)
                                                      window.targetList()->refresh();
                                                  else
                                                      std::fprintf(stderr,
                                                                   "targetdesk: the local-receiver sample target was "
                                                                   "not made: %s\n",
                                                                   qPrintable(why));
                                              });
                             QTimer::singleShot(0, seed, &gui::LocalReceiverSeed::start);
                         });
        QTimer::singleShot(0, localSandbox.get(), &gui::SandboxHost::ensureStarted);
    }
    if (parser.isSet(inspectOption)) {
        gui::InspectorWindow *inspector = window.openInspector();
        if (!parser.positionalArguments().isEmpty())
            inspector->openFile(parser.positionalArguments().first());
    }
    return app.exec();
}
