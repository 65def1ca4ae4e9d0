#include "authhint.h"

#include "api/auth/autherrors.h"
#include "api/auth/authprovider.h"
#include "api/zitadelclient.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

QString authHint(const ApiError &error, const ZitadelClient &client, bool fromProfileOrKeyFile)
{
    if (error.kind != ApiError::Kind::Server || (error.httpStatus != 401 && error.httpStatus != 403))
        return {};
    const auto provider = client.authProvider();
    const auth::Method method = provider ? provider->method() : auth::Method::PersonalAccessToken;
    QString advice = auth::authAdvice(error, method);
    if (advice.isEmpty())
        return {};
    // The token from the environment is the one a user is most likely to have mistyped or let expire.
    if (!fromProfileOrKeyFile && method == auth::Method::PersonalAccessToken)
        advice += QCoreApplication::translate("targetdesk-cli", " (The token comes from TARGETDESK_TOKEN.)");
    return QStringLiteral("hint: ") + advice + QLatin1Char('\n');
}

} // namespace targetdesk::cli
