#include "model/jsontreemodel.h"
#include "testfiles.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace targetdesk;

namespace
{

QJsonValue readJson(const QString &name)
{
    return QJsonDocument::fromJson(test::readTestData(QStringLiteral("jose/interop/") + name)).object();
}

QString display(const QAbstractItemModel &model, const QModelIndex &index, int column)
{
    return model.data(index.siblingAtColumn(column), Qt::DisplayRole).toString();
}

} // namespace

class TestJsonModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTesterOnPayloadsAndResets();
    void layoutOfObjectsAndArrays();
    void scalarsAndNumbers();
    void pathsAndLookup();
    void copyTextOfLeavesAndSubtrees();
    void searchThroughProxy();
    void deepDocumentWithoutRecursion();
    void truncatesHugeDocuments();
};

void TestJsonModel::modelTesterOnPayloadsAndResets()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setFilterRole(JsonTreeModel::SearchTextRole);
    proxy.setFilterKeyColumn(-1);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    for (const char *name :
         {"payload-request.json", "payload-response.json", "payload-event.json", "payload-function.json"}) {
        model.setJson(readJson(QLatin1String(name)));
        QVERIFY(model.rowCount() > 3);
        proxy.setFilterFixedString(QStringLiteral("id"));
        proxy.setFilterFixedString(QString());
    }
    model.setJson(QJsonArray{1, QJsonArray{}, QJsonObject{}, QJsonValue()});
    model.setJson(QStringLiteral("scalar"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(resets.count(), 7);
}

void TestJsonModel::layoutOfObjectsAndArrays()
{
    JsonTreeModel model;
    model.setJson(readJson(QStringLiteral("payload-request.json")));
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(JsonTreeModel::KeyColumn, Qt::Horizontal).toString(), QStringLiteral("Key"));

    const QModelIndex method = model.indexForPath(QStringLiteral("fullMethod"));
    QVERIFY(method.isValid());
    QVERIFY(!method.parent().isValid());
    QCOMPARE(display(model, method, JsonTreeModel::KeyColumn), QStringLiteral("fullMethod"));
    QCOMPARE(display(model, method, JsonTreeModel::ValueColumn),
             QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
    QCOMPARE(display(model, method, JsonTreeModel::TypeColumn), QStringLiteral("string"));
    QVERIFY(model.flags(method).testFlag(Qt::ItemNeverHasChildren));

    const QModelIndex profile = model.indexForPath(QStringLiteral("request.profile"));
    QVERIFY(profile.isValid());
    QCOMPARE(model.parent(profile), model.indexForPath(QStringLiteral("request")));
    QCOMPARE(model.rowCount(profile), 2);
    QCOMPARE(display(model, profile, JsonTreeModel::ValueColumn), QStringLiteral("{ 2 }"));
    QCOMPARE(display(model, profile, JsonTreeModel::TypeColumn), QStringLiteral("object"));
    QVERIFY(!model.flags(profile).testFlag(Qt::ItemNeverHasChildren));

    // QJsonObject orders members by key.
    const QModelIndex given = model.index(0, 0, profile);
    QCOMPARE(display(model, given, JsonTreeModel::KeyColumn), QStringLiteral("familyName"));
    QCOMPARE(display(model, model.index(1, 0, profile), JsonTreeModel::ValueColumn), QStringLiteral("Minnie"));

    const QModelIndex contentType = model.indexForPath(QStringLiteral("headers[\"Content-Type\"]"));
    QVERIFY(contentType.isValid());
    QCOMPARE(display(model, contentType, JsonTreeModel::ValueColumn), QStringLiteral("[ 1 ]"));
    const QModelIndex first = model.index(0, 0, contentType);
    QCOMPARE(display(model, first, JsonTreeModel::KeyColumn), QStringLiteral("[0]"));
    QCOMPARE(display(model, first, JsonTreeModel::ValueColumn), QStringLiteral("application/grpc"));
    QCOMPARE(model.path(first), QStringLiteral("headers[\"Content-Type\"][0]"));
}

void TestJsonModel::scalarsAndNumbers()
{
    JsonTreeModel model;
    model.setJson(QJsonDocument::fromJson(
                      R"({"big":300000000000000001,"pi":3.25,"yes":true,"nothing":null,"when":"2026-01-01T00:00:00Z"})")
                      .object());
    QCOMPARE(display(model, model.indexForPath(QStringLiteral("big")), 1), QStringLiteral("300000000000000001"));
    QCOMPARE(display(model, model.indexForPath(QStringLiteral("pi")), 1), QStringLiteral("3.25"));
    QCOMPARE(display(model, model.indexForPath(QStringLiteral("yes")), 2), QStringLiteral("boolean"));
    QCOMPARE(display(model, model.indexForPath(QStringLiteral("nothing")), 1), QStringLiteral("null"));
    const QModelIndex when = model.indexForPath(QStringLiteral("when")).siblingAtColumn(1);
    QCOMPARE(display(model, when, 2), QStringLiteral("string (time)"));
    QVERIFY(model.data(when, Qt::ToolTipRole).toString().contains(QStringLiteral("2026-01-01 00:00:00 UTC")));

    model.setJson(QStringLiteral("just text"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(display(model, model.index(0, 0), 1), QStringLiteral("just text"));
    QCOMPARE(model.nodeCount(), 1);
}

void TestJsonModel::pathsAndLookup()
{
    JsonTreeModel model;
    model.setJson(readJson(QStringLiteral("payload-event.json")));
    // Every node's path leads back to it.
    int checked = 0;
    std::vector<QModelIndex> pending{QModelIndex()};
    while (!pending.empty()) {
        const QModelIndex parent = pending.back();
        pending.pop_back();
        for (int row = 0; row < model.rowCount(parent); ++row) {
            const QModelIndex child = model.index(row, 0, parent);
            QCOMPARE(model.indexForPath(model.path(child)), child);
            QCOMPARE(model.data(child, JsonTreeModel::PathRole).toString(), model.path(child));
            pending.push_back(child);
            ++checked;
        }
    }
    QCOMPARE(checked, model.nodeCount());
    QVERIFY(!model.indexForPath(QStringLiteral("no.such.path")).isValid());
}

void TestJsonModel::copyTextOfLeavesAndSubtrees()
{
    JsonTreeModel model;
    const QJsonObject payload = readJson(QStringLiteral("payload-request.json")).toObject();
    model.setJson(payload);
    QCOMPARE(model.copyText(model.indexForPath(QStringLiteral("request.profile.givenName"))),
             QStringLiteral("Minnie")); // no quotes around a string
    QCOMPARE(model.copyText(model.indexForPath(QStringLiteral("userID"))), QStringLiteral("300000000000000004"));
    const QString subtree = model.copyText(model.indexForPath(QStringLiteral("request")));
    QCOMPARE(QJsonDocument::fromJson(subtree.toUtf8()).object(), payload.value(QStringLiteral("request")).toObject());
    QVERIFY(subtree.contains(QLatin1Char('\n'))); // indented
    QCOMPARE(model.data(model.indexForPath(QStringLiteral("request")), JsonTreeModel::CopyTextRole).toString(),
             subtree);
    QCOMPARE(model.json().toObject(), payload);
}

void TestJsonModel::searchThroughProxy()
{
    JsonTreeModel model;
    model.setJson(readJson(QStringLiteral("payload-request.json")));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setFilterRole(JsonTreeModel::SearchTextRole);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);

    proxy.setFilterFixedString(QStringLiteral("minnie@"));
    // Only the path to the match is left: request > email > email.
    QCOMPARE(proxy.rowCount(), 1);
    const QModelIndex request = proxy.index(0, 0);
    QCOMPARE(request.data().toString(), QStringLiteral("request"));
    QCOMPARE(proxy.rowCount(request), 1);
    const QModelIndex email = proxy.index(0, 0, request);
    QCOMPARE(proxy.rowCount(email), 1);
    QCOMPARE(proxy.index(0, 1, email).data().toString(), QStringLiteral("minnie@example.com"));

    // Keys match too; the "{ 2 }" text of containers does not.
    proxy.setFilterFixedString(QStringLiteral("GIVENNAME"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterFixedString(QStringLiteral("{ 2 }"));
    QCOMPARE(proxy.rowCount(), 0);
}

void TestJsonModel::deepDocumentWithoutRecursion()
{
    // Deeper than QJsonDocument parses: built by hand.
    QJsonValue value = QStringLiteral("bottom");
    for (int i = 0; i < 3000; ++i)
        value = QJsonArray{value};
    JsonTreeModel model;
    model.setJson(value);
    QCOMPARE(model.nodeCount(), 3000);
    QModelIndex index;
    for (int i = 0; i < 3000; ++i) // 2999 arrays inside the root, then the string
        index = model.index(0, 0, index);
    QCOMPARE(model.data(index.siblingAtColumn(1)).toString(), QStringLiteral("bottom"));
    QCOMPARE(model.parent(model.parent(index)).row(), 0);
}

void TestJsonModel::truncatesHugeDocuments()
{
    QJsonArray array;
    for (int i = 0; i < 100; ++i)
        array.append(i);
    JsonTreeModel model;
    model.setTree(JsonTreeModel::buildTree(array, 10));
    QVERIFY(model.isTruncated());
    QVERIFY(model.rowCount() <= 11);
    model.setJson(array);
    QVERIFY(!model.isTruncated());
    QCOMPARE(model.rowCount(), 100);
}

QTEST_GUILESS_MAIN(TestJsonModel)

#include "tst_jsonmodel.moc"
