#pragma once

// The symmetric building blocks of JWE (RFC 7516 / 7518), public so the RFC test vectors can reach them directly.
// Every function is stateless and thread-safe. Failures return nullopt without saying why: callers that decrypt
// must not tell an attacker more than "could not decrypt".

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

#include <optional>

namespace targetdesk::crypto
{

// AES key wrap (RFC 3394) with the default initial value; kek of 16, 24 or 32 bytes, key a multiple of 8 bytes.
[[nodiscard]] std::optional<QByteArray> aesKeyWrap(QByteArrayView kek, QByteArrayView key);
// nullopt when the integrity check fails.
[[nodiscard]] std::optional<QByteArray> aesKeyUnwrap(QByteArrayView kek, QByteArrayView wrapped);

// Concat KDF with SHA-256 as JWA uses it (RFC 7518 §4.6.2): OtherInfo = AlgorithmID || PartyUInfo || PartyVInfo ||
// SuppPubInfo, each of the first three prefixed by its 32-bit length, SuppPubInfo the key length in bits.
[[nodiscard]] std::optional<QByteArray> concatKdf(QByteArrayView sharedSecret, QByteArrayView algorithmId,
                                                  QByteArrayView partyUInfo, QByteArrayView partyVInfo, int keyBits);

// The content encryption key size in bytes of an "enc" value (A256GCM: 32, A128CBC-HS256: 32, ...); 0 if unknown.
[[nodiscard]] int contentKeySize(QStringView enc);
// The IV size in bytes an "enc" value requires (12 for GCM, 16 for CBC); 0 if unknown.
[[nodiscard]] int contentIvSize(QStringView enc);
// The authentication tag size in bytes (16 for GCM, 16/24/32 for CBC-HS); 0 if unknown.
[[nodiscard]] int contentTagSize(QStringView enc);

// Decrypts and authenticates JWE content: AES-GCM or AES-CBC with HMAC-SHA2 (RFC 7518 §5.2, tag compared in
// constant time before anything is decrypted). aad is the ASCII of the encoded protected header.
[[nodiscard]] std::optional<QByteArray> decryptContent(QStringView enc, QByteArrayView cek, QByteArrayView iv,
                                                       QByteArrayView aad, QByteArrayView ciphertext,
                                                       QByteArrayView tag);

struct EncryptedContent {
    QByteArray ciphertext;
    QByteArray tag;
};
// The reverse of decryptContent, for building test tokens and for the sandbox.
[[nodiscard]] std::optional<EncryptedContent> encryptContent(QStringView enc, QByteArrayView cek, QByteArrayView iv,
                                                             QByteArrayView aad, QByteArrayView plaintext);

// Raw DEFLATE (RFC 1951, "zip":"DEF"). Inflating stops as soon as the output would exceed maxSize: then
// tooLarge is set and nullopt returned, so a small bomb never allocates more than maxSize.
[[nodiscard]] std::optional<QByteArray> rawInflate(QByteArrayView compressed, qsizetype maxSize, bool *tooLarge);
[[nodiscard]] QByteArray rawDeflate(QByteArrayView data);

// HMAC-SHA256 (empty on failure).
[[nodiscard]] QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);

// Equality of two byte strings in time that depends only on their lengths.
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace targetdesk::crypto
