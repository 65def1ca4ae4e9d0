#include "targetrules.h"

#include <QHostAddress>
#include <QUrl>

#include <array>
#include <utility>

namespace targetdesk
{

namespace
{

bool unresolvable(const QString &host)
{
    return host.isEmpty() || host == QLatin1String("invalid") || host.endsWith(QLatin1String(".invalid"));
}

} // namespace

namespace targetrules
{

qsizetype runes(const QString &text)
{
    qsizetype n = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++n;
    }
    return n;
}

bool lengthBetween(const QString &text, qsizetype min, qsizetype max)
{
    const qsizetype n = runes(text);
    return n >= min && n <= max;
}

} // namespace targetrules

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

FieldCheck TargetRules::checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return FieldCheck::error(tr("Enter a name."));
    const qsizetype length = targetrules::runes(name);
    if (length > targetrules::kMaxNameLength)
        return FieldCheck::error(
            tr("At most %1 characters; this one has %2.").arg(targetrules::kMaxNameLength).arg(length));
    return FieldCheck::ok();
}

FieldCheck TargetRules::checkEndpoint(const QString &endpoint)
{
    const QString text = endpoint.trimmed();
    if (text.isEmpty())
        return FieldCheck::error(tr("Enter the URL ZITADEL calls, e.g. https://hooks.example.com/zitadel."));
    if (targetrules::runes(text) > targetrules::kMaxEndpointLength)
        return FieldCheck::error(tr("At most %1 characters; this one has %2.")
                                     .arg(targetrules::kMaxEndpointLength)
                                     .arg(targetrules::runes(text)));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty())
        return FieldCheck::error(tr("Not a valid URL."));
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return FieldCheck::error(tr("Use an http:// or https:// URL."));
    if (url.host().isEmpty())
        return FieldCheck::error(tr("The URL needs a host name."));
    // The same list ZITADEL's HTTP client denies by default (EndpointPolicy above).
    if (EndpointPolicy::isDeniedHost(url.host()))
        return FieldCheck::warning(tr("ZITADEL's default deny list blocks local and private addresses like %1: "
                                      "the server refuses this endpoint unless its deny list was changed.")
                                       .arg(url.host()));
    return FieldCheck::ok();
}

FieldCheck TargetRules::checkTimeout(protojson::Duration timeout)
{
    if (timeout.count() <= 0)
        return FieldCheck::error(tr("The timeout must be more than 0."));
    if (timeout > targetrules::kMaxTimeout)
        return FieldCheck::error(tr("At most 270 seconds (4.5 minutes)."));
    return FieldCheck::ok();
}

} // namespace targetdesk
