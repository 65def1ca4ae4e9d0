#include "profilesecrets.h"

#include "crypto/securememory.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk::profiles
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::profiles)
};

constexpr QLatin1String kToken("personalAccessToken");
constexpr QLatin1String kKeyFile("serviceUserKey");
constexpr QLatin1String kClientSecret("clientSecret");
constexpr QLatin1String kBinding("binding");

} // namespace

ProfileSecrets::~ProfileSecrets()
{
    wipe();
}

ProfileSecrets ProfileSecrets::token(const QString &personalAccessToken)
{
    ProfileSecrets s;
    s.personalAccessToken = personalAccessToken;
    return s;
}

ProfileSecrets ProfileSecrets::keyFile(const QByteArray &serviceUserKeyJson)
{
    ProfileSecrets s;
    s.serviceUserKey = serviceUserKeyJson;
    return s;
}

ProfileSecrets ProfileSecrets::client(const QString &clientSecret)
{
    ProfileSecrets s;
    s.clientSecret = clientSecret;
    return s;
}

bool ProfileSecrets::has(auth::Method method) const
{
    switch (method) {
    case auth::Method::PersonalAccessToken:
        return !personalAccessToken.isEmpty();
    case auth::Method::ServiceUserKey:
        return !serviceUserKey.isEmpty();
    case auth::Method::ClientCredentials:
        return !clientSecret.isEmpty();
    }
    return false;
}

ProfileSecrets ProfileSecrets::only(auth::Method method) const
{
    ProfileSecrets out;
    switch (method) {
    case auth::Method::PersonalAccessToken:
        out = token(personalAccessToken);
        break;
    case auth::Method::ServiceUserKey:
        out = keyFile(serviceUserKey);
        break;
    case auth::Method::ClientCredentials:
        out = client(clientSecret);
        break;
    }
    out.binding = binding;
    return out;
}

void ProfileSecrets::wipe()
{
    // Only wipe buffers nobody else shares; a shared one is still in use by another copy of these secrets.
    if (personalAccessToken.isDetached())
        crypto::wipe(personalAccessToken);
    if (serviceUserKey.isDetached())
        crypto::wipe(serviceUserKey);
    if (clientSecret.isDetached())
        crypto::wipe(clientSecret);
    personalAccessToken.clear();
    serviceUserKey.clear();
    clientSecret.clear();
}

QByteArray ProfileSecrets::toKeychainData(auth::Method method) const
{
    QJsonObject o;
    switch (method) {
    case auth::Method::PersonalAccessToken:
        o.insert(kToken, personalAccessToken);
        break;
    case auth::Method::ServiceUserKey:
        o.insert(kKeyFile, QString::fromUtf8(serviceUserKey));
        break;
    case auth::Method::ClientCredentials:
        o.insert(kClientSecret, clientSecret);
        break;
    }
    if (!binding.isEmpty())
        o.insert(kBinding, binding);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

ProfileResult<ProfileSecrets> ProfileSecrets::fromKeychainData(const QByteArray &data)
{
    QJsonParseError error;
    QJsonObject o = QJsonDocument::fromJson(data, &error).object();
    if (error.error != QJsonParseError::NoError)
        return ProfileError{ProfileError::Kind::Keychain,
                            Messages::tr("The keychain entry of the profile is damaged; enter the secret again")};
    ProfileSecrets s;
    s.personalAccessToken = o.value(kToken).toString();
    s.serviceUserKey = o.value(kKeyFile).toString().toUtf8();
    s.clientSecret = o.value(kClientSecret).toString();
    s.binding = o.value(kBinding).toString();
    o = QJsonObject();
    return s;
}

} // namespace targetdesk::profiles
