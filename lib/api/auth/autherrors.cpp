#include "autherrors.h"

namespace targetdesk::auth
{

namespace
{

bool mentions(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (text.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString invalidGrant(Method method, const QString &d)
{
    if (method != Method::ServiceUserKey)
        return QStringLiteral("The instance refused the grant.");
    const QString lead = QStringLiteral("The instance refused the service-user key: ");
    if (mentions(d, {"audience", "aud"}))
        return lead +
               QStringLiteral("the assertion's audience is not this instance's issuer URL. Use the "
                              "instance URL exactly as ZITADEL knows it (its external domain, scheme and port).");
    if (mentions(d, {"expired"}))
        return lead + QStringLiteral("the assertion has expired. Check this computer's clock.");
    if (mentions(d, {"future", "too old", "to old", "iat", "issued"}))
        return lead + QStringLiteral("the assertion's issue time is off. Check this computer's clock (time zone "
                                     "and synchronisation).");
    if (mentions(d, {"signature"}))
        return lead + QStringLiteral("its signature does not match the public key ZITADEL holds for this key id. "
                                     "The key file may be damaged or belong to another key.");
    if (mentions(d, {"key", "not found", "kid", "unknown", "user"}))
        return lead + QStringLiteral("ZITADEL does not know this key for this service user. It may have been "
                                     "deleted or have expired, or the key file belongs to another instance.");
    return lead + QStringLiteral("the key may be deleted or expired, belong to another instance, or this computer's "
                                 "clock is off.");
}

} // namespace

QString explainTokenError(Method method, const QString &oauthError, const QString &description, int httpStatus)
{
    const QString &e = oauthError;
    QString text;
    if (e == QLatin1String("invalid_grant")) {
        text = invalidGrant(method, description);
    } else if (e == QLatin1String("invalid_client")) {
        text = method == Method::ClientCredentials
                   ? QStringLiteral("The client id or secret was not accepted. Check both, or generate a new "
                                    "client secret for the service user in ZITADEL.")
                   : QStringLiteral("The instance does not accept this service user as a client: it may have "
                                    "been deactivated or deleted.");
    } else if (e == QLatin1String("unauthorized_client")) {
        text = QStringLiteral("This service user may not use this way of signing in.");
    } else if (e == QLatin1String("invalid_scope")) {
        text = QStringLiteral("The instance refused the requested scope. Targetdesk needs \"%1\".")
                   .arg(QLatin1String("openid urn:zitadel:iam:org:project:id:zitadel:aud"));
    } else if (e == QLatin1String("unsupported_grant_type")) {
        text = QStringLiteral("The instance does not support this way of signing in.");
    } else if (e == QLatin1String("invalid_request")) {
        text = QStringLiteral("The instance could not read the token request.");
    } else if (e == QLatin1String("server_error") || e == QLatin1String("temporarily_unavailable")) {
        text = QStringLiteral("The instance's token endpoint has a problem; try again later.");
    } else if (e.isEmpty() && httpStatus == 404) {
        text = QStringLiteral("The instance has no token endpoint at /oauth/v2/token. Is the URL the ZITADEL "
                              "instance itself?");
    } else if (e.isEmpty()) {
        text = QStringLiteral("The token endpoint answered HTTP %1 without an OAuth error; is the URL a ZITADEL "
                              "instance?")
                   .arg(httpStatus);
    } else {
        text = QStringLiteral("The instance refused to issue an access token.");
    }
    if (!e.isEmpty())
        text +=
            description.isEmpty() ? QStringLiteral(" (%1)").arg(e) : QStringLiteral(" (%1: %2)").arg(e, description);
    return text;
}

QString authAdvice(const ApiError &error, Method method)
{
    if (error.kind != ApiError::Kind::Server || !error.oauthError.isEmpty())
        return {};
    if (error.httpStatus == 403)
        return QStringLiteral("The user is signed in but lacks the permission: give it an instance role in ZITADEL "
                              "(IAM_OWNER to change targets, IAM_OWNER_VIEWER to read them).");
    if (error.httpStatus != 401)
        return {};
    if (method == Method::PersonalAccessToken)
        return QStringLiteral("The personal access token was not accepted: it may have expired or been deleted, or "
                              "belong to another instance.");
    return QStringLiteral("The instance refused a freshly issued access token. The token must be requested with the "
                          "scope \"openid urn:zitadel:iam:org:project:id:zitadel:aud\" from this instance.");
}

} // namespace targetdesk::auth
