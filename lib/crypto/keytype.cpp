#include "keytype.h"

namespace targetdesk::crypto
{

QString keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::Rsa2048:
        return QStringLiteral("rsa-2048");
    case KeyType::Rsa3072:
        return QStringLiteral("rsa-3072");
    case KeyType::Rsa4096:
        return QStringLiteral("rsa-4096");
    case KeyType::EcP256:
        return QStringLiteral("ec-p256");
    case KeyType::EcP384:
        return QStringLiteral("ec-p384");
    case KeyType::EcP521:
        return QStringLiteral("ec-p521");
    }
    return {};
}

std::optional<KeyType> parseKeyType(QStringView name)
{
    const QString trimmed = name.trimmed().toString();
    for (KeyType type : allKeyTypes()) {
        if (trimmed.compare(keyTypeName(type), Qt::CaseInsensitive) == 0)
            return type;
    }
    return std::nullopt;
}

QString keyTypeDescription(KeyType type)
{
    if (isRsa(type))
        return QStringLiteral("RSA %1").arg(keyTypeBits(type));
    return QStringLiteral("EC ") + keyTypeCurve(type);
}

QList<KeyType> allKeyTypes()
{
    return {KeyType::Rsa2048, KeyType::Rsa3072, KeyType::Rsa4096, KeyType::EcP256, KeyType::EcP384, KeyType::EcP521};
}

bool isRsa(KeyType type)
{
    return type == KeyType::Rsa2048 || type == KeyType::Rsa3072 || type == KeyType::Rsa4096;
}

int keyTypeBits(KeyType type)
{
    switch (type) {
    case KeyType::Rsa2048:
        return 2048;
    case KeyType::Rsa3072:
        return 3072;
    case KeyType::Rsa4096:
        return 4096;
    case KeyType::EcP256:
        return 256;
    case KeyType::EcP384:
        return 384;
    case KeyType::EcP521:
        return 521;
    }
    return 0;
}

QString keyTypeCurve(KeyType type)
{
    switch (type) {
    case KeyType::EcP256:
        return QStringLiteral("P-256");
    case KeyType::EcP384:
        return QStringLiteral("P-384");
    case KeyType::EcP521:
        return QStringLiteral("P-521");
    default:
        return {};
    }
}

} // namespace targetdesk::crypto
