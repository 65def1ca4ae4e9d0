#include "inspector/inspectionrunner.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace targetdesk::gui
{

InspectionRunner::InspectionRunner(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

InspectionRunner::~InspectionRunner()
{
    m_next.reset();
    m_pool.waitForDone();
}

InspectionResult InspectionRunner::run(const QByteArray &input, const inspect::InspectOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    InspectionResult result;
    result.report = inspect::inspectDelivery(input, options);
    result.capture = inspect::parseCapture(input);
    for (const inspect::Layer &layer : std::as_const(result.report.layers)) {
        const QString kid = layer.header.value(QLatin1String("kid")).toString();
        if (layer.kind == inspect::Layer::Kind::Jwe)
            result.jweKid = kid;
        else if (layer.kind == inspect::Layer::Kind::Jws)
            result.jwtKid = kid;
    }
    // The report words the outcome; the badges need it as a value (too old is not the same as forged).
    const std::optional<QByteArray> header = result.capture.header("ZITADEL-Signature");
    if (header && !options.signingKey.isEmpty())
        result.webhook = crypto::verifyWebhookSignature(*header, result.capture.body, options.signingKey,
                                                        options.now.value_or(QDateTime::currentSecsSinceEpoch()),
                                                        options.signatureTolerance);
    if (result.report.payloadReached && !result.report.payloadJson.isUndefined())
        result.tree = JsonTreeModel::buildTree(result.report.payloadJson);
    result.elapsedMs = timer.elapsed();
    return result;
}

void InspectionRunner::inspect(const QByteArray &input, const inspect::InspectOptions &options)
{
    m_next = Request{input, options, ++m_generation};
    if (!m_busy)
        startNext();
}

void InspectionRunner::clear()
{
    ++m_generation;
    m_next.reset();
}

void InspectionRunner::startNext()
{
    if (!m_next) {
        if (m_busy) {
            m_busy = false;
            Q_EMIT busyChanged(false);
        }
        return;
    }
    Request request = std::move(*m_next);
    m_next.reset();
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    auto *watcher = new QFutureWatcher<InspectionResult>(this);
    connect(watcher, &QFutureWatcher<InspectionResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const InspectionResult result = watcher->result();
        if (result.generation == m_generation)
            Q_EMIT finished(result);
        startNext();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [request = std::move(request)] {
        InspectionResult result = run(request.input, request.options);
        result.generation = request.generation;
        return result;
    }));
}

} // namespace targetdesk::gui
