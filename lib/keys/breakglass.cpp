#include "breakglass.h"

#include "keyworkflow.h"

#include <memory>

namespace targetdesk::keys
{

BreakGlass::BreakGlass(KeyWorkflow *workflow, QObject *parent) : QObject(parent), m_workflow(workflow) {}

BreakGlass::~BreakGlass() = default;

int BreakGlass::count(Status status) const
{
    return int(std::count_if(m_results.begin(), m_results.end(),
                             [status](const TargetResult &r) { return r.status == status; }));
}

int BreakGlass::deactivatedKeyCount() const
{
    int n = 0;
    for (const TargetResult &r : m_results)
        n += int(r.deactivated.size());
    return n;
}

void BreakGlass::start()
{
    if (m_running)
        return;
    m_running = true;
    m_listed = false;
    m_listingError.reset();
    m_results.clear();
    m_peakInFlight = 0;
    TargetQuery query;
    query.limit = 1000;
    query.asc = true;
    // The listing's pages go one after the other: one request in flight.
    ++m_inFlight;
    m_peakInFlight = std::max(m_peakInFlight, m_inFlight);
    m_workflow->client()->listAllTargets(
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
            --m_inFlight;
            if (!r) {
                m_listingError = r.error();
                m_running = false;
                Q_EMIT finished();
                return;
            }
            m_listed = true;
            Q_EMIT targetsListed(int(m_results.size()));
            for (int i = 0; i < m_results.size(); ++i)
                runTarget(i);
            finishIfDone();
        });
}

void BreakGlass::retryFailed()
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
        m_results[i].errors.clear();
        m_results[i].serverRefused = false;
        runTarget(i);
    }
    finishIfDone();
}

void BreakGlass::enqueue(std::function<void(std::function<void()>)> send)
{
    m_waiting.append(std::move(send));
    pumpRequests();
}

void BreakGlass::pumpRequests()
{
    while (m_inFlight < m_maxInFlight && !m_waiting.isEmpty()) {
        auto send = m_waiting.takeFirst();
        ++m_inFlight;
        m_peakInFlight = std::max(m_peakInFlight, m_inFlight);
        // The request is created only now: the client starts its deadline when the call is made.
        send([this] {
            --m_inFlight;
            pumpRequests();
        });
    }
}

void BreakGlass::runTarget(int index)
{
    ++m_targetsOpen;
    m_results[index].status = Status::Waiting;
    Q_EMIT resultChanged(index);
    const QString targetId = m_results.at(index).targetId;
    enqueue([this, index, targetId](std::function<void()> sent) {
        m_results[index].status = Status::Running;
        Q_EMIT resultChanged(index);
        PublicKeyQuery query;
        query.active = true;
        query.limit = 1000;
        m_workflow->client()->listPublicKeys(
            targetId, query, this, [this, index, targetId, sent](Result<PublicKeyPage> r) {
                sent();
                TargetResult &result = m_results[index];
                if (!r) {
                    result.errors << tr("listing the keys: %1").arg(r.error().toString());
                    result.serverRefused = result.serverRefused || r.error().kind == ApiError::Kind::Server;
                    targetDone(index);
                    return;
                }
                QList<KeyRef> active;
                for (const PublicKey &k : r->publicKeys) {
                    if (k.active)
                        active.append(KeyRef{targetId, k.keyId, k.fingerprint});
                }
                if (active.isEmpty()) {
                    targetDone(index);
                    return;
                }
                auto remaining = std::make_shared<qsizetype>(active.size());
                for (const KeyRef &key : std::as_const(active)) {
                    enqueue([this, index, key, remaining](std::function<void()> keySent) {
                        m_workflow->deactivate(key, Reason::InstanceWide, this,
                                               [this, index, key, remaining, keySent](Result<QDateTime> d) {
                                                   keySent();
                                                   TargetResult &t = m_results[index];
                                                   if (d) {
                                                       t.deactivated << key.keyId;
                                                   } else {
                                                       t.errors
                                                           << tr("key %1: %2").arg(key.keyId, d.error().toString());
                                                       t.serverRefused =
                                                           t.serverRefused || d.error().kind == ApiError::Kind::Server;
                                                   }
                                                   if (--*remaining == 0)
                                                       targetDone(index);
                                               });
                    });
                }
            });
    });
}

void BreakGlass::targetDone(int index)
{
    TargetResult &r = m_results[index];
    if (!r.errors.isEmpty())
        r.status = Status::Failed;
    else if (!r.deactivated.isEmpty())
        r.status = Status::Deactivated;
    else
        r.status = Status::NoActiveKey;
    --m_targetsOpen;
    Q_EMIT resultChanged(index);
    finishIfDone();
}

void BreakGlass::finishIfDone()
{
    if (!m_running || m_targetsOpen > 0 || m_inFlight > 0 || !m_waiting.isEmpty())
        return;
    m_running = false;
    Q_EMIT finished();
}

} // namespace targetdesk::keys
