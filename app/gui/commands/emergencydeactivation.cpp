#include "commands/emergencydeactivation.h"

#include "api/zitadelclient.h"
#include "vault/auditlog.h"

#include <memory>

namespace targetdesk::gui
{

EmergencyDeactivation::EmergencyDeactivation(ZitadelClient *client, vault::AuditLog *audit, const QString &instance,
                                             QObject *parent)
    : QObject(parent), m_client(client), m_audit(audit), m_instance(instance)
{
}

EmergencyDeactivation::~EmergencyDeactivation() = default;

int EmergencyDeactivation::count(Status status) const
{
    int n = 0;
    for (const TargetResult &r : m_results)
        n += r.status == status ? 1 : 0;
    return n;
}

int EmergencyDeactivation::deactivatedKeyCount() const
{
    int n = 0;
    for (const TargetResult &r : m_results)
        n += int(r.deactivated.size());
    return n;
}

void EmergencyDeactivation::start()
{
    if (m_running)
        return;
    m_running = true;
    m_listed = false;
    m_listingError.clear();
    m_results.clear();
    TargetQuery query;
    query.limit = 1000;
    query.asc = true;
    m_client->listAllTargets(
        query, this,
        [this](const TargetPage &page) {
            for (const Target &t : page.targets) {
                TargetResult r;
                r.targetId = t.id;
                r.name = t.name;
                m_results.append(r);
            }
        },
        [this](Result<quint64> r) {
            if (!r) {
                m_listingError = r.error().toString();
                m_running = false;
                Q_EMIT finished();
                return;
            }
            m_listed = true;
            Q_EMIT targetsListed(int(m_results.size()));
            for (int i = 0; i < m_results.size(); ++i)
                m_queue.append(i);
            pump();
            finishIfDone();
        });
}

void EmergencyDeactivation::retryFailed()
{
    if (m_running)
        return;
    if (!m_listed) {
        start();
        return;
    }
    m_running = true;
    for (int i = 0; i < m_results.size(); ++i) {
        if (m_results.at(i).status != Status::Failed)
            continue;
        m_results[i].status = Status::Waiting;
        m_results[i].errors.clear();
        m_queue.append(i);
        Q_EMIT resultChanged(i);
    }
    pump();
    finishIfDone();
}

void EmergencyDeactivation::pump()
{
    while (m_active < m_maxConcurrent && !m_queue.isEmpty())
        runTarget(m_queue.takeFirst());
}

void EmergencyDeactivation::runTarget(int index)
{
    ++m_active;
    m_results[index].status = Status::Running;
    Q_EMIT resultChanged(index);
    const QString targetId = m_results.at(index).targetId;
    PublicKeyQuery query;
    query.active = true;
    query.limit = 1000;
    m_client->listPublicKeys(targetId, query, this, [this, index, targetId](Result<PublicKeyPage> r) {
        if (!r) {
            m_results[index].errors << tr("listing the keys: %1").arg(r.error().toString());
            targetDone(index);
            return;
        }
        QList<PublicKey> active;
        for (const PublicKey &k : r->publicKeys) {
            if (k.active)
                active.append(k);
        }
        if (active.isEmpty()) {
            targetDone(index);
            return;
        }
        auto remaining = std::make_shared<int>(int(active.size()));
        for (const PublicKey &k : std::as_const(active)) {
            m_client->deactivatePublicKey(
                targetId, k.keyId, this, [this, index, targetId, k, remaining](Result<QDateTime> d) {
                    const QString error = d ? QString() : d.error().toString();
                    if (m_audit)
                        m_audit->append(vault::AuditEntry::make(vault::AuditOperation::BreakGlass, m_instance, targetId,
                                                                k.keyId, k.fingerprint, error,
                                                                QStringLiteral("all targets")));
                    if (d)
                        m_results[index].deactivated << k.keyId;
                    else
                        m_results[index].errors << tr("key %1: %2").arg(k.keyId, error);
                    if (--*remaining == 0)
                        targetDone(index);
                });
        }
    });
}

void EmergencyDeactivation::targetDone(int index)
{
    TargetResult &r = m_results[index];
    if (!r.errors.isEmpty())
        r.status = Status::Failed;
    else if (!r.deactivated.isEmpty())
        r.status = Status::Deactivated;
    else
        r.status = Status::NoActiveKey;
    --m_active;
    Q_EMIT resultChanged(index);
    pump();
    finishIfDone();
}

void EmergencyDeactivation::finishIfDone()
{
    if (!m_running || m_active > 0 || !m_queue.isEmpty())
        return;
    m_running = false;
    Q_EMIT finished();
}

} // namespace targetdesk::gui
