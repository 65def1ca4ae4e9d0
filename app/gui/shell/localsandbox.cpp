#include "shell/localsandbox.h"

#include "sandbox/sandbox.h"
#include "shell/sandboxhost.h"

#include <QHostAddress>

namespace targetdesk::gui
{

void runLocalSandbox(SandboxHost &host)
{
    sandbox::Sandbox sandbox;
    QString error;
    if (!sandbox.listen(QHostAddress::LocalHost, 0, &error)) {
        host.reportFailed(error.isEmpty() ? QStringLiteral("cannot listen") : error);
        return;
    }
    // People try Targetdesk with a receiver on their own machine (http://localhost:8080/...). ZITADEL's default deny
    // list refuses such endpoints; the sandbox accepts them so that works, and the editor still warns that a real
    // instance refuses them.
    sandbox.setAllowPrivateEndpoints(true);
    // The token exists before the window learns the address, so no request can arrive without it.
    const QString token = sandbox.generateToken(sandbox::Role::ReadWrite);
    // The sample data comes first on this thread's event loop: requests, which can only come once the window knows
    // the address, are answered after it.
    QMetaObject::invokeMethod(
        &sandbox,
        [&sandbox, &host] {
            sandbox.seed();
            // Test deliveries made in the app are signed with the instance key, as ZITADEL signs them.
            if (sandbox.webKeyActive())
                host.reportInstanceSigner(
                    delivery::JwtSigner{sandbox.webKey(), sandbox.webKeyId(), QStringLiteral("RS256")});
        },
        Qt::QueuedConnection);
    host.reportListening(sandbox.url(), token);
    host.serve();
}

} // namespace targetdesk::gui
