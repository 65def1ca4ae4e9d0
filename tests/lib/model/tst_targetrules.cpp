// ZITADEL's target rules in lib/model, the one place the editor, the CLI and the sandbox take them from: lengths
// counted in runes, the endpoint deny list, and the sentences the editor shows.
#include "model/targetrules.h"

#include <QTest>

using namespace targetdesk;
using namespace std::chrono_literals;

class TestTargetRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runesNotUtf16Units()
    {
        const QString emoji = QString::fromUtf8("\xF0\x9F\x94\x91"); // one character, two UTF-16 units
        QCOMPARE(emoji.size(), 2);
        QCOMPARE(targetrules::runes(emoji), 1);
        QCOMPARE(targetrules::runes(emoji.repeated(1000)), 1000);
        QVERIFY(targetrules::lengthBetween(emoji.repeated(1000), 1, targetrules::kMaxNameLength));
        QVERIFY(!targetrules::lengthBetween(emoji.repeated(1001), 1, targetrules::kMaxNameLength));
        QVERIFY(!targetrules::lengthBetween(QString(), 1, targetrules::kMaxNameLength));
    }

    void endpointVerdicts_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("allowPrivate");
        QTest::addColumn<int>("verdict");
        using V = EndpointPolicy::Verdict;
        QTest::newRow("public https") << QStringLiteral("https://hooks.example.com/x") << false << int(V::Allowed);
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:8080/") << false << int(V::Denied);
        QTest::newRow("loopback allowed") << QStringLiteral("http://127.0.0.1:8080/") << true << int(V::Allowed);
        QTest::newRow("mapped private v4") << QStringLiteral("http://[::ffff:10.0.0.1]/") << false << int(V::Denied);
        QTest::newRow("localhost name") << QStringLiteral("http://localhost/") << false << int(V::Denied);
        QTest::newRow("unresolvable even when private is allowed")
            << QStringLiteral("https://nowhere.invalid/") << true << int(V::Denied);
        QTest::newRow("not a url") << QStringLiteral("::") << false << int(V::InvalidUrl);
    }

    void endpointVerdicts()
    {
        QFETCH(QString, endpoint);
        QFETCH(bool, allowPrivate);
        QFETCH(int, verdict);
        QCOMPARE(int(EndpointPolicy(allowPrivate).check(endpoint)), verdict);
    }

    void editorSentences()
    {
        QVERIFY(TargetRules::checkName(QStringLiteral("  ")).isError());
        QCOMPARE(TargetRules::checkName(QStringLiteral("hook")).level, FieldCheck::Level::Ok);
        const FieldCheck tooLong = TargetRules::checkName(QString(1001, QLatin1Char('n')));
        QVERIFY(tooLong.isError());
        QVERIFY2(tooLong.message.contains(QLatin1String("1000")), qPrintable(tooLong.message));

        QVERIFY(TargetRules::checkEndpoint(QStringLiteral("ftp://example.com/")).isError());
        QVERIFY(TargetRules::checkEndpoint(QStringLiteral("https:///path")).isError());
        // The deny list warns (an instance may have changed it) but does not block saving.
        const FieldCheck denied = TargetRules::checkEndpoint(QStringLiteral("http://192.168.1.5/hook"));
        QCOMPARE(denied.level, FieldCheck::Level::Warning);
        QVERIFY(denied.message.contains(QLatin1String("192.168.1.5")));

        QVERIFY(TargetRules::checkTimeout(0s).isError());
        QCOMPARE(TargetRules::checkTimeout(targetrules::kMaxTimeout).level, FieldCheck::Level::Ok);
        QVERIFY(TargetRules::checkTimeout(targetrules::kMaxTimeout + 1ms).isError());
    }
};

QTEST_GUILESS_MAIN(TestTargetRules)
#include "tst_targetrules.moc"
