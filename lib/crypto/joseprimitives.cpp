#include "joseprimitives.h"

#include "opensslptr.h"
#include "securememory.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace targetdesk::crypto
{

namespace
{

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpensslDeleter<&EVP_CIPHER_CTX_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpensslDeleter<&EVP_MAC_CTX_free>>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, OpensslDeleter<&EVP_KDF_CTX_free>>;

// Fetched algorithm implementations, once per process: EVP_aes_256_gcm() and friends, or a fetch per call, make
// OpenSSL look the implementation up in its provider store on every token. Fetched objects are immutable and
// shareable between threads; they stay alive until the process ends (OpenSSL frees its providers at exit).
const EVP_CIPHER *fetchedCipher(const char *name)
{
    return EVP_CIPHER_fetch(nullptr, name, nullptr);
}

const EVP_CIPHER *cipherNamed(int which)
{
    static const EVP_CIPHER *const ciphers[] = {
        fetchedCipher("AES-128-WRAP"), fetchedCipher("AES-192-WRAP"), fetchedCipher("AES-256-WRAP"),
        fetchedCipher("AES-128-CBC"),  fetchedCipher("AES-192-CBC"),  fetchedCipher("AES-256-CBC"),
        fetchedCipher("AES-128-GCM"),  fetchedCipher("AES-192-GCM"),  fetchedCipher("AES-256-GCM"),
        fetchedCipher("AES-128-ECB"),  fetchedCipher("AES-192-ECB"),  fetchedCipher("AES-256-ECB"),
    };
    return ciphers[which];
}

// AES key size (16, 24, 32) to index 0..2; -1 otherwise.
int aesIndex(qsizetype keySize)
{
    switch (keySize) {
    case 16:
        return 0;
    case 24:
        return 1;
    case 32:
        return 2;
    default:
        return -1;
    }
}

EVP_KDF *sskdf()
{
    static EVP_KDF *const kdf = EVP_KDF_fetch(nullptr, "SSKDF", nullptr);
    return kdf;
}

EVP_MAC *hmacMac()
{
    static EVP_MAC *const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

unsigned char *bytes(QByteArray &array)
{
    return reinterpret_cast<unsigned char *>(array.data());
}

int toInt(qsizetype size)
{
    return static_cast<int>(size);
}

const EVP_CIPHER *wrapCipher(qsizetype kekSize)
{
    const int index = aesIndex(kekSize);
    return index < 0 ? nullptr : cipherNamed(index);
}

std::optional<QByteArray> keyWrap(QByteArrayView kek, QByteArrayView input)
{
    const EVP_CIPHER *cipher = wrapCipher(kek.size());
    if (!cipher || input.size() % 8 != 0 || input.size() < 16 || input.size() > 4096)
        return std::nullopt;
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return std::nullopt;
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, bytes(kek), nullptr, 1) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    QByteArray out(input.size() + 8, Qt::Uninitialized);
    int length = 0;
    if (EVP_CipherUpdate(ctx.get(), bytes(out), &length, bytes(input), toInt(input.size())) != 1 || length <= 0) {
        OPENSSL_cleanse(out.data(), static_cast<size_t>(out.size()));
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

// RFC 3394 §2.2.2 unwrap over single AES-ECB block decryptions. OpenSSL 3.0's AES-WRAP does not use AES-NI on x86
// and costs as much as a tenth of a P-256 ECDH; the ECB cipher does, and one context serves all 6n blocks.
std::optional<QByteArray> ecbKeyUnwrap(QByteArrayView kek, QByteArrayView wrapped)
{
    const int index = aesIndex(kek.size());
    const EVP_CIPHER *ecb = index < 0 ? nullptr : cipherNamed(9 + index);
    if (!ecb || wrapped.size() % 8 != 0 || wrapped.size() < 24 || wrapped.size() > 4096)
        return std::nullopt;
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), ecb, nullptr, bytes(kek), nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    const qsizetype n = wrapped.size() / 8 - 1;
    QByteArray out = wrapped.sliced(8).toByteArray(); // R[1..n]
    unsigned char a[8];
    std::memcpy(a, wrapped.data(), 8);
    unsigned char block[16];
    bool ok = true;
    for (int j = 5; j >= 0 && ok; --j) {
        for (qsizetype i = n; i >= 1; --i) {
            quint64 t = quint64(n) * quint64(j) + quint64(i);
            for (int k = 7; k >= 0; --k, t >>= 8)
                a[k] ^= static_cast<unsigned char>(t & 0xff);
            std::memcpy(block, a, 8);
            std::memcpy(block + 8, out.constData() + (i - 1) * 8, 8);
            int length = 0;
            if (EVP_DecryptUpdate(ctx.get(), block, &length, block, 16) != 1 || length != 16) {
                ok = false;
                break;
            }
            std::memcpy(a, block, 8);
            std::memcpy(out.data() + (i - 1) * 8, block + 8, 8);
        }
    }
    static const unsigned char defaultIv[8] = {0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6};
    ok = ok && CRYPTO_memcmp(a, defaultIv, 8) == 0;
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(a, sizeof(a));
    if (!ok) {
        OPENSSL_cleanse(out.data(), static_cast<size_t>(out.size()));
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

const char *cbcDigest(QStringView enc)
{
    if (enc == u"A128CBC-HS256")
        return "SHA256";
    if (enc == u"A192CBC-HS384")
        return "SHA384";
    if (enc == u"A256CBC-HS512")
        return "SHA512";
    return nullptr;
}

const EVP_CIPHER *cbcCipher(qsizetype keySize)
{
    const int index = aesIndex(keySize);
    return index < 0 ? nullptr : cipherNamed(3 + index);
}

// 0..2 for A128GCM, A192GCM, A256GCM; -1 otherwise.
int gcmIndex(QStringView enc)
{
    if (enc == u"A128GCM")
        return 0;
    if (enc == u"A192GCM")
        return 1;
    if (enc == u"A256GCM")
        return 2;
    return -1;
}

const EVP_CIPHER *gcmCipher(QStringView enc)
{
    const int index = gcmIndex(enc);
    return index < 0 ? nullptr : cipherNamed(6 + index);
}

// HMAC over the concatenation of parts.
std::optional<QByteArray> hmac(const char *digest, QByteArrayView key, std::initializer_list<QByteArrayView> parts)
{
    EVP_MAC *mac = hmacMac();
    MacCtxPtr ctx(mac ? EVP_MAC_CTX_new(mac) : nullptr);
    if (!ctx)
        return std::nullopt;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digest), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(ctx.get(), bytes(key), static_cast<size_t>(key.size()), params) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    for (QByteArrayView part : parts) {
        if (EVP_MAC_update(ctx.get(), bytes(part), static_cast<size_t>(part.size())) != 1)
            return std::nullopt;
    }
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    size_t length = 0;
    if (EVP_MAC_final(ctx.get(), bytes(out), &length, static_cast<size_t>(out.size())) != 1)
        return std::nullopt;
    out.resize(static_cast<qsizetype>(length));
    return out;
}

QByteArray bigEndian64(quint64 value)
{
    QByteArray out(8, '\0');
    for (int i = 7; i >= 0; --i, value >>= 8)
        out[i] = char(value & 0xff);
    return out;
}

QByteArray bigEndian32(quint32 value)
{
    return bigEndian64(value).right(4);
}

// AES-CBC-HMAC-SHA2 (RFC 7518 §5.2.2.2): MAC_KEY is the first half of the CEK, ENC_KEY the second.
std::optional<QByteArray> cbcHmacMac(const char *digest, QByteArrayView macKey, QByteArrayView aad, QByteArrayView iv,
                                     QByteArrayView ciphertext, qsizetype tagSize)
{
    const QByteArray al = bigEndian64(quint64(aad.size()) * 8);
    std::optional<QByteArray> mac = hmac(digest, macKey, {aad, iv, ciphertext, al});
    if (!mac || mac->size() < tagSize)
        return std::nullopt;
    mac->truncate(tagSize);
    return mac;
}

std::optional<QByteArray> cbcCrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView input, bool encrypt)
{
    const EVP_CIPHER *cipher = cbcCipher(key.size());
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx || iv.size() != 16)
        return std::nullopt;
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, bytes(key), bytes(iv), encrypt ? 1 : 0) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    QByteArray out(input.size() + 16, Qt::Uninitialized);
    int length = 0;
    int final = 0;
    if (EVP_CipherUpdate(ctx.get(), bytes(out), &length, bytes(input), toInt(input.size())) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), bytes(out) + length, &final) != 1) {
        OPENSSL_cleanse(out.data(), static_cast<size_t>(out.size()));
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(length + final);
    return out;
}

std::optional<QByteArray> gcmDecrypt(const EVP_CIPHER *cipher, QByteArrayView key, QByteArrayView iv,
                                     QByteArrayView aad, QByteArrayView ciphertext, QByteArrayView tag)
{
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, toInt(iv.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    QByteArray out(ciphertext.size() + 16, Qt::Uninitialized);
    int length = 0;
    int unused = 0;
    int final = 0;
    QByteArray tagCopy = tag.toByteArray();
    const bool ok =
        EVP_DecryptUpdate(ctx.get(), nullptr, &unused, bytes(aad), toInt(aad.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), bytes(out), &length, bytes(ciphertext), toInt(ciphertext.size())) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, toInt(tagCopy.size()), tagCopy.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), bytes(out) + length, &final) == 1;
    if (!ok) {
        // The plaintext of a failed tag check must never leave this function.
        OPENSSL_cleanse(out.data(), static_cast<size_t>(out.size()));
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(length + final);
    return out;
}

std::optional<EncryptedContent> gcmEncrypt(const EVP_CIPHER *cipher, QByteArrayView key, QByteArrayView iv,
                                           QByteArrayView aad, QByteArrayView plaintext)
{
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, toInt(iv.size()), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    EncryptedContent out;
    out.ciphertext = QByteArray(plaintext.size() + 16, Qt::Uninitialized);
    out.tag = QByteArray(16, Qt::Uninitialized);
    int length = 0;
    int unused = 0;
    int final = 0;
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &unused, bytes(aad), toInt(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out.ciphertext), &length, bytes(plaintext), toInt(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(out.ciphertext) + length, &final) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out.tag.data()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.ciphertext.resize(length + final);
    return out;
}

} // namespace

std::optional<QByteArray> aesKeyWrap(QByteArrayView kek, QByteArrayView key)
{
    return keyWrap(kek, key);
}

std::optional<QByteArray> aesKeyUnwrap(QByteArrayView kek, QByteArrayView wrapped)
{
    return ecbKeyUnwrap(kek, wrapped);
}

std::optional<QByteArray> concatKdf(QByteArrayView sharedSecret, QByteArrayView algorithmId, QByteArrayView partyUInfo,
                                    QByteArrayView partyVInfo, int keyBits)
{
    if (keyBits <= 0 || keyBits % 8 != 0 || keyBits > 1024 || sharedSecret.isEmpty())
        return std::nullopt;
    const QByteArray otherInfo = bigEndian32(quint32(algorithmId.size())) + algorithmId.toByteArray() +
                                 bigEndian32(quint32(partyUInfo.size())) + partyUInfo.toByteArray() +
                                 bigEndian32(quint32(partyVInfo.size())) + partyVInfo.toByteArray() +
                                 bigEndian32(quint32(keyBits));
    // SSKDF with a plain digest is NIST SP 800-56A's one-step KDF: H(counter || Z || OtherInfo) per block.
    EVP_KDF *kdf = sskdf();
    KdfCtxPtr ctx(kdf ? EVP_KDF_CTX_new(kdf) : nullptr);
    if (!ctx)
        return std::nullopt;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char *>("SHA256"), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char *>(sharedSecret.data()),
                                          static_cast<size_t>(sharedSecret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char *>(otherInfo.constData()),
                                          static_cast<size_t>(otherInfo.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(keyBits / 8, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), bytes(out), static_cast<size_t>(out.size()), params) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

int contentKeySize(QStringView enc)
{
    if (enc == u"A128GCM")
        return 16;
    if (enc == u"A192GCM")
        return 24;
    if (enc == u"A256GCM" || enc == u"A128CBC-HS256")
        return 32;
    if (enc == u"A192CBC-HS384")
        return 48;
    if (enc == u"A256CBC-HS512")
        return 64;
    return 0;
}

int contentIvSize(QStringView enc)
{
    if (gcmIndex(enc) >= 0)
        return 12;
    if (cbcDigest(enc))
        return 16;
    return 0;
}

int contentTagSize(QStringView enc)
{
    if (gcmIndex(enc) >= 0)
        return 16;
    if (cbcDigest(enc))
        return contentKeySize(enc) / 2;
    return 0;
}

std::optional<QByteArray> decryptContent(QStringView enc, QByteArrayView cek, QByteArrayView iv, QByteArrayView aad,
                                         QByteArrayView ciphertext, QByteArrayView tag)
{
    if (cek.size() != contentKeySize(enc) || iv.size() != contentIvSize(enc) || tag.size() != contentTagSize(enc))
        return std::nullopt;
    if (gcmIndex(enc) >= 0) {
        const EVP_CIPHER *cipher = gcmCipher(enc);
        return cipher ? gcmDecrypt(cipher, cek, iv, aad, ciphertext, tag) : std::nullopt;
    }
    const qsizetype half = cek.size() / 2;
    const std::optional<QByteArray> expected =
        cbcHmacMac(cbcDigest(enc), cek.first(half), aad, iv, ciphertext, tag.size());
    // The tag is checked before any decryption, so padding errors can never act as an oracle.
    if (!expected || !constantTimeEquals(*expected, tag))
        return std::nullopt;
    return cbcCrypt(cek.sliced(half), iv, ciphertext, false);
}

std::optional<EncryptedContent> encryptContent(QStringView enc, QByteArrayView cek, QByteArrayView iv,
                                               QByteArrayView aad, QByteArrayView plaintext)
{
    if (cek.size() != contentKeySize(enc) || iv.size() != contentIvSize(enc))
        return std::nullopt;
    if (gcmIndex(enc) >= 0) {
        const EVP_CIPHER *cipher = gcmCipher(enc);
        return cipher ? gcmEncrypt(cipher, cek, iv, aad, plaintext) : std::nullopt;
    }
    const qsizetype half = cek.size() / 2;
    std::optional<QByteArray> ciphertext = cbcCrypt(cek.sliced(half), iv, plaintext, true);
    if (!ciphertext)
        return std::nullopt;
    std::optional<QByteArray> tag =
        cbcHmacMac(cbcDigest(enc), cek.first(half), aad, iv, *ciphertext, contentTagSize(enc));
    if (!tag)
        return std::nullopt;
    return EncryptedContent{*ciphertext, *tag};
}

std::optional<QByteArray> rawInflate(QByteArrayView compressed, qsizetype maxSize, bool *tooLarge)
{
    if (tooLarge)
        *tooLarge = false;
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    // Negative window bits: raw DEFLATE without the zlib header, as JWE's "DEF" is defined.
    if (inflateInit2(&stream, -15) != Z_OK)
        return std::nullopt;
    stream.next_in = const_cast<Bytef *>(bytes(compressed));
    stream.avail_in = static_cast<uInt>(compressed.size());
    // The output is decrypted plaintext: the chunk buffer and every result given up are wiped, and the output grows
    // by hand into a larger buffer so the old one can be wiped (QByteArray's own growth would free it unwiped).
    QByteArray out;
    out.reserve(std::min<qsizetype>(maxSize, std::max<qsizetype>(compressed.size() * 4, 16384)));
    char chunk[16384];
    const auto fail = [&](bool large) -> std::optional<QByteArray> {
        inflateEnd(&stream);
        wipe(chunk, sizeof(chunk));
        wipe(out);
        if (tooLarge)
            *tooLarge = large;
        return std::nullopt;
    };
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof(chunk);
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END)
            return fail(false);
        const qsizetype produced = qsizetype(sizeof(chunk) - stream.avail_out);
        if (out.size() + produced > maxSize)
            return fail(true);
        if (out.size() + produced > out.capacity()) {
            QByteArray larger;
            larger.reserve(std::min<qsizetype>(maxSize, std::max(out.capacity() * 4, out.size() + produced)));
            larger.append(out);
            wipe(out);
            out = std::move(larger);
        }
        out.append(chunk, produced);
        // No progress and no more input: the stream is truncated.
        if (status == Z_OK && produced == 0 && stream.avail_in == 0)
            return fail(false);
    }
    // Bytes after the end of the DEFLATE stream are not part of any valid token.
    if (stream.avail_in != 0)
        return fail(false);
    inflateEnd(&stream);
    wipe(chunk, sizeof(chunk));
    return out;
}

QByteArray rawDeflate(QByteArrayView data)
{
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, static_cast<uLong>(data.size()))), Qt::Uninitialized);
    stream.next_in = const_cast<Bytef *>(bytes(data));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const qsizetype produced = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return {};
    out.resize(produced);
    return out;
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    return hmac("SHA256", key, {data}).value_or(QByteArray());
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

} // namespace targetdesk::crypto
