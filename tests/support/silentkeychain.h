#pragma once

// A keychain that never answers: a private dbus-daemon on which a Secret Service (org.freedesktop.secrets) takes
// every call and never replies, as a locked keyring whose password prompt nobody answers. A process reaches it with
// DBUS_SESSION_BUS_ADDRESS=address(); QtKeychain reads that variable once, when it first connects, so a test process
// that uses it itself must set it before its first keychain call. The test links Qt6::DBus.

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusVirtualObject>
#include <QProcess>
#include <QString>

namespace targetdesk::test
{

// Takes every call and never answers.
class SilentSecretService : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &) override
    {
        message.setDelayedReply(true);
        ++calls;
        return true;
    }
    int calls = 0;
};

class SilentKeychain
{
public:
    SilentKeychain() = default;
    SilentKeychain(const SilentKeychain &) = delete;
    SilentKeychain &operator=(const SilentKeychain &) = delete;
    ~SilentKeychain() { stop(); }

    // Starts the bus and registers the service on it; false with the reason in `error`.
    bool start(QString *error)
    {
        m_bus.start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        if (!m_bus.waitForStarted(5000) || !m_bus.waitForReadyRead(5000)) {
            *error = QStringLiteral("dbus-daemon did not start (install the Debian package dbus): %1")
                         .arg(m_bus.errorString());
            return false;
        }
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        if (m_address.isEmpty()) {
            *error = QStringLiteral("dbus-daemon printed no address");
            return false;
        }
        QDBusConnection connection = QDBusConnection::connectToBus(m_address, kConnectionName);
        if (!connection.isConnected()) {
            *error = connection.lastError().message();
            return false;
        }
        if (!connection.registerVirtualObject(QStringLiteral("/"), &m_service, QDBusConnection::SubPath) ||
            !connection.registerService(QStringLiteral("org.freedesktop.secrets"))) {
            *error = QStringLiteral("cannot own org.freedesktop.secrets: %1").arg(connection.lastError().message());
            return false;
        }
        return true;
    }

    [[nodiscard]] QString address() const { return m_address; }
    // Calls the service took (and left unanswered).
    [[nodiscard]] int calls() const { return m_service.calls; }

    void stop()
    {
        if (m_bus.state() == QProcess::NotRunning)
            return;
        QDBusConnection::disconnectFromBus(kConnectionName);
        m_bus.terminate();
        m_bus.waitForFinished(5000);
    }

private:
    static inline const QString kConnectionName = QStringLiteral("silent-secrets");
    QProcess m_bus;
    SilentSecretService m_service;
    QString m_address;
};

} // namespace targetdesk::test
