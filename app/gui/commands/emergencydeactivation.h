#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class AuditLog;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// "Emergency: deactivate all active keys" for a whole instance: lists every target, then for each one lists its
// active keys and deactivates them, several targets at a time (bounded, so a large instance is not flooded).
// Every deactivation is a break-glass audit entry. Targets that failed can be retried; a retry only touches keys
// that are still active.
class EmergencyDeactivation : public QObject
{
    Q_OBJECT
public:
    enum class Status { Waiting, Running, Deactivated, NoActiveKey, Failed };
    Q_ENUM(Status)

    struct TargetResult {
        QString targetId;
        QString name;
        Status status = Status::Waiting;
        QStringList deactivated; // key ids
        QStringList errors;
    };

    EmergencyDeactivation(ZitadelClient *client, vault::AuditLog *audit, const QString &instance,
                          QObject *parent = nullptr);
    ~EmergencyDeactivation() override;

    void setMaxConcurrent(int count) { m_maxConcurrent = std::max(1, count); }
    int maxConcurrent() const { return m_maxConcurrent; }

    void start();
    // Runs the failed targets again (or the listing, if that failed).
    void retryFailed();
    bool isRunning() const { return m_running; }

    const QList<TargetResult> &results() const { return m_results; }
    QString listingError() const { return m_listingError; }
    int count(Status status) const;
    int deactivatedKeyCount() const;

Q_SIGNALS:
    void targetsListed(int count);
    void resultChanged(int index);
    void finished();

private:
    void pump();
    void runTarget(int index);
    void targetDone(int index);
    void finishIfDone();

    ZitadelClient *m_client;
    QPointer<vault::AuditLog> m_audit;
    QString m_instance;
    QList<TargetResult> m_results;
    QList<int> m_queue;
    QString m_listingError;
    int m_active = 0;
    int m_maxConcurrent = 8;
    bool m_running = false;
    bool m_listed = false;
};

} // namespace targetdesk::gui
