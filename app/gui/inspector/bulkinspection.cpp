#include "inspector/bulkinspection.h"

#include "crypto/base64url.h"
#include "inspect/capture.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
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

} // namespace

BulkInspection::BulkInspection(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(60);
    connect(&m_flushTimer, &QTimer::timeout, this, &BulkInspection::flush);
}

BulkInspection::~BulkInspection()
{
    if (m_cancelled)
        *m_cancelled = true;
    if (m_watcher) {
        m_watcher->cancel();
        m_watcher->waitForFinished();
    }
    if (m_reader)
        m_reader->waitForFinished();
}

QByteArray BulkInspection::input(int line) const
{
    if (!m_lines)
        return {};
    // Lines are in file order: binary search by number.
    const auto it = std::lower_bound(m_lines->begin(), m_lines->end(), line,
                                     [](const Line &l, int number) { return l.number < number; });
    return it != m_lines->end() && it->number == line ? it->text : QByteArray();
}

void BulkInspection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

BulkInspection::FileContent BulkInspection::readFile(const QString &path,
                                                     const std::shared_ptr<std::atomic_bool> &cancelled)
{
    FileContent out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = tr("Cannot open %1: %2").arg(path, file.errorString());
        return out;
    }
    if (file.size() > maxFileSize) {
        out.error = tr("%1 is larger than 1 GiB; split it into smaller files.").arg(path);
        return out;
    }
    const QByteArray all = file.readAll();
    QSet<QString> kids;
    int number = 0;
    qsizetype start = 0;
    while (start < all.size() && !*cancelled) {
        qsizetype end = all.indexOf('\n', start);
        if (end < 0)
            end = all.size();
        ++number;
        const QByteArray line = all.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty())
            continue;
        const QString kid = jweKid(inspect::parseCapture(line));
        if (!kid.isEmpty())
            kids.insert(kid);
        out.lines.append({number, line});
    }
    out.kids = QStringList(kids.begin(), kids.end());
    out.kids.sort();
    return out;
}

void BulkInspection::start(const QString &path, Prepare prepare)
{
    if (m_watcher) {
        // The old run's lines must not land in the new one; its running lines take milliseconds.
        m_watcher->disconnect(this);
        m_watcher->cancel();
        m_watcher->waitForFinished();
        m_watcher->deleteLater();
        m_watcher = nullptr;
    }
    cancel();
    ++m_run;
    m_path = path;
    m_error.clear();
    m_lines.reset();
    m_next = 0;
    m_inspected = 0;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    setState(State::Reading);
    Q_EMIT progress(0, 0);

    auto *reader = new QFutureWatcher<FileContent>(this);
    m_reader = reader;
    const quint64 run = m_run;
    connect(reader, &QFutureWatcher<FileContent>::finished, this, [this, reader, run, prepare = std::move(prepare)] {
        reader->deleteLater();
        if (m_reader == reader)
            m_reader = nullptr;
        if (run != m_run)
            return;
        onRead(reader->result(), prepare);
    });
    reader->setFuture(QtConcurrent::run(&BulkInspection::readFile, path, m_cancelled));
}

void BulkInspection::onRead(FileContent content, Prepare prepare)
{
    if (*m_cancelled) {
        setState(State::Cancelled);
        return;
    }
    if (!content.error.isEmpty()) {
        m_error = content.error;
        setState(State::Failed);
        return;
    }
    m_lines = std::make_shared<const QList<Line>>(std::move(content.lines));
    Q_EMIT progress(0, total());
    setState(State::Preparing);
    const quint64 run = m_run;
    prepare(content.kids, [this, run](inspect::InspectOptions options) {
        if (run != m_run || m_state != State::Preparing)
            return;
        inspectAll(options);
    });
}

void BulkInspection::inspectAll(const inspect::InspectOptions &options)
{
    setState(State::Inspecting);
    const std::shared_ptr<const QList<Line>> lines = m_lines;
    QList<int> indexes(lines->size());
    std::iota(indexes.begin(), indexes.end(), 0);

    auto *watcher = new QFutureWatcher<BulkRow>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<BulkRow>::resultsReadyAt, this, [this, watcher] {
        if (m_watcher == watcher && !m_flushTimer.isActive())
            m_flushTimer.start();
    });
    connect(watcher, &QFutureWatcher<BulkRow>::progressValueChanged, this, [this, watcher](int value) {
        if (m_watcher == watcher)
            m_inspected = value; // shown with the next batch of rows
    });
    connect(watcher, &QFutureWatcher<BulkRow>::finished, this, &BulkInspection::onFinished);
    // Every worker shares the options (keys, JWKS): inspectDelivery is thread-safe.
    watcher->setFuture(QtConcurrent::mapped(&m_pool, std::move(indexes), [lines, options](int i) {
        const Line &line = lines->at(i);
        return BulkRow::fromReport(line.number, inspect::inspectDelivery(line.text, options));
    }));
}

void BulkInspection::flush()
{
    if (!m_watcher)
        return;
    const QFuture<BulkRow> future = m_watcher->future();
    QList<BulkRow> batch;
    while (m_next < total() && future.isResultReadyAt(m_next))
        batch.append(future.resultAt(m_next++));
    if (!batch.isEmpty())
        Q_EMIT rowsReady(batch);
    Q_EMIT progress(m_inspected, total());
}

void BulkInspection::onFinished()
{
    QFutureWatcher<BulkRow> *watcher = m_watcher;
    if (!watcher)
        return;
    m_flushTimer.stop();
    const bool cancelled = watcher->isCanceled() || *m_cancelled;
    if (!cancelled) {
        flush();
        m_inspected = total();
        Q_EMIT progress(m_inspected, total());
    } else {
        // Rows after the first gap would break the file order: only the unbroken start is kept.
        flush();
        m_inspected = m_next;
    }
    m_watcher = nullptr;
    watcher->deleteLater();
    setState(cancelled ? State::Cancelled : State::Finished);
}

void BulkInspection::cancel()
{
    if (!isRunning())
        return;
    if (m_cancelled)
        *m_cancelled = true;
    if (m_state == State::Inspecting && m_watcher) {
        m_watcher->cancel(); // finished() follows once the running lines are done
        return;
    }
    ++m_run; // a read or a key load still on its way is ignored
    setState(State::Cancelled);
}

} // namespace targetdesk::gui
