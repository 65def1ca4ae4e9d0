#pragma once

#include "command.h"

namespace targetdesk
{
class ZitadelClient;
struct ApiError;

namespace cli
{
class ProfileConnection;

// A command that talks to ZITADEL (targets and keys): the shared set-up of the connection, whichever way it is given
// (--instance with TARGETDESK_TOKEN, --profile, --key-file), and the shared handling of API errors.
//
// prepare() runs, in this order: the connection's usage checks and checkUsage() (exit 2), then the connection's
// values, the target and key ids and prepareValues() (exit 3). start() waits for a profile's secret from the
// keychain, then calls run(). The client and the connection are children of the command.
class ConnectedCommand : public Command
{
    Q_OBJECT
public:
    std::optional<int> prepare() final;
    void start() final;

protected:
    // Accepts every global option.
    ConnectedCommand(const CommandLine &commandLine, Declaration declaration);

    // The command's own usage checks (exit 2), after the connection's.
    virtual std::optional<int> checkUsage() { return std::nullopt; }
    // The command's own value checks (exit 3), once the client points at the instance.
    virtual std::optional<int> prepareValues() { return std::nullopt; }
    // The work; ends with finish() or fail().
    virtual void run() = 0;

    ZitadelClient &client() const { return *m_client; }
    // The first and second positional argument ("" when not given).
    QString targetId() const;
    QString keyId() const;

    // Prints the error (with a hint for 401/403 and for answers that are not ZITADEL's) and ends with `code`, or by
    // default with the exit code of the error's kind.
    void fail(const ApiError &error, int code = -1);
    using Command::fail;

private:
    ZitadelClient *m_client = nullptr;
    ProfileConnection *m_connection = nullptr;
};

} // namespace cli
} // namespace targetdesk
