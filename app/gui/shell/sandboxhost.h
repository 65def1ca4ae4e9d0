#pragma once

#include "delivery/deliveryrequest.h"

#include <QString>
#include <QThread>
#include <QUrl>

#include <future>

namespace targetdesk::sandbox
{
class Sandbox;
}

namespace targetdesk::gui
{

// Runs the built-in sandbox on its own thread, so the main window does not wait for it: waitUntilListening() returns as
// soon as the sandbox listens (a few milliseconds, overlapping with the rest of start-up); seed() then fills in the
// sample data (key generation included) on that thread while the window is already up, and the first list request
// simply waits for the answer (the list shows its loading state). The sandbox object is created, used and destroyed on
// the host thread only.
class SandboxHost : public QThread
{
    Q_OBJECT
public:
    explicit SandboxHost(QObject *parent = nullptr);
    // Stops the thread; the sandbox goes with it.
    ~SandboxHost() override;

    // Starts the thread; the sandbox comes up on it (a few milliseconds) while the caller goes on.
    void begin();
    // Waits until the sandbox listens on 127.0.0.1 (or failed to); false with *error set when it could not listen.
    // After begin(), once.
    bool waitUntilListening(QString *error);
    // Fills the sandbox with its sample data (key generation included) on the host thread. Called once the window
    // is on screen, so the two do not compete for the CPU; requests that arrive meanwhile wait for it.
    void seed();
    QUrl url() const { return m_url; }
    // A read-write access token the sandbox accepts (registered before any request can arrive).
    QString token() const { return m_token; }
    // The sandbox's instance web key (the one /oauth/v2/keys publishes), for signing test deliveries so they verify
    // against its JWKS; nullopt when the sandbox is gone or has no active key. Asks the host thread and waits.
    std::optional<delivery::JwtSigner> instanceSigner() const;

protected:
    void run() override;

private:
    struct Listening {
        QUrl url;
        QString error;
    };
    std::promise<Listening> m_listening;
    QUrl m_url;
    QString m_token;
    sandbox::Sandbox *m_sandbox = nullptr; // lives on the host thread; set before start() returns
};

} // namespace targetdesk::gui
