#include "model/publickeylistmodel.h"
#include "model/targetlistmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <memory>

using namespace targetdesk;
using namespace std::chrono_literals;

namespace
{

const QDateTime baseTime(QDate(2026, 3, 14), QTime(9, 26, 53), Qt::UTC);

Target makeTarget(const QString &id, const QString &name, Duration timeout = 10s, TargetType type = TargetType::Webhook,
                  const QString &endpoint = QStringLiteral("https://hooks.example.com/in"))
{
    Target t;
    t.id = id;
    t.name = name;
    t.type = type;
    t.timeout = timeout;
    t.endpoint = endpoint;
    t.payloadType = PayloadType::Json;
    t.creationDate = baseTime;
    t.changeDate = baseTime;
    return t;
}

QList<Target> numberedTargets(int first, int count)
{
    QList<Target> list;
    list.reserve(count);
    for (int i = first; i < first + count; ++i)
        list.append(makeTarget(QString::number(i), QStringLiteral("target-%1").arg(i, 5, 10, QLatin1Char('0')),
                               std::chrono::milliseconds(100 + (i * 7919) % 270'000)));
    return list;
}

QStringList proxyIds(const TargetFilterProxyModel &proxy)
{
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.append(proxy.target(row)->id);
    return ids;
}

QStringList modelIds(const TargetListModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.target(row).id);
    return ids;
}

// A model and a proxy on it, both watched by QAbstractItemModelTester in Fatal mode.
struct Fixture {
    TargetListModel model;
    TargetFilterProxyModel proxy;
    std::unique_ptr<QAbstractItemModelTester> modelTester;
    std::unique_ptr<QAbstractItemModelTester> proxyTester;

    Fixture()
    {
        proxy.setSourceModel(&model);
        modelTester =
            std::make_unique<QAbstractItemModelTester>(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxyTester =
            std::make_unique<QAbstractItemModelTester>(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    }
};

} // namespace

class TestTargetModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyColumnsPutStateTypeFingerprintAndExpiryFirst();
    void emptyModel();
    void setAppendUpsertRemoveClear();
    void appendMergesKnownIds();
    void setTargetsDeduplicates();
    void retainIds_data();
    void retainIds();
    void displayData();
    void headerData();
    void sortByTimeout();
    void sortByDate();
    void sortByNameIsCaseInsensitive();
    void sortStaysWhileAppending();
    void filterByNameAndEndpoint();
    void filterFollowsChanges();
    void tenThousandRows();
    void keySummaryFromKeys();
    void activeKeyColumn();
};

void TestTargetModel::emptyModel()
{
    Fixture f;
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.model.columnCount(), int(TargetListModel::ColumnCount));
    QCOMPARE(f.model.indexOfId(QStringLiteral("1")), -1);
    QCOMPARE(f.proxy.target(0), nullptr);
    QCOMPARE(f.proxy.rowOfId(QStringLiteral("1")), -1);
    f.model.clear(); // no signal storm, no crash
    QCOMPARE(f.model.rowCount(), 0);
}

void TestTargetModel::setAppendUpsertRemoveClear()
{
    Fixture f;
    f.proxy.sort(TargetListModel::NameColumn);

    f.model.setTargets({makeTarget(QStringLiteral("1"), QStringLiteral("bravo")),
                        makeTarget(QStringLiteral("2"), QStringLiteral("alpha"))});
    QCOMPARE(f.model.rowCount(), 2);
    QCOMPARE(f.model.indexOfId(QStringLiteral("2")), 1);
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("2"), QStringLiteral("1")}));

    // One page arrives as one insertion at the end.
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(f.model.appendTargets(numberedTargets(10, 5)), 5);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    QCOMPARE(inserted.at(0).at(2).toInt(), 6);
    QCOMPARE(f.model.rowCount(), 7);
    QCOMPARE(f.proxy.rowCount(), 7);
    QCOMPARE(f.model.indexOfId(QStringLiteral("14")), 6);

    // Upsert of a known id changes that row only.
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    Target renamed = makeTarget(QStringLiteral("1"), QStringLiteral("aardvark"));
    QCOMPARE(f.model.upsert(renamed), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(f.model.rowCount(), 7);
    QCOMPARE(f.model.target(0).name, QStringLiteral("aardvark"));
    QCOMPARE(f.proxy.target(0)->id, QStringLiteral("1")); // re-sorted to the top

    // Upsert of a new id appends.
    QCOMPARE(f.model.upsert(makeTarget(QStringLiteral("99"), QStringLiteral("zulu"))), 7);
    QCOMPARE(f.model.rowCount(), 8);
    QCOMPARE(f.proxy.target(7)->id, QStringLiteral("99"));

    // Removal keeps the id index right for the rows that moved up.
    QVERIFY(f.model.removeId(QStringLiteral("2")));
    QVERIFY(!f.model.removeId(QStringLiteral("2")));
    QCOMPARE(f.model.rowCount(), 7);
    QCOMPARE(f.model.indexOfId(QStringLiteral("2")), -1);
    for (int row = 0; row < f.model.rowCount(); ++row)
        QCOMPARE(f.model.indexOfId(f.model.target(row).id), row);
    QCOMPARE(f.proxy.rowOfId(QStringLiteral("99")), 6);

    f.model.clear();
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.proxy.rowCount(), 0);
    QCOMPARE(f.model.indexOfId(QStringLiteral("1")), -1);
}

void TestTargetModel::appendMergesKnownIds()
{
    Fixture f;
    f.model.appendTargets(numberedTargets(1, 3));
    // A later page may repeat a target (offset paging while the list changes) and repeat ids within itself.
    QList<Target> page = numberedTargets(3, 3); // 3, 4, 5
    page[0].name = QStringLiteral("changed");
    page.append(makeTarget(QStringLiteral("5"), QStringLiteral("five, second copy")));
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(f.model.appendTargets(page), 2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(modelIds(f.model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                             QStringLiteral("4"), QStringLiteral("5")}));
    QCOMPARE(f.model.target(2).name, QStringLiteral("changed"));
    QCOMPARE(f.model.target(4).name, QStringLiteral("five, second copy"));
    // An unchanged page changes nothing.
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QCOMPARE(f.model.appendTargets(f.model.targets()), 0);
    QCOMPARE(changed.count(), 0);
}

void TestTargetModel::setTargetsDeduplicates()
{
    Fixture f;
    QList<Target> list = numberedTargets(1, 3);
    list.append(makeTarget(QStringLiteral("2"), QStringLiteral("two again")));
    f.model.setTargets(list);
    QCOMPARE(modelIds(f.model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    QCOMPARE(f.model.target(1).name, QStringLiteral("two again"));
}

void TestTargetModel::retainIds_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("keepEvery"); // keep ids divisible by this
    QTest::newRow("few runs") << 20 << 5;
    QTest::newRow("many runs (reset)") << 400 << 2;
    QTest::newRow("keep all") << 10 << 1;
}

void TestTargetModel::retainIds()
{
    QFETCH(int, count);
    QFETCH(int, keepEvery);
    Fixture f;
    f.proxy.sort(TargetListModel::TimeoutColumn, Qt::DescendingOrder);
    f.model.setTargets(numberedTargets(1, count));
    QSet<QString> keep;
    QStringList expected;
    for (int i = 1; i <= count; ++i) {
        if (i % keepEvery == 0) {
            keep.insert(QString::number(i));
            expected.append(QString::number(i));
        }
    }
    QCOMPARE(f.model.retainIds(keep), count - int(expected.size()));
    QCOMPARE(modelIds(f.model), expected);
    QCOMPARE(f.proxy.rowCount(), expected.size());
    for (int row = 0; row < f.model.rowCount(); ++row)
        QCOMPARE(f.model.indexOfId(f.model.target(row).id), row);
}

void TestTargetModel::displayData()
{
    Fixture f;
    Target webhook = makeTarget(QStringLiteral("1"), QStringLiteral("user-added"), 1500ms, TargetType::Webhook,
                                QStringLiteral("https://hooks.example.com/user"));
    webhook.interruptOnError = true;
    webhook.payloadType = PayloadType::Jwe;
    Target async = makeTarget(QStringLiteral("2"), QStringLiteral("audit"), 270s, TargetType::Async);
    async.payloadType = PayloadType::Unspecified;
    async.changeDate = QDateTime();
    f.model.setTargets({webhook, async});

    auto text = [&f](int row, int column, int role = Qt::DisplayRole) {
        return f.model.data(f.model.index(row, column), role).toString();
    };
    QCOMPARE(text(0, TargetListModel::NameColumn), QStringLiteral("user-added"));
    QCOMPARE(text(0, TargetListModel::TypeColumn), QStringLiteral("Webhook"));
    QCOMPARE(text(1, TargetListModel::TypeColumn), QStringLiteral("Async"));
    QCOMPARE(text(0, TargetListModel::EndpointColumn), QStringLiteral("https://hooks.example.com/user"));
    QCOMPARE(text(0, TargetListModel::TimeoutColumn), QStringLiteral("1.5s"));
    QCOMPARE(text(1, TargetListModel::TimeoutColumn), QStringLiteral("270s"));
    QCOMPARE(text(0, TargetListModel::InterruptOnErrorColumn), QStringLiteral("Yes"));
    QCOMPARE(text(1, TargetListModel::InterruptOnErrorColumn), QStringLiteral("—")); // async never interrupts
    QCOMPARE(text(0, TargetListModel::PayloadTypeColumn), QStringLiteral("JWE"));
    QCOMPARE(text(1, TargetListModel::PayloadTypeColumn), QStringLiteral("JSON")); // unspecified behaves as JSON
    QCOMPARE(text(0, TargetListModel::CreatedColumn),
             baseTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QCOMPARE(text(1, TargetListModel::ChangedColumn), QString());

    // Tool tips and accessible texts say more than the cell.
    QVERIFY(text(0, TargetListModel::NameColumn, Qt::ToolTipRole).contains(QStringLiteral("ID: 1")));
    QVERIFY(text(1, TargetListModel::PayloadTypeColumn, Qt::ToolTipRole).contains(QStringLiteral("Not specified")));
    QCOMPARE(text(0, TargetListModel::TimeoutColumn, Qt::AccessibleTextRole),
             QStringLiteral("%1 seconds").arg(QLocale().toString(1.5)));
    QCOMPARE(text(0, TargetListModel::InterruptOnErrorColumn, Qt::AccessibleTextRole),
             QStringLiteral("Interrupts on error"));
    QCOMPARE(text(1, TargetListModel::ChangedColumn, Qt::AccessibleTextRole), QStringLiteral("Never changed"));

    // Typed values for sorting and for views that need the id.
    QCOMPARE(f.model.data(f.model.index(0, TargetListModel::TimeoutColumn), TargetListModel::SortRole).toLongLong(),
             qint64(1'500'000'000));
    QCOMPARE(f.model.data(f.model.index(0, TargetListModel::CreatedColumn), TargetListModel::SortRole).toDateTime(),
             baseTime);
    QCOMPARE(text(1, TargetListModel::NameColumn, TargetListModel::IdRole), QStringLiteral("2"));
    QCOMPARE(f.model.data(f.model.index(0, TargetListModel::TimeoutColumn), Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    // Out of range asks get nothing rather than a crash.
    QVERIFY(!f.model.data(f.model.index(5, 0)).isValid());
}

void TestTargetModel::headerData()
{
    TargetListModel model;
    QStringList titles;
    for (int c = 0; c < model.columnCount(); ++c)
        titles.append(model.headerData(c, Qt::Horizontal).toString());
    QCOMPARE(titles,
             (QStringList{QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Endpoint"),
                          QStringLiteral("Timeout"), QStringLiteral("Interrupt on error"), QStringLiteral("Payload"),
                          QStringLiteral("Active key"), QStringLiteral("Created"), QStringLiteral("Changed")}));
    QVERIFY(!model.headerData(TargetListModel::InterruptOnErrorColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
}

void TestTargetModel::sortByTimeout()
{
    Fixture f;
    // As text these would sort "1.5s" < "10s" < "2s" < "270s" < "500ms"-ish; by duration they must not.
    f.model.setTargets({makeTarget(QStringLiteral("a"), QStringLiteral("a"), 10s),
                        makeTarget(QStringLiteral("b"), QStringLiteral("b"), 2s),
                        makeTarget(QStringLiteral("c"), QStringLiteral("c"), 1500ms),
                        makeTarget(QStringLiteral("d"), QStringLiteral("d"), 270s),
                        makeTarget(QStringLiteral("e"), QStringLiteral("e"), 500ms)});
    f.proxy.sort(TargetListModel::TimeoutColumn, Qt::AscendingOrder);
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("e"), QStringLiteral("c"), QStringLiteral("b"),
                                             QStringLiteral("a"), QStringLiteral("d")}));
    f.proxy.sort(TargetListModel::TimeoutColumn, Qt::DescendingOrder);
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("d"), QStringLiteral("a"), QStringLiteral("b"),
                                             QStringLiteral("c"), QStringLiteral("e")}));
}

void TestTargetModel::sortByDate()
{
    Fixture f;
    // Same minute (same display text) apart from seconds, a later day, an earlier year, and an unknown date.
    QList<Target> list;
    const QList<QDateTime> dates = {baseTime.addSecs(40), baseTime.addDays(1), baseTime, baseTime.addYears(-1),
                                    QDateTime()};
    for (int i = 0; i < dates.size(); ++i) {
        Target t = makeTarget(QString::number(i), QStringLiteral("same name"));
        t.creationDate = dates.at(i);
        t.changeDate = dates.at(dates.size() - 1 - i);
        list.append(t);
    }
    f.model.setTargets(list);
    f.proxy.sort(TargetListModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("4"), QStringLiteral("3"), QStringLiteral("2"),
                                             QStringLiteral("0"), QStringLiteral("1")}));
    f.proxy.sort(TargetListModel::ChangedColumn, Qt::DescendingOrder);
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("2"),
                                             QStringLiteral("1"), QStringLiteral("0")}));
}

void TestTargetModel::sortByNameIsCaseInsensitive()
{
    Fixture f;
    f.model.setTargets({makeTarget(QStringLiteral("1"), QStringLiteral("beta")),
                        makeTarget(QStringLiteral("2"), QStringLiteral("Alpha")),
                        makeTarget(QStringLiteral("3"), QStringLiteral("alpha2")),
                        makeTarget(QStringLiteral("4"), QStringLiteral("Gamma"))});
    f.proxy.sort(TargetListModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(proxyIds(f.proxy),
             (QStringList{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("4")}));
}

void TestTargetModel::sortStaysWhileAppending()
{
    Fixture f;
    f.proxy.sort(TargetListModel::TimeoutColumn, Qt::AscendingOrder);
    for (int page = 0; page < 4; ++page)
        f.model.appendTargets(numberedTargets(1 + page * 25, 25));
    QCOMPARE(f.proxy.rowCount(), 100);
    for (int row = 1; row < f.proxy.rowCount(); ++row)
        QVERIFY2(f.proxy.target(row - 1)->timeout <= f.proxy.target(row)->timeout, qPrintable(QString::number(row)));
}

void TestTargetModel::filterByNameAndEndpoint()
{
    Fixture f;
    f.model.setTargets({makeTarget(QStringLiteral("1"), QStringLiteral("User Added"), 1s, TargetType::Webhook,
                                   QStringLiteral("https://crm.example.com/hook")),
                        makeTarget(QStringLiteral("2"), QStringLiteral("billing"), 1s, TargetType::Call,
                                   QStringLiteral("https://pay.example.org/zitadel")),
                        makeTarget(QStringLiteral("3"), QStringLiteral("audit-log"), 1s, TargetType::Async,
                                   QStringLiteral("https://LOGS.example.com/ingest"))});
    f.proxy.sort(TargetListModel::NameColumn);
    QSignalSpy searchChanged(&f.proxy, &TargetFilterProxyModel::searchTextChanged);

    f.proxy.setSearchText(QStringLiteral("user"));
    QCOMPARE(proxyIds(f.proxy), QStringList{QStringLiteral("1")}); // name, ignoring case
    f.proxy.setSearchText(QStringLiteral("logs.EXAMPLE"));
    QCOMPARE(proxyIds(f.proxy), QStringList{QStringLiteral("3")}); // endpoint, ignoring case
    f.proxy.setSearchText(QStringLiteral("example.com"));
    QCOMPARE(proxyIds(f.proxy), (QStringList{QStringLiteral("3"), QStringLiteral("1")}));
    f.proxy.setSearchText(QStringLiteral("  example.com   hook "));
    QCOMPARE(proxyIds(f.proxy), QStringList{QStringLiteral("1")}); // every word must match
    QVERIFY(f.proxy.isSearching());
    f.proxy.setSearchText(QStringLiteral("Webhook")); // the type column is not searched
    QCOMPARE(f.proxy.rowCount(), 0);
    QCOMPARE(f.proxy.totalCount(), 3);
    QCOMPARE(f.proxy.rowOfId(QStringLiteral("1")), -1);
    f.proxy.setSearchText(QString());
    QCOMPARE(f.proxy.rowCount(), 3);
    QVERIFY(!f.proxy.isSearching());
    QCOMPARE(searchChanged.count(), 6);
}

void TestTargetModel::filterFollowsChanges()
{
    Fixture f;
    f.proxy.setSearchText(QStringLiteral("prod"));
    f.model.appendTargets({makeTarget(QStringLiteral("1"), QStringLiteral("prod-hook")),
                           makeTarget(QStringLiteral("2"), QStringLiteral("staging-hook"))});
    QCOMPARE(proxyIds(f.proxy), QStringList{QStringLiteral("1")});
    f.model.upsert(makeTarget(QStringLiteral("2"), QStringLiteral("prod-hook-2")));
    QCOMPARE(f.proxy.rowCount(), 2);
    f.model.upsert(makeTarget(QStringLiteral("1"), QStringLiteral("retired")));
    QCOMPARE(proxyIds(f.proxy), QStringList{QStringLiteral("2")});
    f.model.removeId(QStringLiteral("2"));
    QCOMPARE(f.proxy.rowCount(), 0);
}

void TestTargetModel::tenThousandRows()
{
    // No tester here: it walks every index on every change, which would measure the tester instead.
    TargetListModel model;
    TargetFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(TargetListModel::TimeoutColumn, Qt::DescendingOrder);

    QElapsedTimer timer;
    timer.start();
    for (int page = 0; page < 20; ++page)
        model.appendTargets(numberedTargets(1 + page * 500, 500));
    const qint64 appendMs = timer.restart();
    QCOMPARE(model.rowCount(), 10'000);
    QCOMPARE(proxy.rowCount(), 10'000);

    proxy.setSearchText(QStringLiteral("target-0999"));
    const qint64 filterMs = timer.restart();
    QCOMPARE(proxy.rowCount(), 10); // 09990..09999

    proxy.setSearchText(QString());
    QSet<QString> keep;
    for (int i = 1; i <= 10'000; i += 3)
        keep.insert(QString::number(i));
    model.retainIds(keep);
    const qint64 retainMs = timer.restart();
    QCOMPARE(model.rowCount(), keep.size());
    for (int row = 1; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.target(row - 1)->timeout >= proxy.target(row)->timeout);
    qInfo("10,000 rows: append in 20 pages %lld ms, filter %lld ms, retain %lld ms", appendMs, filterMs, retainMs);
    // Generous bound (Debug, sanitizers, shared machine): catches quadratic behaviour, not small regressions.
    QVERIFY2(appendMs + filterMs + retainMs < 20'000, "10,000 rows took far too long: something is quadratic");
}

void TestTargetModel::keySummaryFromKeys()
{
    const QDateTime now = baseTime;
    PublicKey active;
    active.keyId = QStringLiteral("11");
    active.active = true;
    PublicKey expiredActive = active;
    expiredActive.keyId = QStringLiteral("12");
    expiredActive.expirationDate = now.addSecs(-1);
    PublicKey inactive;
    inactive.keyId = QStringLiteral("13");

    TargetKeySummary s = TargetKeySummary::fromKeys({inactive, active}, now);
    QVERIFY(s.isKnown());
    QCOMPARE(s.usableKeyId, QStringLiteral("11"));
    QCOMPARE(s.keyCount, 2);
    // An expired key marked active is not usable.
    s = TargetKeySummary::fromKeys({expiredActive, inactive}, now);
    QVERIFY(!s.hasUsableKey());
    QCOMPARE(s.expiredActiveKeyId, QStringLiteral("12"));
    s = TargetKeySummary::fromKeys({}, now);
    QVERIFY(s.isKnown() && !s.hasUsableKey() && s.keyCount == 0);
    QVERIFY(!TargetKeySummary().isKnown());
}

void TestTargetModel::activeKeyColumn()
{
    Fixture f;
    Target jwe = makeTarget(QStringLiteral("1"), QStringLiteral("jwe"));
    jwe.payloadType = PayloadType::Jwe;
    Target json = makeTarget(QStringLiteral("2"), QStringLiteral("json"));
    Target jweKeyed = makeTarget(QStringLiteral("3"), QStringLiteral("jwe-keyed"));
    jweKeyed.payloadType = PayloadType::Jwe;
    f.model.setTargets({jwe, json, jweKeyed});
    auto cell = [&](int row) { return f.model.index(row, TargetListModel::ActiveKeyColumn); };
    QCOMPARE(cell(0).data().toString(), QStringLiteral("…")); // not fetched yet: neutral, no warning
    QVERIFY(!cell(0).data(TargetListModel::WarningRole).toBool());

    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.model.setKeySummary(QStringLiteral("1"), TargetKeySummary::fromKeys({}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), cell(0));
    QCOMPARE(cell(0).data().toString(), QStringLiteral("No active key"));
    QVERIFY(cell(0).data(TargetListModel::WarningRole).toBool());
    QVERIFY(!f.model.index(0, TargetListModel::NameColumn).data(TargetListModel::WarningRole).toBool());
    f.model.setKeySummary(QStringLiteral("1"), TargetKeySummary::fromKeys({})); // same value: no signal
    QCOMPARE(changed.size(), 1);

    f.model.setKeySummary(QStringLiteral("2"), TargetKeySummary::fromKeys({}));
    QCOMPARE(cell(1).data().toString(), QStringLiteral("—")); // JSON needs no key
    QVERIFY(!cell(1).data(TargetListModel::WarningRole).toBool());

    PublicKey key;
    key.keyId = QStringLiteral("987654321");
    key.active = true;
    f.model.setKeySummary(QStringLiteral("3"), TargetKeySummary::fromKeys({key}));
    QCOMPARE(cell(2).data().toString(), QStringLiteral("987654321"));
    QVERIFY(!cell(2).data(TargetListModel::WarningRole).toBool());
    f.model.setKeySummary(QStringLiteral("3"), TargetKeySummary::failed(QStringLiteral("boom")));
    QCOMPARE(cell(2).data().toString(), QStringLiteral("?"));
    QVERIFY(cell(2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("boom")));
    f.model.setKeySummary(QStringLiteral("3"), TargetKeySummary::fromKeys({key}));

    // Sorting by the column: warnings first, then key ids, then targets that need none; unknown last.
    f.model.appendTargets({makeTarget(QStringLiteral("4"), QStringLiteral("unknown"))});
    f.proxy.sort(TargetListModel::ActiveKeyColumn);
    QCOMPARE(proxyIds(f.proxy),
             (QStringList{QStringLiteral("1"), QStringLiteral("3"), QStringLiteral("2"), QStringLiteral("4")}));

    // Clearing makes everything unknown again; removed targets drop their summary.
    f.model.removeId(QStringLiteral("1"));
    QCOMPARE(f.model.keySummary(QStringLiteral("1")).state, TargetKeySummary::State::Unknown);
    f.model.clearKeySummaries();
    QCOMPARE(f.model.index(f.model.indexOfId(QStringLiteral("3")), TargetListModel::ActiveKeyColumn).data().toString(),
             QStringLiteral("…"));
}

// The key table: what a person looks for first (state, type, fingerprint, expiry) before the 18-digit key id; the
// fingerprint shortened in the cell, whole in the tooltip and the FingerprintRole (what gets copied).
void TestTargetModel::keyColumnsPutStateTypeFingerprintAndExpiryFirst()
{
    PublicKeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QStringList headers = [&model] {
        QStringList out;
        for (int column = 0; column < model.columnCount(); ++column)
            out << model.headerData(column, Qt::Horizontal).toString();
        return out;
    }();
    QCOMPARE(headers.mid(0, 4), (QStringList{QStringLiteral("State"), QStringLiteral("Type"),
                                             QStringLiteral("Fingerprint"), QStringLiteral("Expires")}));
    QCOMPARE(headers.last(), QStringLiteral("Key ID"));

    const QString fingerprint = QStringLiteral("SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde");
    PublicKey key;
    key.keyId = QStringLiteral("310000000000000001");
    key.fingerprint = fingerprint;
    key.creationDate = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    model.setKeys({key});
    const QModelIndex cell = model.index(0, PublicKeyListModel::FingerprintColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("SHA256:AbCdEfGh") + QChar(0x2026) + QStringLiteral("bcde"));
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(fingerprint));
    QCOMPARE(cell.data(PublicKeyListModel::FingerprintRole).toString(), fingerprint);
    QCOMPARE(cell.data(PublicKeyListModel::SortRole).toString(), fingerprint);
    // Short fingerprints are not shortened further.
    QCOMPARE(PublicKeyListModel::shortFingerprint(QStringLiteral("SHA256:short")), QStringLiteral("SHA256:short"));
    QCOMPARE(model.index(0, PublicKeyListModel::KeyIdColumn).data().toString(), key.keyId);
}

QTEST_GUILESS_MAIN(TestTargetModel)
#include "tst_targetmodel.moc"
