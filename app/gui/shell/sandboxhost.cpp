#include "shell/sandboxhost.h"

namespace targetdesk::gui
{

SandboxHost::SandboxHost(Body body, QObject *parent) : QThread(parent), m_body(std::move(body))
{
    setObjectName(QStringLiteral("sandboxHost"));
}

SandboxHost::~SandboxHost()
{
    quit();
    wait();
}

void SandboxHost::ensureStarted()
{
    if (m_started)
        return;
    m_started = true;
    QThread::start();
}

void SandboxHost::onListening(const QUrl &url, const QString &token)
{
    m_url = url;
    m_token = token;
    Q_EMIT listening(url, token);
}

void SandboxHost::reportListening(const QUrl &url, const QString &token)
{
    QMetaObject::invokeMethod(
        this, [this, url, token] { onListening(url, token); }, Qt::QueuedConnection);
}

void SandboxHost::reportFailed(const QString &error)
{
    QMetaObject::invokeMethod(
        this, [this, error] { Q_EMIT failed(error); }, Qt::QueuedConnection);
}

std::optional<delivery::JwtSigner> SandboxHost::instanceSigner() const
{
    const QMutexLocker lock(&m_signerMutex);
    return m_signer;
}

void SandboxHost::reportInstanceSigner(std::optional<delivery::JwtSigner> signer)
{
    const QMutexLocker lock(&m_signerMutex);
    m_signer = std::move(signer);
}

void SandboxHost::run()
{
    m_body(*this);
}

} // namespace targetdesk::gui
