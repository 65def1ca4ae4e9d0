// The check engine: one row per finding, each built from the smallest set-up that must produce it, plus a clean set-up
// that produces no warning or error, and the editor's view of a proposed execution.
#include "checks/checkengine.h"

#include <QTest>

using namespace targetdesk;
using namespace targetdesk::checks;
using namespace std::chrono_literals;

namespace
{

const QDateTime kNow = QDateTime(QDate(2026, 12, 3), QTime(12, 0), Qt::UTC);

Target target(const QString &id, PayloadType payload = PayloadType::Json, TargetType type = TargetType::Webhook,
              bool interrupt = false, const QString &endpoint = QStringLiteral("https://hooks.example.com/x"))
{
    Target t;
    t.id = id;
    t.name = QStringLiteral("t-") + id;
    t.type = type;
    t.interruptOnError = interrupt;
    t.timeout = 10s;
    t.endpoint = endpoint;
    t.payloadType = payload;
    return t;
}

PublicKey key(const QString &id, bool active, const QDateTime &expires = {})
{
    PublicKey k;
    k.keyId = id;
    k.active = active;
    k.fingerprint = QStringLiteral("SHA256:") + id;
    k.expirationDate = expires;
    return k;
}

ExecutionCondition condition(const QString &text)
{
    return *executionConditionFromText(text).condition;
}

Execution execution(const QString &conditionText, const QStringList &targets)
{
    Execution e;
    e.condition = condition(conditionText);
    e.targets = targets;
    return e;
}

WebKey webKey(WebKey::State state)
{
    WebKey k;
    k.id = QStringLiteral("w1");
    k.state = state;
    k.algorithm = QStringLiteral("rsa");
    return k;
}

// A set-up with nothing wrong: a JSON webhook on one method, a JWE target with a fresh active key on a function, an
// active web key.
Snapshot clean()
{
    Snapshot s;
    s.targets = {target(QStringLiteral("1")), target(QStringLiteral("2"), PayloadType::Jwe, TargetType::Call)};
    s.keys.insert(QStringLiteral("2"), {key(QStringLiteral("k1"), true, kNow.addDays(200))});
    s.executions = {
        execution(QStringLiteral("request:/zitadel.user.v2.UserService/AddHumanUser"), {QStringLiteral("1")}),
        execution(QStringLiteral("function:preuserinfo"), {QStringLiteral("2")})};
    s.webKeys = QList<WebKey>{webKey(WebKey::State::Active)};
    s.methods = {QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"),
                 QStringLiteral("/zitadel.user.v2.UserService/DeleteUser")};
    s.eventTypes = {QStringLiteral("user.human.added"), QStringLiteral("user.human.removed"),
                    QStringLiteral("session.added")};
    s.functions = {QStringLiteral("preuserinfo"), QStringLiteral("preaccesstoken")};
    return s;
}

Options options()
{
    Options o;
    o.now = kNow;
    o.hostResolves = [](const QString &host) { return !host.endsWith(QLatin1String(".nowhere.test")); };
    return o;
}

} // namespace

class TestCheckEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanSetUpHasNoWarnings()
    {
        const QList<Finding> findings = CheckEngine::run(clean(), options());
        for (const Finding &f : findings)
            QVERIFY2(f.severity == Severity::Info, qPrintable(f.code + QLatin1Char(' ') + f.problem));
        QCOMPARE(CheckEngine::worst(findings), Severity::Info);
    }

    void everyFinding_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("subject");
        const auto row = [](const char *code, Severity severity, const char *subject) {
            QTest::newRow(code) << QString::fromLatin1(code) << int(severity) << QString::fromLatin1(subject);
        };
        row("jwe-no-active-key", Severity::Error, "target t-10");
        row("active-key-expired", Severity::Error, "target t-11");
        row("active-key-expiring", Severity::Warning, "target t-12");
        row("no-active-web-key", Severity::Error, "target t-2");
        row("web-keys-unreadable", Severity::Info, "instance");
        row("interrupt-on-all", Severity::Error, "execution request:all");
        row("interrupt-on-service", Severity::Warning, "execution response:zitadel.user.v2.UserService");
        row("event-all", Severity::Warning, "execution event:all");
        row("interrupt-on-event", Severity::Error, "execution event:user.human.added");
        row("signed-payload-on-event", Severity::Error, "execution event-group:session");
        row("shadowed-execution", Severity::Warning, "execution request:zitadel.user.v2.UserService");
        row("endpoint-unresolvable", Severity::Warning, "target t-13");
        row("endpoint-plain-http", Severity::Warning, "target t-14");
        row("unused-target", Severity::Info, "target t-15");
        row("missing-target", Severity::Error, "execution request:/zitadel.user.v2.UserService/DeleteUser");
        row("async-on-function", Severity::Warning, "execution function:preaccesstoken");
        row("service-condition-version", Severity::Info, "execution request:all");
    }

    void everyFinding()
    {
        QFETCH(QString, code);
        QFETCH(int, severity);
        QFETCH(QString, subject);
        Snapshot s = clean();
        // A target of the row, called by an execution so that it is not also reported as unused.
        auto addUsed = [&](Target t) {
            s.targets.append(t);
            s.executions.append(execution(QStringLiteral("request:/zitadel.user.v2.UserService/DeleteUser"), {t.id}));
        };
        if (code == QLatin1String("jwe-no-active-key")) {
            addUsed(target(QStringLiteral("10"), PayloadType::Jwe));
            s.keys.insert(QStringLiteral("10"), {key(QStringLiteral("k"), false)});
        } else if (code == QLatin1String("active-key-expired")) {
            addUsed(target(QStringLiteral("11"), PayloadType::Jwe));
            s.keys.insert(QStringLiteral("11"), {key(QStringLiteral("k"), true, kNow.addDays(-1))});
        } else if (code == QLatin1String("active-key-expiring")) {
            addUsed(target(QStringLiteral("12"), PayloadType::Jwe));
            s.keys.insert(QStringLiteral("12"), {key(QStringLiteral("k"), true, kNow.addDays(5))});
        } else if (code == QLatin1String("no-active-web-key")) {
            s.webKeys = QList<WebKey>{webKey(WebKey::State::Inactive), webKey(WebKey::State::Initial)};
        } else if (code == QLatin1String("web-keys-unreadable")) {
            s.webKeys.reset();
            s.webKeysProblem = QStringLiteral("403");
        } else if (code == QLatin1String("interrupt-on-all")) {
            s.targets.append(target(QStringLiteral("20"), PayloadType::Json, TargetType::Webhook, true));
            s.executions.append(execution(QStringLiteral("request:all"), {QStringLiteral("20")}));
        } else if (code == QLatin1String("interrupt-on-service")) {
            s.targets.append(target(QStringLiteral("21"), PayloadType::Json, TargetType::Call, true));
            s.executions.append(
                execution(QStringLiteral("response:zitadel.user.v2.UserService"), {QStringLiteral("21")}));
        } else if (code == QLatin1String("event-all")) {
            s.executions.append(execution(QStringLiteral("event:all"), {QStringLiteral("1")}));
        } else if (code == QLatin1String("interrupt-on-event")) {
            s.targets.append(target(QStringLiteral("22"), PayloadType::Json, TargetType::Webhook, true));
            s.executions.append(execution(QStringLiteral("event:user.human.added"), {QStringLiteral("22")}));
        } else if (code == QLatin1String("signed-payload-on-event")) {
            s.executions.append(execution(QStringLiteral("event-group:session"), {QStringLiteral("2")}));
        } else if (code == QLatin1String("shadowed-execution")) {
            // Both methods of the service have executions of their own: the service execution never fires.
            s.executions.append(
                execution(QStringLiteral("request:/zitadel.user.v2.UserService/DeleteUser"), {QStringLiteral("1")}));
            s.executions.append(
                execution(QStringLiteral("request:zitadel.user.v2.UserService"), {QStringLiteral("1")}));
        } else if (code == QLatin1String("endpoint-unresolvable")) {
            addUsed(target(QStringLiteral("13"), PayloadType::Json, TargetType::Webhook, false,
                           QStringLiteral("https://hooks.nowhere.test/x")));
        } else if (code == QLatin1String("endpoint-plain-http")) {
            addUsed(target(QStringLiteral("14"), PayloadType::Json, TargetType::Webhook, false,
                           QStringLiteral("http://hooks.example.com/x")));
        } else if (code == QLatin1String("unused-target")) {
            s.targets.append(target(QStringLiteral("15")));
        } else if (code == QLatin1String("missing-target")) {
            s.executions.append(execution(QStringLiteral("request:/zitadel.user.v2.UserService/DeleteUser"),
                                          {QStringLiteral("1"), QStringLiteral("404")}));
        } else if (code == QLatin1String("async-on-function")) {
            s.targets.append(target(QStringLiteral("23"), PayloadType::Json, TargetType::Async));
            s.executions.append(execution(QStringLiteral("function:preaccesstoken"), {QStringLiteral("23")}));
        } else if (code == QLatin1String("service-condition-version")) {
            s.executions.append(execution(QStringLiteral("request:all"), {QStringLiteral("1")}));
        }
        const QList<Finding> findings = CheckEngine::run(s, options());
        const Finding *found = nullptr;
        QStringList codes;
        for (const Finding &f : findings) {
            codes << f.code;
            if (f.code == code)
                found = &f;
        }
        QVERIFY2(found, qPrintable(QStringLiteral("%1 not among: %2").arg(code, codes.join(QLatin1Char(' ')))));
        QCOMPARE(int(found->severity), severity);
        QCOMPARE(found->subject, subject);
        QVERIFY(!found->problem.isEmpty());
        QVERIFY(!found->effect.isEmpty());
        QVERIFY(!found->fix.isEmpty());
        const QJsonObject json = found->toJson();
        QCOMPARE(json.value(QLatin1String("code")).toString(), code);
        QCOMPARE(json.value(QLatin1String("severity")).toString(), severityName(Severity(severity)));
        // Nothing in the clean part of the set-up is reported at warning or error level.
        for (const Finding &f : findings) {
            if (f.severity != Severity::Info)
                QVERIFY2(f.code == code, qPrintable(code + QStringLiteral(" also produced ") + f.code));
        }
    }

    void expiryWarningWindow()
    {
        Snapshot s = clean();
        s.keys.insert(QStringLiteral("2"), {key(QStringLiteral("k1"), true, kNow.addDays(15))});
        QList<Finding> findings = CheckEngine::run(s, options());
        QVERIFY(std::none_of(findings.begin(), findings.end(),
                             [](const Finding &f) { return f.code == QLatin1String("active-key-expiring"); }));
        s.keys.insert(QStringLiteral("2"), {key(QStringLiteral("k1"), true, kNow.addDays(13))});
        findings = CheckEngine::run(s, options());
        QVERIFY(std::any_of(findings.begin(), findings.end(),
                            [](const Finding &f) { return f.code == QLatin1String("active-key-expiring"); }));
    }

    void partlyShadowedIsNotReported()
    {
        Snapshot s = clean();
        // AddHumanUser has its own execution, DeleteUser does not: the service execution still fires for DeleteUser.
        s.executions.append(execution(QStringLiteral("request:zitadel.user.v2.UserService"), {QStringLiteral("1")}));
        const QList<Finding> findings = CheckEngine::run(s, options());
        QVERIFY(std::none_of(findings.begin(), findings.end(),
                             [](const Finding &f) { return f.code == QLatin1String("shadowed-execution"); }));
    }

    void proposedExecution()
    {
        // The editor's question: what is wrong with request:all calling an interrupting target?
        Snapshot s = clean();
        s.targets.append(target(QStringLiteral("30"), PayloadType::Json, TargetType::Webhook, true));
        Execution proposed = execution(QStringLiteral("request:all"), {QStringLiteral("30")});
        QList<Finding> findings = CheckEngine::checkProposed(s, proposed, options());
        QStringList codes;
        for (const Finding &f : findings)
            codes << f.code;
        QVERIFY2(codes.contains(QStringLiteral("interrupt-on-all")), qPrintable(codes.join(QLatin1Char(' '))));
        // Findings about other executions are not the editor's business.
        for (const Finding &f : findings)
            QVERIFY(!f.condition || *f.condition == proposed.condition);

        // A JWE target without a key: the execution would call a target that gets nothing.
        s.targets.append(target(QStringLiteral("31"), PayloadType::Jwe));
        s.keys.insert(QStringLiteral("31"), {});
        proposed = execution(QStringLiteral("request:/zitadel.user.v2.UserService/DeleteUser"), {QStringLiteral("31")});
        findings = CheckEngine::checkProposed(s, proposed, options());
        QVERIFY(std::any_of(findings.begin(), findings.end(),
                            [](const Finding &f) { return f.code == QLatin1String("jwe-no-active-key"); }));
        // Removing every target leaves nothing to warn about.
        proposed.targets.clear();
        QVERIFY(CheckEngine::checkProposed(s, proposed, options()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCheckEngine)
#include "tst_checkengine.moc"
