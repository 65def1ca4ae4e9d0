#include "publickeys.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace targetdesk::sandbox::publickeys
{

namespace
{

struct BioFree {
    void operator()(BIO *b) const { BIO_free(b); }
};
struct PkeyFree {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Go's x509 package knows these curves only; OpenSSL would take more.
bool supportedCurve(EVP_PKEY *key)
{
    char name[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) != 1)
        return false;
    const QByteArray curve(name, qsizetype(len));
    return curve == "prime256v1" || curve == "secp384r1" || curve == "secp521r1" || curve == "secp224r1";
}

} // namespace

std::optional<QString> fingerprint(const QByteArray &pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    if (!bio)
        return std::nullopt;
    char *name = nullptr;
    char *header = nullptr;
    unsigned char *data = nullptr;
    long len = 0;
    // Like Go's pem.Decode: the first PEM block counts, whatever its label.
    if (PEM_read_bio(bio.get(), &name, &header, &data, &len) != 1)
        return std::nullopt;
    const QByteArray der(reinterpret_cast<const char *>(data), qsizetype(len));
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    // Current servers do not check the label, only that the DER is PKIX (which refuses PKCS#1 and certificates).
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, long(der.size())));
    // Go refuses trailing bytes after the SubjectPublicKeyInfo.
    if (!key || p != reinterpret_cast<const unsigned char *>(der.constData()) + der.size())
        return std::nullopt;
    const int id = EVP_PKEY_get_base_id(key.get());
    if (id != EVP_PKEY_RSA && !(id == EVP_PKEY_EC && supportedCurve(key.get())))
        return std::nullopt;
    const QByteArray digest = QCryptographicHash::hash(der, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

QByteArray generatePublicKeyPem(Kind kind)
{
    PkeyPtr key;
    switch (kind) {
    case Kind::Rsa2048:
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
        break;
    case Kind::EcP256:
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        break;
    case Kind::EcP384:
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
        break;
    }
    if (!key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1)
        return {};
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(len));
}

} // namespace targetdesk::sandbox::publickeys
