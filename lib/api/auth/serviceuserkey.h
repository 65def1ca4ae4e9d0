#pragma once

#include "api/result.h"
#include "crypto/privatekey.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace targetdesk::auth
{

// A ZITADEL service-user key file: {"type":"serviceaccount","keyId","key" (PEM RSA private key),"userId"}, as the
// console downloads it. Holds the parsed key only; the PEM text is wiped after reading.
class ServiceUserKey
{
public:
    ServiceUserKey() = default;

    // Reads the JSON of a key file. Errors (ApiError::Kind::InvalidRequest) say what is wrong without quoting the
    // file, so they never show key material.
    [[nodiscard]] static Result<ServiceUserKey> fromJson(const QByteArray &json);
    [[nodiscard]] static Result<ServiceUserKey> fromFile(const QString &path);

    [[nodiscard]] bool isNull() const { return m_key.isNull(); }
    [[nodiscard]] QString keyId() const { return m_keyId; }
    [[nodiscard]] QString userId() const { return m_userId; }
    // Empty when the file states no expiration.
    [[nodiscard]] QDateTime expirationDate() const { return m_expirationDate; }
    [[nodiscard]] const crypto::PrivateKey &privateKey() const { return m_key; }

private:
    QString m_keyId;
    QString m_userId;
    QDateTime m_expirationDate;
    crypto::PrivateKey m_key;
};

} // namespace targetdesk::auth
