// End-to-end tests of targetdesk-cli: a real `targetdesk-cli sandbox` process and the `targets` commands run as
// separate processes against it, checking stdout, stderr and exit codes.

#include "cliprocess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

#include <csignal>

namespace
{

const QString kCli = QStringLiteral(TARGETDESK_CLI_PATH);
// Distinctive so a leak shows up in any output; checked at the end of the run and in the error paths.
const QString kToken = QStringLiteral("tdtest-rw-4f9c2b1e7a0d");
const QString kReadOnlyToken = QStringLiteral("tdtest-ro-93ab71c2d5e8");
const QString kWrongToken = QStringLiteral("tdtest-wrong-5d1e0c6f2b9a");

using Run = targetdesk::test::CliRun;
using targetdesk::test::SandboxProcess;

} // namespace

class TstCli : public QObject
{
    Q_OBJECT

private:
    // Runs targetdesk-cli with TARGETDESK_INSTANCE/TARGETDESK_TOKEN set (unless given as null strings).
    Run run(const QStringList &args, const std::optional<QString> &instance, const std::optional<QString> &token,
            int timeoutMs = 30000)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("TARGETDESK_INSTANCE"));
        env.remove(QStringLiteral("TARGETDESK_TOKEN"));
        if (instance)
            env.insert(QStringLiteral("TARGETDESK_INSTANCE"), *instance);
        if (token)
            env.insert(QStringLiteral("TARGETDESK_TOKEN"), *token);
        const Run r = targetdesk::test::runProcess(kCli, args, env, {.timeoutMs = timeoutMs});
        m_outputs << r.out << r.err;
        return r;
    }
    // Against the main sandbox with the read-write token.
    Run cli(const QStringList &args, int timeoutMs = 30000) { return run(args, m_main.url(), kToken, timeoutMs); }

    QString uniqueName(const QString &tag) { return QStringLiteral("cli-%1-%2").arg(tag).arg(++m_counter); }

    // Creates a webhook target through the CLI; returns its create answer (id, creationDate, signingKey).
    QJsonObject createTarget(const QString &name, const QStringList &extra = {})
    {
        const Run r = cli(QStringList{QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--json"),
                                      QStringLiteral("--name"), name, QStringLiteral("--endpoint"),
                                      QStringLiteral("https://hooks.example.com/zitadel"), QStringLiteral("--timeout"),
                                      QStringLiteral("10s")} +
                          (extra.contains(QStringLiteral("--type"))
                               ? extra
                               : extra + QStringList{QStringLiteral("--type"), QStringLiteral("webhook")}));
        if (!r.finished || r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.json();
    }

    QJsonObject getTarget(const QString &id)
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("get"), id, QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning().noquote() << r.describe();
        return r.json();
    }

    int targetCount()
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json")});
        if (r.exitCode != 0)
            return -1;
        return int(r.json().value(QLatin1String("targets")).toArray().size());
    }

    static QStringList targetsCreate(const QString &name, const QStringList &extra)
    {
        return QStringList{QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--name"), name} + extra;
    }

    static quint16 closedPort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        const quint16 port = server.serverPort();
        server.close();
        return port;
    }

    SandboxProcess m_main{kCli};
    QStringList m_outputs;
    int m_counter = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kCli), qPrintable(kCli));
        QString error;
        QVERIFY2(m_main.start({QStringLiteral("--seed"), QStringLiteral("--token"), kToken,
                               QStringLiteral("--read-only-token"), kReadOnlyToken},
                              &error),
                 qPrintable(error));
        QVERIFY(m_main.url().startsWith(QLatin1String("http://127.0.0.1:")));
        // Exactly one line on stdout when --token was given.
        QCOMPARE(m_main.lines().size(), 1);
    }

    void cleanupTestCase() { m_main.stop(); }

    void versionAndHelp()
    {
        Run r = run({QStringLiteral("--version")}, std::nullopt, std::nullopt);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("targetdesk-cli " TARGETDESK_VERSION));

        r = run({QStringLiteral("--help")}, std::nullopt, std::nullopt);
        QCOMPARE(r.exitCode, 0);
        for (const char *word : {"targets list", "targets create", "targets delete", "sandbox", "TARGETDESK_TOKEN"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);

        r = run({QStringLiteral("targets"), QStringLiteral("create"), QStringLiteral("--help")}, std::nullopt,
                std::nullopt);
        QCOMPARE(r.exitCode, 0);
        for (const char *word : {"--endpoint", "--interrupt-on-error", "--payload", "--timeout DURATION", "--json"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);
        QVERIFY(!r.out.contains(QLatin1String("--filter")));

        r = run({QStringLiteral("sandbox"), QStringLiteral("-h")}, std::nullopt, std::nullopt);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("--fault")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString t = QStringLiteral("targets");
        QTest::newRow("no command") << QStringList{} << "no command given";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frob")} << "unknown command 'frob'";
        QTest::newRow("targets alone") << QStringList{t} << "needs a subcommand";
        QTest::newRow("unknown subcommand") << QStringList{t, QStringLiteral("frob")} << "'targets frob'";
        QTest::newRow("unknown option") << QStringList{t, QStringLiteral("list"), QStringLiteral("--bogus")}
                                        << "Unknown option 'bogus'";
        QTest::newRow("missing value") << QStringList{t, QStringLiteral("list"), QStringLiteral("--sort")}
                                       << "Missing value after '--sort'";
        QTest::newRow("get without id") << QStringList{t, QStringLiteral("get")} << "needs the target id";
        QTest::newRow("extra argument") << QStringList{t, QStringLiteral("get"), QStringLiteral("1"),
                                                       QStringLiteral("2")}
                                        << "unexpected argument '2'";
        QTest::newRow("option of another command") << QStringList{t, QStringLiteral("get"), QStringLiteral("1"),
                                                                  QStringLiteral("--filter"), QStringLiteral("x")}
                                                   << "--filter is not valid for 'targets get'";
        QTest::newRow("sandbox option on targets")
            << QStringList{t, QStringLiteral("list"), QStringLiteral("--port"), QStringLiteral("1")}
            << "--port is not valid for 'targets list'";
        QTest::newRow("targets option on sandbox")
            << QStringList{QStringLiteral("sandbox"), QStringLiteral("--json")} << "--json is not valid for 'sandbox'";
        QTest::newRow("create missing options")
            << targetsCreate(QStringLiteral("x"), {}) << "'targets create' needs --endpoint, --type, --timeout";
        QTest::newRow("update without changes")
            << QStringList{t, QStringLiteral("update"), QStringLiteral("1")} << "needs at least one change";
        QTest::newRow("contradicting flags")
            << QStringList{t, QStringLiteral("update"), QStringLiteral("1"), QStringLiteral("--interrupt-on-error"),
                           QStringLiteral("--no-interrupt-on-error")}
            << "contradict";
        QTest::newRow("repeated option") << QStringList{t,
                                                        QStringLiteral("list"),
                                                        QStringLiteral("--filter"),
                                                        QStringLiteral("a"),
                                                        QStringLiteral("--filter"),
                                                        QStringLiteral("b")}
                                         << "--filter is given more than once";
        QTest::newRow("flag with value") << QStringList{t, QStringLiteral("list"), QStringLiteral("--json=yes")}
                                         << "Unexpected value after '--json'";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith(QLatin1String("error: ")), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
    }

    void missingTokenOrInstance()
    {
        const QStringList list{QStringLiteral("targets"), QStringLiteral("list")};
        Run r = run(list, m_main.url(), std::nullopt);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("TARGETDESK_TOKEN is not set")), qPrintable(r.describe()));

        r = run(list, std::nullopt, kToken);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--instance")) && r.err.contains(QLatin1String("TARGETDESK_INSTANCE")),
                 qPrintable(r.describe()));

        r = run(list, QStringLiteral("ftp://zitadel.example"), kToken);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("TARGETDESK_INSTANCE: \"ftp://zitadel.example\"")),
                 qPrintable(r.describe()));

        // --instance instead of the environment variable.
        r = run(list + QStringList{QStringLiteral("--instance"), m_main.url()}, std::nullopt, kToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    }

    void tokenOnCommandLineRefused()
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--token"), kWrongToken});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("TARGETDESK_TOKEN")), qPrintable(r.describe()));
        QVERIFY(!r.err.contains(kWrongToken));
        QVERIFY(!r.out.contains(kWrongToken));
    }

    void listText()
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 3);
        const QString header = lines.takeFirst();
        const QString footer = lines.takeLast();
        static const QRegularExpression headerRe(
            QStringLiteral("^ID +NAME +TYPE +TIMEOUT +PAYLOAD +INTERRUPT +ENDPOINT$"));
        QVERIFY2(headerRe.match(header).hasMatch(), qPrintable(header));
        QCOMPARE(footer, QStringLiteral("%1 targets").arg(lines.size()));
        QCOMPARE(int(lines.size()), targetCount());
        // Aligned: every row has a blank before each column start and something at it.
        for (const char *column : {"NAME", "TYPE", "TIMEOUT", "PAYLOAD", "INTERRUPT", "ENDPOINT"}) {
            const qsizetype at = header.indexOf(QLatin1String(column));
            for (const QString &line : std::as_const(lines)) {
                QVERIFY2(line.size() > at && line.at(at - 1) == QLatin1Char(' ') && line.at(at) != QLatin1Char(' '),
                         qPrintable(QStringLiteral("%1 misaligned in: %2").arg(QLatin1String(column), line)));
            }
        }
        // The seed has every type and payload type.
        for (const char *word : {" webhook ", " call ", " async ", " json ", " jwt ", " jwe "})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);

        const Run none = cli({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--filter"),
                              QStringLiteral("no-such-target-xyz")});
        QCOMPARE(none.exitCode, 0);
        QVERIFY2(none.out.startsWith(QLatin1String("No targets")), qPrintable(none.describe()));
    }

    void listJson()
    {
        const Run r = cli({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), QStringList{QStringLiteral("targets")});
        const QJsonArray targets = o.value(QLatin1String("targets")).toArray();
        QVERIFY(targets.size() >= 3);
        for (const QJsonValue &v : targets) {
            const QJsonObject t = v.toObject();
            QVERIFY(!t.value(QLatin1String("id")).toString().isEmpty());
            QVERIFY(!t.value(QLatin1String("name")).toString().isEmpty());
            QVERIFY(t.value(QLatin1String("timeout")).toString().endsWith(QLatin1Char('s')));
            int types = 0;
            for (const char *field : {"restWebhook", "restCall", "restAsync"})
                types += t.contains(QLatin1String(field)) ? 1 : 0;
            QCOMPARE(types, 1);
            // Omitted when unspecified (a zero value), else the enum name.
            QVERIFY(!t.contains(QLatin1String("payloadType")) ||
                    t.value(QLatin1String("payloadType")).toString().startsWith(QLatin1String("PAYLOAD_TYPE_")));
            // ZITADEL's shape includes the signing key.
            QVERIFY(!t.value(QLatin1String("signingKey")).toString().isEmpty());
        }
    }

    // More than one page (the CLI asks for 1000 per page), filtered, sorted both ways.
    void listPagesFilterSort()
    {
        SandboxProcess big{kCli};
        QString error;
        QVERIFY2(big.start({QStringLiteral("--seed"), QStringLiteral("--seed-targets"), QStringLiteral("1205"),
                            QStringLiteral("--token"), kToken},
                           &error),
                 qPrintable(error));
        const QStringList base{QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json")};
        auto names = [&](const QStringList &extra, QStringList *ids = nullptr) {
            const Run r = run(base + extra, big.url(), kToken);
            if (r.exitCode != 0)
                qWarning().noquote() << r.describe();
            QStringList out;
            for (const QJsonValue &v : r.json().value(QLatin1String("targets")).toArray()) {
                out << v.toObject().value(QLatin1String("name")).toString();
                if (ids)
                    *ids << v.toObject().value(QLatin1String("id")).toString();
            }
            return out;
        };

        QStringList ids;
        const QStringList all = names({}, &ids);
        QVERIFY2(all.size() > 1205, qPrintable(QString::number(all.size())));
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size()); // no page read twice

        QStringList expected;
        for (int i = 1; i <= 1205; ++i)
            expected << QStringLiteral("target-%1").arg(i, 5, 10, QLatin1Char('0'));
        QCOMPARE(names({QStringLiteral("--filter"), QStringLiteral("target-"), QStringLiteral("--sort"),
                        QStringLiteral("name"), QStringLiteral("--asc")}),
                 expected);
        QStringList descending(expected.rbegin(), expected.rend());
        QCOMPARE(names({QStringLiteral("--filter"), QStringLiteral("target-"), QStringLiteral("--sort"),
                        QStringLiteral("name")}),
                 descending);
        // The filter ignores case.
        QCOMPARE(names({QStringLiteral("--filter"), QStringLiteral("TARGET-0120"), QStringLiteral("--sort"),
                        QStringLiteral("name"), QStringLiteral("--asc")}),
                 expected.mid(1199, 6));

        const Run text = run({QStringLiteral("targets"), QStringLiteral("list")}, big.url(), kToken);
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.endsWith(QStringLiteral("\n%1 targets\n").arg(all.size())));

        // Sorting by timeout ascending really is ascending.
        const Run byTimeout =
            run(base + QStringList{QStringLiteral("--sort"), QStringLiteral("timeout"), QStringLiteral("--asc")},
                big.url(), kToken);
        QCOMPARE(byTimeout.exitCode, 0);
        double last = -1;
        for (const QJsonValue &v : byTimeout.json().value(QLatin1String("targets")).toArray()) {
            QString timeout = v.toObject().value(QLatin1String("timeout")).toString();
            timeout.chop(1);
            QVERIFY(timeout.toDouble() >= last);
            last = timeout.toDouble();
        }
    }

    void createAndGet()
    {
        const QString name = uniqueName(QStringLiteral("get"));
        Run r = cli(targetsCreate(name, {QStringLiteral("--endpoint"), QStringLiteral("https://hooks.example.com/a"),
                                         QStringLiteral("--type"), QStringLiteral("call"), QStringLiteral("--timeout"),
                                         QStringLiteral("1.5s"), QStringLiteral("--interrupt-on-error"),
                                         QStringLiteral("--payload"), QStringLiteral("jwt")}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        static const QRegularExpression createdRe(QStringLiteral("^Created target (\\S+) \\((.*)\\)$"),
                                                  QRegularExpression::MultilineOption);
        const auto created = createdRe.match(r.out);
        QVERIFY2(created.hasMatch(), qPrintable(r.out));
        QCOMPARE(created.captured(2), name);
        const QString id = created.captured(1);
        static const QRegularExpression keyRe(QStringLiteral("^Signing key: (\\S+)$"),
                                              QRegularExpression::MultilineOption);
        const auto key = keyRe.match(r.out);
        QVERIFY2(key.hasMatch(), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("ZITADEL-Signature")));
        QVERIFY(r.out.contains(QLatin1String("shown only this once")));

        // Verified with get --json: ZITADEL's Target shape.
        const QJsonObject t = getTarget(id);
        QCOMPARE(t.value(QLatin1String("id")).toString(), id);
        QCOMPARE(t.value(QLatin1String("name")).toString(), name);
        QCOMPARE(t.value(QLatin1String("endpoint")).toString(), QStringLiteral("https://hooks.example.com/a"));
        QCOMPARE(t.value(QLatin1String("restCall")).toObject().value(QLatin1String("interruptOnError")).toBool(), true);
        QVERIFY(!t.contains(QLatin1String("restWebhook")));
        QCOMPARE(t.value(QLatin1String("timeout")).toString(), QStringLiteral("1.500s"));
        QCOMPARE(t.value(QLatin1String("payloadType")).toString(), QStringLiteral("PAYLOAD_TYPE_JWT"));
        QCOMPARE(t.value(QLatin1String("signingKey")).toString(), key.captured(1));
        QVERIFY(t.contains(QLatin1String("creationDate")));

        // Text: the key is masked unless asked for.
        r = cli({QStringLiteral("targets"), QStringLiteral("get"), id});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(!r.out.contains(key.captured(1)));
        for (const QString &line :
             {QStringLiteral("ID: +%1").arg(id), QStringLiteral("Name: +%1").arg(name), QStringLiteral("Type: +call"),
              QStringLiteral("Interrupt on error: +yes"), QStringLiteral("Timeout: +1.5s"),
              QStringLiteral("Payload type: +jwt"), QStringLiteral("Signing key: +\\*+")}) {
            QVERIFY2(QRegularExpression(QLatin1Char('^') + line, QRegularExpression::MultilineOption)
                         .match(r.out)
                         .hasMatch(),
                     qPrintable(line + QLatin1Char('\n') + r.out));
        }
        r = cli({QStringLiteral("targets"), QStringLiteral("get"), id, QStringLiteral("--show-signing-key")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(key.captured(1)));
    }

    void createJson()
    {
        const QString name = uniqueName(QStringLiteral("json"));
        const Run r =
            cli(targetsCreate(name, {QStringLiteral("--json"), QStringLiteral("--endpoint"),
                                     QStringLiteral("https://hooks.example.com/b"), QStringLiteral("--type"),
                                     QStringLiteral("async"), QStringLiteral("--timeout"), QStringLiteral("20s"),
                                     QStringLiteral("--payload"), QStringLiteral("jwe")}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(),
                 (QStringList{QStringLiteral("creationDate"), QStringLiteral("id"), QStringLiteral("signingKey")}));
        const QJsonObject t = getTarget(o.value(QLatin1String("id")).toString());
        QCOMPARE(t.value(QLatin1String("name")).toString(), name);
        QVERIFY(t.contains(QLatin1String("restAsync")));
        QCOMPARE(t.value(QLatin1String("payloadType")).toString(), QStringLiteral("PAYLOAD_TYPE_JWE"));
        QCOMPARE(t.value(QLatin1String("timeout")).toString(), QStringLiteral("20s"));
        QCOMPARE(t.value(QLatin1String("creationDate")).toString(), o.value(QLatin1String("creationDate")).toString());
    }

    void createDuplicateName()
    {
        const QString name = uniqueName(QStringLiteral("dup"));
        QVERIFY(!createTarget(name).isEmpty());
        const int before = targetCount();
        const Run r = cli(targetsCreate(name, {QStringLiteral("--endpoint"), QStringLiteral("https://x.example.com"),
                                               QStringLiteral("--type"), QStringLiteral("webhook"),
                                               QStringLiteral("--timeout"), QStringLiteral("5s")}));
        QCOMPARE(r.exitCode, 6);
        static const QRegularExpression re(
            QStringLiteral("^error: .+ \\([A-Za-z0-9]+-[A-Za-z0-9]+\\) \\[HTTP 409, AlreadyExists\\]$"),
            QRegularExpression::MultilineOption);
        QVERIFY2(re.match(r.err).hasMatch(), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(targetCount(), before);
    }

    void invalidInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString ep = QStringLiteral("https://hooks.example.com/c");
        auto create = [&](const QString &name, const QString &endpoint, const QString &type, const QString &timeout,
                          const QStringList &extra = {}) {
            return targetsCreate(name, QStringList{QStringLiteral("--endpoint"), endpoint, QStringLiteral("--type"),
                                                   type, QStringLiteral("--timeout"), timeout} +
                                           extra);
        };
        const QString n = QStringLiteral("cli-invalid");
        const QString wh = QStringLiteral("webhook");
        const QString ten = QStringLiteral("10s");
        QTest::newRow("timeout word") << create(n, ep, wh, QStringLiteral("ten"))
                                      << "--timeout: \"ten\" is not a duration";
        QTest::newRow("timeout zero") << create(n, ep, wh, QStringLiteral("0s")) << "--timeout: the timeout must be";
        QTest::newRow("timeout negative")
            << create(n, ep, wh, QStringLiteral("-5s")) << "--timeout: the timeout must be";
        QTest::newRow("timeout too long") << create(n, ep, wh, QStringLiteral("271s")) << "maximum of 270s";
        QTest::newRow("timeout minutes") << create(n, ep, wh, QStringLiteral("5m")) << "maximum of 270s";
        QTest::newRow("type") << create(n, ep, QStringLiteral("hook"), ten) << "--type: \"hook\"";
        QTest::newRow("payload") << create(n, ep, wh, ten, {QStringLiteral("--payload"), QStringLiteral("xml")})
                                 << "--payload: \"xml\"";
        QTest::newRow("endpoint words") << create(n, QStringLiteral("not a url"), wh, ten)
                                        << "--endpoint: \"not a url\"";
        QTest::newRow("endpoint scheme") << create(n, QStringLiteral("ftp://files.example.com"), wh, ten)
                                         << "must be an http:// or https:// URL";
        QTest::newRow("endpoint no host") << create(n, QStringLiteral("https://"), wh, ten) << "--endpoint";
        QTest::newRow("endpoint empty") << create(n, QString(), wh, ten) << "--endpoint is empty";
        QTest::newRow("name empty") << create(QString(), ep, wh, ten) << "--name is empty";
        QTest::newRow("name blank") << create(QStringLiteral("   "), ep, wh, ten) << "--name is empty";
        QTest::newRow("async interrupt") << create(n, ep, QStringLiteral("async"), ten,
                                                   {QStringLiteral("--interrupt-on-error")})
                                         << "--interrupt-on-error cannot be used with --type async";
        QTest::newRow("request timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("soon")} +
                                                create(n, ep, wh, ten)
                                         << "--request-timeout (or --timeout before the command): \"soon\"";
        QTest::newRow("list request timeout") << QStringList{QStringLiteral("targets"), QStringLiteral("list"),
                                                             QStringLiteral("--timeout"), QStringLiteral("0")}
                                              << "--timeout: the request timeout must be more than 0";
        QTest::newRow("sort") << QStringList{QStringLiteral("targets"), QStringLiteral("list"),
                                             QStringLiteral("--sort"), QStringLiteral("size")}
                              << "--sort: \"size\" is not a column";
        QTest::newRow("update timeout") << QStringList{QStringLiteral("targets"), QStringLiteral("update"),
                                                       QStringLiteral("123"), QStringLiteral("--timeout"),
                                                       QStringLiteral("300s")}
                                        << "maximum of 270s";
        QTest::newRow("update name") << QStringList{QStringLiteral("targets"), QStringLiteral("update"),
                                                    QStringLiteral("123"), QStringLiteral("--name"), QString()}
                                     << "--name is empty";
        QTest::newRow("instance") << QStringList{QStringLiteral("--instance"), QStringLiteral("http://"),
                                                 QStringLiteral("targets"), QStringLiteral("list")}
                                  << "--instance: \"http://\"";
    }

    void invalidInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const int before = targetCount();
        const Run r = cli(args);
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(message), qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith(QLatin1String("error: ")), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(targetCount(), before); // nothing was created
    }

    void updateFields()
    {
        const QString name = uniqueName(QStringLiteral("upd"));
        const QJsonObject created = createTarget(name);
        const QString id = created.value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        const QJsonObject original = getTarget(id);
        auto update = [&](const QStringList &args) {
            return cli(QStringList{QStringLiteral("targets"), QStringLiteral("update"), id} + args);
        };

        // One field at a time; the others stay.
        const QString renamed = name + QStringLiteral("-renamed");
        Run r = update({QStringLiteral("--name"), renamed});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.out, QStringLiteral("Updated target %1\n").arg(id));
        QJsonObject t = getTarget(id);
        QCOMPARE(t.value(QLatin1String("name")).toString(), renamed);
        QCOMPARE(t.value(QLatin1String("endpoint")), original.value(QLatin1String("endpoint")));
        QCOMPARE(t.value(QLatin1String("timeout")), original.value(QLatin1String("timeout")));
        QCOMPARE(t.value(QLatin1String("signingKey")), original.value(QLatin1String("signingKey")));

        QCOMPARE(update({QStringLiteral("--timeout"), QStringLiteral("25s")}).exitCode, 0);
        QCOMPARE(getTarget(id).value(QLatin1String("timeout")).toString(), QStringLiteral("25s"));
        QCOMPARE(update({QStringLiteral("--endpoint"), QStringLiteral("https://other.example.com/x")}).exitCode, 0);
        QCOMPARE(getTarget(id).value(QLatin1String("endpoint")).toString(),
                 QStringLiteral("https://other.example.com/x"));
        QCOMPARE(update({QStringLiteral("--payload"), QStringLiteral("jwe")}).exitCode, 0);
        QCOMPARE(getTarget(id).value(QLatin1String("payloadType")).toString(), QStringLiteral("PAYLOAD_TYPE_JWE"));

        // The interrupt flag alone keeps the type; the type alone keeps the flag.
        QCOMPARE(update({QStringLiteral("--interrupt-on-error")}).exitCode, 0);
        t = getTarget(id);
        QCOMPARE(t.value(QLatin1String("restWebhook")).toObject().value(QLatin1String("interruptOnError")).toBool(),
                 true);
        QCOMPARE(update({QStringLiteral("--type"), QStringLiteral("call")}).exitCode, 0);
        t = getTarget(id);
        QVERIFY(!t.contains(QLatin1String("restWebhook")));
        QCOMPARE(t.value(QLatin1String("restCall")).toObject().value(QLatin1String("interruptOnError")).toBool(), true);
        QCOMPARE(update({QStringLiteral("--no-interrupt-on-error")}).exitCode, 0);
        t = getTarget(id);
        QVERIFY(t.contains(QLatin1String("restCall")));
        QVERIFY(!t.value(QLatin1String("restCall")).toObject().contains(QLatin1String("interruptOnError")));
        QCOMPARE(update({QStringLiteral("--type"), QStringLiteral("async")}).exitCode, 0);
        QVERIFY(getTarget(id).contains(QLatin1String("restAsync")));
        r = update({QStringLiteral("--interrupt-on-error")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("--interrupt-on-error: target %1 is an async target").arg(id)),
                 qPrintable(r.describe()));
        QCOMPARE(update({QStringLiteral("--type"), QStringLiteral("webhook"), QStringLiteral("--interrupt-on-error")})
                     .exitCode,
                 0);
        QCOMPARE(getTarget(id).value(QLatin1String("restWebhook")).toObject().value(QLatin1String("interruptOnError")),
                 QJsonValue(true));
        QCOMPARE(getTarget(id).value(QLatin1String("name")).toString(), renamed); // untouched all along

        // Renaming onto another target's name is refused by the server.
        const QString other = uniqueName(QStringLiteral("upd-other"));
        QVERIFY(!createTarget(other).isEmpty());
        r = update({QStringLiteral("--name"), other});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("[HTTP 409, AlreadyExists]")), qPrintable(r.describe()));
    }

    void updateRotateSigningKey()
    {
        const QJsonObject created = createTarget(uniqueName(QStringLiteral("rot")));
        const QString id = created.value(QLatin1String("id")).toString();
        const QString oldKey = created.value(QLatin1String("signingKey")).toString();
        QVERIFY(!oldKey.isEmpty());

        Run r = cli({QStringLiteral("targets"), QStringLiteral("update"), id, QStringLiteral("--rotate-signing-key"),
                     QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), (QStringList{QStringLiteral("changeDate"), QStringLiteral("signingKey")}));
        const QString newKey = o.value(QLatin1String("signingKey")).toString();
        QVERIFY(!newKey.isEmpty());
        QVERIFY(newKey != oldKey);
        QCOMPARE(getTarget(id).value(QLatin1String("signingKey")).toString(), newKey);

        // Text output shows the new key once with the explanation.
        r = cli({QStringLiteral("targets"), QStringLiteral("update"), id, QStringLiteral("--rotate-signing-key")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QString newest = getTarget(id).value(QLatin1String("signingKey")).toString();
        QVERIFY(newest != newKey);
        QVERIFY(r.out.contains(QStringLiteral("New signing key: %1\n").arg(newest)));
        QVERIFY(r.out.contains(QLatin1String("ZITADEL-Signature")));

        // An update without a rotation answers without a key.
        r = cli({QStringLiteral("targets"), QStringLiteral("update"), id, QStringLiteral("--timeout"),
                 QStringLiteral("3s"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().keys(), QStringList{QStringLiteral("changeDate")});
    }

    // ZITADEL's interrupt-on-error defect, reproduced by the sandbox: the CLI applies on-then-off and says so.
    void updateInterruptOffUsesOnThenOff()
    {
        const QString id = createTarget(uniqueName(QStringLiteral("ioe")), {QStringLiteral("--interrupt-on-error")})
                               .value(QLatin1String("id"))
                               .toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(getTarget(id).value(QLatin1String("restWebhook")).toObject().value(QLatin1String("interruptOnError")),
                 QJsonValue(true));
        const Run r =
            cli({QStringLiteral("targets"), QStringLiteral("update"), id, QStringLiteral("--no-interrupt-on-error")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("note: ZITADEL ignores turning interrupt-on-error off")) &&
                     r.err.contains(QLatin1String("turned on and then off again")),
                 qPrintable(r.describe()));
        QCOMPARE(r.out, QStringLiteral("Updated target %1\n").arg(id));
        QCOMPARE(getTarget(id).value(QLatin1String("restWebhook")).toObject(), QJsonObject());
    }

    // A field the server acknowledges but does not write: exit 6, the field named.
    void updateNamesFieldThatDidNotTake()
    {
        SandboxProcess ignoring{kCli};
        QString error;
        QVERIFY2(ignoring.start({QStringLiteral("--seed"), QStringLiteral("--token"), kToken, QStringLiteral("--fault"),
                                 QStringLiteral("UpdateTarget=ignore")},
                                &error),
                 qPrintable(error));
        const Run list =
            run({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json")}, ignoring.url(), kToken);
        const QJsonObject first = list.json().value(QLatin1String("targets")).toArray().at(0).toObject();
        const QString id = first.value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        const Run r = run({QStringLiteral("targets"), QStringLiteral("update"), id, QStringLiteral("--timeout"),
                           QStringLiteral("42s")},
                          ignoring.url(), kToken);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QStringLiteral("did not change: timeout (sent 42s, ZITADEL still has %1)")
                                    .arg(first.value(QLatin1String("timeout")).toString())),
                 qPrintable(r.describe()));
        QVERIFY(!r.out.contains(QLatin1String("Updated target")));
    }

    void updateMissingTarget()
    {
        for (const QStringList &change : {QStringList{QStringLiteral("--name"), QStringLiteral("whatever")},
                                          QStringList{QStringLiteral("--interrupt-on-error")}}) {
            const Run r =
                cli(QStringList{QStringLiteral("targets"), QStringLiteral("update"), QStringLiteral("999999999999")} +
                    change);
            QCOMPARE(r.exitCode, 6);
            QVERIFY2(r.err.contains(QLatin1String("[HTTP 404, NotFound]")), qPrintable(r.describe()));
        }
    }

    void deleteTarget()
    {
        const QString id = createTarget(uniqueName(QStringLiteral("del"))).value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());

        // Nobody can confirm on a pipe: refuse instead of hanging.
        QElapsedTimer timer;
        timer.start();
        Run r = cli({QStringLiteral("targets"), QStringLiteral("delete"), id}, 10000);
        QVERIFY2(r.finished, "delete without --yes hung");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--yes")), qPrintable(r.describe()));
        QCOMPARE(cli({QStringLiteral("targets"), QStringLiteral("get"), id}).exitCode, 0);

        r = cli({QStringLiteral("targets"), QStringLiteral("delete"), id, QStringLiteral("--yes"),
                 QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.json().keys(), QStringList{QStringLiteral("deletionDate")});

        r = cli({QStringLiteral("targets"), QStringLiteral("get"), id});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.startsWith(QLatin1String("error: Target not found (QUERY-hj5oaniyrz) [HTTP 404, NotFound]")),
                 qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());

        // Deleting is idempotent, as on ZITADEL.
        r = cli({QStringLiteral("targets"), QStringLiteral("delete"), id, QStringLiteral("-y")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("Deleted target %1\n").arg(id));
    }

    // The prompt needs a terminal: `script` runs the CLI on a pseudo-terminal.
    void deletePromptOnTerminal_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("deleted");
        QTest::newRow("yes") << "y" << true;
        QTest::newRow("no") << "n" << false;
    }

    void deletePromptOnTerminal()
    {
        QFETCH(QString, answer);
        QFETCH(bool, deleted);
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("util-linux script is not installed");
        const QString name = uniqueName(QStringLiteral("prompt"));
        const QString id = createTarget(name).value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_INSTANCE"), m_main.url());
        env.insert(QStringLiteral("TARGETDESK_TOKEN"), kToken);
        p.setProcessEnvironment(env);
        p.start(script, {QStringLiteral("-qec"), QStringLiteral("'%1' targets delete %2").arg(kCli, id),
                         QStringLiteral("/dev/null")});
        QVERIFY(p.waitForStarted(10000));
        // Answer once the question is on the terminal.
        QString seen;
        QDeadlineTimer deadline(15000);
        while (!seen.contains(QLatin1String("[y/N]")) && !deadline.hasExpired() && p.state() == QProcess::Running) {
            p.waitForReadyRead(100);
            seen += QString::fromUtf8(p.readAll());
        }
        QVERIFY2(seen.contains(QStringLiteral("Delete target %1 (%2)? [y/N]").arg(name, id)), qPrintable(seen));
        p.write(answer.toUtf8() + "\n");
        QVERIFY(p.waitForFinished(15000));
        m_outputs << seen + QString::fromUtf8(p.readAll());
        QCOMPARE(p.exitCode(), deleted ? 0 : 1);
        QCOMPARE(cli({QStringLiteral("targets"), QStringLiteral("get"), id}).exitCode, deleted ? 6 : 0);
    }

    void networkFailure()
    {
        const QString closed = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
        Run r = run({QStringLiteral("targets"), QStringLiteral("list")}, closed, kToken);
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(QLatin1String("connection refused")), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());

        // No DNS case here: a lookup would send a query to the machine's resolver, and network tests only talk
        // to servers on 127.0.0.1 that they start themselves.

        // TLS against a plain HTTP server fails as a transport error too.
        r = run({QStringLiteral("targets"), QStringLiteral("list")},
                QString(m_main.url()).replace(QLatin1String("http://"), QLatin1String("https://")), kToken);
        QCOMPARE(r.exitCode, 7);
        QVERIFY(r.err.startsWith(QLatin1String("error: ")));
    }

    void serverFaults()
    {
        SandboxProcess faulty{kCli};
        QString error;
        QVERIFY2(faulty.start({QStringLiteral("--seed"), QStringLiteral("--token"), kToken, QStringLiteral("--fault"),
                               QStringLiteral("CreateTarget=503"), QStringLiteral("--fault"),
                               QStringLiteral("GetTarget=reset"), QStringLiteral("--fault"),
                               QStringLiteral("ListTargets=malformed"), QStringLiteral("--fault"),
                               QStringLiteral("DeleteTarget=hang")},
                              &error),
                 qPrintable(error));
        auto runFaulty = [&](const QStringList &args) { return run(args, faulty.url(), kToken); };

        Run r = runFaulty(
            targetsCreate(QStringLiteral("x"), {QStringLiteral("--endpoint"), QStringLiteral("https://x.example.com"),
                                                QStringLiteral("--type"), QStringLiteral("webhook"),
                                                QStringLiteral("--timeout"), QStringLiteral("5s")}));
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("[HTTP 503, Unavailable]")), qPrintable(r.describe()));

        r = runFaulty({QStringLiteral("targets"), QStringLiteral("get"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(QLatin1String("closed the connection")), qPrintable(r.describe()));

        r = runFaulty({QStringLiteral("targets"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(QLatin1String("not valid JSON")), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());

        // The request timeout, before and after the command words.
        for (const QStringList &args :
             {QStringList{QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("targets"),
                          QStringLiteral("delete"), QStringLiteral("1"), QStringLiteral("--yes")},
              QStringList{QStringLiteral("targets"), QStringLiteral("delete"), QStringLiteral("1"),
                          QStringLiteral("--yes"), QStringLiteral("--timeout"), QStringLiteral("1")}}) {
            QElapsedTimer timer;
            timer.start();
            r = runFaulty(args);
            QCOMPARE(r.exitCode, 7);
            QVERIFY2(r.err.contains(QLatin1String("within 1 s")), qPrintable(r.describe()));
            QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        }
    }

    // A fault limited to the first request: the next call of the same command succeeds.
    void faultOnlyFirstRequest()
    {
        SandboxProcess faulty{kCli};
        QString error;
        QVERIFY2(faulty.start({QStringLiteral("--seed"), QStringLiteral("--token"), kToken, QStringLiteral("--fault"),
                               QStringLiteral("ListTargets=500*1")},
                              &error),
                 qPrintable(error));
        const QStringList list{QStringLiteral("targets"), QStringLiteral("list")};
        Run r = run(list, faulty.url(), kToken);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("[HTTP 500, Internal]")), qPrintable(r.describe()));
        r = run(list, faulty.url(), kToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    }

    void permissions()
    {
        const QStringList list{QStringLiteral("targets"), QStringLiteral("list")};
        Run r = run(list, m_main.url(), kReadOnlyToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        r = run(targetsCreate(uniqueName(QStringLiteral("ro")),
                              {QStringLiteral("--endpoint"), QStringLiteral("https://x.example.com"),
                               QStringLiteral("--type"), QStringLiteral("webhook"), QStringLiteral("--timeout"),
                               QStringLiteral("5s")}),
                m_main.url(), kReadOnlyToken);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("HTTP 403")), qPrintable(r.describe()));

        r = run(list, m_main.url(), kWrongToken);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QLatin1String("HTTP 401")) && r.err.contains(QLatin1String("TARGETDESK_TOKEN")),
                 qPrintable(r.describe()));
        QVERIFY(!r.err.contains(kWrongToken) && !r.out.contains(kWrongToken));
    }

    void globalOptionsAfterCommand()
    {
        // --instance and --json after the command words, no TARGETDESK_INSTANCE.
        Run r = run({QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json"),
                     QStringLiteral("--instance"), m_main.url(), QStringLiteral("--timeout"), QStringLiteral("5")},
                    std::nullopt, kToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.json().contains(QLatin1String("targets")));

        // Between the command words and before them.
        r = run({QStringLiteral("--json"), QStringLiteral("targets"), QStringLiteral("--instance=") + m_main.url(),
                 QStringLiteral("list")},
                std::nullopt, kToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.json().contains(QLatin1String("targets")));

        // Before `targets create`, --timeout is the request timeout; after it, the target's.
        const QString name = uniqueName(QStringLiteral("global"));
        r = cli(QStringList{QStringLiteral("--timeout"), QStringLiteral("5")} +
                targetsCreate(name, {QStringLiteral("--endpoint"), QStringLiteral("https://x.example.com"),
                                     QStringLiteral("--type"), QStringLiteral("webhook"), QStringLiteral("--timeout"),
                                     QStringLiteral("7s"), QStringLiteral("--json")}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(getTarget(r.json().value(QLatin1String("id")).toString()).value(QLatin1String("timeout")).toString(),
                 QStringLiteral("7s"));
    }

    void sandboxGeneratesToken()
    {
        SandboxProcess s{kCli};
        QString error;
        QVERIFY2(s.start({}, &error), qPrintable(error));
        QCOMPARE(s.lines().size(), 2);
        QVERIFY(s.lines().at(0).startsWith(QLatin1String("listening on http://127.0.0.1:")));
        QVERIFY(!s.token().isEmpty());
        Run r = run({QStringLiteral("targets"), QStringLiteral("list")}, s.url(), s.token());
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.out, QStringLiteral("No targets\n")); // no --seed: empty
        QVERIFY(!r.out.contains(s.token()) && !r.err.contains(s.token()));
        r = run({QStringLiteral("targets"), QStringLiteral("list")}, s.url(), kToken);
        QCOMPARE(r.exitCode, 6);
    }

    void sandboxWithoutActiveWebKey()
    {
        // GET /v2/web_keys as the checks read it: active by default, STATE_INITIAL with --no-active-web-key.
        const auto webKeyState = [](const SandboxProcess &s) {
            QNetworkAccessManager nam;
            QUrl url(s.url());
            url.setPath(QStringLiteral("/v2/web_keys"));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + s.token().toUtf8());
            QNetworkReply *reply = nam.get(request);
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!reply->isFinished() && !finished.wait(10000))
                return QStringLiteral("no answer");
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            return o.value(QLatin1String("webKeys"))
                .toArray()
                .at(0)
                .toObject()
                .value(QLatin1String("state"))
                .toString();
        };
        SandboxProcess active{kCli};
        QString error;
        QVERIFY2(active.start({}, &error), qPrintable(error));
        QCOMPARE(webKeyState(active), QStringLiteral("STATE_ACTIVE"));
        SandboxProcess inactive{kCli};
        QVERIFY2(inactive.start({QStringLiteral("--no-active-web-key")}, &error), qPrintable(error));
        QCOMPARE(webKeyState(inactive), QStringLiteral("STATE_INITIAL"));
        const Run help = run({QStringLiteral("sandbox"), QStringLiteral("--help")}, std::nullopt, std::nullopt, 10000);
        QVERIFY2(help.out.contains(QLatin1String("--no-active-web-key")), qPrintable(help.describe()));
    }

    // Tokens from the environment keep them off the process list.
    void sandboxTokensFromEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TARGETDESK_SANDBOX_TOKEN"), kToken);
        env.insert(QStringLiteral("TARGETDESK_SANDBOX_READ_ONLY_TOKEN"), kReadOnlyToken);
        SandboxProcess s{kCli};
        QString error;
        QVERIFY2(s.start({}, &error, env), qPrintable(error));
        QCOMPARE(s.lines().size(), 1); // no generated token printed
        QVERIFY(!s.process()->arguments().join(QLatin1Char(' ')).contains(kToken));
        Run r = run({QStringLiteral("targets"), QStringLiteral("list")}, s.url(), kToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        r = run({QStringLiteral("targets"), QStringLiteral("list")}, s.url(), kReadOnlyToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        r = run(
            targetsCreate(QStringLiteral("ro"), {QStringLiteral("--endpoint"), QStringLiteral("https://x.example.com"),
                                                 QStringLiteral("--type"), QStringLiteral("webhook"),
                                                 QStringLiteral("--timeout"), QStringLiteral("5s")}),
            s.url(), kReadOnlyToken);
        QCOMPARE(r.exitCode, 6);
    }

    // Bound beyond loopback: a warning on stderr.
    void sandboxWarnsWhenNotLoopback()
    {
        SandboxProcess s{kCli};
        QString error;
        QVERIFY2(s.start({QStringLiteral("--host"), QStringLiteral("0.0.0.0")}, &error), qPrintable(error));
        s.stop();
        const QString err = QString::fromUtf8(s.process()->readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("warning: listening on 0.0.0.0, which is reachable from other machines")),
                 qPrintable(err));
        SandboxProcess local{kCli};
        QVERIFY2(local.start({}, &error), qPrintable(error));
        local.stop();
        QVERIFY(!QString::fromUtf8(local.process()->readAllStandardError()).contains(QLatin1String("warning")));
    }

    void sandboxBadOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << 3 << "--port";
        QTest::newRow("host") << QStringList{QStringLiteral("--host"), QStringLiteral("no host")} << 3 << "--host";
        QTest::newRow("fault spec") << QStringList{QStringLiteral("--fault"), QStringLiteral("CreateTarget=teapot")}
                                    << 3 << "--fault: \"teapot\"";
        QTest::newRow("fault route") << QStringList{QStringLiteral("--fault"), QStringLiteral("Nope=503")} << 3
                                     << "--fault: \"Nope=503\"";
        QTest::newRow("fault shape") << QStringList{QStringLiteral("--fault"), QStringLiteral("503")} << 3
                                     << "ROUTE=SPEC";
        QTest::newRow("empty token") << QStringList{QStringLiteral("--token"), QString()} << 3 << "--token";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--seeds")} << 2 << "Unknown option 'seeds'";
    }

    void sandboxBadOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = run(QStringList{QStringLiteral("sandbox")} + args, std::nullopt, std::nullopt, 10000);
        QVERIFY2(r.finished, "the sandbox started despite a bad option");
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.describe()));
        QVERIFY(!r.out.contains(QLatin1String("listening on")));
    }

    void sandboxStopsOnSignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void sandboxStopsOnSignal()
    {
        QFETCH(int, signal);
        SandboxProcess s{kCli};
        QString error;
        QVERIFY2(s.start({QStringLiteral("--seed")}, &error), qPrintable(error));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(::kill(pid_t(s.process()->processId()), signal), 0);
        QVERIFY(s.process()->waitForFinished(5000));
        QVERIFY(timer.elapsed() < 3000);
        QCOMPARE(s.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process()->exitCode(), 0);
    }

    // Last: nothing any command printed contains a token.
    void tokenNeverPrinted()
    {
        QVERIFY(m_outputs.size() > 50);
        for (const QString &output : std::as_const(m_outputs)) {
            for (const QString &token : {kToken, kReadOnlyToken, kWrongToken})
                QVERIFY2(!output.contains(token), qPrintable(output));
        }
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
