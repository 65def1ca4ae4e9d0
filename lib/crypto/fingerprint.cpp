#include "fingerprint.h"

#include <openssl/evp.h>

namespace targetdesk::crypto
{

QString fingerprintOfSpki(const QByteArray &spkiDer)
{
    if (spkiDer.isEmpty())
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(spkiDer.constData(), static_cast<size_t>(spkiDer.size()), digest, &length, EVP_sha256(), nullptr) !=
        1)
        return {};
    const QByteArray hash(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(length));
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(hash.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

} // namespace targetdesk::crypto
