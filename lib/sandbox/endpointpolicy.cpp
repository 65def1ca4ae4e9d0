#include "endpointpolicy.h"

#include <QHostAddress>
#include <QUrl>

#include <array>
#include <utility>

namespace targetdesk::sandbox
{

namespace
{

bool unresolvable(const QString &host)
{
    return host.isEmpty() || host == QLatin1String("invalid") || host.endsWith(QLatin1String(".invalid"));
}

} // namespace

bool EndpointPolicy::isDeniedHost(const QString &hostText)
{
    QString host = hostText.toLower();
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        return true;
    QHostAddress address;
    if (!address.setAddress(host))
        return false; // a name: treated as resolving to a public address
    // ::ffff:a.b.c.d is the IPv4 address in disguise.
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        address = QHostAddress(v4);
    static const std::array<std::pair<const char *, int>, 12> denied = {{
        {"127.0.0.0", 8},
        {"10.0.0.0", 8},
        {"172.16.0.0", 12},
        {"192.168.0.0", 16},
        {"169.254.0.0", 16},
        {"100.64.0.0", 10},
        {"0.0.0.0", 8},
        {"198.18.0.0", 15},
        {"::1", 128},
        {"fc00::", 7},
        {"fe80::", 10},
        {"::", 128},
    }};
    for (const auto &[net, bits] : denied) {
        if (address.isInSubnet(QHostAddress(QString::fromLatin1(net)), bits))
            return true;
    }
    return false;
}

EndpointPolicy::Verdict EndpointPolicy::check(const QString &endpoint) const
{
    const QUrl url(endpoint, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return Verdict::InvalidUrl;
    const QString host = url.host();
    if (unresolvable(host.toLower()))
        return Verdict::Denied;
    if (m_allowPrivate)
        return Verdict::Allowed;
    return isDeniedHost(host) ? Verdict::Denied : Verdict::Allowed;
}

} // namespace targetdesk::sandbox
