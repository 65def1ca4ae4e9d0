#pragma once

#include "commands/command.h"
#include "connections/connectioninfo.h"
#include "profiles/profile.h"
#include "profiles/profileerror.h"

#include <optional>

namespace targetdesk
{
class ZitadelClient;
namespace profiles
{
class ProfileStore;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// Points the window's client at another connection: the one the window started with (the command line's or the local
// sandbox's), at once, or a saved profile, whose secret is read from the keychain first. When that fails the client
// keeps its connection. The client and the store are not owned and must outlive the command.
class SwitchConnectionCommand : public Command
{
    Q_OBJECT
public:
    // The connection the window started with; finishes inside start().
    SwitchConnectionCommand(ZitadelClient *client, const ConnectionInfo &connection, QObject *parent = nullptr);
    // A saved profile of `store`.
    SwitchConnectionCommand(ZitadelClient *client, profiles::ProfileStore *store, const profiles::Profile &profile,
                            QObject *parent = nullptr);

    // The saved profile switched to (empty for the window's own connection).
    const profiles::Profile &profile() const { return m_profile; }
    bool succeeded() const { return !m_profileError.has_value(); }
    // Why the profile could not be used (missing secret, locked keychain, bad certificate); empty on success.
    QString errorMessage() const { return m_profileError ? m_profileError->message : QString(); }

protected:
    void doStart() override;

private:
    ZitadelClient *m_client;
    profiles::ProfileStore *m_store = nullptr;
    ConnectionInfo m_connection;
    profiles::Profile m_profile;
    std::optional<profiles::ProfileError> m_profileError;
};

} // namespace targetdesk::gui
