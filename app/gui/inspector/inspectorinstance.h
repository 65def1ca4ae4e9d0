#pragma once

#include "crypto/jwk.h"
#include "model/publickey.h"
#include "model/target.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace targetdesk
{
class ApiCall;
class ZitadelClient;
namespace vault
{
class Vault;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// What the connected instance can tell the inspector: its JWKS (to verify JWT payloads), its targets with their
// signing keys (to check ZITADEL-Signature), and which target holds a public key with a given key id (the JWE kid).
// Everything is fetched once and cached; signing keys stay in memory only. Without a client it knows nothing and
// says so.
class InspectorInstance : public QObject
{
    Q_OBJECT
public:
    // Who holds a key id, as far as we could find out.
    struct KeyOwner {
        bool searched = false; // the lookup finished
        bool found = false;
        QString targetId;
        QString targetName;
        std::optional<PublicKey> key; // the public key as the server lists it (state, expiration)
        QString error;                // some targets could not be asked: "not found" is not certain
    };

    // `client` and `vault` may be null; neither is owned.
    InspectorInstance(ZitadelClient *client, vault::Vault *vault, QObject *parent = nullptr);
    ~InspectorInstance() override;

    bool isConnected() const { return m_client != nullptr; }
    // The client now talks to another instance (a profile switch, the sandbox coming up): forget everything learnt
    // from the one before and ask the new one.
    void connectionChanged();
    // Connected and the client knows the instance's address (not so while the built-in sandbox starts).
    bool hasInstance() const;
    QString instanceName() const;

    // --- JWKS ---
    void fetchJwks();
    // A JWKS from a file instead (offline); replaces the fetched one.
    void setJwks(const crypto::Jwks &jwks, const QString &source);
    const std::optional<crypto::Jwks> &jwks() const { return m_jwks; }
    bool isFetchingJwks() const { return !m_jwksCall.isNull(); }
    // "2 keys from https://…/oauth/v2/keys", "Could not fetch …", for the status line.
    QString jwksStatus() const { return m_jwksStatus; }

    // --- Targets and their signing keys ---
    // Loads the target list once (again when `reload`).
    void loadTargets(bool reload = false);
    bool isLoadingTargets() const { return !m_targetsCall.isNull(); }
    const QList<Target> &targets() const { return m_targets; }
    std::optional<Target> target(const QString &id) const;
    QString targetsError() const { return m_targetsError; }

    // --- Key ids ---
    // Finds the target that holds a public key with this id: the vault's index first, then the targets' key lists
    // (a few calls at a time). Answers from the cache when it can; keyOwnerChanged() tells when a lookup finished.
    void lookUpKeyId(const QString &kid);
    KeyOwner keyOwner(const QString &kid) const { return m_owners.value(kid); }

Q_SIGNALS:
    void jwksChanged();
    void targetsChanged();
    void keyOwnerChanged(const QString &kid);

private:
    void searchNext(const QString &kid);
    void finishLookup(const QString &kid, KeyOwner owner);

    ZitadelClient *m_client;
    vault::Vault *m_vault;
    std::optional<crypto::Jwks> m_jwks;
    QString m_jwksStatus;
    QPointer<ApiCall> m_jwksCall;
    QList<Target> m_targets;
    bool m_targetsLoaded = false;
    QString m_targetsError;
    QPointer<ApiCall> m_targetsCall;
    QHash<QString, KeyOwner> m_owners;
    // Running lookups: the targets still to ask, and how many calls are out.
    struct Search {
        QStringList pending;
        int inFlight = 0;
        QString error;
    };
    QHash<QString, Search> m_searches;
    QStringList m_waitingForTargets; // kids to look up once the target list is there
    int m_generation = 0;            // bumped by connectionChanged()
};

} // namespace targetdesk::gui
