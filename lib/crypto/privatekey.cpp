#include "privatekey.h"

#include "fingerprint.h"
#include "opensslptr.h"
#include "pemtext.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include <cstring>
#include <limits>
#include <mutex>

namespace targetdesk::crypto
{

namespace
{

// Private key PEM is a few KiB; anything much larger is not one.
constexpr qsizetype maxPrivateKeyPemSize = 64 * 1024;
// PBKDF2 iterations for exported keys: OpenSSL's default (2048) is far too cheap to guess against.
constexpr int pbkdf2Iterations = 100000;
// As `openssl pkcs8 -scrypt`; fits OpenSSL's default 32 MiB scrypt memory limit when reading it back.
constexpr uint64_t scryptN = 16384;
constexpr uint64_t scryptR = 8;
constexpr uint64_t scryptP = 1;
// 16 random salt bytes (OpenSSL 3.0 would pick 8).
constexpr int saltLength = 16;

CryptoError error(CryptoError::Kind kind, const QString &message)
{
    ERR_clear_error();
    return CryptoError{kind, message};
}

// Errors that mean "OpenSSL cannot decrypt this kind of encryption", as opposed to a wrong passphrase.
bool unsupportedEncryptionInQueue()
{
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        const int reason = ERR_GET_REASON(code);
        if (ERR_GET_LIB(code) == ERR_LIB_EVP &&
            (reason == EVP_R_UNSUPPORTED_CIPHER || reason == EVP_R_UNKNOWN_CIPHER ||
             reason == EVP_R_UNSUPPORTED_KEY_DERIVATION_FUNCTION || reason == EVP_R_UNSUPPORTED_PRF ||
             reason == EVP_R_UNKNOWN_PBE_ALGORITHM || reason == EVP_R_MEMORY_LIMIT_EXCEEDED))
            return true;
        if (reason == ERR_R_UNSUPPORTED)
            return true;
    }
    return false;
}

CryptoError wrongPassphrase()
{
    if (unsupportedEncryptionInQueue())
        return error(CryptoError::Kind::UnsupportedKey,
                     Messages::tr("The private key is encrypted with a method this OpenSSL cannot decrypt."));
    return error(CryptoError::Kind::WrongPassphrase,
                 Messages::tr("Wrong passphrase: it does not decrypt this private key."));
}

CryptoError passphraseRequired()
{
    return error(CryptoError::Kind::PassphraseRequired,
                 Messages::tr("This private key is encrypted: enter its passphrase."));
}

CryptoError damaged(const QByteArray &label)
{
    return error(CryptoError::Kind::InvalidInput,
                 Messages::tr("The \"%1\" block is damaged or truncated: its content is not a valid key.")
                     .arg(QString::fromLatin1(label)));
}

struct Passphrase {
    const QByteArray *bytes;
};

// For PEM_do_header: hands OpenSSL the passphrase, which it clears from its buffer after use.
int passphraseCallback(char *buffer, int size, int, void *user)
{
    const QByteArray &bytes = *static_cast<Passphrase *>(user)->bytes;
    if (bytes.size() > size)
        return -1;
    std::memcpy(buffer, bytes.constData(), static_cast<size_t>(bytes.size()));
    return static_cast<int>(bytes.size());
}

CryptoResult<EVP_PKEY *> fromPkcs8(const unsigned char *der, long length, const QByteArray &label)
{
    Pkcs8InfoPtr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &der, length));
    if (!info)
        return damaged(label);
    EVP_PKEY *key = EVP_PKCS82PKEY(info.get());
    if (!key)
        return error(CryptoError::Kind::UnsupportedKey,
                     Messages::tr("The private key uses an algorithm OpenSSL does not know."));
    return key;
}

quint64 asn1Value(const ASN1_INTEGER *integer)
{
    uint64_t value = 0;
    // Negative or beyond 64 bits: as costly as it gets.
    return integer && ASN1_INTEGER_get_uint64(&value, integer) == 1 ? value : std::numeric_limits<quint64>::max();
}

CryptoError tooCostly(const QString &cost, const QString &cap)
{
    return error(CryptoError::Kind::UnsupportedKey,
                 Messages::tr("The private key file asks for a key derivation of %1, above the cap of %2: refused "
                              "before decrypting. Export the key again with a lower cost.")
                     .arg(cost, cap));
}

// The key derivation cost the file chose, checked against the caps before PKCS8_decrypt runs it. Shapes this does
// not know are left to OpenSSL, which refuses them.
std::optional<CryptoError> checkKdfCost(const X509_SIG *sig)
{
    const X509_ALGOR *algorithm = nullptr;
    X509_SIG_get0(sig, &algorithm, nullptr);
    if (!algorithm || !algorithm->parameter || algorithm->parameter->type != V_ASN1_SEQUENCE)
        return std::nullopt;
    const ASN1_TYPE *type = algorithm->parameter;
    if (OBJ_obj2nid(algorithm->algorithm) != NID_pbes2) {
        // PKCS#5 v1 / PKCS#12 PBE: salt and iteration count.
        std::unique_ptr<PBEPARAM, OpensslDeleter<&PBEPARAM_free>> pbe(
            static_cast<PBEPARAM *>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), type)));
        if (pbe && asn1Value(pbe->iter) > maxPbkdf2Iterations)
            return tooCostly(Messages::tr("%1 iterations").arg(asn1Value(pbe->iter)),
                             Messages::tr("%1 iterations").arg(maxPbkdf2Iterations));
        return std::nullopt;
    }
    std::unique_ptr<PBE2PARAM, OpensslDeleter<&PBE2PARAM_free>> pbes2(
        static_cast<PBE2PARAM *>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), type)));
    if (!pbes2 || !pbes2->keyfunc)
        return std::nullopt;
    const int kdf = OBJ_obj2nid(pbes2->keyfunc->algorithm);
    if (kdf == NID_id_pbkdf2) {
        std::unique_ptr<PBKDF2PARAM, OpensslDeleter<&PBKDF2PARAM_free>> params(static_cast<PBKDF2PARAM *>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbes2->keyfunc->parameter)));
        if (params && asn1Value(params->iter) > maxPbkdf2Iterations)
            return tooCostly(Messages::tr("PBKDF2 with %1 iterations").arg(asn1Value(params->iter)),
                             Messages::tr("%1 iterations").arg(maxPbkdf2Iterations));
    } else if (kdf == NID_id_scrypt) {
        std::unique_ptr<SCRYPT_PARAMS, OpensslDeleter<&SCRYPT_PARAMS_free>> params(static_cast<SCRYPT_PARAMS *>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbes2->keyfunc->parameter)));
        if (!params)
            return std::nullopt;
        const quint64 n = asn1Value(params->costParameter);
        const quint64 r = asn1Value(params->blockSize);
        const quint64 p = asn1Value(params->parallelizationParameter);
        const bool rpTooLarge = r > maxScryptRp || p > maxScryptRp || r * p > maxScryptRp;
        // n and r are at most 2^16 and 64 here: no overflow.
        if (n > maxScryptN || rpTooLarge || 128 * n * r > maxScryptMemory)
            return tooCostly(Messages::tr("scrypt N=%1 r=%2 p=%3").arg(n).arg(r).arg(p),
                             Messages::tr("N=%1, r×p=%2 and %3 MiB of memory")
                                 .arg(maxScryptN)
                                 .arg(maxScryptRp)
                                 .arg(maxScryptMemory / (1024 * 1024)));
    }
    return std::nullopt;
}

CryptoResult<EVP_PKEY *> fromEncryptedPkcs8(const unsigned char *der, long length, const QByteArray &label,
                                            const QByteArray &passphrase)
{
    X509SigPtr sig(d2i_X509_SIG(nullptr, &der, length));
    if (!sig)
        return damaged(label);
    if (std::optional<CryptoError> costly = checkKdfCost(sig.get()))
        return *costly;
    if (passphrase.isEmpty())
        return passphraseRequired();
    ERR_clear_error();
    Pkcs8InfoPtr info(PKCS8_decrypt(sig.get(), passphrase.constData(), static_cast<int>(passphrase.size())));
    if (!info)
        return wrongPassphrase();
    EVP_PKEY *key = EVP_PKCS82PKEY(info.get());
    if (!key)
        return error(CryptoError::Kind::UnsupportedKey,
                     Messages::tr("The private key uses an algorithm OpenSSL does not know."));
    return key;
}

// "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY", possibly with "Proc-Type: 4,ENCRYPTED" headers. The data is
// decrypted in place; the caller clears it.
CryptoResult<EVP_PKEY *> fromTraditional(int type, char *header, unsigned char *data, long length,
                                         const QByteArray &label, const QByteArray &passphrase)
{
    EVP_CIPHER_INFO cipher;
    if (PEM_get_EVP_CIPHER_INFO(header, &cipher) != 1)
        return error(CryptoError::Kind::UnsupportedKey,
                     Messages::tr("The private key is encrypted with a method this OpenSSL cannot decrypt."));
    const bool encrypted = cipher.cipher != nullptr;
    if (encrypted) {
        if (passphrase.isEmpty())
            return passphraseRequired();
        Passphrase user{&passphrase};
        ERR_clear_error();
        if (PEM_do_header(&cipher, data, &length, passphraseCallback, &user) != 1)
            return wrongPassphrase();
    }
    const unsigned char *der = data;
    EVP_PKEY *key = d2i_PrivateKey(type, nullptr, &der, length);
    if (!key) {
        // A wrong passphrase can still leave valid padding (about 1 in 256): then the DER is garbage.
        if (encrypted)
            return wrongPassphrase();
        return damaged(label);
    }
    return key;
}

CryptoError notAPrivateKey(const QList<QByteArray> &labels)
{
    for (const QByteArray &label : labels) {
        if (label == "PUBLIC KEY" || label == "RSA PUBLIC KEY" || label.endsWith("CERTIFICATE"))
            return error(CryptoError::Kind::NotAPrivateKey,
                         Messages::tr("This is a public key or certificate (\"BEGIN %1\"), not a private key.")
                             .arg(QString::fromLatin1(label)));
    }
    if (labels.isEmpty())
        return error(CryptoError::Kind::InvalidInput,
                     Messages::tr("Not a private key: expected a PEM block such as \"-----BEGIN PRIVATE KEY-----\"."));
    return error(CryptoError::Kind::NotAPrivateKey,
                 Messages::tr("Not a private key: found \"BEGIN %1\".").arg(QString::fromLatin1(labels.constFirst())));
}

// PEM names and headers read with PEM_FLAG_SECURE come from the secure heap as well.
struct SecureFreeDeleter {
    void operator()(char *p) const { OPENSSL_secure_free(p); }
};
using SecureCharPtr = std::unique_ptr<char, SecureFreeDeleter>;
struct SecureClearFreeDeleter {
    long size = 0;
    void operator()(unsigned char *p) const { OPENSSL_secure_clear_free(p, static_cast<size_t>(size)); }
};
using SecureBytesPtr = std::unique_ptr<unsigned char, SecureClearFreeDeleter>;

// A small secure heap (locked, never swapped, cleared on free) for decoded private key blocks. Without it, or
// where locking memory is not allowed, OpenSSL's secure allocations fall back to the ordinary heap, still cleared.
void initSecureHeap()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (!CRYPTO_secure_malloc_initialized())
            CRYPTO_secure_malloc_init(size_t(64) * 1024, 32);
    });
}

} // namespace

PrivateKey::PrivateKey(evp_pkey_st *key) : m_key(key, EVP_PKEY_free) {}

CryptoResult<PrivateKey> PrivateKey::generate(KeyType type)
{
    const bool rsa = crypto::isRsa(type);
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, rsa ? "RSA" : "EC", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1)
        return error(CryptoError::Kind::Internal, Messages::tr("Key generation failed: %1").arg(takeOpensslError()));
    const int set = rsa ? EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), keyTypeBits(type))
                        : EVP_PKEY_CTX_set_group_name(ctx.get(), keyTypeCurve(type).toLatin1().constData());
    EVP_PKEY *key = nullptr;
    if (set != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1)
        return error(CryptoError::Kind::Internal, Messages::tr("Key generation failed: %1").arg(takeOpensslError()));
    return PrivateKey(key);
}

CryptoResult<PrivateKey> PrivateKey::fromPem(const QByteArray &pem, const QByteArray &passphrase)
{
    if (pem.trimmed().isEmpty())
        return error(CryptoError::Kind::InvalidInput, Messages::tr("No private key: the input is empty."));
    if (pem.size() > maxPrivateKeyPemSize)
        return error(CryptoError::Kind::TooLarge,
                     Messages::tr("The input is too large to be a private key (%1 bytes).").arg(pem.size()));

    initSecureHeap();
    const QList<QByteArray> labels = pemBeginLabels(pem);
    BioPtr bio = readBio(pem);
    if (!bio)
        return error(CryptoError::Kind::Internal, takeOpensslError());
    for (qsizetype block = 0;; ++block) {
        char *rawName = nullptr;
        char *rawHeader = nullptr;
        unsigned char *rawData = nullptr;
        long length = 0;
        ERR_clear_error();
        if (PEM_read_bio_ex(bio.get(), &rawName, &rawHeader, &rawData, &length, PEM_FLAG_SECURE) != 1) {
            if (block < labels.size())
                return error(CryptoError::Kind::InvalidInput, pemDamage(pem));
            return notAPrivateKey(labels);
        }
        const SecureCharPtr name(rawName);
        const SecureCharPtr header(rawHeader);
        const SecureBytesPtr data(rawData, SecureClearFreeDeleter{length});
        const QByteArray label(name.get());

        CryptoResult<EVP_PKEY *> key = CryptoError{};
        if (label == "PRIVATE KEY")
            key = fromPkcs8(data.get(), length, label);
        else if (label == "ENCRYPTED PRIVATE KEY")
            key = fromEncryptedPkcs8(data.get(), length, label, passphrase);
        else if (label == "RSA PRIVATE KEY")
            key = fromTraditional(EVP_PKEY_RSA, header.get(), data.get(), length, label, passphrase);
        else if (label == "EC PRIVATE KEY")
            key = fromTraditional(EVP_PKEY_EC, header.get(), data.get(), length, label, passphrase);
        else if (label == "OPENSSH PRIVATE KEY")
            return error(CryptoError::Kind::UnsupportedKey,
                         Messages::tr("OpenSSH private keys are not supported: convert it to PKCS#8 with "
                                      "\"ssh-keygen -p -m PKCS8 -f FILE\"."));
        else if (isPrivateKeyLabel(label))
            return error(CryptoError::Kind::UnsupportedKey,
                         Messages::tr("\"BEGIN %1\" keys cannot be used with ZITADEL: only RSA and EC keys.")
                             .arg(QString::fromLatin1(label)));
        else
            continue; // EC PARAMETERS, certificates, ...: the key may follow

        if (!key)
            return key.error();
        PrivateKey result(key.value());
        if (!result.isRsa() && !result.isEc())
            return error(CryptoError::Kind::UnsupportedKey,
                         Messages::tr("%1 keys cannot be used with ZITADEL: it encrypts payloads only to RSA and EC "
                                      "keys.")
                             .arg(result.description()));
        ERR_clear_error();
        return result;
    }
}

bool PrivateKey::isRsa() const
{
    return m_key && EVP_PKEY_is_a(m_key.get(), "RSA");
}

bool PrivateKey::isEc() const
{
    return m_key && EVP_PKEY_is_a(m_key.get(), "EC");
}

std::optional<KeyType> PrivateKey::type() const
{
    const QString description = this->description();
    for (KeyType type : allKeyTypes()) {
        if (keyTypeDescription(type) == description)
            return type;
    }
    return std::nullopt;
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QString PrivateKey::description() const
{
    return m_key ? describeKey(m_key.get()) : QString();
}

QByteArray PrivateKey::publicKeyPem() const
{
    return m_key ? spkiPem(m_key.get()) : QByteArray();
}

QByteArray PrivateKey::publicKeyDer() const
{
    return m_key ? spkiDer(m_key.get()) : QByteArray();
}

QString PrivateKey::fingerprint() const
{
    return fingerprintOfSpki(publicKeyDer());
}

CryptoResult<QByteArray> PrivateKey::privateKeyPem() const
{
    if (!m_key)
        return error(CryptoError::Kind::InvalidInput, Messages::tr("No key to export."));
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return error(CryptoError::Kind::Internal,
                     Messages::tr("Exporting the private key failed: %1").arg(takeOpensslError()));
    return bioBytes(bio.get());
}

CryptoResult<QByteArray> PrivateKey::encryptedPrivateKeyPem(const QByteArray &passphrase, PassphraseKdf kdf) const
{
    if (!m_key)
        return error(CryptoError::Kind::InvalidInput, Messages::tr("No key to export."));
    if (passphrase.isEmpty())
        return error(CryptoError::Kind::PassphraseRequired,
                     Messages::tr("A passphrase is required to export an encrypted private key."));

    Pkcs8InfoPtr info(EVP_PKEY2PKCS8(m_key.get()));
    X509AlgorPtr pbe(
        kdf == PassphraseKdf::Scrypt
            ? PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, saltLength, nullptr, scryptN, scryptR, scryptP)
            : PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), pbkdf2Iterations, nullptr, saltLength, nullptr,
                                   NID_hmacWithSHA256, nullptr));
    if (!info || !pbe)
        return error(CryptoError::Kind::Internal,
                     Messages::tr("Exporting the private key failed: %1").arg(takeOpensslError()));
    // On success the X509_SIG owns the algorithm parameters.
    X509SigPtr sig(PKCS8_set0_pbe(passphrase.constData(), static_cast<int>(passphrase.size()), info.get(), pbe.get()));
    if (!sig)
        return error(CryptoError::Kind::Internal,
                     Messages::tr("Encrypting the private key failed: %1").arg(takeOpensslError()));
    pbe.release();

    BioPtr bio = writeBio();
    if (!bio || PEM_write_bio_PKCS8(bio.get(), sig.get()) != 1)
        return error(CryptoError::Kind::Internal,
                     Messages::tr("Exporting the private key failed: %1").arg(takeOpensslError()));
    return bioBytes(bio.get());
}

} // namespace targetdesk::crypto
