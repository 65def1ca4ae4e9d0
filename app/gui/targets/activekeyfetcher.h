#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

namespace targetdesk
{
class TargetListModel;
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// Learns the active public key of targets on demand (one ListPublicKeys call per target), for the rows the user
// can see and the selected target only, a few calls at a time, and stores what it learns in the model. Results are
// cached until invalidate() (a refresh): stale values stay visible until fetched again, so the column does not blink.
class ActiveKeyFetcher : public QObject
{
    Q_OBJECT
public:
    ActiveKeyFetcher(ZitadelClient *client, TargetListModel *model, QObject *parent = nullptr);
    ~ActiveKeyFetcher() override;

    void setMaxConcurrent(int count) { m_maxConcurrent = std::max(1, count); }
    int maxConcurrent() const { return m_maxConcurrent; }
    // Requests still waiting beyond this many are dropped (they were for rows scrolled away long ago).
    void setMaxQueued(int count) { m_maxQueued = std::max(1, count); }

    // Fetches the keys of these targets unless fresh; later calls go first (what is visible now matters most).
    void request(const QStringList &ids);
    // Fetches again even when fresh (after the keys of this target changed).
    void refetch(const QString &id);
    // Everything becomes stale; waiting requests are dropped.
    void invalidate();

    int inFlightCount() const { return int(m_inFlight.size()); }
    int queuedCount() const { return int(m_queue.size()); }
    bool isFresh(const QString &id) const { return m_fresh.contains(id); }

Q_SIGNALS:
    void summaryChanged(const QString &id);

private:
    void pump();

    ZitadelClient *m_client;
    TargetListModel *m_model;
    QList<QString> m_queue;
    QSet<QString> m_inFlight;
    QSet<QString> m_fresh;
    quint64 m_generation = 0;
    int m_maxConcurrent = 4;
    int m_maxQueued = 200;
};

} // namespace targetdesk::gui
