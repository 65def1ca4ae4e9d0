#pragma once

#include "vaulterror.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

namespace targetdesk::vault
{

// One secret at a time in the OS keychain through QtKeychain, shared by the vault and the connection profiles.
// Never falls back to a plain-text file when there is no keychain. Callbacks run later (never inside the call), on
// `owner`'s thread, and are dropped with `owner` (which must not be null). Buffers that held a secret are wiped once
// the job is gone. Every call has a timeout (timeout(); a locked keyring whose password prompt nobody answers would
// otherwise wait for ever): it then fails with Kind::Keychain and a message that says so.
class Keychain
{
public:
    using Callback = std::function<void(VaultResult<QByteArray>)>;

    explicit Keychain(const QString &service) : m_service(service) {}

    // 60 s, or the whole seconds in the environment variable TARGETDESK_KEYCHAIN_TIMEOUT (for tests and slow
    // unlock prompts).
    [[nodiscard]] static std::chrono::milliseconds timeout();

    [[nodiscard]] QString service() const { return m_service; }

    // `done` gets an empty array once written.
    void write(const QString &key, QByteArray secret, QObject *owner, Callback done) const;
    // NotFound when there is no such secret.
    void read(const QString &key, QObject *owner, Callback done) const;
    // NotFound when there was no such secret (callers that only want it gone treat that as success).
    void remove(const QString &key, QObject *owner, Callback done) const;

private:
    enum class Op { Write, Read, Delete };
    void run(Op op, const QString &key, QByteArray secret, QObject *owner, Callback done) const;

    QString m_service;
};

} // namespace targetdesk::vault
