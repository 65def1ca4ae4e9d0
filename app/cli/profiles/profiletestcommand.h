#pragma once

#include "profilecommand.h"

#include <chrono>
#include <memory>
#include <optional>

namespace targetdesk
{
class ZitadelClient;

namespace auth
{
class ConnectionTest;
struct ConnectionReport;
} // namespace auth

namespace cli
{

// `targetdesk-cli profiles test NAME`: the GUI's "Test connection" for a saved profile: reachable, TLS, token, read
// and write permission.
class ProfileTestCommand : public ProfileCommand
{
    Q_OBJECT
public:
    explicit ProfileTestCommand(const CommandLine &commandLine);

    void start() override;

private:
    std::optional<int> prepareProfiles() override;
    void report(const auth::ConnectionReport &report);

    QString m_profileId;
    std::optional<std::chrono::milliseconds> m_timeout;
    std::shared_ptr<ZitadelClient> m_client;
    auth::ConnectionTest *m_test = nullptr;
};

} // namespace cli
} // namespace targetdesk
