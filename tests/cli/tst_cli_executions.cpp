// `targetdesk-cli executions list|get|set|delete` and `targetdesk-cli check` against a sandbox child process: order
// kept, ZITADEL's JSON shapes, the condition syntax (a table of bad conditions), the exit codes, and the check's
// findings and exit 8.
#include "cliprocess.h"

#include <QJsonArray>
#include <QTest>

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
const QString kToken = QStringLiteral("tdtest-exec-7c1f0a9e3b52");
const QString kAddHuman = QStringLiteral("request:/zitadel.user.v2.UserService/AddHumanUser");

using Run = targetdesk::test::CliRun;

} // namespace

class TestCliExecutions : public QObject
{
    Q_OBJECT

    targetdesk::test::SandboxProcess m_sandbox{kCli};
    int m_counter = 0;

    Run cli(const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_INSTANCE"), m_sandbox.url());
        env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
        return targetdesk::test::runProcess(kCli, args, env, {.timeoutMs = 30000});
    }

    // A target made through the CLI; returns its id.
    QString createTarget(const QStringList &extra = {})
    {
        QStringList args{QStringLiteral("targets"),
                         QStringLiteral("create"),
                         QStringLiteral("--json"),
                         QStringLiteral("--name"),
                         QStringLiteral("exec-%1").arg(++m_counter),
                         QStringLiteral("--endpoint"),
                         QStringLiteral("https://hooks.example.com/zitadel"),
                         QStringLiteral("--timeout"),
                         QStringLiteral("10s")};
        if (!extra.contains(QStringLiteral("--type")))
            args << QStringLiteral("--type") << QStringLiteral("webhook");
        const Run r = cli(args + extra);
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.json().value(QLatin1String("id")).toString();
    }

    QJsonObject getJson(const QString &condition)
    {
        return cli({QStringLiteral("executions"), QStringLiteral("get"), condition, QStringLiteral("--json")}).json();
    }

    static QStringList targetsOf(const QJsonObject &execution)
    {
        QStringList out;
        for (const QJsonValue &v : execution.value(QLatin1String("targets")).toArray())
            out << v.toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_sandbox.start({QStringLiteral("--token"), kToken}, &error), qPrintable(error));
    }

    void setKeepsTheOrderAndGetShowsIt()
    {
        const QString a = createTarget();
        const QString b = createTarget();
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        Run r = cli({QStringLiteral("executions"), QStringLiteral("set"), kAddHuman, QStringLiteral("--target"), b,
                     QStringLiteral("--target"), a});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.out.contains(kAddHuman));

        const QJsonObject e = getJson(kAddHuman);
        QCOMPARE(targetsOf(e), (QStringList{b, a}));
        QCOMPARE(e.value(QLatin1String("condition")).toObject(),
                 QJsonObject({{QStringLiteral("request"),
                               QJsonObject{{QStringLiteral("method"),
                                            QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser")}}}}));
        QVERIFY(!e.value(QLatin1String("creationDate")).toString().isEmpty());

        // Text: the targets by name, numbered in the order ZITADEL calls them.
        r = cli({QStringLiteral("executions"), QStringLiteral("get"), kAddHuman});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const qsizetype first = r.out.indexOf(QStringLiteral("1. exec-"));
        const qsizetype second = r.out.indexOf(QStringLiteral("2. exec-"));
        QVERIFY2(first >= 0 && second > first, qPrintable(r.out));
        QVERIFY(r.out.mid(first, second - first).contains(b));

        // Setting again replaces the list.
        r = cli({QStringLiteral("executions"), QStringLiteral("set"), kAddHuman, QStringLiteral("--target"), a});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(targetsOf(getJson(kAddHuman)), QStringList{a});
    }

    void listWithFilters()
    {
        const QString t = createTarget();
        QVERIFY(cli({QStringLiteral("executions"), QStringLiteral("set"), QStringLiteral("event:user.human.added"),
                     QStringLiteral("--target"), t})
                    .exitCode == 0);
        QVERIFY(cli({QStringLiteral("executions"), QStringLiteral("set"), QStringLiteral("function:preuserinfo"),
                     QStringLiteral("--target"), t})
                    .exitCode == 0);
        Run r = cli({QStringLiteral("--json"), QStringLiteral("executions"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonArray all = r.json().value(QLatin1String("executions")).toArray();
        QVERIFY(all.size() >= 2);

        r = cli({QStringLiteral("--json"), QStringLiteral("executions"), QStringLiteral("list"),
                 QStringLiteral("--target"), t});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.json().value(QLatin1String("executions")).toArray().size(), 2);

        r = cli({QStringLiteral("--json"), QStringLiteral("executions"), QStringLiteral("list"),
                 QStringLiteral("--target"), t, QStringLiteral("--kind"), QStringLiteral("event")});
        const QJsonArray events = r.json().value(QLatin1String("executions")).toArray();
        QCOMPARE(events.size(), 1);
        QVERIFY(events.at(0).toObject().value(QLatin1String("condition")).toObject().contains(QLatin1String("event")));

        // Text: one row per execution, with the target's name.
        r = cli({QStringLiteral("executions"), QStringLiteral("list"), QStringLiteral("--target"), t});
        QVERIFY(r.out.contains(QStringLiteral("function:preuserinfo")));
        QVERIFY(r.out.contains(QStringLiteral("2 executions")));

        r = cli({QStringLiteral("executions"), QStringLiteral("list"), QStringLiteral("--kind"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 3);
    }

    void badConditions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QString get = QStringLiteral("get");
        const auto row = [](const char *name, const QStringList &args, int code, const char *says) {
            QTest::newRow(name) << args << code << QString::fromLatin1(says);
        };
        row("no kind", {get, QStringLiteral("user.human.added")}, 2, "not a condition");
        row("unknown kind", {get, QStringLiteral("hook:x")}, 2, "unknown kind");
        row("empty value", {get, QStringLiteral("request:")}, 2, "names nothing");
        row("method without slash", {get, QStringLiteral("request:zitadel.user.v2.UserService/AddHumanUser")}, 2,
            "starts with a slash");
        row("group with wildcard", {get, QStringLiteral("event-group:user.human.*")}, 2, "without the wildcard");
        row("set with a bad condition",
            {QStringLiteral("set"), QStringLiteral("request"), QStringLiteral("--target"), QStringLiteral("1")}, 2,
            "not a condition");
        row("set without targets", {QStringLiteral("set"), QStringLiteral("request:all")}, 2, "--target is missing");
        row("set with an empty target",
            {QStringLiteral("set"), QStringLiteral("request:all"), QStringLiteral("--target"), QStringLiteral(" ")}, 3,
            "empty");
        row("set with a target twice",
            {QStringLiteral("set"), QStringLiteral("request:all"), QStringLiteral("--target"), QStringLiteral("7"),
             QStringLiteral("--target"), QStringLiteral("7")},
            3, "given twice");
        row("refused by the server",
            {QStringLiteral("set"), QStringLiteral("request:all"), QStringLiteral("--target"),
             QStringLiteral("404404404")},
            6, "COMMAND-");
        row("missing execution", {get, QStringLiteral("function:presamlresponse")}, 6, "no execution");
    }

    void badConditions()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const Run r = cli(QStringList{QStringLiteral("executions")} + args);
        QVERIFY2(r.finished && r.exitCode == exitCode, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(says), qPrintable(r.describe()));
    }

    void deleteAsksFirst()
    {
        const QString t = createTarget();
        const QString condition = QStringLiteral("response:zitadel.user.v2.UserService");
        QVERIFY(cli({QStringLiteral("executions"), QStringLiteral("set"), condition, QStringLiteral("--target"), t})
                    .exitCode == 0);
        // Nobody can answer the question: nothing is removed.
        Run r = cli({QStringLiteral("executions"), QStringLiteral("delete"), condition});
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QCOMPARE(targetsOf(getJson(condition)), QStringList{t});

        r = cli({QStringLiteral("executions"), QStringLiteral("delete"), condition, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.out.contains(QStringLiteral("Removed execution")));
        r = cli({QStringLiteral("executions"), QStringLiteral("get"), condition});
        QCOMPARE(r.exitCode, 6);
        // Removing it again: there is nothing to remove.
        r = cli({QStringLiteral("executions"), QStringLiteral("delete"), condition, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 6);
    }

    void checkExitCodes()
    {
        // A fresh sandbox of its own, so that earlier tests' executions do not count.
        targetdesk::test::SandboxProcess own(kCli);
        QString error;
        QVERIFY2(own.start({QStringLiteral("--token"), kToken}, &error), qPrintable(error));
        const QString url = own.url();
        const auto checkRun = [&](const QStringList &extra) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TARGETDESK_INSTANCE"), url);
            env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
            return targetdesk::test::runProcess(
                kCli, QStringList{QStringLiteral("check"), QStringLiteral("--no-resolve")} + extra, env,
                {.timeoutMs = 30000});
        };
        const auto ownCli = [&](const QStringList &args) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TARGETDESK_INSTANCE"), url);
            env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
            return targetdesk::test::runProcess(kCli, args, env, {.timeoutMs = 30000});
        };
        const auto create = [&](const QStringList &extra) {
            return ownCli(QStringList{QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--json"),
                                      QStringLiteral("--name"), QStringLiteral("check-%1").arg(++m_counter),
                                      QStringLiteral("--timeout"), QStringLiteral("5s")} +
                          extra)
                .json()
                .value(QLatin1String("id"))
                .toString();
        };

        // Nothing wrong yet.
        Run r = checkRun({});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        // A warning only (plain http): exit 0, or 8 with --strict.
        const QString plain = create({QStringLiteral("--endpoint"), QStringLiteral("http://hooks.example.com/x"),
                                      QStringLiteral("--type"), QStringLiteral("webhook")});
        QVERIFY(!plain.isEmpty());
        QVERIFY(
            ownCli({QStringLiteral("executions"), QStringLiteral("set"), kAddHuman, QStringLiteral("--target"), plain})
                .exitCode == 0);
        r = checkRun({});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.out.contains(QStringLiteral("[endpoint-plain-http]")));
        r = checkRun({QStringLiteral("--strict")});
        QVERIFY2(r.exitCode == 8, qPrintable(r.describe()));

        // An error: an interrupting target on request:all can lock the instance out.
        const QString brick =
            create({QStringLiteral("--endpoint"), QStringLiteral("https://hooks.example.com/y"),
                    QStringLiteral("--type"), QStringLiteral("call"), QStringLiteral("--interrupt-on-error")});
        QVERIFY(ownCli({QStringLiteral("executions"), QStringLiteral("set"), QStringLiteral("request:all"),
                        QStringLiteral("--target"), brick})
                    .exitCode == 0);
        r = checkRun({QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 8, qPrintable(r.describe()));
        const QJsonObject report = r.json();
        QCOMPARE(report.value(QLatin1String("passed")).toBool(true), false);
        QVERIFY(report.value(QLatin1String("errors")).toInt() >= 1);
        bool found = false;
        for (const QJsonValue &v : report.value(QLatin1String("findings")).toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(QLatin1String("code")).toString() == QLatin1String("interrupt-on-all")) {
                found = true;
                QCOMPARE(f.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
                QCOMPARE(f.value(QLatin1String("targetId")).toString(), brick);
                QCOMPARE(f.value(QLatin1String("condition")).toString(), QStringLiteral("request:all"));
                QVERIFY(f.value(QLatin1String("effect")).toString().contains(QStringLiteral("#8205")));
            }
        }
        QVERIFY2(found, qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliExecutions)
#include "tst_cli_executions.moc"
