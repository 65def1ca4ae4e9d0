#pragma once

#include "api/apierror.h"
#include "api/targetmessages.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace targetdesk
{
class ApiCall;
class TargetListModel;
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// Fills a TargetListModel from the instance page by page, so the first rows show while later pages are still on
// their way. A reload merges into the rows already shown (selection and scroll position survive) and, once
// complete, removes the targets the server no longer has.
class TargetListLoader : public QObject
{
    Q_OBJECT
public:
    TargetListLoader(ZitadelClient *client, TargetListModel *model, QObject *parent = nullptr);
    ~TargetListLoader() override;

    bool isLoading() const { return !m_call.isNull(); }
    // True once a load has completed without error (the model then mirrors the server).
    bool hasLoaded() const { return m_hasLoaded; }
    // The error of the last load; meaningful only while hasError().
    const ApiError &lastError() const { return m_lastError; }
    bool hasError() const { return m_failed; }
    quint64 loadedCount() const { return m_loaded; }
    quint64 expectedTotal() const { return m_total; }

    void setPageSize(quint32 size) { m_pageSize = size; }
    quint32 pageSize() const { return m_pageSize; }

    // The order in which the server sends pages; Unspecified means oldest first. The next reload uses it.
    void setServerSort(TargetSortColumn column, bool ascending);
    TargetSortColumn serverSortColumn() const { return m_sortColumn; }
    bool serverSortAscending() const { return m_sortAscending; }

public Q_SLOTS:
    // Starts loading; a load already running is abandoned in favour of the new one.
    void reload();
    void cancel();

Q_SIGNALS:
    void started();
    void pageLoaded(int pageSize, quint64 loaded, quint64 total);
    void finished(quint64 total);
    void failed(const targetdesk::ApiError &error);
    void loadingChanged(bool loading);

private:
    ZitadelClient *m_client;
    TargetListModel *m_model;
    QPointer<ApiCall> m_call;
    quint64 m_generation = 0;
    quint32 m_pageSize = 500;
    TargetSortColumn m_sortColumn = TargetSortColumn::Unspecified;
    bool m_sortAscending = true;
    QSet<QString> m_seen;
    quint64 m_loaded = 0;
    quint64 m_total = 0;
    bool m_hasLoaded = false;
    bool m_failed = false;
    ApiError m_lastError;
};

} // namespace targetdesk::gui
