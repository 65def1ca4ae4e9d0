#include "executor.h"

#include "delivery/judgement.h"
#include "delivery/samples.h"
#include "delivery/sender.h"
#include "model/executionmatch.h"
#include "model/targetrules.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrl>

namespace targetdesk::sandbox
{

namespace
{

using Kind = targetdesk::ExecutionCondition::Kind;

// The one call a condition stands for: itself for a method, event type or function; for a service, group or `all`
// the representative call the samples use.
targetdesk::ExecutionCondition concreteCall(const targetdesk::ExecutionCondition &condition)
{
    if (condition.kind == Kind::Function || condition.scope == targetdesk::ExecutionCondition::Scope::One)
        return condition;
    targetdesk::ExecutionCondition concrete = condition;
    concrete.scope = targetdesk::ExecutionCondition::Scope::One;
    concrete.value = delivery::sampleSubject(condition);
    return concrete;
}

QString outcomeName(int outcome)
{
    static const char *const names[] = {"success", "failure", "skipped", "not-called", "sent"};
    return QString::fromLatin1(names[outcome]);
}

enum Outcome { Success, Failure, Skipped, NotCalled, Sent };

// The first resolved address ZITADEL's deny list refuses; empty when all are allowed.
QString deniedAddress(const QList<QHostAddress> &addresses)
{
    for (const QHostAddress &address : addresses) {
        QHostAddress plain = address;
        plain.setScopeId(QString());
        if (EndpointPolicy::isDeniedHost(plain.toString()))
            return plain.toString();
    }
    return {};
}

} // namespace

struct Executor::Run {
    ExecutorInput input;
    targetdesk::ExecutionCondition requested;
    targetdesk::ExecutionCondition concrete;
    QString callId;
    Done done;

    QString executionId;
    QStringList targetIds;
    qsizetype index = 0;
    QJsonObject message; // the JSON the next target is sent; a restCall answer replaces its request / response

    QJsonArray results;
    bool interrupted = false;
    bool callFails = false;
    QString interruptedBy;
    QString failureText; // what the caller sees when the call fails
    int counts[5] = {0, 0, 0, 0, 0};

    const Target *current() const
    {
        const auto it = input.targets.constFind(targetIds.at(index));
        return it == input.targets.cend() ? nullptr : &*it;
    }

    QJsonObject entry(const Target &target) const
    {
        return QJsonObject{{QStringLiteral("targetId"), target.id},
                           {QStringLiteral("name"), target.name},
                           {QStringLiteral("type"), targetTypeJsonField(target.type)},
                           {QStringLiteral("payloadType"), payloadTypeEnumName(target.effectivePayloadType())},
                           {QStringLiteral("endpoint"), target.endpoint},
                           {QStringLiteral("interruptOnError"), target.interruptOnError},
                           {QStringLiteral("status"), 0},
                           {QStringLiteral("elapsedMs"), 0}};
    }

    void record(QJsonObject entry, Outcome outcome, const QString &reason)
    {
        entry.insert(QStringLiteral("outcome"), outcomeName(outcome));
        entry.insert(QStringLiteral("reason"), reason);
        results.append(entry);
        ++counts[outcome];
        ++index;
    }

    // A failure of the current target: with interrupt-on-error (never on async targets, whose errors are only
    // logged) the chain stops here.
    void fail(const Target &target, QJsonObject entry, const QString &reason, const QString &callerSees)
    {
        if (target.interruptOnError && target.type != TargetType::Async) {
            interrupted = true;
            interruptedBy = target.name;
            // An event has already happened: ZITADEL does not retry it, and nothing else fails.
            callFails = concrete.kind != Kind::Event;
            failureText = callerSees.isEmpty() ? reason : callerSees;
        }
        record(std::move(entry), Failure, reason);
    }
};

Executor::Executor(QObject *parent)
    : QObject(parent), m_sender(new delivery::Sender(this)), m_alive(std::make_shared<bool>(true))
{
    // Redirects connect somewhere else: ZITADEL's dialer checks the deny list there too.
    m_sender->setConnectCheck([this](const QUrl &url, std::function<void(const QString &)> answer) {
        if (m_allowPrivateEndpoints)
            answer({});
        else
            checkConnect(url, std::move(answer));
    });
}

Executor::~Executor()
{
    // Callbacks that come while the sender shuts down must not touch this object.
    m_alive.reset();
    m_sender->cancelAll();
}

void Executor::run(ExecutorInput input, const targetdesk::ExecutionCondition &condition,
                   const QJsonObject &bodyOverride, Done done)
{
    auto run = std::make_shared<Run>();
    run->input = std::move(input);
    m_allowPrivateEndpoints = run->input.allowPrivateEndpoints;
    run->requested = condition;
    run->concrete = concreteCall(condition);
    run->done = std::move(done);
    const executionmatch::Call call{run->concrete.kind, run->concrete.value};
    run->callId = executionmatch::callId(call);

    QList<targetdesk::ExecutionCondition> conditions;
    for (const ExecutorInput::Candidate &c : std::as_const(run->input.executions))
        conditions.append(c.condition);
    if (const std::optional<qsizetype> best = executionmatch::bestMatch(conditions, call)) {
        run->executionId = conditions.at(*best).executionId();
        run->targetIds = run->input.executions.at(*best).targets;
        run->message = bodyOverride.isEmpty() ? delivery::sampleBody(run->concrete) : bodyOverride;
    }
    // Always answer from the event loop, as a network call would.
    std::weak_ptr<bool> alive = m_alive;
    QTimer::singleShot(0, this, [this, run, alive] {
        if (alive.lock())
            next(run);
    });
}

void Executor::next(const std::shared_ptr<Run> &run)
{
    while (run->index < run->targetIds.size()) {
        const Target *found = run->current();
        if (!found) {
            QJsonObject gone{{QStringLiteral("targetId"), run->targetIds.at(run->index)}};
            run->record(gone, Skipped, QStringLiteral("The target no longer exists."));
            continue;
        }
        const Target target = *found;
        const QJsonObject entry = run->entry(target);
        if (run->interrupted) {
            run->record(
                entry, NotCalled,
                QStringLiteral("Not called: %1 failed before it with interrupt-on-error.").arg(run->interruptedBy));
            continue;
        }

        // What ZITADEL cannot build is not sent; it is an error of this target like any other.
        const PayloadType payload = target.effectivePayloadType();
        const bool signedPayload = payload == PayloadType::Jwt || payload == PayloadType::Jwe;
        auto buildFailure = [&](const QString &reason) {
            if (target.interruptOnError && target.type != TargetType::Async)
                run->fail(target, entry, reason, reason);
            else
                run->record(entry, Skipped, reason);
        };
        if (signedPayload && run->concrete.kind == Kind::Event && run->input.reproduceEventJwtDefect) {
            buildFailure(
                QStringLiteral("Nothing is sent: ZITADEL defect #11985, JWT and JWE targets never fire for event "
                               "executions (Errors.WebKey.NoActive with an empty instance id)."));
            continue;
        }
        if (signedPayload && !run->input.signer) {
            buildFailure(QStringLiteral("Nothing is sent: the instance has no active web key to sign the payload with "
                                        "(Errors.WebKey.NoActive)."));
            continue;
        }
        delivery::BuildOptions options;
        options.json = delivery::goJson(run->message);
        if (signedPayload)
            options.signer = run->input.signer;
        if (payload == PayloadType::Jwe) {
            for (const PublicKey &key : run->input.keys.value(target.id)) {
                if (key.isUsable()) {
                    options.encryptionKey = key;
                    break;
                }
            }
            if (!options.encryptionKey) {
                buildFailure(
                    QStringLiteral("Nothing is sent: the target has no usable active public key to encrypt the "
                                   "payload with (none active, or the active one expired)."));
                continue;
            }
        }
        const auto built = delivery::buildRequest(target, run->concrete, options);
        if (!built) {
            buildFailure(QStringLiteral("Nothing is sent: %1").arg(built.error()));
            continue;
        }
        connectAndSend(run, *built);
        return;
    }
    finish(run);
}

void Executor::connectAndSend(const std::shared_ptr<Run> &run, const delivery::DeliveryRequest &request)
{
    if (run->input.allowPrivateEndpoints) {
        send(run, request);
        return;
    }
    auto refuse = [this, run, request](const QString &reason) {
        delivery::DeliveryResponse response;
        response.outcome = delivery::DeliveryResponse::Outcome::NetworkError;
        response.error = reason;
        const Target &target = request.target;
        QJsonObject entry = run->entry(target);
        if (target.type == TargetType::Async) {
            run->record(entry, Failure, reason); // logged by ZITADEL, seen by nobody
        } else {
            const delivery::Verdict verdict = delivery::judge(request, response);
            entry.insert(QStringLiteral("verdict"), verdict.toJson());
            run->fail(target, entry, reason, verdict.userSees);
        }
        next(run);
    };
    checkConnect(request.endpoint, [this, run, request, refuse](const QString &refusal) {
        if (refusal.isEmpty())
            send(run, request);
        else
            refuse(refusal);
    });
}

void Executor::checkConnect(const QUrl &url, std::function<void(const QString &refusal)> answer)
{
    // ZITADEL's deny list applies to the addresses its client connects to, so names are resolved first.
    const QString host = url.host();
    QHostAddress literal;
    if (literal.setAddress(host)) {
        const QString denied = deniedAddress({literal});
        answer(denied.isEmpty()
                   ? QString()
                   : QStringLiteral("Refused when connecting: %1 is on ZITADEL's deny list (loopback or private "
                                    "address).")
                         .arg(denied));
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    QHostInfo::lookupHost(host, this, [answer = std::move(answer), alive, host](const QHostInfo &info) {
        if (!alive.lock())
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            answer(QStringLiteral("Refused when connecting: %1 does not resolve (%2).").arg(host, info.errorString()));
            return;
        }
        // Stricter than trying addresses one by one: any denied address refuses the endpoint, so the address the
        // client picks later cannot be a denied one.
        const QString denied = deniedAddress(info.addresses());
        answer(denied.isEmpty() ? QString()
                                : QStringLiteral("Refused when connecting: %1 resolves to %2, which is on ZITADEL's "
                                                 "deny list (loopback or private address).")
                                      .arg(host, denied));
    });
}

void Executor::send(const std::shared_ptr<Run> &run, const delivery::DeliveryRequest &request)
{
    const Target &target = request.target;
    QJsonObject entry = run->entry(target);
    if (!request.encryptionKeyId.isEmpty())
        entry.insert(QStringLiteral("encryptionKeyId"), request.encryptionKeyId);
    if (target.type == TargetType::Async) {
        // Detached in ZITADEL: the chain goes on at once and the answer is never looked at.
        m_sender->send(request, [](const delivery::DeliveryResponse &) {});
        run->record(
            entry, Sent,
            QStringLiteral("Sent, not awaited: ZITADEL runs async targets detached and never sees their answer."));
        next(run);
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    m_sender->send(request, [this, run, request, entry, alive](const delivery::DeliveryResponse &response) mutable {
        if (!alive.lock())
            return;
        const Target &target = request.target;
        const delivery::Verdict verdict = delivery::judge(request, response);
        entry.insert(QStringLiteral("status"), response.status);
        entry.insert(QStringLiteral("elapsedMs"), response.elapsedMs);
        entry.insert(QStringLiteral("verdict"), verdict.toJson());
        if (!verdict.success) {
            run->fail(target, entry, verdict.reason, verdict.userSees);
        } else {
            // restCall on a request or response: the answer is the message the next target (and the API) sees.
            const Kind kind = run->concrete.kind;
            if (verdict.shape == delivery::Verdict::Shape::ReplacesMessage &&
                (kind == Kind::Request || kind == Kind::Response))
                run->message.insert(kind == Kind::Request ? QStringLiteral("request") : QStringLiteral("response"),
                                    verdict.answer);
            // restCall on a function: ZITADEL decodes every answer into one collected response, which later targets
            // are sent under "response"; members an answer has replace those of the answers before (empty ones are
            // left out, as Go's omitempty does).
            if (verdict.shape == delivery::Verdict::Shape::FunctionAnswer && kind == Kind::Function) {
                QJsonObject collected = run->message.value(QLatin1String("response")).toObject();
                for (const QString &member :
                     {QStringLiteral("set_user_metadata"), QStringLiteral("append_claims"),
                      QStringLiteral("append_log_claims"), QStringLiteral("append_attribute")}) {
                    if (!verdict.answer.contains(member))
                        continue;
                    const QJsonValue value = verdict.answer.value(member);
                    if (value.isArray() && !value.toArray().isEmpty())
                        collected.insert(member, value);
                    else
                        collected.remove(member);
                }
                if (collected.isEmpty())
                    run->message.remove(QStringLiteral("response"));
                else
                    run->message.insert(QStringLiteral("response"), collected);
            }
            run->record(entry, Success, verdict.reason);
        }
        next(run);
    });
}

void Executor::finish(const std::shared_ptr<Run> &run)
{
    QJsonObject out{{QStringLiteral("call"), run->callId},
                    {QStringLiteral("matched"), !run->executionId.isEmpty()},
                    {QStringLiteral("targets"), run->results},
                    {QStringLiteral("interrupted"), run->interrupted},
                    {QStringLiteral("callFails"), run->callFails}};
    QString summary;
    if (run->executionId.isEmpty()) {
        out.insert(QStringLiteral("executionId"), QJsonValue::Null);
        summary = QStringLiteral("No execution matches %1: ZITADEL calls no target.").arg(run->callId);
    } else {
        out.insert(QStringLiteral("executionId"), run->executionId);
        const Kind kind = run->concrete.kind;
        if (kind == Kind::Request || kind == Kind::Response)
            out.insert(
                QStringLiteral("message"),
                run->message.value(kind == Kind::Request ? QStringLiteral("request") : QStringLiteral("response")));
        const int *c = run->counts;
        summary =
            QStringLiteral("%1 fires for %2: %3 target(s); %4 succeeded, %5 failed, %6 skipped, %7 not called, %8 sent "
                           "without waiting.")
                .arg(run->executionId, run->callId)
                .arg(run->results.size())
                .arg(c[Success])
                .arg(c[Failure])
                .arg(c[Skipped])
                .arg(c[NotCalled])
                .arg(c[Sent]);
        if (run->interrupted && run->callFails)
            summary += QLatin1Char(' ') +
                       QStringLiteral("%1 failed with interrupt-on-error, so the chain stopped and the call "
                                      "fails: %2")
                           .arg(run->interruptedBy, run->failureText);
        else if (run->interrupted)
            summary += QLatin1Char(' ') +
                       QStringLiteral("%1 failed with interrupt-on-error, so the chain stopped; the event is "
                                      "not retried.")
                           .arg(run->interruptedBy);
    }
    out.insert(QStringLiteral("summary"), summary);
    if (run->done)
        run->done(out);
}

} // namespace targetdesk::sandbox
