#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace targetdesk
{

// A public key of a target, as ZITADEL lists it. `keyId` is the JWE `kid` ZITADEL puts on payloads it encrypts
// with this key.
struct PublicKey {
    QString keyId;
    bool active = false;
    QByteArray publicKeyPem;  // the PEM text (base64 on the wire)
    QString fingerprint;      // "SHA256:" + unpadded base64 of SHA-256 over the DER SubjectPublicKeyInfo
    QDateTime expirationDate; // invalid: never expires
    QDateTime creationDate;
    QDateTime changeDate;

    // What ZITADEL really does with the key: "active" alone is not enough, an expired active key is not used.
    enum class State { Active, ActiveButExpired, Inactive, Expired };
    State state(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    bool isExpired(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // True when ZITADEL encrypts payloads with this key.
    bool isUsable(const QDateTime &now = QDateTime::currentDateTimeUtc()) const { return state(now) == State::Active; }
    bool operator==(const PublicKey &) const = default;
};

struct PublicKeyParse {
    std::optional<PublicKey> key;
    QString error;
};
PublicKeyParse publicKeyFromJson(const QJsonObject &o);
QJsonObject publicKeyToJson(const PublicKey &k);

} // namespace targetdesk
