#include "targets/targetvalidation.h"

#include "sandbox/endpointpolicy.h"

#include <QUrl>

namespace targetdesk::gui
{

namespace
{

// ZITADEL counts characters (runes), not UTF-16 units.
qsizetype runes(const QString &text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!text.at(i).isLowSurrogate())
            ++n;
    }
    return n;
}

} // namespace

FieldCheck TargetValidation::checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return FieldCheck::error(tr("Enter a name."));
    const qsizetype length = runes(name);
    if (length > maxNameLength)
        return FieldCheck::error(tr("At most %1 characters; this one has %2.").arg(maxNameLength).arg(length));
    return FieldCheck::ok();
}

FieldCheck TargetValidation::checkEndpoint(const QString &endpoint)
{
    const QString text = endpoint.trimmed();
    if (text.isEmpty())
        return FieldCheck::error(tr("Enter the URL ZITADEL calls, e.g. https://hooks.example.com/zitadel."));
    if (runes(text) > maxEndpointLength)
        return FieldCheck::error(tr("At most %1 characters; this one has %2.").arg(maxEndpointLength).arg(runes(text)));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty())
        return FieldCheck::error(tr("Not a valid URL."));
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return FieldCheck::error(tr("Use an http:// or https:// URL."));
    if (url.host().isEmpty())
        return FieldCheck::error(tr("The URL needs a host name."));
    // The same list ZITADEL's HTTP client denies by default (the sandbox enforces it too).
    if (sandbox::EndpointPolicy::isDeniedHost(url.host()))
        return FieldCheck::warning(tr("ZITADEL's default deny list blocks local and private addresses like %1: "
                                      "the server refuses this endpoint unless its deny list was changed.")
                                       .arg(url.host()));
    return FieldCheck::ok();
}

FieldCheck TargetValidation::checkTimeout(Duration timeout)
{
    if (timeout.count() <= 0)
        return FieldCheck::error(tr("The timeout must be more than 0."));
    if (timeout > maxTimeout)
        return FieldCheck::error(tr("At most 270 seconds (4.5 minutes)."));
    return FieldCheck::ok();
}

} // namespace targetdesk::gui
