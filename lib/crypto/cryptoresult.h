#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace targetdesk::crypto
{

// Why a crypto operation failed. The kind lets callers react (ask for a passphrase again, map to a CLI exit code);
// the message is for people and already translated.
struct CryptoError {
    enum class Kind {
        InvalidInput,       // empty, garbage, truncated or damaged input
        NotAPublicKey,      // a private key, certificate request, OpenPGP/SSH key... where a public key was expected
        NotAPrivateKey,     // a public key or certificate where a private key was expected
        UnsupportedKey,     // a well-formed key ZITADEL cannot use (Ed25519, DSA, DH, RSA-PSS, ...)
        TooLarge,           // input beyond the size limit
        PassphraseRequired, // an encrypted private key and no passphrase
        WrongPassphrase,    // the passphrase does not decrypt the key
        Internal,           // OpenSSL failed where it should not (out of memory, missing provider)
    };

    Kind kind = Kind::Internal;
    QString message;
};

// A value or a CryptoError, in the style of targetdesk::Result but without the API error type.
template <typename T>
class CryptoResult
{
public:
    CryptoResult(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    CryptoResult(CryptoError error) : m_data(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T &value() const & { return std::get<0>(m_data); }
    [[nodiscard]] T &value() & { return std::get<0>(m_data); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const { return std::get<0>(m_data); }

    [[nodiscard]] const CryptoError &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, CryptoError> m_data;
};

} // namespace targetdesk::crypto
