#include "opensslptr.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

namespace targetdesk::crypto
{

void OpensslSecretDeleter::operator()(unsigned char *p) const
{
    OPENSSL_clear_free(p, static_cast<size_t>(size));
}

void OpensslFreeDeleter::operator()(void *p) const
{
    OPENSSL_free(p);
}

BioPtr readBio(const QByteArray &bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
}

BioPtr writeBio()
{
    return BioPtr(BIO_new(BIO_s_mem()));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(size));
}

QString takeOpensslError()
{
    const unsigned long code = ERR_peek_error();
    QString text;
    if (code != 0) {
        char buffer[256] = {};
        ERR_error_string_n(code, buffer, sizeof(buffer));
        text = QString::fromLatin1(buffer);
    }
    ERR_clear_error();
    return text.isEmpty() ? Messages::tr("unknown OpenSSL error") : text;
}

QByteArray spkiDer(const EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int size = i2d_PUBKEY(key, &der);
    if (size <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return out;
}

QByteArray spkiPem(const EVP_PKEY *key)
{
    BioPtr bio = writeBio();
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        return {};
    return bioBytes(bio.get());
}

QByteArray ecGroupName(const EVP_PKEY *key)
{
    char name[80] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &length) != 1) {
        ERR_clear_error();
        return {};
    }
    return QByteArray(name, static_cast<qsizetype>(length));
}

QString nistCurveName(const QByteArray &groupName)
{
    if (groupName == "prime256v1" || groupName == "P-256" || groupName == "secp256r1")
        return QStringLiteral("P-256");
    if (groupName == "secp384r1" || groupName == "P-384")
        return QStringLiteral("P-384");
    if (groupName == "secp521r1" || groupName == "P-521")
        return QStringLiteral("P-521");
    return {};
}

QString describeKey(const EVP_PKEY *key)
{
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA %1").arg(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "RSA-PSS"))
        return QStringLiteral("RSA-PSS %1").arg(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "EC")) {
        const QByteArray group = ecGroupName(key);
        const QString nist = nistCurveName(group);
        if (!nist.isEmpty())
            return QStringLiteral("EC ") + nist;
        if (!group.isEmpty())
            return QStringLiteral("EC ") + QString::fromLatin1(group);
        return QStringLiteral("EC (explicit parameters)");
    }
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    case EVP_PKEY_ED448:
        return QStringLiteral("Ed448");
    case EVP_PKEY_X25519:
        return QStringLiteral("X25519");
    case EVP_PKEY_X448:
        return QStringLiteral("X448");
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA %1").arg(EVP_PKEY_get_bits(key));
    case EVP_PKEY_DH:
    case EVP_PKEY_DHX:
        return QStringLiteral("DH %1").arg(EVP_PKEY_get_bits(key));
    default:
        break;
    }
    const char *name = EVP_PKEY_get0_type_name(key);
    return name ? QString::fromLatin1(name) : QStringLiteral("unknown");
}

} // namespace targetdesk::crypto
