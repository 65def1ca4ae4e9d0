#pragma once

#include <QByteArray>
#include <QString>

namespace targetdesk::crypto
{

// ZITADEL's public key fingerprint: "SHA256:" + unpadded standard base64 of SHA-256 over the DER
// SubjectPublicKeyInfo. Empty for empty input.
[[nodiscard]] QString fingerprintOfSpki(const QByteArray &spkiDer);

} // namespace targetdesk::crypto
