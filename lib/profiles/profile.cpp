#include "profile.h"

#include "api/tlsoptions.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QUuid>

namespace targetdesk::profiles
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::profiles)
};

struct ColorEntry {
    ProfileColor color;
    const char *key;
    const char *hex;
};

// Material-like tones that stay readable as a title-bar stripe in light and dark themes.
constexpr ColorEntry kColors[] = {
    {ProfileColor::Red, "red", "#d32f2f"},       {ProfileColor::Orange, "orange", "#ef6c00"},
    {ProfileColor::Yellow, "yellow", "#f9a825"}, {ProfileColor::Green, "green", "#2e7d32"},
    {ProfileColor::Blue, "blue", "#1565c0"},     {ProfileColor::Purple, "purple", "#6a1b9a"},
    {ProfileColor::Grey, "grey", "#616161"},
};

const ColorEntry &colorEntry(ProfileColor color)
{
    for (const ColorEntry &e : kColors) {
        if (e.color == color)
            return e;
    }
    return kColors[4];
}

bool containsWord(const QString &text, const QString &pattern)
{
    // Words, not substrings: "product-catalog" is not production, "prod-eu" and "my_prod" are.
    const QRegularExpression re(QStringLiteral("(^|[^a-z0-9])(") + pattern + QStringLiteral(")([^a-z]|$)"));
    return re.match(text.toLower()).hasMatch();
}

} // namespace

QList<ProfileColor> allProfileColors()
{
    QList<ProfileColor> out;
    for (const ColorEntry &e : kColors)
        out.append(e.color);
    return out;
}

QString profileColorKey(ProfileColor color)
{
    return QString::fromLatin1(colorEntry(color).key);
}

std::optional<ProfileColor> profileColorFromKey(const QString &key)
{
    for (const ColorEntry &e : kColors) {
        if (key.compare(QLatin1String(e.key), Qt::CaseInsensitive) == 0)
            return e.color;
    }
    return std::nullopt;
}

QString profileColorDisplayName(ProfileColor color)
{
    switch (color) {
    case ProfileColor::Red:
        return Messages::tr("Red");
    case ProfileColor::Orange:
        return Messages::tr("Orange");
    case ProfileColor::Yellow:
        return Messages::tr("Yellow");
    case ProfileColor::Green:
        return Messages::tr("Green");
    case ProfileColor::Blue:
        return Messages::tr("Blue");
    case ProfileColor::Purple:
        return Messages::tr("Purple");
    case ProfileColor::Grey:
        return Messages::tr("Grey");
    }
    return {};
}

QString profileColorHex(ProfileColor color)
{
    return QString::fromLatin1(colorEntry(color).hex);
}

ProfileColor guessProfileColor(const QString &name, const QUrl &instanceUrl)
{
    const QString text = name + QLatin1Char(' ') + instanceUrl.host();
    if (containsWord(text, QStringLiteral("prod|production|prd|live")))
        return ProfileColor::Red;
    if (containsWord(text, QStringLiteral("stag|stage|staging|test|testing|qa|uat|preprod|pre-prod")))
        return ProfileColor::Orange;
    if (containsWord(text, QStringLiteral("dev|develop|development|local|sandbox")) ||
        (!instanceUrl.host().isEmpty() && isLoopbackHost(instanceUrl.host())))
        return ProfileColor::Green;
    return ProfileColor::Blue;
}

QString authMethodKey(auth::Method method)
{
    switch (method) {
    case auth::Method::PersonalAccessToken:
        return QStringLiteral("personal-access-token");
    case auth::Method::ServiceUserKey:
        return QStringLiteral("service-user-key");
    case auth::Method::ClientCredentials:
        return QStringLiteral("client-credentials");
    }
    return {};
}

std::optional<auth::Method> authMethodFromKey(const QString &key)
{
    for (auth::Method m :
         {auth::Method::PersonalAccessToken, auth::Method::ServiceUserKey, auth::Method::ClientCredentials}) {
        if (key.compare(authMethodKey(m), Qt::CaseInsensitive) == 0)
            return m;
    }
    return std::nullopt;
}

QString authMethodDisplayName(auth::Method method)
{
    switch (method) {
    case auth::Method::PersonalAccessToken:
        return Messages::tr("Personal access token");
    case auth::Method::ServiceUserKey:
        return Messages::tr("Service-user key file");
    case auth::Method::ClientCredentials:
        return Messages::tr("Client credentials");
    }
    return {};
}

ProfileResult<QUrl> checkInstanceUrl(const QUrl &url, bool insecure)
{
    if (url.isEmpty())
        return ProfileError{ProfileError::Kind::InvalidUrl, Messages::tr("The profile has no instance URL")};
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        return ProfileError{ProfileError::Kind::InvalidUrl,
                            Messages::tr("The instance URL \"%1\" is not an https:// address with a host name")
                                .arg(url.toDisplayString(QUrl::RemoveUserInfo))};
    }
    if (!url.userInfo().isEmpty()) {
        return ProfileError{ProfileError::Kind::InvalidUrl,
                            Messages::tr("The instance URL must not contain a user name or password; the "
                                         "credentials belong to the profile's authentication method")};
    }
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()) && !insecure) {
        return ProfileError{ProfileError::Kind::InsecureUrl,
                            Messages::tr("Refusing plain http to %1: the credentials would travel unencrypted. Use "
                                         "https, or tick \"insecure\" on the profile to allow it explicitly.")
                                .arg(url.host())};
    }
    return url;
}

Profile Profile::create(const QString &name, const QUrl &instanceUrl, auth::Method method)
{
    Profile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.name = name;
    p.instanceUrl = instanceUrl;
    p.method = method;
    p.color = guessProfileColor(name, instanceUrl);
    return p;
}

Profile Profile::sandbox(const QUrl &instanceUrl)
{
    Profile p;
    p.id = sandboxId();
    p.name = Messages::tr("Sandbox");
    p.instanceUrl = instanceUrl;
    p.method = auth::Method::PersonalAccessToken;
    p.color = ProfileColor::Green;
    p.builtInSandbox = true;
    return p;
}

QString Profile::sandboxId()
{
    return QStringLiteral("sandbox");
}

QString Profile::connectionBinding() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayLiteral("targetdesk-profile-binding-1\n"));
    hash.addData(instanceUrl.adjusted(QUrl::StripTrailingSlash).toString(QUrl::FullyEncoded).toUtf8());
    hash.addData(QByteArrayLiteral("\n"));
    hash.addData(QCryptographicHash::hash(caCertificatesPem, QCryptographicHash::Sha256).toHex());
    hash.addData(QByteArrayLiteral("\n"));
    hash.addData(pinnedSha256.toHex());
    hash.addData(insecure ? QByteArrayLiteral("\ninsecure") : QByteArrayLiteral("\nsecure"));
    return QString::fromLatin1(hash.result().toHex());
}

bool Profile::usesInsecureHttp() const
{
    return insecure && instanceUrl.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 &&
           !isLoopbackHost(instanceUrl.host());
}

QString Profile::authSummary() const
{
    switch (method) {
    case auth::Method::PersonalAccessToken:
        return Messages::tr("personal access token");
    case auth::Method::ServiceUserKey:
        return Messages::tr("service user %1 (key %2)").arg(serviceUserId, keyId);
    case auth::Method::ClientCredentials:
        return Messages::tr("client %1").arg(clientId);
    }
    return {};
}

} // namespace targetdesk::profiles
