#include "shell/sandboxhost.h"

#include "sandbox/sandbox.h"

#include <QHostAddress>

namespace targetdesk::gui
{

SandboxHost::SandboxHost(QObject *parent) : QThread(parent)
{
    setObjectName(QStringLiteral("sandboxHost"));
}

SandboxHost::~SandboxHost()
{
    quit();
    wait();
}

void SandboxHost::begin()
{
    QThread::start();
}

bool SandboxHost::waitUntilListening(QString *error)
{
    const Listening result = m_listening.get_future().get();
    if (!result.error.isEmpty()) {
        wait();
        if (error)
            *error = result.error;
        return false;
    }
    m_url = result.url;
    return true;
}

void SandboxHost::run()
{
    sandbox::Sandbox sandbox;
    QString error;
    if (!sandbox.listen(QHostAddress::LocalHost, 0, &error)) {
        m_listening.set_value({{}, error.isEmpty() ? QStringLiteral("cannot listen") : error});
        return;
    }
    // People try Targetdesk with a receiver on their own machine (http://localhost:8080/...). ZITADEL's default deny
    // list refuses such endpoints; the sandbox accepts them so that works, and the editor still warns that a real
    // instance refuses them.
    sandbox.setAllowPrivateEndpoints(true);
    // The token exists before the window learns the address, so no request can arrive without it.
    m_token = sandbox.generateToken(sandbox::Role::ReadWrite);
    m_sandbox = &sandbox;
    m_listening.set_value({sandbox.url(), {}});
    exec();
    m_sandbox = nullptr;
}

std::optional<delivery::JwtSigner> SandboxHost::instanceSigner() const
{
    if (!m_sandbox || !isRunning())
        return std::nullopt;
    std::optional<delivery::JwtSigner> signer;
    QMetaObject::invokeMethod(
        m_sandbox,
        [sandbox = m_sandbox, &signer] {
            if (!sandbox->webKeyActive())
                return;
            signer = delivery::JwtSigner{sandbox->webKey(), sandbox->webKeyId(), QStringLiteral("RS256")};
        },
        Qt::BlockingQueuedConnection);
    return signer;
}

void SandboxHost::seed()
{
    if (!m_sandbox)
        return;
    // Queued to the host thread, where the sandbox lives; it runs before any request queued after it.
    QMetaObject::invokeMethod(
        m_sandbox, [sandbox = m_sandbox] { sandbox->seed(); }, Qt::QueuedConnection);
}

} // namespace targetdesk::gui
