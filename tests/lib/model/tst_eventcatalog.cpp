// The event catalogue shipped with the app: ZITADEL's 536 registered event types, what counts as a type and as a
// group (a plain prefix, no dot boundary, no ".*"), and the groups offered for completion.

#include "model/eventcatalog.h"

#include <QSet>
#include <QTest>

#include <array>
#include <atomic>
#include <thread>

using namespace targetdesk;

class TestEventCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allTypesSortedAndUnique()
    {
        const QStringList &types = eventcatalog::types();
        QCOMPARE(types.size(), 536);
        QCOMPARE(types.first(), QStringLiteral("action.added"));
        QCOMPARE(types.last(), QStringLiteral("web_key.removed"));
        for (qsizetype i = 1; i < types.size(); ++i)
            QVERIFY2(types.at(i - 1) < types.at(i), qPrintable(types.at(i)));
        for (const QString &t : types) {
            QVERIFY2(!t.isEmpty() && t == t.trimmed() && t.contains(QLatin1Char('.')), qPrintable(t));
            QVERIFY2(!t.contains(QLatin1Char('*')), qPrintable(t));
        }
        QCOMPARE(&eventcatalog::types(), &types); // loaded once
    }

    void eventTypes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("known");
        QTest::newRow("user added") << QStringLiteral("user.human.added") << true;
        QTest::newRow("session added") << QStringLiteral("session.added") << true;
        QTest::newRow("mixed case type") << QStringLiteral("session.webAuthN.checked") << true;
        QTest::newRow("first") << QStringLiteral("action.added") << true;
        QTest::newRow("last") << QStringLiteral("web_key.removed") << true;
        QTest::newRow("case matters") << QStringLiteral("session.webauthn.checked") << false;
        QTest::newRow("a group is not a type") << QStringLiteral("user.human") << false;
        QTest::newRow("unknown") << QStringLiteral("user.human.notexisting") << false;
        QTest::newRow("blank around") << QStringLiteral(" user.human.added") << false;
        QTest::newRow("trailing dot") << QStringLiteral("user.human.added.") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("garbage") << QStringLiteral("User Added") << false;
        QTest::newRow("wildcard") << QStringLiteral("user.*") << false;
    }
    void eventTypes()
    {
        QFETCH(QString, type);
        QFETCH(bool, known);
        QCOMPARE(eventcatalog::isEventType(type), known);
    }

    void eventGroups_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("top level") << QStringLiteral("user") << true;
        QTest::newRow("second level") << QStringLiteral("user.human") << true;
        QTest::newRow("no dot boundary") << QStringLiteral("user.hum") << true;
        QTest::newRow("prefix of another word") << QStringLiteral("user_schema") << true;
        QTest::newRow("a whole type is a prefix of itself") << QStringLiteral("user.human.added") << true;
        QTest::newRow("trailing dot") << QStringLiteral("user.") << true;
        QTest::newRow("mixed case prefix") << QStringLiteral("session.webAuthN") << true;
        QTest::newRow("with .*") << QStringLiteral("user.human.*") << false;
        QTest::newRow("top level with .*") << QStringLiteral("user.*") << false;
        QTest::newRow("unknown") << QStringLiteral("user.notexisting") << false;
        QTest::newRow("past the last type") << QStringLiteral("zzz") << false;
        QTest::newRow("case matters") << QStringLiteral("User") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("garbage") << QStringLiteral("user human") << false;
        QTest::newRow("star") << QStringLiteral("*") << false;
    }
    void eventGroups()
    {
        QFETCH(QString, group);
        QFETCH(bool, accepted);
        QCOMPARE(eventcatalog::isEventGroup(group), accepted);
    }

    void userGroupCoversUserSchemaTypes()
    {
        // The reference: group "user" also catches user_schema.* events (prefix matching has no dot boundary).
        int userSchema = 0;
        for (const QString &t : eventcatalog::types()) {
            if (t.startsWith(QLatin1String("user_schema.")))
                ++userSchema;
        }
        QVERIFY(userSchema > 0);
        QVERIFY(eventcatalog::isEventGroup(QStringLiteral("user")));
        QVERIFY(eventcatalog::isEventGroup(QStringLiteral("user_schema")));
    }

    void completionGroups()
    {
        const QStringList &groups = eventcatalog::groups();
        QVERIFY(groups.contains(QStringLiteral("user")));
        QVERIFY(groups.contains(QStringLiteral("user.human")));
        QVERIFY(groups.contains(QStringLiteral("user_schema")));
        QVERIFY(groups.contains(QStringLiteral("session")));
        QVERIFY(!groups.contains(QStringLiteral("user.human.added"))); // a type, not offered as a group
        QVERIFY(!groups.contains(QStringLiteral("user.hum")));         // accepted, but not worth offering
        const QSet<QString> types(eventcatalog::types().cbegin(), eventcatalog::types().cend());
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const QString &g = groups.at(i);
            if (i > 0)
                QVERIFY2(groups.at(i - 1) < g, qPrintable(g));
            QVERIFY2(eventcatalog::isEventGroup(g), qPrintable(g));
            QVERIFY2(!g.endsWith(QLatin1Char('.')) && !g.contains(QLatin1Char('*')), qPrintable(g));
        }
        // Every type's dotted prefixes are there.
        for (const QString &t : types) {
            const QStringList parts = t.split(QLatin1Char('.'));
            for (qsizetype n = 1; n < parts.size(); ++n) {
                const QString prefix = parts.mid(0, n).join(QLatin1Char('.'));
                QVERIFY2(groups.contains(prefix), qPrintable(prefix));
            }
        }
    }

    void concurrentFirstUse()
    {
        // Many threads asking at once (the first use loads the resource) all see the same, complete catalogue.
        std::atomic<int> good{0};
        std::array<std::thread, 8> threads;
        for (std::thread &t : threads) {
            t = std::thread([&good] {
                if (eventcatalog::types().size() == 536 && eventcatalog::isEventType(u"user.human.added") &&
                    eventcatalog::isEventGroup(u"user.human") &&
                    eventcatalog::groups().contains(QStringLiteral("user")))
                    ++good;
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(good.load(), 8);
    }
};

QTEST_GUILESS_MAIN(TestEventCatalog)
#include "tst_eventcatalog.moc"
