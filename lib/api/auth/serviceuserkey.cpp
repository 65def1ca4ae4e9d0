#include "serviceuserkey.h"

#include "crypto/securememory.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk::auth
{

namespace
{

// A key file is well under 4 KiB; a much larger file is something else.
constexpr qint64 maxKeyFileSize = 64 * 1024;

ApiError invalid(const QString &message)
{
    return ApiError::transport(ApiError::Kind::InvalidRequest, message);
}

} // namespace

Result<ServiceUserKey> ServiceUserKey::fromJson(const QByteArray &json)
{
    if (json.size() > maxKeyFileSize)
        return invalid(QStringLiteral("The key file is too large to be a ZITADEL service-user key"));
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(QStringLiteral("The key file is not JSON; expected a ZITADEL service-user key file"));
    QJsonObject o = doc.object();
    doc = QJsonDocument();
    const QString type = o.value(QLatin1String("type")).toString();
    if (type == QLatin1String("application"))
        return invalid(QStringLiteral("This is an application (API) key, not a service-user key: create a key on the "
                                      "service user in ZITADEL's console (Users > Service Users > Keys)"));
    if (type != QLatin1String("serviceaccount"))
        return invalid(QStringLiteral("The key file's \"type\" is \"%1\"; a service-user key says \"serviceaccount\"")
                           .arg(type.left(40)));
    ServiceUserKey key;
    key.m_keyId = o.value(QLatin1String("keyId")).toString();
    key.m_userId = o.value(QLatin1String("userId")).toString();
    if (key.m_keyId.isEmpty() || key.m_userId.isEmpty())
        return invalid(QStringLiteral("The key file lacks \"keyId\" or \"userId\""));
    const QString expiration = o.value(QLatin1String("expirationDate")).toString();
    if (!expiration.isEmpty())
        key.m_expirationDate = QDateTime::fromString(expiration, Qt::ISODateWithMs);

    QString pemText = o.value(QLatin1String("key")).toString();
    o = QJsonObject();
    QByteArray pem = pemText.toUtf8();
    crypto::wipe(pemText);
    if (pem.isEmpty())
        return invalid(QStringLiteral("The key file has no \"key\""));
    auto parsed = crypto::PrivateKey::fromPem(pem);
    crypto::wipe(pem);
    if (!parsed)
        return invalid(
            QStringLiteral("The key file's \"key\" is not a usable private key: %1").arg(parsed.error().message));
    if (!parsed->isRsa())
        return invalid(QStringLiteral("The key file holds a %1 key; ZITADEL service-user keys are RSA")
                           .arg(parsed->description()));
    key.m_key = *parsed;
    return key;
}

Result<ServiceUserKey> ServiceUserKey::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("Cannot read the key file %1: %2").arg(path, file.errorString()));
    if (file.size() > maxKeyFileSize)
        return invalid(QStringLiteral("%1 is too large to be a ZITADEL service-user key").arg(path));
    QByteArray json = file.readAll();
    auto key = fromJson(json);
    crypto::wipe(json);
    if (!key) {
        ApiError e = key.error();
        e.message = QStringLiteral("%1: %2").arg(path, e.message);
        return e;
    }
    return key;
}

} // namespace targetdesk::auth
