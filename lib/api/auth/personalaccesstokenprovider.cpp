#include "personalaccesstokenprovider.h"

#include "crypto/securememory.h"

namespace targetdesk::auth
{

PersonalAccessTokenProvider::PersonalAccessTokenProvider(const QString &token, QObject *parent)
    : AuthProvider(parent), m_token(token)
{
}

PersonalAccessTokenProvider::~PersonalAccessTokenProvider()
{
    crypto::wipe(m_token);
}

QString PersonalAccessTokenProvider::description() const
{
    return QStringLiteral("personal access token");
}

void PersonalAccessTokenProvider::token(ZitadelClient &, QObject *, TokenCallback callback)
{
    // Nothing to wait for; the caller owns `context` for the duration of this call.
    callback(m_token);
}

} // namespace targetdesk::auth
