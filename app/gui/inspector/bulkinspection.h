#pragma once

#include "inspector/bulkinspectionmodel.h"

#include "inspect/inspector.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace targetdesk::gui
{

// Inspects every line of a JSON-lines file of captured deliveries (a token, or {"headers":{...},"body":"..."})
// on a thread pool of its own: reads the file, lets the caller get the keys the lines ask for (by kid), then
// inspects all lines in parallel on every core but one (the window's). Rows arrive in file order, in batches, and
// progress with them, so the window does little work per line. Cancel stops at once; the rows so far stay.
class BulkInspection : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Reading, Preparing, Inspecting, Finished, Cancelled, Failed };
    // Called on this object's thread with the key ids the file's JWEs name; must call `go` (later is fine) with
    // the options to inspect with.
    using Prepare = std::function<void(const QStringList &kids, std::function<void(inspect::InspectOptions)> go)>;

    // Larger files are refused (a bulk file is read into memory).
    static constexpr qint64 maxFileSize = qint64(1024) * 1024 * 1024;

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
    // The input of a 1-based file line, for the detail view; empty when unknown.
    QByteArray input(int line) const;

Q_SIGNALS:
    void stateChanged(targetdesk::gui::BulkInspection::State state);
    void progress(int inspected, int total);
    void rowsReady(const QList<targetdesk::gui::BulkRow> &rows);

private:
    struct Line {
        int number = 0;
        QByteArray text;
    };
    struct FileContent {
        QList<Line> lines;
        QStringList kids;
        QString error;
    };
    static FileContent readFile(const QString &path, const std::shared_ptr<std::atomic_bool> &cancelled);
    void setState(State state);
    void onRead(FileContent content, Prepare prepare);
    void inspectAll(const inspect::InspectOptions &options);
    void flush();
    void onFinished();

    State m_state = State::Idle;
    QString m_path;
    QString m_error;
    std::shared_ptr<const QList<Line>> m_lines;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    QFutureWatcher<FileContent> *m_reader = nullptr;
    QFutureWatcher<BulkRow> *m_watcher = nullptr;
    QThreadPool m_pool;
    QTimer m_flushTimer;
    int m_next = 0; // the first row not handed out yet
    int m_inspected = 0;
    quint64 m_run = 0;
};

} // namespace targetdesk::gui
