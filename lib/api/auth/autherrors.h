#pragma once

#include "api/apierror.h"
#include "authprovider.h"

#include <QString>

namespace targetdesk::auth
{

// The message for an error answer of /oauth/v2/token: what most likely went wrong and what to do, followed by the
// server's own words, e.g. "The instance refused the service-user key: the assertion's audience is not this
// instance's issuer URL. ... (invalid_grant: audience is not valid)". `description` must already be free of secrets.
[[nodiscard]] QString explainTokenError(Method method, const QString &oauthError, const QString &description,
                                        int httpStatus);

// Advice for an API error seen with an authenticated connection: a 401 after a fresh token (scope or audience),
// a 403 (the user lacks an instance role). Empty when there is nothing to add.
[[nodiscard]] QString authAdvice(const ApiError &error, Method method);

} // namespace targetdesk::auth
