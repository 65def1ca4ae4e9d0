// Execution conditions as the CLI writes them, ZITADEL's execution ids, and which execution fires for a call: the
// best match only (method over service over all; event over deeper group over shallower group over all).
#include "model/executionmatch.h"

#include <QTest>

using namespace targetdesk;
using Kind = ExecutionCondition::Kind;
using Scope = ExecutionCondition::Scope;

namespace
{
ExecutionCondition parse(const char *text)
{
    const ConditionParse p = executionConditionFromText(QString::fromLatin1(text));
    return p.condition.value_or(ExecutionCondition{});
}
} // namespace

class TestExecutionMatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("scope");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("id");
        const auto row = [](const char *text, Kind k, Scope s, const char *value, const char *id) {
            QTest::newRow(text) << QString::fromLatin1(text) << int(k) << int(s) << QString::fromLatin1(value)
                                << QString::fromLatin1(id);
        };
        row("request:/zitadel.user.v2.UserService/AddHumanUser", Kind::Request, Scope::One,
            "/zitadel.user.v2.UserService/AddHumanUser", "request/zitadel.user.v2.UserService/AddHumanUser");
        row("request:zitadel.user.v2.UserService", Kind::Request, Scope::Group, "zitadel.user.v2.UserService",
            "request/zitadel.user.v2.UserService");
        row("request:all", Kind::Request, Scope::All, "", "request");
        row("response:/zitadel.session.v2.SessionService/CreateSession", Kind::Response, Scope::One,
            "/zitadel.session.v2.SessionService/CreateSession",
            "response/zitadel.session.v2.SessionService/CreateSession");
        row("response:all", Kind::Response, Scope::All, "", "response");
        row("function:preuserinfo", Kind::Function, Scope::One, "preuserinfo", "function/preuserinfo");
        row("event:user.human.added", Kind::Event, Scope::One, "user.human.added", "event/user.human.added");
        row("event-group:user.human", Kind::Event, Scope::Group, "user.human", "event/user.human.*");
        row("event:all", Kind::Event, Scope::All, "", "event");
    }

    void textRoundTrip()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(int, scope);
        QFETCH(QString, value);
        QFETCH(QString, id);
        const ConditionParse p = executionConditionFromText(text);
        QVERIFY2(p.condition, qPrintable(p.error));
        QCOMPARE(int(p.condition->kind), kind);
        QCOMPARE(int(p.condition->scope), scope);
        QCOMPARE(p.condition->value, value);
        QCOMPARE(p.condition->toText(), text);
        QCOMPARE(p.condition->executionId(), id);
        // The JSON ZITADEL takes reads back to the same condition.
        QCOMPARE(*executionConditionFromJson(p.condition->toJson()).condition, *p.condition);
    }

    void badText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("no kind") << QStringLiteral("user.human.added") << QStringLiteral("not a condition");
        QTest::newRow("empty") << QStringLiteral("") << QStringLiteral("not a condition");
        QTest::newRow("nothing after the colon") << QStringLiteral("request:") << QStringLiteral("names nothing");
        QTest::newRow("unknown kind") << QStringLiteral("hook:x") << QStringLiteral("unknown kind");
        QTest::newRow("method without slash") << QStringLiteral("request:zitadel.user.v2.UserService/AddHumanUser")
                                              << QStringLiteral("starts with a slash");
        QTest::newRow("method without name")
            << QStringLiteral("request:/zitadel.user.v2.UserService") << QStringLiteral("/SERVICE/METHOD");
        QTest::newRow("group wildcard") << QStringLiteral("event-group:user.human.*")
                                        << QStringLiteral("(event-group:user.human)");
        QTest::newRow("event wildcard") << QStringLiteral("event:user.*") << QStringLiteral("without the wildcard");
        QTest::newRow("blank") << QStringLiteral("event:user human") << QStringLiteral("blank");
    }

    void badText()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        const ConditionParse p = executionConditionFromText(text);
        QVERIFY(!p.condition);
        QVERIFY2(p.error.contains(says), qPrintable(p.error));
    }

    void bestMatchOfRequests()
    {
        const QList<ExecutionCondition> c = {parse("request:all"), parse("request:zitadel.user.v2.UserService"),
                                             parse("request:/zitadel.user.v2.UserService/AddHumanUser"),
                                             parse("response:all")};
        const auto best = [&](const char *method) {
            return executionmatch::bestMatch(c, {Kind::Request, QString::fromLatin1(method)});
        };
        QCOMPARE(best("/zitadel.user.v2.UserService/AddHumanUser"), std::optional<qsizetype>(2));
        QCOMPARE(best("/zitadel.user.v2.UserService/DeleteUser"), std::optional<qsizetype>(1));
        QCOMPARE(best("/zitadel.org.v2.OrganizationService/AddOrganization"), std::optional<qsizetype>(0));
        // Responses are matched on their own.
        QCOMPARE(executionmatch::bestMatch(c, {Kind::Response, QStringLiteral("/zitadel.user.v2.UserService/X")}),
                 std::optional<qsizetype>(3));
        QCOMPARE(executionmatch::bestMatch({}, {Kind::Request, QStringLiteral("/a/b")}), std::nullopt);
    }

    void bestMatchOfEvents()
    {
        const QList<ExecutionCondition> c = {parse("event:all"), parse("event-group:user"),
                                             parse("event-group:user.human"), parse("event:user.human.added")};
        const auto best = [&](const char *type) {
            return executionmatch::bestMatch(c, {Kind::Event, QString::fromLatin1(type)});
        };
        QCOMPARE(best("user.human.added"), std::optional<qsizetype>(3));
        QCOMPARE(best("user.human.removed"), std::optional<qsizetype>(2));
        QCOMPARE(best("user.machine.added"), std::optional<qsizetype>(1));
        // No dot boundary: the group "user" catches user_schema events too.
        QCOMPARE(best("user_schema.created"), std::optional<qsizetype>(1));
        QCOMPARE(best("session.added"), std::optional<qsizetype>(0));
    }

    void coverage()
    {
        const QStringList methods = {QStringLiteral("/s.A/One"), QStringLiteral("/s.A/Two"),
                                     QStringLiteral("/s.B/One")};
        const QList<ExecutionCondition> all = {parse("request:all"), parse("request:s.A"), parse("request:/s.A/One")};
        const auto service = executionmatch::coverage(parse("request:s.A"), all, methods);
        QCOMPARE(service.matched, (QStringList{QStringLiteral("/s.A/One"), QStringLiteral("/s.A/Two")}));
        QCOMPARE(service.handled, QStringList{QStringLiteral("/s.A/Two")});
        QCOMPARE(service.shadowedBy, QList<ExecutionCondition>{parse("request:/s.A/One")});
        QVERIFY(!service.entirelyShadowed());
        const auto everything = executionmatch::coverage(parse("request:all"), all, methods);
        QCOMPARE(everything.handled, QStringList{QStringLiteral("/s.B/One")});
        QCOMPARE(everything.shadowedBy.size(), 2);

        // A condition not saved yet is measured as if it were.
        const auto proposed = executionmatch::coverage(parse("request:/s.A/Two"), all, methods);
        QCOMPARE(proposed.handled, QStringList{QStringLiteral("/s.A/Two")});
        QVERIFY(executionmatch::coverage(parse("request:s.A"),
                                         all + QList<ExecutionCondition>{parse("request:/s.A/Two")}, methods)
                    .entirelyShadowed());
    }
};

QTEST_GUILESS_MAIN(TestExecutionMatch)
#include "tst_executionmatch.moc"
