#pragma once

#include "cryptoresult.h"
#include "keytype.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

// OpenSSL's key type, declared here so consumers need no OpenSSL headers.
struct evp_pkey_st;

namespace targetdesk::crypto
{

// How an exported private key is protected by its passphrase (PKCS#8 PBES2 with AES-256-CBC either way).
enum class PassphraseKdf {
    Pbkdf2, // PBKDF2-HMAC-SHA256, 100 000 iterations: readable by every OpenSSL-based tool
    Scrypt, // scrypt N=16384 r=8 p=1, as `openssl pkcs8 -scrypt`: harder to brute-force
};

// Encrypted PKCS#8 files choose their own key derivation cost; a file asking for more than this is refused before
// the KDF runs (decrypting it would hold a thread, and with scrypt its memory, for seconds to hours). Our own exports
// use a tenth (PBKDF2) and a quarter (scrypt N) of it; scrypt's memory (128·N·r bytes) is also held to OpenSSL's
// own limit, which it would otherwise report as an unsupported method.
constexpr quint64 maxPbkdf2Iterations = 1000000;
constexpr quint64 maxScryptN = 65536;                          // 2^16
constexpr quint64 maxScryptRp = 64;                            // r * p
constexpr quint64 maxScryptMemory = quint64(32) * 1024 * 1024; // 128 * N * r

// A key pair (RSA or EC) held in memory. Copies share the same immutable OpenSSL key, so copying is cheap and the
// key material exists once. A default-constructed PrivateKey is null and every export from it is empty.
class PrivateKey
{
public:
    PrivateKey() = default;

    [[nodiscard]] static CryptoResult<PrivateKey> generate(KeyType type);
    // Reads the first private key in PEM text: PKCS#8 ("BEGIN PRIVATE KEY"), encrypted PKCS#8 ("BEGIN ENCRYPTED
    // PRIVATE KEY") or the traditional "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY", encrypted or not. The
    // passphrase is only used for encrypted keys. Errors say whether the passphrase is missing or wrong or the text
    // is not a usable private key at all. A file whose key derivation costs more than the caps above is refused
    // (UnsupportedKey, naming the cost and the cap) before a passphrase is asked for.
    [[nodiscard]] static CryptoResult<PrivateKey> fromPem(const QByteArray &pem, const QByteArray &passphrase = {});

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] bool isRsa() const;
    [[nodiscard]] bool isEc() const;
    // The generated type this key matches, nullopt for other sizes and curves (e.g. an imported RSA 1024 key).
    [[nodiscard]] std::optional<KeyType> type() const;
    // RSA modulus or EC field size in bits.
    [[nodiscard]] int bits() const;
    // "RSA 3072", "EC P-256".
    [[nodiscard]] QString description() const;

    // PKIX "BEGIN PUBLIC KEY" PEM: the form ZITADEL accepts.
    [[nodiscard]] QByteArray publicKeyPem() const;
    // DER SubjectPublicKeyInfo.
    [[nodiscard]] QByteArray publicKeyDer() const;
    // "SHA256:..." exactly as ZITADEL computes it.
    [[nodiscard]] QString fingerprint() const;

    // Clear PKCS#8 "BEGIN PRIVATE KEY" PEM. Secret: wipe() the result when done.
    [[nodiscard]] CryptoResult<QByteArray> privateKeyPem() const;
    // Encrypted PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY" PEM with AES-256-CBC; an empty passphrase is refused.
    [[nodiscard]] CryptoResult<QByteArray> encryptedPrivateKeyPem(const QByteArray &passphrase,
                                                                  PassphraseKdf kdf = PassphraseKdf::Pbkdf2) const;

    // For lib/ code that needs the OpenSSL key (decryption, signatures); owned by this object.
    [[nodiscard]] evp_pkey_st *handle() const { return m_key.get(); }

private:
    explicit PrivateKey(evp_pkey_st *key);

    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace targetdesk::crypto
