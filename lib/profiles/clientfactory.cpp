#include "clientfactory.h"

#include "profilestore.h"

#include "api/auth/clientcredentialsprovider.h"
#include "api/auth/personalaccesstokenprovider.h"
#include "api/auth/serviceuserkey.h"
#include "api/auth/serviceuserkeyprovider.h"
#include "api/zitadelclient.h"

#include <QCoreApplication>
#include <QPointer>

namespace targetdesk::profiles
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::profiles)
};

ProfileError missing(const Profile &profile, const QString &what)
{
    return {ProfileError::Kind::MissingSecret,
            Messages::tr("The profile \"%1\" has no %2; enter it in the profile").arg(profile.name, what)};
}

} // namespace

ProfileResult<TlsOptions> ClientFactory::tlsOptions(const Profile &profile)
{
    TlsOptions tls;
    if (!profile.caCertificatesPem.isEmpty()) {
        QString error;
        tls.caCertificates = readPemCertificates(profile.caCertificatesPem, &error);
        if (tls.caCertificates.isEmpty())
            return ProfileError{
                ProfileError::Kind::InvalidProfile,
                Messages::tr("The CA certificates of the profile \"%1\" cannot be read: %2").arg(profile.name, error)};
    }
    if (!profile.pinnedSha256.isEmpty() && profile.pinnedSha256.size() != 32)
        return ProfileError{ProfileError::Kind::InvalidProfile,
                            Messages::tr("The pinned certificate fingerprint of the profile \"%1\" is not a SHA-256")
                                .arg(profile.name)};
    tls.pinnedSha256 = profile.pinnedSha256;
    tls.allowInsecureHttp = profile.insecure;
    return tls;
}

ProfileResult<std::shared_ptr<auth::AuthProvider>> ClientFactory::authProvider(const Profile &profile,
                                                                               const ProfileSecrets &secrets)
{
    using Provider = std::shared_ptr<auth::AuthProvider>;
    switch (profile.method) {
    case auth::Method::PersonalAccessToken:
        if (secrets.personalAccessToken.isEmpty())
            return missing(profile, Messages::tr("personal access token"));
        return Provider(std::make_shared<auth::PersonalAccessTokenProvider>(secrets.personalAccessToken));
    case auth::Method::ServiceUserKey: {
        if (secrets.serviceUserKey.isEmpty())
            return missing(profile, Messages::tr("service-user key file"));
        auto key = auth::ServiceUserKey::fromJson(secrets.serviceUserKey);
        if (!key)
            return ProfileError{ProfileError::Kind::InvalidSecret,
                                Messages::tr("The key file of the profile \"%1\" cannot be used: %2")
                                    .arg(profile.name, key.error().message)};
        return Provider(std::make_shared<auth::ServiceUserKeyProvider>(*key));
    }
    case auth::Method::ClientCredentials:
        if (profile.clientId.isEmpty())
            return ProfileError{ProfileError::Kind::InvalidSecret,
                                Messages::tr("The profile \"%1\" has no client id").arg(profile.name)};
        if (secrets.clientSecret.isEmpty())
            return missing(profile, Messages::tr("client secret"));
        return Provider(std::make_shared<auth::ClientCredentialsProvider>(profile.clientId, secrets.clientSecret));
    }
    return ProfileError{ProfileError::Kind::InvalidProfile, Messages::tr("Unknown authentication method")};
}

std::optional<ProfileError> ClientFactory::check(const Profile &profile, const ProfileSecrets &secrets)
{
    if (auto url = checkInstanceUrl(profile.instanceUrl, profile.insecure); !url)
        return url.error();
    if (auto tls = tlsOptions(profile); !tls)
        return tls.error();
    if (auto provider = authProvider(profile, secrets); !provider)
        return provider.error();
    return std::nullopt;
}

std::optional<ProfileError> ClientFactory::configure(ZitadelClient &client, const Profile &profile,
                                                     const ProfileSecrets &secrets)
{
    auto url = checkInstanceUrl(profile.instanceUrl, profile.insecure);
    if (!url)
        return url.error();
    auto tls = tlsOptions(profile);
    if (!tls)
        return tls.error();
    auto provider = authProvider(profile, secrets);
    if (!provider)
        return provider.error();
    // TLS first: the client must never talk to the new instance with the old trust.
    client.setTlsOptions(*tls);
    client.setInstance(*url);
    client.setAuthProvider(*provider);
    return std::nullopt;
}

ProfileResult<std::unique_ptr<ZitadelClient>> ClientFactory::create(const Profile &profile,
                                                                    const ProfileSecrets &secrets)
{
    auto client = std::make_unique<ZitadelClient>();
    if (auto error = configure(*client, profile, secrets))
        return *error;
    return client;
}

void ClientFactory::open(ProfileStore &store, const QString &id, QObject *context,
                         ProfileCallback<std::shared_ptr<ZitadelClient>> done)
{
    // The store delivers later and honours `context`, so the answer here does too.
    store.loadSecrets(id, context, [&store, id, done = std::move(done)](ProfileResult<ProfileSecrets> secrets) {
        if (!secrets)
            return done(secrets.error());
        const auto profile = store.profile(id);
        if (!profile)
            return done(ProfileError{ProfileError::Kind::NotFound, Messages::tr("There is no profile \"%1\"").arg(id)});
        auto client = create(*profile, *secrets);
        if (!client)
            return done(client.error());
        done(std::shared_ptr<ZitadelClient>(std::move(client).value()));
    });
}

} // namespace targetdesk::profiles
