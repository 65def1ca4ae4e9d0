#pragma once

#include "crypto/privatekey.h"

#include <QList>
#include <QString>

namespace targetdesk::inspect
{

// A private key the inspector may try, with a label for the report ("vault: billing-webhook", "key.pem").
struct KeyCandidate {
    crypto::PrivateKey key;
    QString label;
    QString keyId; // ZITADEL's key id (the JWE kid) when known, e.g. from the vault; empty for plain key files
};

// Where the inspector gets keys. Called from worker threads in bulk mode: implementations must be thread-safe
// (answer from data loaded beforehand, never block on a UI or a keychain prompt).
class KeyProvider
{
public:
    virtual ~KeyProvider() = default;
    // Every key the user offered, in the order to try them.
    [[nodiscard]] virtual QList<KeyCandidate> candidates() const = 0;
    // The keys whose key id equals kid (a vault can answer this without loading every key).
    [[nodiscard]] virtual QList<KeyCandidate> keysWithId(const QString &kid) const;
};

// A fixed list of keys: key files from the command line, or a snapshot of the vault.
class KeyList : public KeyProvider
{
public:
    KeyList() = default;
    explicit KeyList(QList<KeyCandidate> keys) : m_keys(std::move(keys)) {}

    void add(KeyCandidate candidate) { m_keys.append(std::move(candidate)); }
    [[nodiscard]] QList<KeyCandidate> candidates() const override { return m_keys; }

private:
    QList<KeyCandidate> m_keys;
};

} // namespace targetdesk::inspect
