#include "inspector/bulkinspection.h"

#include "crypto/base64url.h"
#include "inspect/capture.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSet>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <numeric>

namespace targetdesk::gui
{

namespace
{

// Bytes read from the file at a time while scanning.
constexpr qint64 scanBlockSize = 1024 * 1024;

// The kid of a compact JWE body, read from its header only; empty for anything else.
QString jweKid(const inspect::Capture &capture)
{
    const QByteArray body = capture.body.trimmed();
    if (body.count('.') != 4)
        return {};
    const std::optional<QByteArray> header = crypto::base64UrlDecode(QByteArrayView(body).first(body.indexOf('.')));
    if (!header || header->size() > 16 * 1024)
        return {};
    return QJsonDocument::fromJson(*header).object().value(QLatin1String("kid")).toString();
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// A line's text: at most one byte more than a capture may have, so an overlong line is reported as too large
// without being read whole.
QByteArray readLine(QFile &file, qint64 offset, qint64 length)
{
    if (!file.seek(offset))
        return {};
    return file.read(std::min<qint64>(length, inspect::maxCaptureSize + 1));
}

} // namespace

struct BulkInspection::Run {
    quint64 id = 0;
    QString path;
    std::shared_ptr<const QList<Line>> lines;
    inspect::InspectOptions options;
    std::shared_ptr<std::atomic_bool> cancelled;
    std::shared_ptr<Counters> counters;
    QThreadPool *pool = nullptr;
    // Windows of rows handed to the window's thread and not yet taken: the reader waits rather than run ahead.
    QSemaphore credits{2};
};

void BulkInspection::Counters::add(int n)
{
    const int now = held.fetch_add(n) + n;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
}

BulkInspection::BulkInspection(QObject *parent) : QObject(parent), m_counters(std::make_shared<Counters>())
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
    m_readers.setMaxThreadCount(4);
}

BulkInspection::~BulkInspection()
{
    if (m_cancelled)
        *m_cancelled = true;
    // Every older run was cancelled when the next one started; their tasks end within a line's inspection.
    for (QFuture<void> &task : m_tasks)
        task.waitForFinished();
}

QByteArray BulkInspection::input(int line) const
{
    if (!m_lines)
        return {};
    // Lines are in file order: binary search by number.
    const auto it = std::lower_bound(m_lines->begin(), m_lines->end(), line,
                                     [](const Line &l, int number) { return l.number < number; });
    if (it == m_lines->end() || it->number != line)
        return {};
    QFile file(m_path);
    return file.open(QIODevice::ReadOnly) ? readLine(file, it->offset, it->length) : QByteArray();
}

void BulkInspection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void BulkInspection::forgetFinishedTasks()
{
    m_tasks.removeIf([](const QFuture<void> &task) { return task.isFinished(); });
}

BulkInspection::FileScan BulkInspection::scanFile(const QString &path,
                                                  const std::shared_ptr<std::atomic_bool> &cancelled)
{
    FileScan out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = tr("Cannot open %1: %2").arg(path, file.errorString());
        return out;
    }
    if (file.size() > maxFileSize) {
        out.error = tr("%1 is larger than 1 GiB; split it into smaller files.").arg(path);
        return out;
    }
    QSet<QString> kids;
    // The current line so far, up to one byte beyond a capture's limit: one line in memory at a time.
    QByteArray current;
    qint64 lineStart = 0;
    qint64 position = 0;
    int number = 0;
    const auto endLine = [&](qint64 end) {
        ++number;
        const bool overlong = end - lineStart > current.size();
        qsizetype lead = 0;
        while (lead < current.size() && isSpace(current.at(lead)))
            ++lead;
        qsizetype trail = 0;
        while (!overlong && trail < current.size() - lead && isSpace(current.at(current.size() - 1 - trail)))
            ++trail;
        const qint64 length = end - lineStart - lead - trail;
        if (length > 0) {
            if (!overlong) {
                const QString kid = jweKid(inspect::parseCapture(QByteArrayView(current).sliced(lead, length)));
                if (!kid.isEmpty())
                    kids.insert(kid);
            }
            out.lines.append({number, lineStart + lead, length});
        }
        current.clear();
        lineStart = end + 1;
    };
    QByteArray block;
    while (!*cancelled) {
        block = file.read(scanBlockSize);
        if (block.isEmpty())
            break;
        qsizetype from = 0;
        while (from < block.size()) {
            const qsizetype newline = block.indexOf('\n', from);
            const qsizetype to = newline < 0 ? block.size() : newline;
            const qsizetype room = inspect::maxCaptureSize + 1 - current.size();
            current.append(
                QByteArrayView(block).sliced(from, std::min<qsizetype>(to - from, std::max<qsizetype>(0, room))));
            if (newline < 0)
                break;
            endLine(position + newline);
            from = newline + 1;
        }
        position += block.size();
    }
    if (file.error() != QFileDevice::NoError) {
        out.error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return out;
    }
    if (!*cancelled && position > lineStart)
        endLine(position);
    out.kids = QStringList(kids.begin(), kids.end());
    out.kids.sort();
    return out;
}

void BulkInspection::start(const QString &path, Prepare prepare)
{
    if (m_cancelled)
        *m_cancelled = true; // the old run's workers stop; their rows are ignored by run id
    forgetFinishedTasks();
    ++m_runId;
    m_run.reset();
    m_path = path;
    m_error.clear();
    m_lines.reset();
    m_inspected = 0;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    setState(State::Reading);
    Q_EMIT progress(0, 0);

    const quint64 run = m_runId;
    const std::shared_ptr<std::atomic_bool> cancelled = m_cancelled;
    m_tasks.append(QtConcurrent::run(&m_readers, [this, run, path, cancelled, prepare = std::move(prepare)] {
        FileScan scan = scanFile(path, cancelled);
        QMetaObject::invokeMethod(
            this, [this, run, scan = std::move(scan), prepare] { onScanned(run, std::move(scan), prepare); },
            Qt::QueuedConnection);
    }));
}

void BulkInspection::onScanned(quint64 run, FileScan scan, const Prepare &prepare)
{
    if (run != m_runId)
        return;
    if (*m_cancelled) {
        setState(State::Cancelled);
        return;
    }
    if (!scan.error.isEmpty()) {
        m_error = scan.error;
        setState(State::Failed);
        return;
    }
    m_lines = std::make_shared<const QList<Line>>(std::move(scan.lines));
    Q_EMIT progress(0, total());
    setState(State::Preparing);
    prepare(scan.kids, [this, run](inspect::InspectOptions options) {
        if (run != m_runId || m_state != State::Preparing)
            return;
        inspectAll(options);
    });
}

void BulkInspection::inspectAll(const inspect::InspectOptions &options)
{
    setState(State::Inspecting);
    auto run = std::make_shared<Run>();
    run->id = m_runId;
    run->path = m_path;
    run->lines = m_lines;
    run->options = options;
    run->cancelled = m_cancelled;
    run->counters = m_counters;
    run->pool = &m_pool;
    m_run = run;
    m_tasks.append(QtConcurrent::run(&m_readers, &BulkInspection::inspectFile, this, run));
}

// On a reader thread: reads `window` lines, inspects them on the pool (inspectDelivery is thread-safe and every
// worker shares the options: keys, JWKS), hands the rows to the window's thread, and goes on with the next window.
void BulkInspection::inspectFile(BulkInspection *self, std::shared_ptr<Run> run)
{
    const QList<Line> &lines = *run->lines;
    QString error;
    bool cancelled = false;
    QFile file(run->path);
    if (!file.open(QIODevice::ReadOnly))
        error = tr("Cannot open %1: %2").arg(run->path, file.errorString());
    for (qsizetype first = 0; error.isEmpty() && first < lines.size(); first += window) {
        if (*run->cancelled) {
            cancelled = true;
            break;
        }
        const int count = int(std::min<qsizetype>(window, lines.size() - first));
        QList<QByteArray> texts;
        texts.reserve(count);
        run->counters->add(count);
        for (int i = 0; i < count && !*run->cancelled; ++i)
            texts.append(readLine(file, lines.at(first + i).offset, lines.at(first + i).length));
        QList<int> indexes(texts.size());
        std::iota(indexes.begin(), indexes.end(), 0);
        QList<BulkRow> rows = QtConcurrent::blockingMapped(run->pool, std::move(indexes), [&](int i) {
            if (*run->cancelled)
                return BulkRow{}; // line 0: not inspected
            return BulkRow::fromReport(lines.at(first + i).number, inspect::inspectDelivery(texts.at(i), run->options));
        });
        texts.clear();
        run->counters->add(-count);
        // Rows after the first one not inspected would break the file order: only the unbroken start is kept.
        const auto gap = std::find_if(rows.begin(), rows.end(), [](const BulkRow &row) { return row.line == 0; });
        if (gap != rows.end() || rows.size() < count) {
            rows.erase(gap, rows.end());
            cancelled = true;
        }
        while (!run->credits.tryAcquire(1, 50)) {
            if (*run->cancelled)
                break;
        }
        if (!rows.isEmpty())
            QMetaObject::invokeMethod(
                self, [self, run, rows] { self->onRows(run, rows); }, Qt::QueuedConnection);
        if (cancelled)
            break;
    }
    QMetaObject::invokeMethod(
        self, [self, run, cancelled, error] { self->onInspected(run, cancelled, error); }, Qt::QueuedConnection);
}

void BulkInspection::onRows(const std::shared_ptr<Run> &run, const QList<BulkRow> &rows)
{
    run->credits.release();
    if (run != m_run)
        return;
    m_inspected += int(rows.size());
    Q_EMIT rowsReady(rows);
    Q_EMIT progress(m_inspected, total());
}

void BulkInspection::onInspected(const std::shared_ptr<Run> &run, bool cancelled, const QString &error)
{
    forgetFinishedTasks();
    if (run != m_run)
        return;
    m_run.reset();
    if (!error.isEmpty()) {
        m_error = error;
        setState(State::Failed);
        return;
    }
    Q_EMIT progress(m_inspected, total());
    setState(cancelled || *m_cancelled ? State::Cancelled : State::Finished);
}

void BulkInspection::cancel()
{
    if (!isRunning())
        return;
    if (m_cancelled)
        *m_cancelled = true;
    if (m_state == State::Inspecting && m_run)
        return; // Cancelled follows once the lines being inspected are done
    ++m_runId;  // a scan or a key load still on its way is ignored
    setState(State::Cancelled);
}

} // namespace targetdesk::gui
