#pragma once

#include "model/execution.h"
#include "model/publickey.h"
#include "model/target.h"
#include "model/webkey.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

namespace targetdesk::checks
{

enum class Severity { Info, Warning, Error };
// "info", "warning", "error".
QString severityName(Severity severity);

// One thing wrong (or worth knowing) about the set-up, in words a person can act on.
struct Finding {
    QString code; // stable, for scripts: "jwe-no-active-key", "interrupt-on-all", ... (see CheckEngine)
    Severity severity = Severity::Warning;
    // What it is about: a target (targetId set), an execution (condition set), or the instance (neither).
    QString targetId;
    std::optional<ExecutionCondition> condition;
    QString subject; // "target crm-sync", "execution request:all"
    QString problem; // what is wrong
    QString effect;  // what ZITADEL does because of it
    QString fix;     // how to fix it

    QJsonObject toJson() const;
};

// Everything the checks look at, as read from the instance.
struct Snapshot {
    QList<Target> targets;
    QHash<QString, QList<PublicKey>> keys; // by target id; only targets whose keys were read
    QList<Execution> executions;
    std::optional<QList<WebKey>> webKeys; // nullopt: could not be read (webKeysProblem says why)
    QString webKeysProblem;
    // The calls that exist, to tell whether an execution is shadowed entirely; an empty list skips that check for
    // its kind. Methods are "/service/Method".
    QStringList methods;
    QStringList eventTypes;
    QStringList functions;
};

struct Options {
    QDateTime now = QDateTime::currentDateTimeUtc();
    int expiryWarningDays = 14;
    // Whether a host name resolves from this machine; unset: the check is skipped.
    std::function<bool(const QString &host)> hostResolves;
};

// The checks over targets, keys and executions. Each finding says how severe it is, what it is about, what happens in
// ZITADEL because of it and how to fix it. Stable codes:
//   error:   jwe-no-active-key, active-key-expired, no-active-web-key, interrupt-on-all, interrupt-on-event,
//            signed-payload-on-event, missing-target
//   warning: active-key-expiring, interrupt-on-service, event-all, shadowed-execution, endpoint-unresolvable,
//            endpoint-plain-http, async-on-function
//   info:    unused-target, web-keys-unreadable, service-condition-version
// The reference (ZITADEL's known defects #8205, #12225, #11985, #10895) explains the execution findings.
class CheckEngine
{
    Q_DECLARE_TR_FUNCTIONS(CheckEngine)

public:
    static QList<Finding> run(const Snapshot &snapshot, const Options &options = {});
    // The findings about one execution as it would be after saving `proposed` (an empty target list removes it):
    // what an editor shows before it saves.
    static QList<Finding> checkProposed(const Snapshot &snapshot, const Execution &proposed,
                                        const Options &options = {});
    // The most severe level among `findings` (Info when there are none).
    static Severity worst(const QList<Finding> &findings);
};

} // namespace targetdesk::checks
