// The sandbox's execution rules over real HTTP, as shared/reference/zitadel-actions-v2.md states them: conditions
// checked against ZITADEL's catalogues (event types from the shipped event catalogue), targets checked for empty,
// unknown and repeated ids, the default order, emptied executions, who may read the catalogue routes, the list
// filters and pages; the web-key listing; and the seeded executions. Expected values are written out here.

#include "restcall.h"
#include "sandbox/sandbox.h"
#include "sandboxsession.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace targetdesk::sandbox;

namespace
{

using Reply = targetdesk::test::RestReply;

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QDateTime timestamp(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

// The condition objects of a list answer, compact, in order.
QStringList conditions(const QJsonArray &executions)
{
    QStringList out;
    for (const QJsonValue &e : executions)
        out << QString::fromUtf8(compact(e[u"condition"].toObject()));
    return out;
}

} // namespace

class TestSandboxExecutions : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QString m_token;

    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        return targetdesk::test::restCall(*m_nam, m_sandbox->url(), verb, path, body, token.isNull() ? m_token : token,
                                          10000);
    }

    QString createTarget(const QString &name,
                         const QJsonObject &type = QJsonObject{{QStringLiteral("restWebhook"), QJsonObject()}})
    {
        QJsonObject body{{QStringLiteral("name"), name},
                         {QStringLiteral("timeout"), QStringLiteral("10s")},
                         {QStringLiteral("endpoint"), QString(QStringLiteral("https://hooks.example.com/") + name)}};
        for (auto it = type.begin(); it != type.end(); ++it)
            body.insert(it.key(), *it);
        const Reply r = send("POST", QStringLiteral("/v2/actions/targets"), compact(body));
        if (r.status != 200)
            qWarning("create %s: %d %s", qPrintable(name), r.status, r.body.constData());
        return r.json.value(QLatin1String("id")).toString();
    }

    Reply setExecution(const QJsonObject &condition, const QStringList &targets)
    {
        return send("PUT", QStringLiteral("/v2/actions/executions"),
                    compact({{QStringLiteral("condition"), condition},
                             {QStringLiteral("targets"), QJsonArray::fromStringList(targets)}}));
    }

    Reply list(const QJsonObject &body = {})
    {
        return send("POST", QStringLiteral("/v2/actions/executions/search"), compact(body));
    }

    QJsonArray executions(const QJsonObject &body = {}) { return list(body).json[u"executions"].toArray(); }

    QJsonArray withFilter(const QJsonObject &filter)
    {
        return executions({{QStringLiteral("filters"), QJsonArray{filter}}});
    }

    // A ZITADEL error with one detail: HTTP status, gRPC code, id and (when given) the English text.
    static void checkError(const Reply &r, int status, int code, const QString &id, const QString &text = {})
    {
        QCOMPARE(r.status, status);
        QCOMPARE(r.json.value(QLatin1String("code")).toInt(), code);
        const QJsonArray details = r.json.value(QLatin1String("details")).toArray();
        if (id.isEmpty()) {
            QVERIFY2(details.isEmpty(), r.body.constData()); // a validation failure: no details
            QVERIFY2(!r.json.value(QLatin1String("message")).toString().isEmpty(), r.body.constData());
            return;
        }
        QCOMPARE(details.size(), 1);
        QCOMPARE(details.at(0)[u"id"].toString(), id);
        QVERIFY2(r.json.value(QLatin1String("message")).toString().endsWith(QStringLiteral(" (%1)").arg(id)),
                 r.body.constData());
        if (!text.isEmpty())
            QCOMPARE(details.at(0)[u"message"].toString(), text);
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_sandbox = targetdesk::test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_token = m_sandbox->generateToken(Role::ReadWrite);
        m_nam = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        m_nam.reset();
        m_sandbox.reset();
    }

    // ---- conditions ----

    void conditionsCheckedAgainstCatalogues_data()
    {
        QTest::addColumn<QByteArray>("condition");
        QTest::addColumn<QString>("id"); // empty: accepted
        const auto row = [](const char *tag, const char *condition, const char *id) {
            QTest::newRow(tag) << QByteArray(condition) << QString::fromLatin1(id);
        };
        // Events: the registered types only (COMMAND-74aaqj8fv9), exact and case-sensitive.
        row("registered event", "{\"event\":{\"event\":\"user.human.added\"}}", "");
        row("registered event, mixed case", "{\"event\":{\"event\":\"session.webAuthN.checked\"}}", "");
        row("well-formed but unregistered event", "{\"event\":{\"event\":\"user.human.notexisting\"}}",
            "COMMAND-74aaqj8fv9");
        row("event in the wrong case", "{\"event\":{\"event\":\"session.webauthn.checked\"}}", "COMMAND-74aaqj8fv9");
        row("a group named as an event", "{\"event\":{\"event\":\"user.human\"}}", "COMMAND-74aaqj8fv9");
        row("garbage event", "{\"event\":{\"event\":\"User Added\"}}", "COMMAND-74aaqj8fv9");
        // Groups: a plain prefix of a registered type (COMMAND-er5oneb5lz), never written with ".*".
        row("group", "{\"event\":{\"group\":\"user.human\"}}", "");
        row("group without a dot boundary", "{\"event\":{\"group\":\"user.hum\"}}", "");
        row("group of another word", "{\"event\":{\"group\":\"user_schema\"}}", "");
        row("group with .*", "{\"event\":{\"group\":\"user.human.*\"}}", "COMMAND-er5oneb5lz");
        row("top-level group with .*", "{\"event\":{\"group\":\"user.*\"}}", "COMMAND-er5oneb5lz");
        row("only .*", "{\"event\":{\"group\":\".*\"}}", "COMMAND-er5oneb5lz");
        row("unknown group", "{\"event\":{\"group\":\"user.notexisting\"}}", "COMMAND-er5oneb5lz");
        row("group in the wrong case", "{\"event\":{\"group\":\"User\"}}", "COMMAND-er5oneb5lz");
        // Methods, services and functions from ListExecutionMethods / Services / Functions.
        row("unknown method", "{\"request\":{\"method\":\"/zitadel.session.v2.NotExistingService/List\"}}",
            "COMMAND-vysplsevt8");
        row("method without its slash", "{\"response\":{\"method\":\"zitadel.user.v2.UserService/AddHumanUser\"}}",
            "COMMAND-vysplsevt8");
        row("unknown service", "{\"request\":{\"service\":\"NotExistingService\"}}", "COMMAND-qu6dfhiioq");
        row("service with a slash", "{\"response\":{\"service\":\"/zitadel.user.v2.UserService\"}}",
            "COMMAND-qu6dfhiioq");
        row("unknown function", "{\"function\":{\"name\":\"xxx\"}}", "COMMAND-cdy39t0ksr");
    }
    void conditionsCheckedAgainstCatalogues()
    {
        QFETCH(QByteArray, condition);
        QFETCH(QString, id);
        const QString t = createTarget(QStringLiteral("t"));
        const Reply r = setExecution(QJsonDocument::fromJson(condition).object(), {t});
        if (id.isEmpty()) {
            QVERIFY2(r.status == 200, r.body.constData());
            QCOMPARE(executions().size(), 1);
            return;
        }
        checkError(r, 404, 5, id, QStringLiteral("Execution condition is invalid"));
        QVERIFY(executions().isEmpty());
    }

    // ---- targets ----

    void targetIdsChecked_data()
    {
        QTest::addColumn<QStringList>("targets"); // "A", "B": created targets; anything else is sent as is
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("id");
        QTest::newRow("same target twice")
            << QStringList{QStringLiteral("A"), QStringLiteral("A")} << 404 << QStringLiteral("COMMAND-17e8fq1ggk");
        QTest::newRow("same target twice, apart")
            << QStringList{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("A")} << 404
            << QStringLiteral("COMMAND-17e8fq1ggk");
        QTest::newRow("unknown target") << QStringList{QStringLiteral("A"), QStringLiteral("3141592653589")} << 404
                                        << QStringLiteral("COMMAND-17e8fq1ggk");
        QTest::newRow("empty id") << QStringList{QString()} << 400 << QString();
        QTest::newRow("empty id after a good one") << QStringList{QStringLiteral("A"), QString()} << 400 << QString();
    }
    void targetIdsChecked()
    {
        QFETCH(QStringList, targets);
        QFETCH(int, status);
        QFETCH(QString, id);
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        for (QString &t : targets) {
            if (t == QLatin1String("A"))
                t = a;
            else if (t == QLatin1String("B"))
                t = b;
        }
        const Reply r = setExecution(obj("{\"function\":{\"name\":\"preuserinfo\"}}"), targets);
        checkError(r, status, status == 404 ? 5 : 3, id,
                   status == 404 ? QStringLiteral("Target not found") : QString());
        QVERIFY(executions().isEmpty());
        QVERIFY(m_sandbox->snapshot()[u"executions"].toArray().isEmpty()); // nothing stored, not even hidden
    }

    void emptyTargetIdCheckedBeforeTheCondition()
    {
        // ZITADEL validates the target ids before it looks the condition up: an empty id wins over an unknown event.
        const Reply r = setExecution(obj("{\"event\":{\"event\":\"user.human.notexisting\"}}"), {QString()});
        checkError(r, 400, 3, QString());
        // And a known condition with an unknown target names the target.
        checkError(setExecution(obj("{\"event\":{\"event\":\"user.human.added\"}}"), {QStringLiteral("404")}), 404, 5,
                   QStringLiteral("COMMAND-17e8fq1ggk"));
    }

    void sameTargetsInOtherExecutionsAreFine()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        QCOMPARE(setExecution(obj("{\"request\":{\"all\":true}}"), {a, b}).status, 200);
        QCOMPARE(setExecution(obj("{\"response\":{\"all\":true}}"), {b, a}).status, 200);
        const QJsonArray found =
            withFilter(obj("{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_RESPONSE\"}}"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0)[u"targets"].toArray(), (QJsonArray{b, a})); // the order is kept
    }

    // ---- order, emptied executions ----

    void defaultOrderIsCreationDate()
    {
        // Created in an order that differs from the order of their ids (event < function < request < response).
        const QString t = createTarget(QStringLiteral("t"));
        const QList<QJsonObject> created = {
            obj("{\"function\":{\"name\":\"preuserinfo\"}}"),
            obj("{\"response\":{\"all\":true}}"),
            obj("{\"event\":{\"group\":\"user.human\"}}"),
            obj("{\"request\":{\"all\":true}}"),
        };
        QStringList inCreationOrder;
        for (const QJsonObject &c : created) {
            QCOMPARE(setExecution(c, {t}).status, 200);
            inCreationOrder << QString::fromUtf8(compact(c));
            QTest::qWait(3); // distinct millisecond timestamps
        }
        QStringList newestFirst = inCreationOrder;
        std::reverse(newestFirst.begin(), newestFirst.end());

        QCOMPARE(conditions(executions()), newestFirst); // no sorting column: creation date, descending
        QCOMPARE(conditions(executions(obj("{\"pagination\":{\"asc\":true}}"))), inCreationOrder);
        QCOMPARE(conditions(executions(obj("{\"sortingColumn\":\"EXECUTION_FIELD_NAME_CREATED_DATE\"}"))), newestFirst);
        const QStringList byId = conditions(
            executions(obj("{\"sortingColumn\":\"EXECUTION_FIELD_NAME_ID\",\"pagination\":{\"asc\":true}}")));
        QCOMPARE(byId, (QStringList{QStringLiteral("{\"event\":{\"group\":\"user.human\"}}"),
                                    QStringLiteral("{\"function\":{\"name\":\"preuserinfo\"}}"),
                                    QStringLiteral("{\"request\":{\"all\":true}}"),
                                    QStringLiteral("{\"response\":{\"all\":true}}")}));

        // Changing an execution later moves it under the change date only.
        QCOMPARE(setExecution(created.first(), {t, createTarget(QStringLiteral("u"))}).status, 200);
        QCOMPARE(conditions(executions()), newestFirst);
        QCOMPARE(conditions(executions(obj("{\"sortingColumn\":\"EXECUTION_FIELD_NAME_CHANGED_DATE\"}"))).first(),
                 inCreationOrder.first());
    }

    void emptiedExecutionIsHiddenAndKeepsItsCreationDate()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        const QJsonObject fn = obj("{\"function\":{\"name\":\"preaccesstoken\"}}");
        QCOMPARE(setExecution(fn, {a}).status, 200);
        QCOMPARE(setExecution(obj("{\"request\":{\"all\":true}}"), {b}).status, 200);
        const QJsonObject first = withFilter(QJsonObject{{QStringLiteral("inConditionsFilter"),
                                                          QJsonObject{{QStringLiteral("conditions"), QJsonArray{fn}}}}})
                                      .at(0)
                                      .toObject();
        QVERIFY(timestamp(first[u"creationDate"]).isValid());

        QTest::qWait(5);
        const Reply emptied = setExecution(fn, {});
        QCOMPARE(emptied.status, 200);
        QCOMPARE(emptied.json.keys(), QStringList{QStringLiteral("setDate")});
        // Gone from every list, the total and every filter.
        const Reply all = list();
        QCOMPARE(conditions(all.json[u"executions"].toArray()),
                 QStringList{QStringLiteral("{\"request\":{\"all\":true}}")});
        QCOMPARE(all.json[u"pagination"][u"totalResult"].toString(), QStringLiteral("1"));
        QVERIFY(withFilter(obj("{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_FUNCTION\"}}")).isEmpty());
        QVERIFY(withFilter(QJsonObject{{QStringLiteral("targetFilter"), QJsonObject{{QStringLiteral("targetId"), a}}}})
                    .isEmpty());
        QVERIFY(withFilter(QJsonObject{{QStringLiteral("inConditionsFilter"),
                                        QJsonObject{{QStringLiteral("conditions"), QJsonArray{fn}}}}})
                    .isEmpty());

        // Set again: the first creation date comes back, the change date is new.
        QTest::qWait(5);
        QCOMPARE(setExecution(fn, {b, a}).status, 200);
        const QJsonObject again = withFilter(QJsonObject{{QStringLiteral("inConditionsFilter"),
                                                          QJsonObject{{QStringLiteral("conditions"), QJsonArray{fn}}}}})
                                      .at(0)
                                      .toObject();
        QCOMPARE(again[u"creationDate"], first[u"creationDate"]);
        QVERIFY(timestamp(again[u"changeDate"]) > timestamp(first[u"changeDate"]));
        QCOMPARE(again[u"targets"].toArray(), (QJsonArray{b, a}));

        // Emptying an execution that never existed answers 200 and adds nothing.
        QCOMPARE(setExecution(obj("{\"response\":{\"all\":true}}"), {}).status, 200);
        QCOMPARE(list().json[u"pagination"][u"totalResult"].toString(), QStringLiteral("2"));
    }

    void executionEmptiedByDeletingItsTargetKeepsItsCreationDate()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QJsonObject event = obj("{\"event\":{\"event\":\"user.human.added\"}}");
        QCOMPARE(setExecution(event, {a}).status, 200);
        const QJsonValue created = executions().at(0)[u"creationDate"];
        QCOMPARE(send("DELETE", QStringLiteral("/v2/actions/targets/") + a).status, 200);
        QVERIFY(executions().isEmpty());
        QTest::qWait(5);
        const QString b = createTarget(QStringLiteral("b"));
        QCOMPARE(setExecution(event, {b}).status, 200);
        QCOMPARE(executions().at(0)[u"creationDate"], created);
    }

    void hiddenExecutionSurvivesPersistence()
    {
        // The data file keeps the hidden record, so a restart does not forget the first creation date.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("state.json"));
        QVERIFY(m_sandbox->setDataFile(file));
        const QString a = createTarget(QStringLiteral("a"));
        const QJsonObject fn = obj("{\"function\":{\"name\":\"presamlresponse\"}}");
        QCOMPARE(setExecution(fn, {a}).status, 200);
        const QJsonValue created = executions().at(0)[u"creationDate"];
        QCOMPARE(setExecution(fn, {}).status, 200);
        const QJsonArray stored = m_sandbox->snapshot()[u"executions"].toArray();
        QCOMPARE(stored.size(), 1);
        QVERIFY(!stored.at(0).toObject().contains(QLatin1String("targets")));
        QCOMPARE(stored.at(0)[u"creationDate"], created);

        // A second sandbox on the same file: still hidden, and setting it again brings the first date back.
        cleanup();
        init();
        QVERIFY(m_sandbox->setDataFile(file));
        QVERIFY(executions().isEmpty());
        QTest::qWait(5);
        QCOMPARE(setExecution(fn, {a}).status, 200);
        QCOMPARE(executions().at(0)[u"creationDate"], created);
    }

    // ---- who may call ----

    void catalogueRoutesOpenToAnyAuthenticatedCaller()
    {
        const QString nobody = m_sandbox->generateToken(Role::None); // signed in, no instance role
        for (const char *route : {"functions", "methods", "services"}) {
            const Reply r = send("GET", QStringLiteral("/v2/actions/executions/") + QLatin1String(route), {}, nobody);
            QVERIFY2(r.status == 200, route);
            QVERIFY2(!r.json.value(QLatin1String(route)).toArray().isEmpty(), route);
            // Still only for a signed-in caller.
            const Reply anonymous =
                send("GET", QStringLiteral("/v2/actions/executions/") + QLatin1String(route), {}, QStringLiteral(""));
            checkError(anonymous, 401, 16, QStringLiteral("AUTH-7fs1e"));
        }
        // The executions themselves need action.execution.read / write.
        checkError(send("POST", QStringLiteral("/v2/actions/executions/search"), "{}", nobody), 403, 7,
                   QStringLiteral("AUTH-5mWD2"));
        checkError(send("PUT", QStringLiteral("/v2/actions/executions"), "{}", nobody), 403, 7,
                   QStringLiteral("AUTH-5mWD2"));
        const QString viewer = m_sandbox->generateToken(Role::ReadOnly);
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/methods"), {}, viewer).status, 200);
        checkError(send("PUT", QStringLiteral("/v2/actions/executions"), "{}", viewer), 403, 7,
                   QStringLiteral("AUTH-5mWD2"));
    }

    // ---- filters and pages ----

    void listFiltersAndPages()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        const QList<QPair<QJsonObject, QStringList>> set = {
            {obj("{\"request\":{\"method\":\"/zitadel.user.v2.UserService/AddHumanUser\"}}"), {a}},
            {obj("{\"request\":{\"service\":\"zitadel.user.v2.UserService\"}}"), {b}},
            {obj("{\"response\":{\"all\":true}}"), {a, b}},
            {obj("{\"function\":{\"name\":\"preuserinfo\"}}"), {b}},
            {obj("{\"event\":{\"group\":\"user\"}}"), {a}},
            {obj("{\"event\":{\"event\":\"user.human.added\"}}"), {b}},
        };
        for (const auto &[condition, targets] : set) {
            QCOMPARE(setExecution(condition, targets).status, 200);
            QTest::qWait(2);
        }
        const auto typeFilter = [](const char *type) {
            return QJsonObject{{QStringLiteral("executionTypeFilter"),
                                QJsonObject{{QStringLiteral("executionType"),
                                             QString(QStringLiteral("EXECUTION_TYPE_") + QLatin1String(type))}}}};
        };
        const auto targetFilter = [](const QString &id) {
            return QJsonObject{{QStringLiteral("targetFilter"), QJsonObject{{QStringLiteral("targetId"), id}}}};
        };
        QCOMPARE(withFilter(typeFilter("REQUEST")).size(), 2);
        QCOMPARE(withFilter(typeFilter("RESPONSE")).size(), 1);
        QCOMPARE(withFilter(typeFilter("FUNCTION")).size(), 1);
        QCOMPARE(withFilter(typeFilter("EVENT")).size(), 2);
        QCOMPARE(withFilter(targetFilter(a)).size(), 3);
        QCOMPARE(withFilter(targetFilter(b)).size(), 4);
        // Filters combine with AND.
        const QJsonArray both =
            executions({{QStringLiteral("filters"), QJsonArray{typeFilter("EVENT"), targetFilter(b)}}});
        QCOMPARE(conditions(both), QStringList{QStringLiteral("{\"event\":{\"event\":\"user.human.added\"}}")});
        // inConditionsFilter names executions by condition; a group matches written with or without ".*" and
        // a condition that names nothing set is simply not found.
        const QJsonArray named = executions(
            obj("{\"filters\":[{\"inConditionsFilter\":{\"conditions\":[{\"request\":{\"service\":"
                "\"zitadel.user.v2.UserService\"}},{\"event\":{\"group\":\"user.*\"}},{\"request\":{\"all\":true}}]}}],"
                "\"pagination\":{\"asc\":true}}"));
        QCOMPARE(conditions(named),
                 (QStringList{QStringLiteral("{\"request\":{\"service\":\"zitadel.user.v2.UserService\"}}"),
                              QStringLiteral("{\"event\":{\"group\":\"user\"}}")}));

        // Pages: offset and limit over the default order, the total counts every match.
        QStringList pages;
        for (int offset = 0; offset < 6; offset += 4) {
            const Reply page = list({{QStringLiteral("pagination"),
                                      QJsonObject{{QStringLiteral("offset"), offset}, {QStringLiteral("limit"), 4}}}});
            QCOMPARE(page.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"6\",\"appliedLimit\":\"4\"}")));
            pages << conditions(page.json[u"executions"].toArray());
        }
        QCOMPARE(pages, conditions(executions()));
        QCOMPARE(pages.size(), 6);
        const Reply past = list(obj("{\"pagination\":{\"offset\":\"10\"}}"));
        QCOMPARE(past.status, 200);
        QVERIFY(!past.json.contains(QLatin1String("executions")));
        QCOMPARE(past.json[u"pagination"][u"totalResult"].toString(), QStringLiteral("6"));
        checkError(list(obj("{\"pagination\":{\"limit\":1001}}")), 400, 3, QStringLiteral("QUERY-4M0fs"));
    }

    // ---- web keys ----

    void webKeysListed()
    {
        const Reply r = send("GET", QStringLiteral("/v2/web_keys"));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json.keys(), QStringList{QStringLiteral("webKeys")});
        const QJsonArray keys = r.json[u"webKeys"].toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject key = keys.at(0).toObject();
        QCOMPARE(key.keys(), (QStringList{QStringLiteral("changeDate"), QStringLiteral("creationDate"),
                                          QStringLiteral("id"), QStringLiteral("rsa"), QStringLiteral("state")}));
        QCOMPARE(key[u"state"].toString(), QStringLiteral("STATE_ACTIVE"));
        QCOMPARE(key[u"rsa"].toObject(), (obj("{\"bits\":\"RSA_BITS_2048\",\"hasher\":\"RSA_HASHER_SHA256\"}")));
        const QDateTime created = timestamp(key[u"creationDate"]);
        QVERIFY(created.isValid() && qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(timestamp(key[u"changeDate"]) >= created);
        // The same key the instance signs with and publishes in its JWKS.
        QCOMPARE(key[u"id"].toString(), m_sandbox->webKeyId());
        const Reply jwks = send("GET", QStringLiteral("/oauth/v2/keys"));
        QCOMPARE(jwks.json[u"keys"].toArray().at(0)[u"kid"].toString(), key[u"id"].toString());
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListWebKeys")), 1);
    }

    void webKeysNeedAnInstanceRole()
    {
        // iam.web_key.read: IAM_OWNER and IAM_OWNER_VIEWER have it, a user without an instance role does not.
        QCOMPARE(send("GET", QStringLiteral("/v2/web_keys"), {}, m_sandbox->generateToken(Role::ReadOnly)).status, 200);
        checkError(send("GET", QStringLiteral("/v2/web_keys"), {}, m_sandbox->generateToken(Role::None)), 403, 7,
                   QStringLiteral("AUTH-5mWD2"));
        checkError(send("GET", QStringLiteral("/v2/web_keys"), {}, QStringLiteral("")), 401, 16,
                   QStringLiteral("AUTH-7fs1e"));
        QCOMPARE(send("POST", QStringLiteral("/v2/web_keys"), "{}").status, 405);
    }

    void noActiveWebKey()
    {
        QVERIFY(m_sandbox->webKeyActive());
        QVERIFY(!m_sandbox->signJws("{}").isEmpty());
        const QJsonObject before = send("GET", QStringLiteral("/v2/web_keys")).json[u"webKeys"][0].toObject();
        QTest::qWait(5);
        m_sandbox->setWebKeyActive(false);
        QVERIFY(!m_sandbox->webKeyActive());
        const QJsonObject after = send("GET", QStringLiteral("/v2/web_keys")).json[u"webKeys"][0].toObject();
        QCOMPARE(after[u"state"].toString(), QStringLiteral("STATE_INITIAL"));
        QCOMPARE(after[u"id"], before[u"id"]);
        QCOMPARE(after[u"creationDate"], before[u"creationDate"]);
        QVERIFY(timestamp(after[u"changeDate"]) > timestamp(before[u"changeDate"]));
        // Nothing can be signed (ZITADEL: Errors.WebKey.NoActive); the JWKS still publishes the key.
        QVERIFY(m_sandbox->signJws("{}").isEmpty());
        QCOMPARE(send("GET", QStringLiteral("/oauth/v2/keys")).json[u"keys"].toArray().size(), 1);
        m_sandbox->setWebKeyActive(true);
        QCOMPARE(send("GET", QStringLiteral("/v2/web_keys")).json[u"webKeys"][0][u"state"].toString(),
                 QStringLiteral("STATE_ACTIVE"));
        QVERIFY(!m_sandbox->signJws("{}").isEmpty());
    }

    void noActiveWebKeyFromTheStart()
    {
        // Switched off before the key exists: it is made in the inactive state.
        Sandbox fresh;
        fresh.setWebKeyActive(false);
        QVERIFY(fresh.listen(QHostAddress::LocalHost, 0));
        const QString token = fresh.generateToken(Role::ReadOnly);
        QUrl url = fresh.url();
        url.setPath(QStringLiteral("/v2/web_keys"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QNetworkReply *reply = m_nam->get(request);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        QCOMPARE(o[u"webKeys"][0][u"state"].toString(), QStringLiteral("STATE_INITIAL"));
        QCOMPARE(o[u"webKeys"][0][u"creationDate"], o[u"webKeys"][0][u"changeDate"]);
    }

    void webKeysFaultInjection()
    {
        m_sandbox->setFault(QStringLiteral("ListWebKeys"), *Fault::parse(QStringLiteral("503*1")));
        QCOMPARE(send("GET", QStringLiteral("/v2/web_keys")).status, 503);
        QCOMPARE(send("GET", QStringLiteral("/v2/web_keys")).status, 200);
    }

    // ---- seed ----

    void seededExecutionsOfEveryKind()
    {
        m_sandbox->seed();
        const QJsonArray targets =
            send("POST", QStringLiteral("/v2/actions/targets/search"), "{}").json[u"targets"].toArray();
        QHash<QString, QJsonObject> targetById;
        for (const QJsonValue &t : targets)
            targetById.insert(t[u"id"].toString(), t.toObject());

        const QJsonArray seeded = executions();
        QSet<QString> kinds;
        for (const QJsonValue &v : seeded) {
            const QJsonObject e = v.toObject();
            const QJsonObject condition = e[u"condition"].toObject();
            const QString type = condition.keys().first();
            const QJsonObject inner = condition[type].toObject();
            const QString scope = inner.keys().first();
            kinds.insert(type + QLatin1Char('/') + scope);
            const QString where = QString::fromUtf8(compact(condition));

            // Every target exists and the execution is not older than its targets.
            const QJsonArray ids = e[u"targets"].toArray();
            QVERIFY2(!ids.isEmpty(), qPrintable(where));
            for (const QJsonValue &id : ids) {
                QVERIFY2(targetById.contains(id.toString()), qPrintable(where));
                QVERIFY2(timestamp(e[u"creationDate"]) >= timestamp(targetById.value(id.toString())[u"creationDate"]),
                         qPrintable(where));
            }
            // Nothing that can lock the instance out: no interrupt-on-error on `all` or a whole service, no event
            // `all` (ZITADEL #8205, #12225).
            const bool broad = scope == QLatin1String("all") || scope == QLatin1String("service");
            if (broad && type != QLatin1String("event")) {
                for (const QJsonValue &id : ids) {
                    const QJsonObject t = targetById.value(id.toString());
                    const bool interrupts =
                        t[u"restWebhook"][u"interruptOnError"].toBool() || t[u"restCall"][u"interruptOnError"].toBool();
                    QVERIFY2(!interrupts, qPrintable(where + QStringLiteral(" calls ") + t[u"name"].toString()));
                }
            }
            QVERIFY2(!(type == QLatin1String("event") && scope == QLatin1String("all")), qPrintable(where));

            // The sandbox's own rules accept it: setting it again with the same targets succeeds.
            QStringList same;
            for (const QJsonValue &id : ids)
                same << id.toString();
            QVERIFY2(setExecution(condition, same).status == 200, qPrintable(where));
        }
        for (const char *kind : {"request/method", "request/service", "request/all", "response/method",
                                 "response/service", "response/all", "function/name", "event/event", "event/group"})
            QVERIFY2(kinds.contains(QLatin1String(kind)), kind);
        QCOMPARE(seeded.size(), 11);
    }
};

QTEST_GUILESS_MAIN(TestSandboxExecutions)
#include "tst_sandbox_executions.moc"
