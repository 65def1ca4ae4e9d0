#include "targets/targetlistpanel.h"

#include "model/targetlistmodel.h"
#include "shell/appicons.h"
#include "targets/activekeyfetcher.h"
#include "targets/targetlistloader.h"
#include "widgets/noticebar.h"
#include "widgets/searchfield.h"
#include "widgets/statepanel.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace targetdesk::gui
{

namespace
{

const auto headerStateKey = QLatin1String("targetList/headerState");
const auto headerColumnsKey = QLatin1String("targetList/headerColumns");

// What the user can do about a failed load, in addition to ZITADEL's own message.
QString errorAdvice(const ApiError &error)
{
    using K = ApiError::Kind;
    switch (error.kind) {
    case K::ConnectionRefused:
    case K::HostNotFound:
    case K::ConnectionClosed:
    case K::Network:
    case K::Timeout:
        return TargetListPanel::tr("Check the instance address and your network connection.");
    case K::Tls:
        return TargetListPanel::tr("The instance's TLS certificate was not accepted.");
    case K::MalformedResponse:
    case K::TooLarge:
        return TargetListPanel::tr("The server's answer was not what ZITADEL sends. Is this a ZITADEL instance?");
    case K::Server:
        if (error.httpStatus == 401)
            return TargetListPanel::tr("The instance did not accept this connection's credentials (token, key file or "
                                       "client secret). Check them under Tools → Profiles.");
        if (error.httpStatus == 403)
            return TargetListPanel::tr("The token's user needs the IAM_OWNER or IAM_OWNER_VIEWER role.");
        if (error.httpStatus == 404)
            return TargetListPanel::tr("This instance does not offer the Actions v2 API (ZITADEL v4 or later).");
        return {};
    case K::Cancelled:
    case K::InvalidRequest:
        return {};
    }
    return {};
}

QString errorText(const ApiError &error)
{
    const QString advice = errorAdvice(error);
    return advice.isEmpty() ? error.toString() : error.toString() + QLatin1Char('\n') + advice;
}

// Puts the style's warning icon on cells the model marks with WarningRole (lib/model knows no icons).
class WarningIconDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!index.data(TargetListModel::WarningRole).toBool())
            return;
        const QWidget *widget = option->widget;
        QStyle *style = widget ? widget->style() : nullptr;
        if (!style)
            return;
        option->icon = style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, widget);
        option->features |= QStyleOptionViewItem::HasDecoration;
        const int size = style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, widget);
        option->decorationSize = QSize(size, size);
    }
};

// The server-side order for a column, or Unspecified when ZITADEL cannot sort by it.
TargetSortColumn serverSortColumn(int column)
{
    switch (column) {
    case TargetListModel::NameColumn:
        return TargetSortColumn::Name;
    case TargetListModel::TypeColumn:
        return TargetSortColumn::TargetType;
    case TargetListModel::EndpointColumn:
        return TargetSortColumn::Url;
    case TargetListModel::TimeoutColumn:
        return TargetSortColumn::Timeout;
    case TargetListModel::InterruptOnErrorColumn:
        return TargetSortColumn::InterruptOnError;
    case TargetListModel::CreatedColumn:
        return TargetSortColumn::CreatedDate;
    case TargetListModel::ChangedColumn:
        return TargetSortColumn::ChangedDate;
    default:
        return TargetSortColumn::Unspecified;
    }
}

} // namespace

TargetListPanel::TargetListPanel(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_model(new TargetListModel(this)), m_proxy(new TargetFilterProxyModel(this)),
      m_loader(new TargetListLoader(client, m_model, this)), m_keyFetcher(new ActiveKeyFetcher(client, m_model, this)),
      m_search(new QLineEdit(this)), m_refreshButton(new QToolButton(this)), m_notice(new NoticeBar(this)),
      m_stack(new QStackedWidget(this)), m_view(new QTableView(this)), m_statePanel(new StatePanel(this)),
      m_refreshAction(new QAction(this)), m_findAction(new QAction(this))
{
    setObjectName(QStringLiteral("targetListPanel"));
    m_proxy->setSourceModel(m_model);

    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setText(tr("&Refresh"));
    m_refreshAction->setToolTip(tr("Load the targets again (F5)"));
    m_refreshAction->setIcon(actionIcon(QStringLiteral("view-refresh")));
    m_refreshAction->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    connect(m_refreshAction, &QAction::triggered, this, &TargetListPanel::refresh);

    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setText(tr("&Find Targets…"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, &TargetListPanel::focusSearch);

    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setAccessibleName(tr("Search targets"));
    m_search->setPlaceholderText(tr("Search by name or endpoint (Ctrl+F)"));
    addClearButtonWhenFilled(m_search, QStringLiteral("searchClearButton"), tr("Clear search"),
                             tr("Clear search (Esc)"));
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TargetFilterProxyModel::setSearchText);
    // After the proxy: the no-match page quotes the search, which changes even when the row count does not.
    connect(m_search, &QLineEdit::textChanged, this, &TargetListPanel::updateState);

    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_refreshButton->setAccessibleName(tr("Refresh"));
    m_refreshButton->setDefaultAction(m_refreshAction);
    m_refreshButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refreshButton->setAutoRaise(true);

    connect(m_notice, &NoticeBar::actionTriggered, this, &TargetListPanel::refresh);
    connect(m_statePanel, &StatePanel::actionTriggered, this, &TargetListPanel::onStateAction);

    setUpView();

    m_stack->setObjectName(QStringLiteral("targetListStack"));
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_statePanel);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_refreshButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(m_notice);
    layout->addWidget(m_stack, 1);

    setTabOrder(m_search, m_refreshButton);
    setTabOrder(m_refreshButton, m_view);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &TargetListPanel::updateState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TargetListPanel::updateState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TargetListPanel::updateState);

    // Key summaries: for what is on screen, a moment after it settles (scrolling fast fetches nothing in between).
    m_keyFetchTimer.setSingleShot(true);
    m_keyFetchTimer.setInterval(60);
    connect(&m_keyFetchTimer, &QTimer::timeout, this, &TargetListPanel::fetchVisibleKeys);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &TargetListPanel::scheduleKeyFetch);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &TargetListPanel::scheduleKeyFetch);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TargetListPanel::scheduleKeyFetch);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TargetListPanel::scheduleKeyFetch);
    m_view->viewport()->installEventFilter(this);
    m_stack->installEventFilter(this);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TargetListPanel::selectionChanged);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(pos)); });

    connect(m_loader, &TargetListLoader::started, this, [this] {
        // A refresh makes every key summary stale; the visible ones are asked again.
        m_keyFetcher->invalidate();
        scheduleKeyFetch();
        m_notice->hide();
        Q_EMIT loadProgress(0, 0);
        updateState();
    });
    connect(m_loader, &TargetListLoader::pageLoaded, this,
            [this](int, quint64 loaded, quint64 total) { Q_EMIT loadProgress(loaded, total); });
    connect(m_loader, &TargetListLoader::finished, this, &TargetListPanel::updateState);
    connect(m_loader, &TargetListLoader::failed, this, &TargetListPanel::onLoadFailed);
    connect(m_loader, &TargetListLoader::loadingChanged, this, &TargetListPanel::loadingChanged);

    updateState();
}

TargetListPanel::~TargetListPanel() = default;

void TargetListPanel::setUpView()
{
    m_view->setObjectName(QStringLiteral("targetTable"));
    m_view->setAccessibleName(tr("Targets"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    // URLs keep their host and their last path segment readable when cut.
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTabKeyNavigation(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    // Fixed row heights keep scrolling through 10,000 rows cheap.
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 8);

    QHeaderView *columns = m_view->horizontalHeader();
    columns->setObjectName(QStringLiteral("targetTableHeader"));
    columns->setAccessibleName(tr("Target columns"));
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    applyDefaultColumnWidths();
    // The dates are in the tooltips and the editor; shown by default they would push the list into sideways
    // scrolling at 1280 pixels. View → Columns brings them back (remembered).
    columns->setSectionHidden(TargetListModel::CreatedColumn, true);
    columns->setSectionHidden(TargetListModel::ChangedColumn, true);
    connect(columns, &QHeaderView::sectionResized, this, [this](int column) {
        // A column the user sized (the last one stretches by itself) ends the automatic fitting.
        if (!m_fittingColumns && m_stack->isVisible() && column == TargetListModel::EndpointColumn &&
            QApplication::mouseButtons() != Qt::NoButton)
            m_autoFitEndpoint = false;
    });
    m_view->setItemDelegateForColumn(TargetListModel::ActiveKeyColumn, new WarningIconDelegate(m_view));
    columns->setSortIndicator(TargetListModel::NameColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    connect(columns, &QHeaderView::sortIndicatorChanged, this, &TargetListPanel::onSortChanged);
    onSortChanged(columns->sortIndicatorSection(), columns->sortIndicatorOrder());

    // A narrow window (the editor open beside the list) is easier to read with fewer columns.
    m_columnsMenu = new QMenu(tr("&Columns"), this);
    m_columnsMenu->setObjectName(QStringLiteral("columnsMenu"));
    for (int column = 0; column < TargetListModel::ColumnCount; ++column) {
        QAction *action = m_columnsMenu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setObjectName(QStringLiteral("showColumn%1Action").arg(column));
        action->setCheckable(true);
        action->setData(column);
        // The name identifies a row; it always stays.
        action->setEnabled(column != TargetListModel::NameColumn);
        connect(action, &QAction::toggled, this,
                [columns, column](bool shown) { columns->setSectionHidden(column, !shown); });
    }
    connect(m_columnsMenu, &QMenu::aboutToShow, this, [this, columns] {
        for (QAction *action : m_columnsMenu->actions()) {
            const QSignalBlocker blocker(action);
            action->setChecked(!columns->isSectionHidden(action->data().toInt()));
        }
    });
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this,
            [this, columns](const QPoint &pos) { m_columnsMenu->popup(columns->mapToGlobal(pos)); });
}

void TargetListPanel::onSortChanged(int column, Qt::SortOrder order)
{
    const TargetSortColumn server = serverSortColumn(column);
    const bool ascending = order == Qt::AscendingOrder;
    if (server == m_loader->serverSortColumn() &&
        (server == TargetSortColumn::Unspecified || ascending == m_loader->serverSortAscending()))
        return;
    m_loader->setServerSort(server, ascending);
    // Pages still to come would arrive in the old order and fill in all over the list: start over in the new one.
    // A complete list is only sorted locally.
    if (m_loader->isLoading())
        m_loader->reload();
}

void TargetListPanel::scheduleKeyFetch()
{
    if (!m_keyFetchTimer.isActive())
        m_keyFetchTimer.start();
}

void TargetListPanel::fetchVisibleKeys()
{
    const int rows = m_proxy->rowCount();
    if (rows == 0 || m_stack->currentWidget() != m_view)
        return;
    const int first = std::max(0, m_view->rowAt(0));
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (last < 0)
        last = rows - 1;
    // The view may not be laid out yet; a screenful is never more than this.
    last = std::min(last, first + 150);
    QStringList ids;
    ids.reserve(last - first + 1);
    for (int row = first; row <= last; ++row) {
        if (const Target *t = m_proxy->target(row))
            ids.append(t->id);
    }
    m_keyFetcher->request(ids);
}

QStringList TargetListPanel::selectedIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &index : std::as_const(rows)) {
        if (const Target *t = m_proxy->target(index))
            ids.append(t->id);
    }
    return ids;
}

void TargetListPanel::selectTarget(const QString &id)
{
    if (m_model->indexOfId(id) < 0)
        return;
    if (m_proxy->rowOfId(id) < 0)
        clearSearch();
    const int row = m_proxy->rowOfId(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void TargetListPanel::applyDefaultColumnWidths()
{
    const QFontMetrics fm = m_view->fontMetrics();
    QHeaderView *header = m_view->horizontalHeader();
    // Wide enough for typical content or the header text, whichever is longer, plus room for the sort arrow.
    auto width = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        const int padding = fm.averageCharWidth() * 4;
        const int size = std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title)) + padding;
        m_defaultWidths.insert(column, size);
        header->resizeSection(column, size);
    };
    width(TargetListModel::NameColumn, QStringLiteral("user-provisioning-webhook"));
    width(TargetListModel::TypeColumn, TargetListModel::typeText(TargetType::Webhook));
    width(TargetListModel::EndpointColumn, QStringLiteral("https://hooks.example.com/zitadel"));
    width(TargetListModel::TimeoutColumn, QStringLiteral("270s"));
    width(TargetListModel::InterruptOnErrorColumn, tr("No"));
    width(TargetListModel::PayloadTypeColumn, TargetListModel::payloadTypeText(PayloadType::Json));
    // Key ids are 18 digits; the warning needs its icon and text.
    width(TargetListModel::ActiveKeyColumn, QStringLiteral("000000000000000000"));
    width(TargetListModel::CreatedColumn, QStringLiteral("2026-12-31 23:59"));
    width(TargetListModel::ChangedColumn, QStringLiteral("2026-12-31 23:59"));
}

void TargetListPanel::fitEndpointColumn()
{
    QHeaderView *header = m_view->horizontalHeader();
    int others = 0;
    for (int column = 0; column < header->count(); ++column) {
        if (column != TargetListModel::EndpointColumn && !header->isSectionHidden(column))
            others += header->sectionSize(column);
    }
    // The last visible column stretches; count it at its default width so the endpoint gets the room instead.
    int last = -1;
    for (int visual = header->count() - 1; visual >= 0 && last < 0; --visual) {
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            last = header->logicalIndex(visual);
    }
    if (last >= 0 && last != TargetListModel::EndpointColumn)
        others += m_defaultWidths.value(last, header->sectionSize(last)) - header->sectionSize(last);
    // The stack, not the viewport: the view may still be hidden behind the loading page.
    const int available = m_stack->contentsRect().width() - 2 * m_view->frameWidth() -
                          m_view->verticalScrollBar()->sizeHint().width() - others;
    // The endpoint takes what is left, also when that is less than its default (it is elided in the middle): the
    // default columns never scroll sideways. Below a minimum, scrolling is the lesser evil.
    const int minimum = m_view->fontMetrics().averageCharWidth() * 14;
    const QScopedValueRollback fitting(m_fittingColumns, true);
    header->resizeSection(TargetListModel::EndpointColumn, std::max(available, minimum));
}

void TargetListPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_fitColumnsPending)
        return;
    m_fitColumnsPending = false;
    // After the first layout pass, when the viewport has its real width.
    QTimer::singleShot(0, this, &TargetListPanel::fitEndpointColumn);
}

bool TargetListPanel::isLoading() const
{
    return m_loader->isLoading();
}

int TargetListPanel::shownCount() const
{
    return m_proxy->rowCount();
}

int TargetListPanel::totalCount() const
{
    return m_model->rowCount();
}

QString TargetListPanel::countText() const
{
    const int total = totalCount();
    if (m_proxy->isSearching())
        return tr("Showing %1 of %Ln target(s)", nullptr, total).arg(QLocale().toString(shownCount()));
    return tr("%Ln target(s)", nullptr, total);
}

void TargetListPanel::refresh()
{
    m_loader->reload();
}

void TargetListPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void TargetListPanel::clearSearch()
{
    m_search->clear();
}

void TargetListPanel::onStateAction()
{
    if (m_state == State::NoMatch) {
        clearSearch();
        focusSearch();
        return;
    }
    if (m_state == State::Empty) {
        Q_EMIT createRequested();
        return;
    }
    refresh();
}

void TargetListPanel::onLoadFailed()
{
    if (m_model->rowCount() > 0)
        m_notice->showNotice(tr("Could not refresh the targets: %1").arg(errorText(m_loader->lastError())),
                             tr("Retry"));
    updateState();
}

void TargetListPanel::updateState()
{
    State state = State::List;
    if (m_model->rowCount() == 0) {
        if (m_loader->isLoading() || (!m_loader->hasLoaded() && !m_loader->hasError()))
            state = State::Loading;
        else if (m_loader->hasError())
            state = State::Error;
        else
            state = State::Empty;
    } else if (m_proxy->rowCount() == 0) {
        state = State::NoMatch;
    }

    switch (state) {
    case State::Loading:
        m_statePanel->showBusy(tr("Loading targets…"));
        break;
    case State::Error:
        m_statePanel->showMessage(tr("Could not load the targets"), errorText(m_loader->lastError()), tr("Retry"),
                                  StatePanel::Tone::Error);
        break;
    case State::Empty:
        m_statePanel->showMessage(tr("No targets yet — create one"),
                                  tr("Targets are the endpoints ZITADEL calls when an execution matches. Create the "
                                     "first one here (Ctrl+N); press F5 to look again for targets made elsewhere."),
                                  tr("New Target…"));
        break;
    case State::NoMatch:
        m_statePanel->showMessage(tr("No targets match “%1”").arg(m_search->text().trimmed()),
                                  tr("The search looks at names and endpoints."), tr("Clear Search"));
        break;
    case State::List:
        break;
    }
    const bool showList = state == State::List;
    m_stack->setCurrentWidget(showList ? static_cast<QWidget *>(m_view) : m_statePanel);
    if (showList)
        scheduleKeyFetch();

    const bool changed = state != m_state;
    m_state = state;
    if (changed)
        Q_EMIT stateChanged(state);
    Q_EMIT countsChanged(shownCount(), totalCount());
}

bool TargetListPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        scheduleKeyFetch();
    // Until the user sizes a column, the endpoint follows the list's width (the first show, the splitter, the
    // window), so the default columns never scroll sideways.
    if (watched == m_stack && event->type() == QEvent::Resize && m_autoFitEndpoint && !m_fitColumnsPending)
        fitEndpointColumn();
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        // Escape clears the search; Down or Enter continue into the results.
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            clearSearch();
            return true;
        }
        if ((key->key() == Qt::Key_Down || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            m_proxy->rowCount() > 0) {
            m_view->setFocus(Qt::OtherFocusReason);
            if (!m_view->selectionModel()->hasSelection())
                m_view->selectRow(0);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TargetListPanel::saveSettings(QSettings &settings) const
{
    settings.setValue(headerStateKey, m_view->horizontalHeader()->saveState());
    settings.setValue(headerColumnsKey, int(TargetListModel::ColumnCount));
}

void TargetListPanel::restoreSettings(const QSettings &settings)
{
    // A state saved with a different set of columns would put widths on the wrong columns: start fresh instead.
    if (settings.value(headerColumnsKey).toInt() != TargetListModel::ColumnCount)
        return;
    QHeaderView *header = m_view->horizontalHeader();
    if (!header->restoreState(settings.value(headerStateKey).toByteArray()))
        return;
    m_fitColumnsPending = false;
    m_autoFitEndpoint = false;
    m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

} // namespace targetdesk::gui
