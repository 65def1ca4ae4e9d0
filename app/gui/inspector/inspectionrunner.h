#pragma once

#include "crypto/webhooksignature.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"
#include "inspect/report.h"
#include "model/jsontreemodel.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <optional>

namespace targetdesk::gui
{

// One inspected delivery with what the views need besides the report: the capture (its HTTP headers), the payload
// laid out for the JSON tree, and the key ids of the JWE and the inner JWT.
struct InspectionResult {
    quint64 generation = 0;
    inspect::Report report;
    inspect::Capture capture;
    JsonTreePtr tree; // null when the payload is not JSON or was not reached
    QString jweKid;
    QString jwtKid;
    std::optional<crypto::WebhookSignatureCheck> webhook; // the ZITADEL-Signature outcome, when it was checked
    qint64 elapsedMs = 0;
};

// Inspects one input at a time on a worker thread of its own (so a bulk run on the global pool never delays it):
// the window never freezes on big input. When asked again while busy, only the newest request runs next; results
// of requests that were overtaken are dropped.
class InspectionRunner : public QObject
{
    Q_OBJECT
public:
    explicit InspectionRunner(QObject *parent = nullptr);
    // Waits for the running inspection (bounded by the inspector's limits).
    ~InspectionRunner() override;

    void inspect(const QByteArray &input, const inspect::InspectOptions &options);
    // Forgets the current result and any request not started yet.
    void clear();
    bool isBusy() const { return m_busy; }
    // Runs the inspection on the calling thread (for tests and tools).
    [[nodiscard]] static InspectionResult run(const QByteArray &input, const inspect::InspectOptions &options);

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const targetdesk::gui::InspectionResult &result);

private:
    void startNext();

    QThreadPool m_pool;
    bool m_busy = false;
    quint64 m_generation = 0;
    struct Request {
        QByteArray input;
        inspect::InspectOptions options;
        quint64 generation = 0;
    };
    std::optional<Request> m_next;
};

} // namespace targetdesk::gui

Q_DECLARE_METATYPE(targetdesk::gui::InspectionResult)
