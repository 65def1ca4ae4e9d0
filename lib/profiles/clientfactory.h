#pragma once

#include "profile.h"
#include "profileerror.h"
#include "profilesecrets.h"

#include "api/tlsoptions.h"

#include <memory>
#include <optional>

namespace targetdesk
{
class ZitadelClient;
}

namespace targetdesk::profiles
{

class ProfileStore;

// Turns a profile and its secrets into a ZitadelClient ready to call the instance: URL, auth provider, TLS. Refuses
// incomplete profiles with an error that names what is missing, before anything is sent.
class ClientFactory
{
public:
    // The profile's TLS options (CA certificates, pin, insecure flag). InvalidProfile for damaged certificates.
    [[nodiscard]] static ProfileResult<TlsOptions> tlsOptions(const Profile &profile);
    // The auth provider for the profile's method. MissingSecret / InvalidSecret when the secret or a non-secret
    // detail (the client id) is missing or unusable.
    [[nodiscard]] static ProfileResult<std::shared_ptr<auth::AuthProvider>> authProvider(const Profile &profile,
                                                                                         const ProfileSecrets &secrets);
    // Everything create() checks, without making a client: what a profile editor shows.
    [[nodiscard]] static std::optional<ProfileError> check(const Profile &profile, const ProfileSecrets &secrets);

    // Points an existing client at the profile (a window switching profiles keeps its client). On error the client
    // is left unchanged.
    [[nodiscard]] static std::optional<ProfileError> configure(ZitadelClient &client, const Profile &profile,
                                                               const ProfileSecrets &secrets);
    [[nodiscard]] static ProfileResult<std::unique_ptr<ZitadelClient>> create(const Profile &profile,
                                                                              const ProfileSecrets &secrets);

    // Loads the secrets of the stored profile `id` from `store` and creates the client. The callback runs later,
    // not after `context` is destroyed.
    static void open(ProfileStore &store, const QString &id, QObject *context,
                     ProfileCallback<std::shared_ptr<ZitadelClient>> done);
};

} // namespace targetdesk::profiles
