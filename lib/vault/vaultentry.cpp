#include "vaultentry.h"

namespace targetdesk::vault
{

namespace
{

void insertIfSet(QJsonObject &o, const char *name, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(name), value);
}

} // namespace

bool VaultEntry::sameBinding(const VaultEntry &other) const
{
    return instance == other.instance && targetId == other.targetId && fingerprint == other.fingerprint;
}

QJsonObject VaultEntry::toJson() const
{
    QJsonObject o;
    insertIfSet(o, "instance", instance);
    insertIfSet(o, "targetId", targetId);
    insertIfSet(o, "keyId", keyId);
    o.insert(QLatin1String("fingerprint"), fingerprint);
    insertIfSet(o, "keyType", keyType);
    if (created.isValid())
        o.insert(QLatin1String("created"), created.toUTC().toString(Qt::ISODateWithMs));
    insertIfSet(o, "label", label);
    return o;
}

std::optional<VaultEntry> VaultEntry::fromJson(const QJsonObject &o)
{
    VaultEntry e;
    e.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    if (e.fingerprint.isEmpty())
        return std::nullopt;
    e.instance = o.value(QLatin1String("instance")).toString();
    e.targetId = o.value(QLatin1String("targetId")).toString();
    e.keyId = o.value(QLatin1String("keyId")).toString();
    e.keyType = o.value(QLatin1String("keyType")).toString();
    e.created = QDateTime::fromString(o.value(QLatin1String("created")).toString(), Qt::ISODateWithMs).toUTC();
    e.label = o.value(QLatin1String("label")).toString();
    return e;
}

QString normalizeInstance(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    if (url.host().isEmpty())
        return url.toString(QUrl::StripTrailingSlash);
    // Only scheme, host and port identify an instance: ZITADEL picks the instance by host.
    QUrl u;
    u.setScheme(url.scheme().toLower());
    u.setHost(url.host().toLower());
    const int port = url.port();
    const bool defaultPort =
        (u.scheme() == QLatin1String("https") && port == 443) || (u.scheme() == QLatin1String("http") && port == 80);
    u.setPort(defaultPort ? -1 : port);
    return u.toString();
}

QString normalizeInstance(const QString &url)
{
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return {};
    QUrl u(trimmed);
    if (u.scheme().isEmpty())
        u = QUrl(QStringLiteral("https://") + trimmed);
    return normalizeInstance(u);
}

} // namespace targetdesk::vault
