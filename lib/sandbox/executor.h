#pragma once

#include "delivery/deliveryrequest.h"
#include "model/execution.h"
#include "model/publickey.h"
#include "model/target.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace targetdesk::delivery
{
class Sender;
}

namespace targetdesk::sandbox
{

// What a run needs from the instance, copied when it starts: edits made while targets are being called do not
// change a run in flight (ZITADEL reads the execution and its targets once per call).
struct ExecutorInput {
    struct Candidate {
        targetdesk::ExecutionCondition condition;
        QStringList targets; // never empty: an execution without targets is not a candidate
    };
    QList<Candidate> executions;
    QHash<QString, Target> targets;            // by id
    QHash<QString, QList<PublicKey>> keys;     // by target id
    std::optional<delivery::JwtSigner> signer; // the instance's active web key; none: Errors.WebKey.NoActive
    bool allowPrivateEndpoints = false;        // lifts the deny list at connect time
    bool reproduceEventJwtDefect = true;       // ZITADEL #11985: JWT/JWE targets on events receive nothing
};

// ZITADEL's executor for one simulated call: picks the best-matching execution, calls its targets one after another
// (deny list checked against the resolved addresses when connecting), judges each answer as ZITADEL does, stops at
// the first failure of a target with interrupt-on-error, hands a restCall's answer on as the message the next target
// sees, and does not wait for async targets. The result is the JSON documented at Sandbox::simulate().
class Executor : public QObject
{
public:
    using Done = std::function<void(const QJsonObject &)>;

    explicit Executor(QObject *parent = nullptr);
    ~Executor() override;

    // `condition`: what is simulated; a method, event type or function as it is; a service, event group or `all`
    // stands for the representative call delivery::sampleSubject() names. `bodyOverride`: the JSON to send instead
    // of the sample (empty: the sample). `done` is called exactly once, later, on this object's thread, unless the
    // executor is destroyed first.
    void run(ExecutorInput input, const targetdesk::ExecutionCondition &condition, const QJsonObject &bodyOverride,
             Done done);

private:
    struct Run;
    void next(const std::shared_ptr<Run> &run);
    void connectAndSend(const std::shared_ptr<Run> &run, const delivery::DeliveryRequest &request);
    // ZITADEL's deny list where its client connects: `answer` gets an empty text, or why the URL is refused.
    void checkConnect(const QUrl &url, std::function<void(const QString &refusal)> answer);
    void send(const std::shared_ptr<Run> &run, const delivery::DeliveryRequest &request);
    void finish(const std::shared_ptr<Run> &run);

    delivery::Sender *m_sender = nullptr;
    std::shared_ptr<bool> m_alive;
    bool m_allowPrivateEndpoints = false; // of the run sending now (a sandbox-wide setting)
};

} // namespace targetdesk::sandbox
