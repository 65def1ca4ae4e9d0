#include "targets/targetlistloader.h"

#include "api/zitadelclient.h"
#include "model/targetlistmodel.h"

namespace targetdesk::gui
{

TargetListLoader::TargetListLoader(ZitadelClient *client, TargetListModel *model, QObject *parent)
    : QObject(parent), m_client(client), m_model(model)
{
}

TargetListLoader::~TargetListLoader()
{
    ++m_generation;
    if (m_call)
        m_call->cancel();
}

void TargetListLoader::setServerSort(TargetSortColumn column, bool ascending)
{
    m_sortColumn = column;
    m_sortAscending = ascending;
}

void TargetListLoader::reload()
{
    const bool wasLoading = isLoading();
    const quint64 generation = ++m_generation;
    if (m_call)
        m_call->cancel();
    m_seen.clear();
    m_loaded = 0;
    m_total = 0;
    m_failed = false;
    m_lastError = ApiError();

    TargetQuery query;
    query.limit = m_pageSize;
    // In the order the list shows, so the first page holds the top rows and later pages extend the list below them.
    // Without a server-side order, oldest first: targets created while paging land on later pages.
    if (m_sortColumn == TargetSortColumn::Unspecified) {
        query.sortingColumn = TargetSortColumn::CreatedDate;
        query.asc = true;
    } else {
        query.sortingColumn = m_sortColumn;
        query.asc = m_sortAscending;
    }

    m_call = m_client->listAllTargets(
        query, this,
        [this, generation](const TargetPage &page) {
            if (generation != m_generation)
                return;
            for (const Target &t : page.targets)
                m_seen.insert(t.id);
            m_loaded += quint64(page.targets.size());
            m_total = std::max(page.totalResult, m_loaded);
            m_model->appendTargets(page.targets);
            Q_EMIT pageLoaded(int(page.targets.size()), m_loaded, m_total);
        },
        [this, generation](Result<quint64> result) {
            if (generation != m_generation)
                return;
            m_call = nullptr;
            if (!result) {
                // Keep what arrived so far: a partial list with an error beats an empty one.
                m_failed = true;
                m_lastError = result.error();
                Q_EMIT failed(m_lastError);
                Q_EMIT loadingChanged(false);
                return;
            }
            m_model->retainIds(m_seen);
            m_seen.clear();
            m_hasLoaded = true;
            Q_EMIT finished(quint64(m_model->rowCount()));
            Q_EMIT loadingChanged(false);
        });
    Q_EMIT started();
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
}

void TargetListLoader::cancel()
{
    if (!m_call)
        return;
    ++m_generation;
    m_call->cancel();
    m_call = nullptr;
    m_seen.clear();
    Q_EMIT loadingChanged(false);
}

} // namespace targetdesk::gui
