#pragma once

#include "authprovider.h"

namespace targetdesk::auth
{

// A personal access token: always the same token, nothing to renew, so a 401 is final.
class PersonalAccessTokenProvider : public AuthProvider
{
    Q_OBJECT
public:
    explicit PersonalAccessTokenProvider(const QString &token, QObject *parent = nullptr);
    ~PersonalAccessTokenProvider() override;

    [[nodiscard]] Method method() const override { return Method::PersonalAccessToken; }
    [[nodiscard]] QString description() const override;
    void token(ZitadelClient &client, QObject *context, TokenCallback callback) override;
    bool invalidate(const QString &) override { return false; }

private:
    QString m_token;
};

} // namespace targetdesk::auth
