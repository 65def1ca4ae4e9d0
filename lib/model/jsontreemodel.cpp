#include "jsontreemodel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

namespace targetdesk
{

struct JsonTree {
    struct Node {
        int parent = -1;
        int row = 0;
        QString key;          // member name; empty for array elements and the root
        bool isIndex = false; // an array element: the key column shows "[row]"
        JsonTreeModel::NodeType type = JsonTreeModel::NodeType::Null;
        QJsonValue value;
        std::vector<int> children;
    };
    std::vector<Node> nodes; // nodes[0] is the invisible root
    bool truncated = false;
};

namespace
{

JsonTreeModel::NodeType typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return JsonTreeModel::NodeType::Object;
    case QJsonValue::Array:
        return JsonTreeModel::NodeType::Array;
    case QJsonValue::String:
        return JsonTreeModel::NodeType::String;
    case QJsonValue::Double:
        return JsonTreeModel::NodeType::Number;
    case QJsonValue::Bool:
        return JsonTreeModel::NodeType::Bool;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return JsonTreeModel::NodeType::Null;
    }
    return JsonTreeModel::NodeType::Null;
}

bool isContainer(JsonTreeModel::NodeType type)
{
    return type == JsonTreeModel::NodeType::Object || type == JsonTreeModel::NodeType::Array;
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        // Integers stay integers (ids are often 18 digits); other numbers in their shortest exact form.
        return value.toVariant().toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return QStringLiteral("null");
    }
}

bool isPlainKey(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

QString quotedKey(const QString &key)
{
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

// A time in a string, for the tooltip: RFC 3339 as ZITADEL writes them.
QString readableTimeOf(const QString &text)
{
    if (text.size() < 20 || text.size() > 40 || text.at(4) != QLatin1Char('-') || text.at(10) != QLatin1Char('T'))
        return {};
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_tree(buildTree(QJsonValue(QJsonValue::Undefined)))
{
}

JsonTreeModel::~JsonTreeModel() = default;

JsonTreePtr JsonTreeModel::buildTree(const QJsonValue &value, int maxNodes)
{
    auto tree = std::make_shared<JsonTree>();
    JsonTree::Node root;
    root.type = typeOf(value);
    root.value = value;
    tree->nodes.push_back(root);
    if (value.isUndefined())
        return tree;
    if (!isContainer(root.type)) {
        // A scalar document: one row holding it.
        JsonTree::Node leaf;
        leaf.parent = 0;
        leaf.type = root.type;
        leaf.value = value;
        tree->nodes.push_back(leaf);
        tree->nodes[0].children.push_back(1);
        return tree;
    }
    // Children are laid out when their parent is taken off the stack: no recursion, whatever the depth.
    std::vector<int> pending{0};
    while (!pending.empty()) {
        const int id = pending.back();
        pending.pop_back();
        const QJsonValue container = tree->nodes[size_t(id)].value;
        auto addChild = [&](const QString &key, bool isIndex, const QJsonValue &child) {
            if (int(tree->nodes.size()) > maxNodes) {
                tree->truncated = true;
                return false;
            }
            JsonTree::Node node;
            node.parent = id;
            node.row = int(tree->nodes[size_t(id)].children.size());
            node.key = key;
            node.isIndex = isIndex;
            node.type = typeOf(child);
            node.value = child;
            const int childId = int(tree->nodes.size());
            tree->nodes.push_back(std::move(node));
            tree->nodes[size_t(id)].children.push_back(childId);
            if (isContainer(typeOf(child)))
                pending.push_back(childId);
            return true;
        };
        if (container.isObject()) {
            const QJsonObject object = container.toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!addChild(it.key(), false, it.value()))
                    break;
            }
        } else {
            const QJsonArray array = container.toArray();
            for (const QJsonValue &element : array) {
                if (!addChild(QString(), true, element))
                    break;
            }
        }
    }
    return tree;
}

void JsonTreeModel::setJson(const QJsonValue &value)
{
    setTree(buildTree(value));
}

void JsonTreeModel::setTree(JsonTreePtr tree)
{
    beginResetModel();
    m_tree = tree ? std::move(tree) : buildTree(QJsonValue(QJsonValue::Undefined));
    endResetModel();
}

void JsonTreeModel::clear()
{
    setTree(nullptr);
}

QJsonValue JsonTreeModel::json() const
{
    return m_tree->nodes.front().value;
}

int JsonTreeModel::nodeCount() const
{
    return int(m_tree->nodes.size()) - 1;
}

bool JsonTreeModel::isTruncated() const
{
    return m_tree->truncated;
}

int JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return 0;
    return int(index.internalId());
}

QString JsonTreeModel::copyText(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const JsonTree::Node &node = m_tree->nodes[size_t(nodeOf(index))];
    if (node.type == NodeType::Object)
        return QString::fromUtf8(QJsonDocument(node.value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (node.type == NodeType::Array)
        return QString::fromUtf8(QJsonDocument(node.value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return scalarText(node.value);
}

QString JsonTreeModel::path(const QModelIndex &index) const
{
    QStringList parts;
    for (int id = nodeOf(index); id > 0; id = m_tree->nodes[size_t(id)].parent) {
        const JsonTree::Node &node = m_tree->nodes[size_t(id)];
        if (node.isIndex)
            parts.prepend(QLatin1Char('[') + QString::number(node.row) + QLatin1Char(']'));
        else if (node.parent == 0 && !isContainer(m_tree->nodes.front().type))
            parts.prepend(QString()); // the single row of a scalar document
        else if (isPlainKey(node.key))
            parts.prepend((node.parent == 0 ? QString() : QStringLiteral(".")) + node.key);
        else
            parts.prepend(quotedKey(node.key));
    }
    return parts.join(QString());
}

QModelIndex JsonTreeModel::indexForPath(const QString &wanted) const
{
    for (size_t id = 1; id < m_tree->nodes.size(); ++id) {
        const QModelIndex candidate = createIndex(m_tree->nodes[id].row, 0, quintptr(id));
        if (path(candidate) == wanted)
            return candidate;
    }
    return {};
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const JsonTree::Node &node = m_tree->nodes[size_t(nodeOf(parent))];
    if (row >= int(node.children.size()))
        return {};
    return createIndex(row, column, quintptr(node.children[size_t(row)]));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentId = m_tree->nodes[size_t(nodeOf(child))].parent;
    if (parentId <= 0)
        return {};
    return createIndex(m_tree->nodes[size_t(parentId)].row, 0, quintptr(parentId));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(m_tree->nodes[size_t(nodeOf(parent))].children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const JsonTree::Node &node = m_tree->nodes[size_t(nodeOf(index))];
    const bool container = isContainer(node.type);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return node.isIndex ? QLatin1Char('[') + QString::number(node.row) + QLatin1Char(']') : node.key;
        case ValueColumn:
            if (node.type == NodeType::Object)
                return QStringLiteral("{ %1 }").arg(node.children.size());
            if (node.type == NodeType::Array)
                return QStringLiteral("[ %1 ]").arg(node.children.size());
            // One line per row: long or multi-line strings are shown in full in the tooltip and when copied.
            return scalarText(node.value).left(1000).replace(QLatin1Char('\n'), QChar(0x21b5));
        case TypeColumn:
            switch (node.type) {
            case NodeType::Object:
                return tr("object");
            case NodeType::Array:
                return tr("array");
            case NodeType::String:
                return readableTimeOf(node.value.toString()).isEmpty() ? tr("string") : tr("string (time)");
            case NodeType::Number:
                return tr("number");
            case NodeType::Bool:
                return tr("boolean");
            case NodeType::Null:
                return tr("null");
            }
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn) {
            if (node.type == NodeType::Object)
                return tr("%n member(s)", nullptr, int(node.children.size()));
            if (node.type == NodeType::Array)
                return tr("%n element(s)", nullptr, int(node.children.size()));
            const QString text = scalarText(node.value).left(4000);
            const QString time = readableTimeOf(text);
            return time.isEmpty() ? text : tr("%1\n= %2").arg(text, time);
        }
        return path(index);
    case PathRole:
        return path(index);
    case CopyTextRole:
        return copyText(index);
    case SearchTextRole:
        if (index.column() == KeyColumn)
            return node.isIndex ? QString() : node.key;
        if (index.column() == ValueColumn && !container)
            return scalarText(node.value);
        return QString();
    case NodeTypeRole:
        return int(node.type);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags out = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!hasChildren(index.siblingAtColumn(0)))
        out |= Qt::ItemNeverHasChildren;
    return out;
}

} // namespace targetdesk
