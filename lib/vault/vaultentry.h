#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace targetdesk::vault
{

// One private key the vault holds, as listed in its index: where the key is used and what it is, never the key
// material itself. A key pair can be bound to several targets (the same public key added twice); each binding is
// its own entry, and the secret is stored once per fingerprint.
struct VaultEntry {
    QString instance;    // normalizeInstance() of the ZITADEL URL; empty: not bound to an instance yet
    QString targetId;    // empty: not bound to a target yet
    QString keyId;       // ZITADEL's key id (the JWE kid); empty until the public key is added on the server
    QString fingerprint; // "SHA256:...", as ZITADEL computes it: identifies the key pair
    QString keyType;     // "rsa-2048" ... "ec-p521", or a description ("RSA 1024") for other imported keys
    QDateTime created;   // when the key entered the vault (UTC)
    QString label;       // free text for people

    // Same instance, target and fingerprint: the identity of an entry in the index.
    [[nodiscard]] bool sameBinding(const VaultEntry &other) const;
    [[nodiscard]] bool isBound() const { return !instance.isEmpty() || !targetId.isEmpty(); }

    [[nodiscard]] QJsonObject toJson() const;
    // nullopt when the object lacks a fingerprint.
    [[nodiscard]] static std::optional<VaultEntry> fromJson(const QJsonObject &object);

    bool operator==(const VaultEntry &) const = default;
};

// "https://my.zitadel.example" from any spelling of an instance URL (trailing slash, path, upper-case host), so the
// GUI and the CLI index keys under the same instance string. Empty for an empty URL.
[[nodiscard]] QString normalizeInstance(const QUrl &url);
[[nodiscard]] QString normalizeInstance(const QString &url);

} // namespace targetdesk::vault
