#include "inspector/jsontreeview.h"

#include "widgets/secretclipboard.h"
#include <QAction>
#include <QApplication>

#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

// Larger trees open only their first level; expanding everything would take longer than it helps.
constexpr int expandAllLimit = 3000;

// Marks cells whose key or value contains the search text.
class MatchDelegate : public QStyledItemDelegate
{
public:
    explicit MatchDelegate(QLineEdit *search, QObject *parent) : QStyledItemDelegate(parent), m_search(search) {}

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString needle = m_search->text().trimmed();
        if (needle.isEmpty())
            return;
        const QString haystack = index.data(JsonTreeModel::SearchTextRole).toString();
        if (!haystack.contains(needle, Qt::CaseInsensitive))
            return;
        // A tint of the highlight colour: visible in both palettes, and distinct from the selection itself.
        QColor mark = option->palette.color(QPalette::Highlight);
        const QColor base = option->palette.color(QPalette::Base);
        mark.setRgbF(base.redF() * 0.6f + mark.redF() * 0.4f, base.greenF() * 0.6f + mark.greenF() * 0.4f,
                     base.blueF() * 0.6f + mark.blueF() * 0.4f);
        option->backgroundBrush = mark;
        option->font.setBold(true);
    }

private:
    QLineEdit *m_search;
};

} // namespace

JsonTreeView::JsonTreeView(QWidget *parent)
    : QWidget(parent), m_model(new JsonTreeModel(this)), m_clipboard(new SecretClipboard(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_search(new QLineEdit(this)), m_matches(new QLabel(this)),
      m_tree(new QTreeView(this)), m_placeholder(new QLabel(this))
{
    setObjectName(QStringLiteral("jsonTreeView"));
    m_proxy->setObjectName(QStringLiteral("jsonTreeProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_proxy->setFilterRole(JsonTreeModel::SearchTextRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search->setObjectName(QStringLiteral("jsonSearchField"));
    m_search->setAccessibleName(tr("Search the payload"));
    m_search->setPlaceholderText(tr("Search keys and values"));
    m_search->setClearButtonEnabled(true);
    m_matches->setObjectName(QStringLiteral("jsonMatchLabel"));

    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_tree->setAccessibleName(tr("Payload as a tree"));
    m_tree->setModel(m_proxy);
    m_tree->setItemDelegate(new MatchDelegate(m_search, m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::KeyColumn, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    m_tree->header()->resizeSection(JsonTreeModel::KeyColumn, fontMetrics().averageCharWidth() * 28);

    m_placeholder->setObjectName(QStringLiteral("jsonPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_copyAction = new QAction(tr("&Copy Value"), this);
    m_copyAction->setObjectName(QStringLiteral("jsonCopyAction"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the value, or the whole subtree as JSON"));
    connect(m_copyAction, &QAction::triggered, this, &JsonTreeView::copyCurrent);
    m_tree->addAction(m_copyAction);

    m_copyPathAction = new QAction(tr("Copy &Path"), this);
    m_copyPathAction->setObjectName(QStringLiteral("jsonCopyPathAction"));
    m_copyPathAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPathAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyPathAction, &QAction::triggered, this, &JsonTreeView::copyCurrentPath);
    m_tree->addAction(m_copyPathAction);

    m_expandAction = new QAction(tr("&Expand All"), this);
    m_expandAction->setObjectName(QStringLiteral("jsonExpandAction"));
    connect(m_expandAction, &QAction::triggered, m_tree, &QTreeView::expandAll);
    m_collapseAction = new QAction(tr("C&ollapse All"), this);
    m_collapseAction->setObjectName(QStringLiteral("jsonCollapseAction"));
    connect(m_collapseAction, &QAction::triggered, m_tree, &QTreeView::collapseAll);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_matches);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_placeholder, 1);

    connect(m_search, &QLineEdit::textChanged, this, &JsonTreeView::applySearch);
    // Enter in the search field moves on into the results.
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_tree->setFocus();
        if (!m_tree->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_tree->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &JsonTreeView::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &JsonTreeView::updateState);
    setFocusProxy(m_tree);
    updateState();
}

void JsonTreeView::setTree(JsonTreePtr tree)
{
    m_model->setTree(std::move(tree));
    if (!m_search->text().isEmpty())
        applySearch();
    expandSensibly();
    updateState();
}

void JsonTreeView::setPlaceholder(const QString &text)
{
    m_placeholderText = text;
    updateState();
}

QString JsonTreeView::currentCopyText() const
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->currentIndex());
    return index.isValid() ? m_model->copyText(index) : QString();
}

bool JsonTreeView::selectPath(const QString &path)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexForPath(path));
    if (!index.isValid())
        return false;
    m_tree->scrollTo(index);
    m_tree->setCurrentIndex(index);
    return true;
}

void JsonTreeView::copyCurrent()
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->currentIndex());
    if (!index.isValid())
        return;
    m_clipboard->copy(m_model->copyText(index));
    const bool subtree = m_model->hasChildren(index.siblingAtColumn(0));
    Q_EMIT copied(subtree ? tr("Copied %1 as JSON.").arg(m_model->path(index))
                          : tr("Copied the value of %1.").arg(m_model->path(index)));
}

void JsonTreeView::copyCurrentPath()
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->currentIndex());
    if (!index.isValid())
        return;
    QApplication::clipboard()->setText(m_model->path(index));
    Q_EMIT copied(tr("Copied the path %1.").arg(m_model->path(index)));
}

void JsonTreeView::applySearch()
{
    m_proxy->setFilterFixedString(m_search->text().trimmed());
    expandSensibly();
    m_tree->viewport()->update();
    updateState();
}

void JsonTreeView::expandSensibly()
{
    if (m_model->nodeCount() <= expandAllLimit)
        m_tree->expandAll();
    else
        m_tree->expandToDepth(0);
}

void JsonTreeView::updateState()
{
    const bool empty = m_model->nodeCount() == 0;
    m_tree->setVisible(!empty);
    m_search->setEnabled(!empty);
    m_placeholder->setVisible(empty);
    m_placeholder->setText(m_placeholderText);
    const bool hasCurrent = m_tree->currentIndex().isValid();
    m_copyAction->setEnabled(hasCurrent);
    m_copyPathAction->setEnabled(hasCurrent);
    QString matches;
    if (!empty && !m_search->text().trimmed().isEmpty())
        matches = m_proxy->rowCount() == 0 ? tr("No match") : QString();
    if (m_model->isTruncated())
        matches = tr("Shown in part: the payload is very large");
    m_matches->setText(matches);
    m_matches->setVisible(!matches.isEmpty());
}

void JsonTreeView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("jsonContextMenu"));
    const bool subtree = index.isValid() && m_proxy->hasChildren(index.siblingAtColumn(0));
    m_copyAction->setText(subtree ? tr("&Copy Subtree as JSON") : tr("&Copy Value"));
    menu.addAction(m_copyAction);
    menu.addAction(m_copyPathAction);
    menu.addSeparator();
    menu.addAction(m_expandAction);
    menu.addAction(m_collapseAction);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
    m_copyAction->setText(tr("&Copy Value"));
}

} // namespace targetdesk::gui
