#pragma once

#include "commandline.h"

#include "profiles/profile.h"
#include "profiles/profileerror.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace targetdesk
{
class ZitadelClient;

namespace profiles
{
class ProfileStore;
}

namespace cli
{

// The connection of a targets or keys command when it is not --instance plus TARGETDESK_TOKEN: a saved profile
// (--profile NAME, secret from the OS keychain) or a service-user key file (--key-file PATH with --instance).
// prepare() does everything that can be checked at once; connect() loads a profile's secret from the keychain.
class ProfileConnection : public QObject
{
    Q_OBJECT
public:
    explicit ProfileConnection(const CommandLine &commandLine, QObject *parent = nullptr);

    // --profile or --key-file was given: this class, not the command, sets up the client.
    [[nodiscard]] static bool requested(const CommandLine &commandLine);

    // Usage problems (exit 2) of the plain way, --instance or TARGETDESK_INSTANCE with TARGETDESK_TOKEN: prints the
    // problem and returns the exit code. Profiles and key files are checked by configure().
    std::optional<int> checkUsage();
    // Points `client` at the instance with its credentials, whichever way they were given, and applies the request
    // timeout. Checks values only (exit 3, or what prepare() returns); nothing is sent.
    std::optional<int> configure(ZitadelClient &client);

    // Checks the options and points `client` at the instance (and, for a key file, sets its authentication). On a
    // problem prints it and returns the exit code.
    std::optional<int> prepare(ZitadelClient &client);
    // The instance the command will talk to, once prepare() succeeded.
    [[nodiscard]] QUrl instance() const { return m_instance; }

    // Finishes the set-up (a profile's secret comes from the keychain) and calls `done` with nullopt when the client
    // is ready, or with the exit code after printing the problem. Never calls back inside the call.
    void connect(ZitadelClient &client, std::function<void(std::optional<int>)> done);
    // connect() still has to run.
    [[nodiscard]] bool pending() const { return m_pending; }

private:
    std::optional<int> prepareProfile(ZitadelClient &client);
    std::optional<int> prepareKeyFile(ZitadelClient &client);

    const CommandLine &m_commandLine;
    profiles::ProfileStore *m_store = nullptr;
    profiles::Profile m_profile;
    QUrl m_instance;
    bool m_pending = false;
    // The plain way, as found by checkUsage().
    QString m_instanceText;
    QString m_instanceWhere; // which option or variable it came from, for messages
    QString m_token;
};

// The exit code for a profile problem: 3 for what the user can fix in the profile, 4 for the keychain.
[[nodiscard]] int exitCodeFor(const profiles::ProfileError &error);

} // namespace cli
} // namespace targetdesk
