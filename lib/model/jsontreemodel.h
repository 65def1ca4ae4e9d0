#pragma once

#include <QAbstractItemModel>
#include <QJsonValue>
#include <QString>

#include <memory>

namespace targetdesk
{

// The nodes of a JSON document laid out for a tree model. Built once (possibly on a worker thread) and then
// only read, so a model can take it over without copying.
struct JsonTree;
using JsonTreePtr = std::shared_ptr<const JsonTree>;

// A read-only tree over a JSON value: one row per object member or array element, with the columns key, value and
// type. Objects and arrays show their size in the value column; copyText() gives the value of a leaf or the
// indented JSON of a subtree. QtCore only, so it can be tested and used without widgets.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // "request.profile.givenName", "headers[\"X-Id\"][0]"
        CopyTextRole,                // what copyText() returns
        SearchTextRole,              // the text search matches against: key, or the value of a leaf
        NodeTypeRole,                // NodeType as int
    };
    enum class NodeType { Object, Array, String, Number, Bool, Null };

    // Larger documents are cut off (the model says so with isTruncated()).
    static constexpr int defaultMaxNodes = 500'000;

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Lays out `value` without recursion; the root's members (or elements) become the top-level rows, a scalar
    // root is a single row. Thread-safe: call it on a worker thread for big documents.
    [[nodiscard]] static JsonTreePtr buildTree(const QJsonValue &value, int maxNodes = defaultMaxNodes);

    void setJson(const QJsonValue &value);
    void setTree(JsonTreePtr tree);
    void clear();
    [[nodiscard]] QJsonValue json() const;
    // Nodes in the tree, the root excluded.
    [[nodiscard]] int nodeCount() const;
    [[nodiscard]] bool isTruncated() const;

    [[nodiscard]] QString copyText(const QModelIndex &index) const;
    [[nodiscard]] QString path(const QModelIndex &index) const;
    // The index (key column) of the node with this path(); invalid when there is none.
    [[nodiscard]] QModelIndex indexForPath(const QString &path) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    [[nodiscard]] int nodeOf(const QModelIndex &index) const;

    JsonTreePtr m_tree;
};

} // namespace targetdesk
