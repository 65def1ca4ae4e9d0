#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace targetdesk::vault
{

// Why a vault or audit-log operation failed. The kind lets callers react (ask for the passphrase again, tell the user
// the keychain is locked); the message is for people and never contains key material or passphrases.
struct VaultError {
    enum class Kind {
        NotFound,            // no such entry in the index, or its secret is missing from the keychain
        KeychainUnavailable, // no Secret Service / keychain backend (e.g. no session bus)
        AccessDenied,        // the user or the keychain refused access
        Keychain,            // any other keychain failure
        InvalidKey,          // not a usable private key, or a key that does not match its entry
        PassphraseRequired,  // an encrypted key file and no passphrase
        WrongPassphrase,     // the passphrase does not decrypt the key file
        InvalidArgument,     // an empty passphrase or fingerprint, a null key
        Exists,              // the output file exists and overwriting was not allowed
        Io,                  // the index, the audit log or a key file cannot be read or written
    };

    Kind kind = Kind::Keychain;
    QString message;
};

// A value or a VaultError: what every vault call delivers.
template <typename T>
class VaultResult
{
public:
    VaultResult(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    VaultResult(VaultError error) : m_data(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T &value() const & { return std::get<0>(m_data); }
    [[nodiscard]] T &value() & { return std::get<0>(m_data); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const { return std::get<0>(m_data); }

    [[nodiscard]] const VaultError &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, VaultError> m_data;
};

} // namespace targetdesk::vault
