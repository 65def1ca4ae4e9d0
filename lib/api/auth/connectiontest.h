#pragma once

#include "api/tlsoptions.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace targetdesk
{
class ApiCall;
class ZitadelClient;
struct ApiError;
} // namespace targetdesk

namespace targetdesk::auth
{

// What "Test connection" found, one line per question a user asks.
struct ConnectionReport {
    enum class State { NotChecked, Ok, Failed };
    struct Check {
        State state = State::NotChecked;
        QString detail; // for people; never a secret
    };
    Check reachable;                            // the instance answered at all
    Check tls;                                  // the certificate is trusted (verified or pinned); NotChecked for http
    Check token;                                // the credentials gave a token the API accepts
    Check read;                                 // may list targets (action.target.read)
    Check write;                                // may change targets (action.target.write)
    std::optional<CertificateInfo> certificate; // https: what the server presented

    [[nodiscard]] bool ok() const;
};

// Runs the checks in order with `client`'s instance, TLS options and auth provider, stopping where the rest cannot
// be answered. The write check changes nothing: it updates a target id that does not exist, so an allowed caller
// gets NotFound and a caller without the permission gets PermissionDenied (ZITADEL checks permissions first).
class ConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTest(ZitadelClient *client, QObject *parent = nullptr);

    void start();
    void cancel();
    [[nodiscard]] const ConnectionReport &report() const { return m_report; }

Q_SIGNALS:
    // After each check, for progress display.
    void progress(const targetdesk::auth::ConnectionReport &report);
    void finished(const targetdesk::auth::ConnectionReport &report);

private:
    void checkCertificate();
    void checkToken();
    void checkRead();
    void checkWrite();
    void fail(ConnectionReport::Check &check, const QString &detail);
    void failTransport(const ApiError &error);
    void step();
    void done();

    QPointer<ZitadelClient> m_client;
    QPointer<ApiCall> m_call;
    ConnectionReport m_report;
    bool m_running = false;
};

} // namespace targetdesk::auth
