#pragma once

#include "delivery/deliveryrequest.h"

#include <QMutex>
#include <QString>
#include <QThread>
#include <QUrl>

#include <functional>
#include <optional>

namespace targetdesk::gui
{

// Runs the built-in sandbox on its own thread, started only when the sandbox connection is used: a window started
// with --instance or a saved profile opens no port and generates no keys until the user switches to the sandbox.
// ensureStarted() returns at once; listening() (or failed()) follows on the caller's thread as soon as the sandbox
// listens, and the sample data (key generation included) is made on the host thread right after, before any request
// is answered: the first list request simply waits (the list shows its loading state). The sandbox object is
// created, used and destroyed on the host thread only, by the body (localsandbox.h: this library does not link the
// sandbox).
class SandboxHost : public QThread
{
    Q_OBJECT
public:
    // Runs on the host thread: makes the sandbox, calls reportListening() (or reportFailed() and returns), then
    // serve() until the thread quits.
    using Body = std::function<void(SandboxHost &host)>;

    explicit SandboxHost(Body body, QObject *parent = nullptr);
    // Stops the thread; the sandbox goes with it.
    ~SandboxHost() override;

    // Starts the sandbox unless it was started before; returns at once.
    void ensureStarted();
    bool isStarted() const { return m_started; }
    // Set once listening() was emitted.
    QUrl url() const { return m_url; }
    // A read-write access token the sandbox accepts (registered before any request can arrive).
    QString token() const { return m_token; }

    // The key the built-in sandbox signs JWT payloads with (its instance web key), so test deliveries made in the app
    // verify against the sandbox's JWKS. Empty until the sandbox has made it, and while its web key is not active.
    // Any thread.
    std::optional<delivery::JwtSigner> instanceSigner() const;

    // For the body, on the host thread.
    void reportListening(const QUrl &url, const QString &token);
    void reportInstanceSigner(std::optional<delivery::JwtSigner> signer);
    void reportFailed(const QString &error);
    void serve() { exec(); }

Q_SIGNALS:
    void listening(const QUrl &url, const QString &token);
    void failed(const QString &error);

protected:
    void run() override;

private:
    void onListening(const QUrl &url, const QString &token);

    Body m_body;
    bool m_started = false;
    QUrl m_url;
    QString m_token;
    mutable QMutex m_signerMutex;
    std::optional<delivery::JwtSigner> m_signer;
};

} // namespace targetdesk::gui
