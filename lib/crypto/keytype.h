#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace targetdesk::crypto
{

// The key pairs Targetdesk generates: what ZITADEL can encrypt payloads to.
enum class KeyType {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcP256,
    EcP384,
    EcP521,
};

// Stable names used on the command line and in the vault: "rsa-2048", ..., "ec-p521".
[[nodiscard]] QString keyTypeName(KeyType type);
// Parses a name from keyTypeName() (case-insensitive); nullopt for anything else.
[[nodiscard]] std::optional<KeyType> parseKeyType(QStringView name);
// For people: "RSA 3072", "EC P-256".
[[nodiscard]] QString keyTypeDescription(KeyType type);
[[nodiscard]] QList<KeyType> allKeyTypes();

[[nodiscard]] bool isRsa(KeyType type);
// RSA modulus size or EC field size in bits.
[[nodiscard]] int keyTypeBits(KeyType type);
// The NIST name of an EC type ("P-256"); empty for RSA.
[[nodiscard]] QString keyTypeCurve(KeyType type);

} // namespace targetdesk::crypto
