#pragma once

#include "api/apierror.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace targetdesk::keys
{

class KeyWorkflow;

// Break-glass for a whole instance (one target's one-click break-glass is KeyWorkflow::deactivate with
// Reason::BreakGlass): lists every target, then for each one lists its active keys and deactivates
// them. At most maxInFlight() requests are on the wire at once, and a request is handed to the client only when it
// can go out, so each request's deadline starts when it is sent, not while it waits behind others (a large
// instance neither floods the server nor times out in the queue). Every deactivation is a break-glass audit entry
// (through the KeyWorkflow). Failed targets can be retried; a retry only touches keys that are still active.
//
// The workflow is not owned and must outlive this object.
class BreakGlass : public QObject
{
    Q_OBJECT
public:
    enum class Status { Waiting, Running, Deactivated, NoActiveKey, Failed };
    Q_ENUM(Status)

    struct TargetResult {
        QString targetId;
        QString name;
        Status status = Status::Waiting;
        QStringList deactivated;    // key ids
        QStringList errors;         // one line per failed request
        bool serverRefused = false; // at least one failure was the server's answer, not the network's
    };

    explicit BreakGlass(KeyWorkflow *workflow, QObject *parent = nullptr);
    ~BreakGlass() override;

    // Six: what Qt sends to one host at once over HTTP/1.1, so nothing waits inside Qt either.
    static constexpr int defaultMaxInFlight = 6;
    void setMaxInFlight(int count) { m_maxInFlight = std::max(1, count); }
    int maxInFlight() const { return m_maxInFlight; }
    // The most requests that were on the wire at the same time in this run (for tests and reports).
    int peakInFlight() const { return m_peakInFlight; }

    void start();
    // Runs the failed targets again (or the listing, if that failed).
    void retryFailed();
    bool isRunning() const { return m_running; }

    const QList<TargetResult> &results() const { return m_results; }
    // Why the targets could not be listed (then nothing was tried); empty when they were.
    QString listingError() const { return m_listingError ? m_listingError->toString() : QString(); }
    const std::optional<ApiError> &listingFailure() const { return m_listingError; }
    bool listingRefusedByServer() const { return m_listingError && m_listingError->kind == ApiError::Kind::Server; }
    int count(Status status) const;
    int deactivatedKeyCount() const;

Q_SIGNALS:
    void targetsListed(int count);
    void resultChanged(int index);
    void finished();

private:
    // Runs `send` now or when a slot frees up; `send` gets the function to call once its request is done.
    void enqueue(std::function<void(std::function<void()>)> send);
    void pumpRequests();
    void runTarget(int index);
    void targetDone(int index);
    void finishIfDone();

    KeyWorkflow *m_workflow;
    QList<TargetResult> m_results;
    QList<std::function<void(std::function<void()>)>> m_waiting;
    std::optional<ApiError> m_listingError;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    int m_targetsOpen = 0;
    int m_maxInFlight = defaultMaxInFlight;
    bool m_running = false;
    bool m_listed = false;
};

} // namespace targetdesk::keys
