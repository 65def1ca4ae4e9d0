#include "publickey.h"

#include "protojson.h"

namespace targetdesk
{

bool PublicKey::isExpired(const QDateTime &now) const
{
    return expirationDate.isValid() && expirationDate <= now;
}

PublicKey::State PublicKey::state(const QDateTime &now) const
{
    if (active)
        return isExpired(now) ? State::ActiveButExpired : State::Active;
    return isExpired(now) ? State::Expired : State::Inactive;
}

namespace
{

QString readTimestamp(const QJsonObject &o, const char *key, QDateTime &out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    const auto t = v.isString() ? protojson::parseTimestamp(v.toString()) : std::nullopt;
    if (!t)
        return QStringLiteral("field \"%1\" is not an RFC 3339 timestamp").arg(QLatin1String(key));
    out = *t;
    return {};
}

} // namespace

PublicKeyParse publicKeyFromJson(const QJsonObject &o)
{
    PublicKey k;
    const QJsonValue id = o.value(QLatin1String("keyId"));
    if (!id.isUndefined() && !id.isString())
        return {std::nullopt, QStringLiteral("field \"keyId\" is not a string")};
    k.keyId = id.toString();
    const QJsonValue active = o.value(QLatin1String("active"));
    if (!active.isUndefined() && !active.isBool())
        return {std::nullopt, QStringLiteral("field \"active\" is not a boolean")};
    k.active = active.toBool(false);
    const QJsonValue pem = o.value(QLatin1String("publicKey"));
    if (!pem.isUndefined()) {
        if (!pem.isString())
            return {std::nullopt, QStringLiteral("field \"publicKey\" is not a string")};
        const auto decoded =
            QByteArray::fromBase64Encoding(pem.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return {std::nullopt, QStringLiteral("field \"publicKey\" is not base64")};
        k.publicKeyPem = *decoded;
    }
    const QJsonValue fp = o.value(QLatin1String("fingerprint"));
    if (!fp.isUndefined() && !fp.isString())
        return {std::nullopt, QStringLiteral("field \"fingerprint\" is not a string")};
    k.fingerprint = fp.toString();
    for (const auto &[key, field] :
         {std::pair{"expirationDate", &k.expirationDate}, std::pair{"creationDate", &k.creationDate},
          std::pair{"changeDate", &k.changeDate}}) {
        const QString error = readTimestamp(o, key, *field);
        if (!error.isEmpty())
            return {std::nullopt, error};
    }
    return {k, {}};
}

QJsonObject publicKeyToJson(const PublicKey &k)
{
    QJsonObject o;
    if (!k.keyId.isEmpty())
        o.insert(QStringLiteral("keyId"), k.keyId);
    if (k.active)
        o.insert(QStringLiteral("active"), true);
    if (!k.publicKeyPem.isEmpty())
        o.insert(QStringLiteral("publicKey"), QString::fromLatin1(k.publicKeyPem.toBase64()));
    if (!k.fingerprint.isEmpty())
        o.insert(QStringLiteral("fingerprint"), k.fingerprint);
    if (k.expirationDate.isValid())
        o.insert(QStringLiteral("expirationDate"), protojson::formatTimestamp(k.expirationDate));
    if (k.creationDate.isValid())
        o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(k.creationDate));
    if (k.changeDate.isValid())
        o.insert(QStringLiteral("changeDate"), protojson::formatTimestamp(k.changeDate));
    return o;
}

} // namespace targetdesk
