#include "targets/activekeyfetcher.h"

#include "api/zitadelclient.h"
#include "model/targetlistmodel.h"

namespace targetdesk::gui
{

ActiveKeyFetcher::ActiveKeyFetcher(ZitadelClient *client, TargetListModel *model, QObject *parent)
    : QObject(parent), m_client(client), m_model(model)
{
}

ActiveKeyFetcher::~ActiveKeyFetcher() = default;

void ActiveKeyFetcher::request(const QStringList &ids)
{
    // Walk backwards so the first id ends up first in the queue.
    for (auto it = ids.crbegin(); it != ids.crend(); ++it) {
        const QString &id = *it;
        if (id.isEmpty() || m_fresh.contains(id) || m_inFlight.contains(id))
            continue;
        m_queue.removeOne(id);
        m_queue.prepend(id);
    }
    if (m_queue.size() > m_maxQueued)
        m_queue.resize(m_maxQueued);
    pump();
}

void ActiveKeyFetcher::refetch(const QString &id)
{
    m_fresh.remove(id);
    request({id});
}

void ActiveKeyFetcher::invalidate()
{
    ++m_generation;
    m_fresh.clear();
    m_queue.clear();
}

void ActiveKeyFetcher::pump()
{
    while (m_inFlight.size() < m_maxConcurrent && !m_queue.isEmpty()) {
        const QString id = m_queue.takeFirst();
        if (m_inFlight.contains(id) || m_fresh.contains(id) || !m_model->containsId(id))
            continue;
        m_inFlight.insert(id);
        const quint64 generation = m_generation;
        PublicKeyQuery query;
        query.limit = 1000; // a target has a handful of keys; one page holds them all
        m_client->listPublicKeys(id, query, this, [this, id, generation](Result<PublicKeyPage> result) {
            m_inFlight.remove(id);
            if (result.ok() || result.error().kind != ApiError::Kind::Cancelled) {
                // An answer from before a refresh is still newer than what is shown; it just does not count as
                // fresh, so the row is asked again when it is next seen.
                if (generation == m_generation)
                    m_fresh.insert(id);
                m_model->setKeySummary(id, result ? TargetKeySummary::fromKeys(result->publicKeys)
                                                  : TargetKeySummary::failed(result.error().toString()));
                Q_EMIT summaryChanged(id);
            }
            pump();
        });
    }
}

} // namespace targetdesk::gui
