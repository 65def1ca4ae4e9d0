#include "inspector/inspectorinstance.h"

#include "inspect/jwksfetch.h"

#include "api/zitadelclient.h"
#include "vault/vault.h"

namespace targetdesk::gui
{

namespace
{
// Key lists asked at once while looking for a key id: enough to be quick, few enough not to hog the server.
constexpr int maxLookupCalls = 4;
} // namespace

InspectorInstance::InspectorInstance(ZitadelClient *client, vault::Vault *vault, QObject *parent)
    : QObject(parent), m_client(client), m_vault(vault)
{
    m_jwksStatus = m_client ? tr("The instance's JWKS has not been fetched yet.")
                            : tr("Not connected to an instance: load a JWKS file to verify JWT payloads.");
}

InspectorInstance::~InspectorInstance() = default;

void InspectorInstance::connectionChanged()
{
    // Answers still on their way belong to the instance before: the generation makes them fall on the floor.
    ++m_generation;
    m_jwksCall.clear();
    m_targetsCall.clear();
    m_jwks.reset();
    m_jwksStatus = tr("The instance's JWKS has not been fetched yet.");
    m_targets.clear();
    m_targetsLoaded = false;
    m_targetsError.clear();
    m_owners.clear();
    m_searches.clear();
    m_waitingForTargets.clear();
    Q_EMIT jwksChanged();
    Q_EMIT targetsChanged();
    if (hasInstance()) {
        fetchJwks();
        loadTargets();
    }
}

bool InspectorInstance::hasInstance() const
{
    return m_client && m_client->instance().isValid() && !m_client->instance().isEmpty();
}

QString InspectorInstance::instanceName() const
{
    return m_client ? vault::normalizeInstance(m_client->instance()) : QString();
}

void InspectorInstance::fetchJwks()
{
    if (!m_client || m_jwksCall)
        return;
    const QUrl url = inspect::instanceJwksUrl(m_client->instance());
    const QString shown = url.toDisplayString();
    m_jwksStatus = tr("Fetching the JWKS from %1…").arg(shown);
    Q_EMIT jwksChanged();
    m_jwksCall =
        inspect::fetchJwks(*m_client, url, this, [this, shown, generation = m_generation](Result<crypto::Jwks> jwks) {
            if (generation != m_generation)
                return;         // asked of the instance connected before
            m_jwksCall.clear(); // the call still exists while this runs: it is done all the same
            if (!jwks) {
                m_jwksStatus = tr("Could not fetch the JWKS from %1: %2").arg(shown, jwks.error().toString());
                Q_EMIT jwksChanged();
                return;
            }
            setJwks(jwks.value(), shown);
        });
}

void InspectorInstance::setJwks(const crypto::Jwks &jwks, const QString &source)
{
    m_jwks = jwks;
    QStringList kids;
    for (const crypto::Jwk &key : jwks.keys())
        kids.append(key.kid().isEmpty() ? key.description() : key.kid());
    m_jwksStatus = kids.isEmpty() ? tr("The JWKS from %1 holds no usable key.").arg(source)
                                  : tr("JWKS from %1, key ids: %2").arg(source, kids.join(QStringLiteral(", ")));
    Q_EMIT jwksChanged();
}

void InspectorInstance::loadTargets(bool reload)
{
    if (!m_client || m_targetsCall || (m_targetsLoaded && !reload))
        return;
    auto fresh = std::make_shared<QList<Target>>();
    TargetQuery query;
    query.limit = 1000;
    query.asc = true;
    query.sortingColumn = TargetSortColumn::Name;
    m_targetsCall = m_client->listAllTargets(
        query, this, [fresh](const TargetPage &page) { fresh->append(page.targets); },
        [this, fresh, generation = m_generation](Result<quint64> done) {
            if (generation != m_generation)
                return;
            m_targetsLoaded = true;
            if (done) {
                m_targets = *fresh;
                m_targetsError.clear();
            } else {
                m_targetsError = done.error().toString();
            }
            Q_EMIT targetsChanged();
            const QStringList waiting = std::exchange(m_waitingForTargets, {});
            for (const QString &kid : waiting)
                lookUpKeyId(kid);
        });
}

std::optional<Target> InspectorInstance::target(const QString &id) const
{
    for (const Target &t : m_targets) {
        if (t.id == id)
            return t;
    }
    return std::nullopt;
}

void InspectorInstance::lookUpKeyId(const QString &kid)
{
    if (kid.isEmpty() || m_owners.value(kid).searched || m_searches.contains(kid) || m_waitingForTargets.contains(kid))
        return;
    QStringList candidates;
    if (m_vault) {
        // The vault remembers where its keys are bound: ask that target first (or only, offline).
        const QList<vault::VaultEntry> entries = m_vault->findByKeyId(kid, instanceName());
        for (const vault::VaultEntry &entry : entries) {
            if (!entry.targetId.isEmpty() && !candidates.contains(entry.targetId))
                candidates.append(entry.targetId);
        }
        if (!m_client && !candidates.isEmpty()) {
            KeyOwner owner;
            owner.found = true;
            owner.targetId = candidates.first();
            finishLookup(kid, owner);
            return;
        }
    }
    if (!m_client) {
        finishLookup(kid, KeyOwner{});
        return;
    }
    if (!m_targetsLoaded) {
        m_waitingForTargets.append(kid);
        loadTargets();
        return;
    }
    Search search;
    search.pending = candidates;
    for (const Target &t : std::as_const(m_targets)) {
        if (!search.pending.contains(t.id))
            search.pending.append(t.id);
    }
    m_searches.insert(kid, search);
    searchNext(kid);
}

void InspectorInstance::searchNext(const QString &kid)
{
    auto it = m_searches.find(kid);
    if (it == m_searches.end())
        return;
    if (it->pending.isEmpty() && it->inFlight == 0) {
        KeyOwner owner;
        owner.error = it->error;
        finishLookup(kid, owner);
        return;
    }
    while (it->inFlight < maxLookupCalls && !it->pending.isEmpty()) {
        const QString targetId = it->pending.takeFirst();
        ++it->inFlight;
        PublicKeyQuery query;
        query.keyIds = QStringList{kid};
        m_client->listPublicKeys(targetId, query, this,
                                 [this, kid, targetId, generation = m_generation](Result<PublicKeyPage> page) {
                                     if (generation != m_generation)
                                         return;
                                     auto search = m_searches.find(kid);
                                     if (search == m_searches.end())
                                         return; // found meanwhile
                                     --search->inFlight;
                                     if (!page) {
                                         search->error = page.error().toString();
                                     } else {
                                         for (const PublicKey &key : page->publicKeys) {
                                             if (key.keyId != kid)
                                                 continue;
                                             KeyOwner owner;
                                             owner.found = true;
                                             owner.targetId = targetId;
                                             owner.key = key;
                                             finishLookup(kid, owner);
                                             return;
                                         }
                                     }
                                     searchNext(kid);
                                 });
    }
}

void InspectorInstance::finishLookup(const QString &kid, KeyOwner owner)
{
    m_searches.remove(kid);
    owner.searched = true;
    if (owner.found) {
        if (const std::optional<Target> t = target(owner.targetId))
            owner.targetName = t->name;
    }
    m_owners.insert(kid, owner);
    Q_EMIT keyOwnerChanged(kid);
}

} // namespace targetdesk::gui
