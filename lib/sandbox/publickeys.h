#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Public key handling as ZITADEL's AddPublicKey does it (Go: pem.Decode, x509.ParsePKIXPublicKey), on OpenSSL 3.
namespace targetdesk::sandbox::publickeys
{

// The fingerprint of a "-----BEGIN PUBLIC KEY-----" PEM holding an RSA or EC (P-224/256/384/521) key:
// "SHA256:" + unpadded standard base64 of SHA-256 over the DER SubjectPublicKeyInfo. Anything else: nullopt.
std::optional<QString> fingerprint(const QByteArray &pem);

enum class Kind { Rsa2048, EcP256, EcP384 };
// A fresh key pair's public half as PKIX PEM (seed data). Empty on failure.
QByteArray generatePublicKeyPem(Kind kind);

} // namespace targetdesk::sandbox::publickeys
