#include "checkengine.h"

#include "model/executionmatch.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>

namespace targetdesk::checks
{

namespace
{

using Kind = ExecutionCondition::Kind;
using Scope = ExecutionCondition::Scope;

bool isSigned(const Target &t)
{
    const PayloadType p = t.effectivePayloadType();
    return p == PayloadType::Jwt || p == PayloadType::Jwe;
}

bool interrupts(const Target &t)
{
    return t.interruptOnError && t.type != TargetType::Async;
}

QString targetSubject(const Target &t)
{
    return CheckEngine::tr("target %1").arg(t.name.isEmpty() ? t.id : t.name);
}

QString executionSubject(const ExecutionCondition &c)
{
    return CheckEngine::tr("execution %1").arg(c.toText());
}

Finding aboutTarget(const Target &t, QString code, Severity severity)
{
    Finding f;
    f.code = std::move(code);
    f.severity = severity;
    f.targetId = t.id;
    f.subject = targetSubject(t);
    return f;
}

Finding aboutExecution(const ExecutionCondition &c, QString code, Severity severity, const QString &targetId = {})
{
    Finding f;
    f.code = std::move(code);
    f.severity = severity;
    f.condition = c;
    f.targetId = targetId;
    f.subject = executionSubject(c);
    return f;
}

class Run
{
public:
    Run(const Snapshot &snapshot, const Options &options) : m_s(snapshot), m_o(options)
    {
        for (const Target &t : m_s.targets)
            m_targets.insert(t.id, &t);
        for (const Execution &e : m_s.executions) {
            if (e.targets.isEmpty())
                continue;
            m_conditions.append(e.condition);
            for (const QString &id : e.targets)
                m_used.insert(id);
        }
    }

    QList<Finding> all()
    {
        for (const Target &t : m_s.targets)
            target(t);
        webKeys();
        for (const Execution &e : m_s.executions) {
            if (!e.targets.isEmpty())
                execution(e);
        }
        // Problems are sentences: "Target crm-sync …", whatever word the subject starts with.
        for (Finding &f : m_out) {
            if (!f.problem.isEmpty())
                f.problem[0] = f.problem.at(0).toUpper();
        }
        return m_out;
    }

    void target(const Target &t)
    {
        keys(t);
        endpoint(t);
        if (!m_used.contains(t.id)) {
            Finding f = aboutTarget(t, QStringLiteral("unused-target"), Severity::Info);
            f.problem = CheckEngine::tr("No execution calls this target.");
            f.effect = CheckEngine::tr("ZITADEL never sends it anything.");
            f.fix = CheckEngine::tr("Add it to an execution, or delete it if it is no longer needed.");
            m_out.append(f);
        }
    }

    void keys(const Target &t)
    {
        if (t.effectivePayloadType() != PayloadType::Jwe || !m_s.keys.contains(t.id))
            return;
        const QList<PublicKey> keys = m_s.keys.value(t.id);
        const PublicKey *active = nullptr;
        for (const PublicKey &k : keys) {
            if (k.active)
                active = &k;
        }
        if (!active) {
            Finding f = aboutTarget(t, QStringLiteral("jwe-no-active-key"), Severity::Error);
            f.problem = CheckEngine::tr("The target's payload type is JWE, but it has no active public key.");
            f.effect = CheckEngine::tr("ZITADEL cannot encrypt the payload, so the target is sent nothing (with "
                                       "interrupt-on-error the call fails).");
            f.fix = CheckEngine::tr("Add a public key to the target and activate it.");
            m_out.append(f);
            return;
        }
        const QDateTime expires = active->expirationDate;
        if (expires.isValid() && expires <= m_o.now) {
            Finding f = aboutTarget(t, QStringLiteral("active-key-expired"), Severity::Error);
            f.problem = CheckEngine::tr("The active key %1 expired on %2.")
                            .arg(active->keyId, expires.toUTC().toString(Qt::ISODate));
            f.effect = CheckEngine::tr("ZITADEL does not encrypt with an expired key, so the target is sent "
                                       "nothing, although the key still shows as active.");
            f.fix = CheckEngine::tr("Add a new key and activate it (a rotation).");
            m_out.append(f);
        } else if (expires.isValid() && expires <= m_o.now.addDays(m_o.expiryWarningDays)) {
            Finding f = aboutTarget(t, QStringLiteral("active-key-expiring"), Severity::Warning);
            const qint64 days = m_o.now.daysTo(expires);
            f.problem = CheckEngine::tr("The active key %1 expires on %2, in %n day(s).", nullptr, int(days))
                            .arg(active->keyId, expires.toUTC().toString(Qt::ISODate));
            f.effect = CheckEngine::tr("From then on ZITADEL sends the target nothing until a new key is active.");
            f.fix = CheckEngine::tr("Rotate now: add a new key, update the receiver, activate the new key.");
            m_out.append(f);
        }
    }

    void endpoint(const Target &t)
    {
        const QUrl url(t.endpoint);
        if (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0) {
            Finding f = aboutTarget(t, QStringLiteral("endpoint-plain-http"), Severity::Warning);
            f.problem = CheckEngine::tr("The endpoint %1 uses plain http.").arg(t.endpoint);
            f.effect = CheckEngine::tr("Payloads, and the signature header, travel unencrypted: anyone on the path "
                                       "can read them, and for a call target change the answer.");
            f.fix = CheckEngine::tr("Serve the receiver over https and change the endpoint.");
            m_out.append(f);
        }
        if (m_o.hostResolves && !url.host().isEmpty() && !m_o.hostResolves(url.host())) {
            Finding f = aboutTarget(t, QStringLiteral("endpoint-unresolvable"), Severity::Warning);
            f.problem = CheckEngine::tr("The endpoint's host %1 does not resolve from this machine.").arg(url.host());
            f.effect = CheckEngine::tr("If ZITADEL cannot resolve it either, every call to the target fails (and "
                                       "with interrupt-on-error, so does the API call behind it).");
            f.fix = CheckEngine::tr("Check the host name for typos, or its DNS record.");
            m_out.append(f);
        }
    }

    void webKeys()
    {
        QList<const Target *> signedTargets;
        for (const Target &t : m_s.targets) {
            if (isSigned(t))
                signedTargets.append(&t);
        }
        if (signedTargets.isEmpty())
            return;
        if (!m_s.webKeys) {
            Finding f;
            f.code = QStringLiteral("web-keys-unreadable");
            f.severity = Severity::Info;
            f.subject = CheckEngine::tr("instance");
            f.problem = CheckEngine::tr("The instance's web keys could not be read, so the check for an active web "
                                        "key was skipped: %1")
                            .arg(m_s.webKeysProblem);
            f.effect = CheckEngine::tr("Without an active web key ZITADEL sends JWT and JWE targets nothing.");
            f.fix = CheckEngine::tr("Run the checks with a user that has iam.web_key.read (IAM_OWNER).");
            m_out.append(f);
            return;
        }
        for (const WebKey &k : *m_s.webKeys) {
            if (k.state == WebKey::State::Active)
                return;
        }
        for (const Target *t : std::as_const(signedTargets)) {
            Finding f = aboutTarget(*t, QStringLiteral("no-active-web-key"), Severity::Error);
            f.problem = CheckEngine::tr("The target takes %1 payloads, but the instance has no active web key.")
                            .arg(payloadTypeName(t->effectivePayloadType()).toUpper());
            f.effect = CheckEngine::tr("ZITADEL cannot sign the payload (Errors.WebKey.NoActive), so the target is "
                                       "skipped, or the call fails with interrupt-on-error.");
            f.fix = CheckEngine::tr("Activate a web key on the instance (Web Keys API or console).");
            m_out.append(f);
        }
    }

    void execution(const Execution &e)
    {
        const ExecutionCondition &c = e.condition;
        const bool requestLike = c.kind == Kind::Request || c.kind == Kind::Response;
        for (const QString &id : e.targets) {
            const Target *t = m_targets.value(id);
            if (!t) {
                Finding f = aboutExecution(c, QStringLiteral("missing-target"), Severity::Error, id);
                f.problem = CheckEngine::tr("The execution calls target %1, which does not exist.").arg(id);
                f.effect = CheckEngine::tr("ZITADEL skips it; the execution does less than it says.");
                f.fix = CheckEngine::tr("Remove the id from the execution, or create the target again and add it.");
                m_out.append(f);
                continue;
            }
            if (requestLike && interrupts(*t) && c.scope == Scope::All) {
                Finding f = aboutExecution(c, QStringLiteral("interrupt-on-all"), Severity::Error, t->id);
                f.problem = CheckEngine::tr("%1 interrupts on error and runs for every %2 of the instance.")
                                .arg(targetSubject(*t), c.kind == Kind::Request ? CheckEngine::tr("request")
                                                                                : CheckEngine::tr("response"));
                f.effect = CheckEngine::tr("If the endpoint fails once (a typo, the host down), every API call "
                                           "fails, your own included: the instance is locked until the execution "
                                           "is removed by other means (ZITADEL issue #8205).");
                f.fix = CheckEngine::tr("Turn interrupt-on-error off, or narrow the condition to the methods that "
                                        "need it.");
                m_out.append(f);
            } else if (requestLike && interrupts(*t) && c.scope == Scope::Group) {
                Finding f = aboutExecution(c, QStringLiteral("interrupt-on-service"), Severity::Warning, t->id);
                f.problem = CheckEngine::tr("%1 interrupts on error and runs for every method of %2.")
                                .arg(targetSubject(*t), c.value);
                f.effect = CheckEngine::tr("If the endpoint fails, every call of that service fails, an admin's "
                                           "own included (ZITADEL issue #8205).");
                f.fix = CheckEngine::tr("Turn interrupt-on-error off, or narrow the condition to single methods.");
                m_out.append(f);
            }
            if (c.kind == Kind::Event && interrupts(*t)) {
                Finding f = aboutExecution(c, QStringLiteral("interrupt-on-event"), Severity::Error, t->id);
                f.problem = CheckEngine::tr("%1 interrupts on error on an event execution.").arg(targetSubject(*t));
                f.effect = CheckEngine::tr("On the affected ZITADEL versions event executions make API calls fail; "
                                           "with interrupt-on-error the instance becomes unusable, login included "
                                           "(ZITADEL issue #12225). Events are never retried.");
                f.fix = CheckEngine::tr("Turn interrupt-on-error off for targets of event executions.");
                m_out.append(f);
            }
            if (c.kind == Kind::Event && isSigned(*t)) {
                Finding f = aboutExecution(c, QStringLiteral("signed-payload-on-event"), Severity::Error, t->id);
                f.problem = CheckEngine::tr("%1 takes %2 payloads and is called by an event execution.")
                                .arg(targetSubject(*t), payloadTypeName(t->effectivePayloadType()).toUpper());
                f.effect = CheckEngine::tr("ZITADEL never calls JWT or JWE targets for events: the worker finds no "
                                           "signing key (ZITADEL issue #11985). The target receives nothing.");
                f.fix = CheckEngine::tr("Use a JSON target for events (check the ZITADEL-Signature header instead).");
                m_out.append(f);
            }
            if (c.kind == Kind::Function && t->type == TargetType::Async) {
                Finding f = aboutExecution(c, QStringLiteral("async-on-function"), Severity::Warning, t->id);
                f.problem = CheckEngine::tr("%1 is an async target on function %2.").arg(targetSubject(*t), c.value);
                f.effect = CheckEngine::tr("ZITADEL does not wait for an async target, so nothing it answers (claims, "
                                           "metadata) reaches the function.");
                f.fix = CheckEngine::tr("Use a call target to change what the function returns, or a webhook to be "
                                        "told.");
                m_out.append(f);
            }
        }
        if (c.kind == Kind::Event && c.scope == Scope::All) {
            Finding f = aboutExecution(c, QStringLiteral("event-all"), Severity::Warning);
            f.problem = CheckEngine::tr("The execution runs on every event of the instance.");
            f.effect = CheckEngine::tr("On the affected ZITADEL versions this makes API calls fail whatever the "
                                       "target answers (ZITADEL issue #12225), and it sends the target a flood.");
            f.fix = CheckEngine::tr("Name the events or event groups you need.");
            m_out.append(f);
        }
        if (requestLike && c.scope != Scope::One) {
            Finding f = aboutExecution(c, QStringLiteral("service-condition-version"), Severity::Info);
            f.problem = c.scope == Scope::All
                            ? CheckEngine::tr("Execution %1 runs for all methods.").arg(c.toText())
                            : CheckEngine::tr("Execution %1 runs for a whole service.").arg(c.toText());
            f.effect = CheckEngine::tr("ZITADEL before v4.7.1 never fires service and all conditions (ZITADEL issue "
                                       "#10895).");
            f.fix = CheckEngine::tr("Make sure the instance runs v4.7.1 or later, or name single methods.");
            m_out.append(f);
        }
        shadowed(c);
    }

    void shadowed(const ExecutionCondition &c)
    {
        if (c.scope == Scope::One)
            return;
        const QStringList &universe = c.kind == Kind::Event ? m_s.eventTypes : m_s.methods;
        if (universe.isEmpty())
            return;
        const executionmatch::Coverage coverage = executionmatch::coverage(c, m_conditions, universe);
        if (!coverage.entirelyShadowed())
            return;
        QStringList winners;
        for (const ExecutionCondition &w : coverage.shadowedBy)
            winners << w.toText();
        Finding f = aboutExecution(c, QStringLiteral("shadowed-execution"), Severity::Warning);
        f.problem = CheckEngine::tr("More specific executions take every call this one matches: %1.")
                        .arg(winners.join(QStringLiteral(", ")));
        f.effect = CheckEngine::tr("ZITADEL runs only the best-matching execution, so this one never fires and "
                                   "its targets are never called from it.");
        f.fix = CheckEngine::tr("Add its targets to the more specific executions, or remove it.");
        m_out.append(f);
    }

private:
    const Snapshot &m_s;
    const Options &m_o;
    QHash<QString, const Target *> m_targets;
    QSet<QString> m_used;
    QList<ExecutionCondition> m_conditions; // of executions with targets
    QList<Finding> m_out;
};

} // namespace

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return {};
}

QJsonObject Finding::toJson() const
{
    QJsonObject o{{QStringLiteral("code"), code},       {QStringLiteral("severity"), severityName(severity)},
                  {QStringLiteral("subject"), subject}, {QStringLiteral("problem"), problem},
                  {QStringLiteral("effect"), effect},   {QStringLiteral("fix"), fix}};
    if (!targetId.isEmpty())
        o.insert(QStringLiteral("targetId"), targetId);
    if (condition) {
        o.insert(QStringLiteral("condition"), condition->toText());
        o.insert(QStringLiteral("executionCondition"), condition->toJson());
    }
    return o;
}

QList<Finding> CheckEngine::run(const Snapshot &snapshot, const Options &options)
{
    return Run(snapshot, options).all();
}

QList<Finding> CheckEngine::checkProposed(const Snapshot &snapshot, const Execution &proposed, const Options &options)
{
    Snapshot after = snapshot;
    after.executions.erase(std::remove_if(after.executions.begin(), after.executions.end(),
                                          [&](const Execution &e) { return e.condition == proposed.condition; }),
                           after.executions.end());
    if (!proposed.targets.isEmpty())
        after.executions.append(proposed);
    QList<Finding> out;
    const QSet<QString> targets(proposed.targets.cbegin(), proposed.targets.cend());
    for (const Finding &f : run(after, options)) {
        const bool aboutIt = f.condition && *f.condition == proposed.condition;
        // Key problems of the targets it calls matter too: the execution would call a target that gets nothing.
        const bool aboutItsTarget =
            !f.condition && targets.contains(f.targetId) && f.code != QLatin1String("unused-target");
        if (aboutIt || aboutItsTarget)
            out.append(f);
    }
    return out;
}

Severity CheckEngine::worst(const QList<Finding> &findings)
{
    Severity worst = Severity::Info;
    for (const Finding &f : findings)
        worst = std::max(worst, f.severity);
    return worst;
}

} // namespace targetdesk::checks
