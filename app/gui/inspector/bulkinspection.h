#pragma once

#include "inspector/bulkinspectionmodel.h"

#include "inspect/inspector.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

namespace targetdesk::gui
{

// Inspects every line of a JSON-lines file of captured deliveries (a token, or {"headers":{...},"body":"..."})
// off the window's thread: a first pass streams through the file for the line positions and the key ids the lines
// ask for (so the caller can load those keys), then the lines are read again a window at a time and inspected in
// parallel on every core but one (the window's). At most `window` lines are in memory at once; rows arrive in file
// order, a window at a time, with progress. Cancel stops reading and inspecting at once; the rows so far stay.
class BulkInspection : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Reading, Preparing, Inspecting, Finished, Cancelled, Failed };
    // Called on this object's thread with the key ids the file's JWEs name; must call `go` (later is fine) with
    // the options to inspect with.
    using Prepare = std::function<void(const QStringList &kids, std::function<void(inspect::InspectOptions)> go)>;

    // Larger files are refused (the table holds a row per line).
    static constexpr qint64 maxFileSize = qint64(1024) * 1024 * 1024;
    // Lines read and inspected at a time; also the most line texts held in memory at once.
    static constexpr int window = 256;

    explicit BulkInspection(QObject *parent = nullptr);
    // Cancels and waits for the workers.
    ~BulkInspection() override;

    void start(const QString &path, Prepare prepare);
    void cancel();

    State state() const { return m_state; }
    bool isRunning() const
    {
        return m_state == State::Reading || m_state == State::Preparing || m_state == State::Inspecting;
    }
    QString path() const { return m_path; }
    QString errorText() const { return m_error; }
    // Non-empty lines in the file, and how many were inspected so far.
    int total() const { return int(m_lines ? m_lines->size() : 0); }
    int inspected() const { return m_inspected; }
    // The input of a 1-based file line, for the detail view (read from the file again); empty when unknown.
    QByteArray input(int line) const;
    // The most line texts this job held in memory at once, over its runs (for tests: bounded by `window`).
    int peakLinesInMemory() const { return m_counters->peak.load(); }

Q_SIGNALS:
    void stateChanged(targetdesk::gui::BulkInspection::State state);
    void progress(int inspected, int total);
    void rowsReady(const QList<targetdesk::gui::BulkRow> &rows);

private:
    // Where a non-empty line is in the file (trimmed).
    struct Line {
        int number = 0;
        qint64 offset = 0;
        qint64 length = 0;
    };
    struct FileScan {
        QList<Line> lines;
        QStringList kids;
        QString error;
    };
    // Line texts in memory right now, and the most at once.
    struct Counters {
        std::atomic_int held{0};
        std::atomic_int peak{0};
        void add(int n);
    };
    // One run's shared state between the window's thread and the workers.
    struct Run;

    static FileScan scanFile(const QString &path, const std::shared_ptr<std::atomic_bool> &cancelled);
    static void inspectFile(BulkInspection *self, std::shared_ptr<Run> run);
    void setState(State state);
    void onScanned(quint64 run, FileScan scan, const Prepare &prepare);
    void inspectAll(const inspect::InspectOptions &options);
    void onRows(const std::shared_ptr<Run> &run, const QList<BulkRow> &rows);
    void onInspected(const std::shared_ptr<Run> &run, bool cancelled, const QString &error);
    void forgetFinishedTasks();

    State m_state = State::Idle;
    QString m_path;
    QString m_error;
    std::shared_ptr<const QList<Line>> m_lines;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    std::shared_ptr<Run> m_run;
    std::shared_ptr<Counters> m_counters;
    QList<QFuture<void>> m_tasks; // every worker task still running, waited for on destruction
    QThreadPool m_pool;           // inspects the lines
    QThreadPool m_readers;        // scans and feeds the file, one task per run
    int m_inspected = 0;
    quint64 m_runId = 0;
};

} // namespace targetdesk::gui
