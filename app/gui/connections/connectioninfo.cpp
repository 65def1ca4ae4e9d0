#include "connections/connectioninfo.h"

namespace targetdesk::gui
{

ConnectionInfo ConnectionInfo::sandbox(const QUrl &url, const QString &token)
{
    ConnectionInfo info;
    info.kind = Kind::Sandbox;
    info.url = url;
    info.token = token;
    return info;
}

std::variant<ConnectionInfo, QString> ConnectionInfo::forInstance(const QString &urlText, const QString &token)
{
    QString text = urlText.trimmed();
    // A bare host name means HTTPS: every ZITADEL cloud and production instance uses it.
    if (!text.isEmpty() && !text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return tr("“%1” is not an instance URL. Use the address of your ZITADEL instance, for example "
                  "https://my-instance.zitadel.cloud")
            .arg(urlText);
    if (token.trimmed().isEmpty())
        return tr("No access token. Set the environment variable TARGETDESK_TOKEN to a personal access token of a "
                  "service user with the IAM_OWNER role (or IAM_OWNER_VIEWER to only look), then start Targetdesk "
                  "again. The token is never accepted on the command line, where other users could see it.");
    ConnectionInfo info;
    info.kind = Kind::Instance;
    // Only scheme, host, port and path: user info or a query would not belong to an instance address.
    info.url = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    if (info.url.path() == QLatin1String("/"))
        info.url.setPath(QString());
    info.token = token.trimmed();
    return info;
}

QString ConnectionInfo::displayName() const
{
    const QString address = url.toDisplayString(QUrl::RemoveUserInfo);
    if (kind == Kind::Sandbox && url.isEmpty())
        return tr("Sandbox (starting…)");
    if (kind == Kind::Sandbox)
        return tr("Sandbox (%1)").arg(address);
    return address;
}

} // namespace targetdesk::gui
