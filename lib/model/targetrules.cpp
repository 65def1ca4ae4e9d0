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

bool isHex(QChar c)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
}

// Where Go's url.Parse (which ZITADEL uses, and which is lenient) fails: control characters, a scheme-less URL
// whose first path segment has a colon ("::"), an empty scheme (":x"), a broken %-escape, a port that is not a
// number. Everything else parses, even without a host.
bool goParseFails(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('%') &&
            (i + 2 >= text.size() || !isHex(text.at(i + 1)) || !isHex(text.at(i + 2))))
            return true;
    }
    // The scheme: letters first, then letters, digits, + - . up to a colon.
    qsizetype schemeEnd = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isLetter() && c.unicode() < 0x80)
            continue;
        if ((c.isDigit() || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('.')) && i > 0)
            continue;
        if (c == QLatin1Char(':')) {
            if (i == 0)
                return true; // missing protocol scheme
            schemeEnd = i;
        }
        break;
    }
    QString rest = schemeEnd >= 0 ? text.mid(schemeEnd + 1) : text;
    rest = rest.left(rest.indexOf(QLatin1Char('#')) < 0 ? rest.size() : rest.indexOf(QLatin1Char('#')));
    rest = rest.left(rest.indexOf(QLatin1Char('?')) < 0 ? rest.size() : rest.indexOf(QLatin1Char('?')));
    if (schemeEnd < 0 && !rest.startsWith(QLatin1Char('/'))) {
        const QString first =
            rest.left(rest.indexOf(QLatin1Char('/')) < 0 ? rest.size() : rest.indexOf(QLatin1Char('/')));
        if (first.contains(QLatin1Char(':')))
            return true; // first path segment in URL cannot contain colon
    }
    if (rest.startsWith(QLatin1String("//"))) {
        QString authority = rest.mid(2);
        authority = authority.left(authority.indexOf(QLatin1Char('/')) < 0 ? authority.size()
                                                                           : authority.indexOf(QLatin1Char('/')));
        authority = authority.mid(authority.lastIndexOf(QLatin1Char('@')) + 1);
        const qsizetype bracket = authority.lastIndexOf(QLatin1Char(']'));
        const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
        if (authority.startsWith(QLatin1Char('[')) && bracket < 0)
            return true; // missing ']' in host
        if (colon > bracket) {
            const QString port = authority.mid(colon + 1);
            for (const QChar c : port) {
                if (!c.isDigit() || c.unicode() >= 0x80)
                    return true; // invalid port
            }
        }
    }
    return false;
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
    if (goParseFails(endpoint))
        return Verdict::InvalidUrl;
    // A URL that parses but has no host fails ZITADEL's address lookup: denied, not invalid.
    const QUrl url(endpoint, QUrl::TolerantMode);
    const QString host = url.isValid() ? url.host() : QString();
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
