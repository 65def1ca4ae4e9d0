#include "executions/executionsworkspace.h"

#include "commands/loadexecutionsnapshotcommand.h"
#include "commands/setexecutioncommand.h"
#include "executions/checkspanel.h"
#include "executions/eventtypes.h"
#include "executions/executioneditor.h"
#include "executions/executionmap.h"
#include "widgets/messageboxconfirmer.h"
#include "widgets/searchfield.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{
using Kind = ExecutionCondition::Kind;
constexpr int ConditionRole = Qt::UserRole;
constexpr int SearchRole = Qt::UserRole + 1;
constexpr int KindRole = Qt::UserRole + 2;
constexpr int TargetsRole = Qt::UserRole + 3;

enum Column { KindColumn, ConditionColumn, TargetsColumn, CreatedColumn, ChangedColumn };

QString kindText(Kind kind)
{
    switch (kind) {
    case Kind::Request:
        return ExecutionsWorkspace::tr("Request");
    case Kind::Response:
        return ExecutionsWorkspace::tr("Response");
    case Kind::Function:
        return ExecutionsWorkspace::tr("Function");
    case Kind::Event:
        break;
    }
    return ExecutionsWorkspace::tr("Event");
}

// The condition without the kind, which has its own column.
QString conditionText(const ExecutionCondition &c)
{
    using Scope = ExecutionCondition::Scope;
    if (c.kind == Kind::Function || c.scope == Scope::One)
        return c.value;
    if (c.scope == Scope::All)
        return c.kind == Kind::Event ? ExecutionsWorkspace::tr("all events") : ExecutionsWorkspace::tr("all methods");
    return c.kind == Kind::Event ? ExecutionsWorkspace::tr("group %1").arg(c.value)
                                 : ExecutionsWorkspace::tr("service %1").arg(c.value);
}

// Dates sort by time, not by their text.
class ExecutionItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == CreatedColumn || column == ChangedColumn)
            return data(column, Qt::UserRole).toDateTime() < other.data(column, Qt::UserRole).toDateTime();
        return QTreeWidgetItem::operator<(other);
    }
};

QAction *action(const QString &text, const char *name, const QKeySequence &shortcut, QWidget *owner)
{
    auto *a = new QAction(text, owner);
    a->setObjectName(QLatin1String(name));
    a->setShortcut(shortcut);
    // Only while this screen is the one shown: the targets screen has the same keys.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    owner->addAction(a);
    return a;
}
} // namespace

ExecutionsWorkspace::ExecutionsWorkspace(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_defaultConfirmer(std::make_unique<MessageBoxConfirmer>()),
      m_confirmer(m_defaultConfirmer.get()), m_search(new QLineEdit(this)), m_kindFilter(new QComboBox(this)),
      m_targetFilter(new QComboBox(this)), m_state(new QLabel(this)), m_list(new QTreeWidget(this)),
      m_tabs(new QTabWidget(this)), m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_editor(new ExecutionEditor(client, this)), m_map(new ExecutionMap(this)), m_checks(new ChecksPanel(this)),
      m_hosts(new checks::HostResolver(this))
{
    setObjectName(QStringLiteral("executionsWorkspace"));
    setAccessibleName(tr("Executions"));
    m_editor->setConfirmer(m_confirmer);

    m_search->setObjectName(QStringLiteral("executionSearch"));
    m_search->setAccessibleName(tr("Search executions"));
    m_search->setPlaceholderText(tr("Search conditions and targets (Ctrl+F)"));
    addClearButtonWhenFilled(m_search, QStringLiteral("executionSearchClearButton"), tr("Clear search"),
                             tr("Clear search"));
    m_kindFilter->setObjectName(QStringLiteral("kindFilter"));
    m_kindFilter->setAccessibleName(tr("Show kind"));
    m_kindFilter->addItem(tr("All kinds"), -1);
    for (Kind k : {Kind::Request, Kind::Response, Kind::Function, Kind::Event})
        m_kindFilter->addItem(kindText(k), int(k));
    m_targetFilter->setObjectName(QStringLiteral("targetFilter"));
    m_targetFilter->setAccessibleName(tr("Show executions calling"));
    m_targetFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_targetFilter->setMinimumContentsLength(12);
    m_targetFilter->addItem(tr("Any target"), QString());
    auto *kindLabel = new QLabel(tr("K&ind:"), this);
    kindLabel->setBuddy(m_kindFilter);
    auto *targetLabel = new QLabel(tr("Calls tar&get:"), this);
    targetLabel->setBuddy(m_targetFilter);

    m_state->setObjectName(QStringLiteral("executionsState"));
    m_state->setWordWrap(true);

    m_list->setObjectName(QStringLiteral("executionList"));
    m_list->setAccessibleName(tr("Executions"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    // A header and a few rows is enough to start with; the window may be small (200 % scale).
    m_list->setMinimumHeight(fontMetrics().height() * 4);
    m_list->setAlternatingRowColors(true);
    m_list->setSortingEnabled(true);
    m_list->setHeaderLabels({tr("Kind"), tr("Condition"), tr("Targets, in order"), tr("Created"), tr("Changed")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(ConditionColumn, QHeaderView::Interactive);
    m_list->header()->setSectionResizeMode(TargetsColumn, QHeaderView::Stretch);
    m_list->sortByColumn(ConditionColumn, Qt::AscendingOrder);
    m_list->viewport()->installEventFilter(this);
    connect(m_list->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == ConditionColumn && !m_fittingColumns)
            m_conditionWidthByUser = true;
    });

    m_refreshAction = action(tr("&Refresh Executions"), "refreshExecutionsAction", QKeySequence::Refresh, this);
    m_newAction = action(tr("&New Execution"), "newExecutionAction", QKeySequence::New, this);
    m_mapAction = action(tr("Execution &Map"), "executionMapAction", QKeySequence(Qt::CTRL | Qt::Key_M), this);
    m_checksAction = action(tr("&Checks"), "checksAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), this);
    QAction *find = action(tr("&Find"), "findExecutionAction", QKeySequence::Find, this);
    QAction *save = action(tr("&Save Execution"), "saveExecutionAction", QKeySequence::Save, this);
    connect(m_refreshAction, &QAction::triggered, this, &ExecutionsWorkspace::refresh);
    connect(m_newAction, &QAction::triggered, this, &ExecutionsWorkspace::newExecution);
    connect(m_mapAction, &QAction::triggered, this, &ExecutionsWorkspace::showMap);
    connect(m_checksAction, &QAction::triggered, this, &ExecutionsWorkspace::showChecks);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    connect(save, &QAction::triggered, m_editor, &ExecutionEditor::save);

    auto *newButton = new QToolButton(this);
    newButton->setDefaultAction(m_newAction);
    newButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    newButton->setAccessibleName(tr("New execution"));
    newButton->setToolTip(tr("New execution (%1)").arg(m_newAction->shortcut().toString(QKeySequence::NativeText)));
    auto *refreshButton = new QToolButton(this);
    refreshButton->setObjectName(QStringLiteral("refreshExecutionsButton"));
    refreshButton->setDefaultAction(m_refreshAction);
    refreshButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    refreshButton->setAccessibleName(tr("Refresh executions"));
    refreshButton->setToolTip(tr("Reload executions, targets and the lists of methods and functions (F5)"));
    newButton->setObjectName(QStringLiteral("newExecutionButton"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(newButton);
    bar->addWidget(refreshButton);
    auto *filters = new QHBoxLayout;
    filters->addWidget(kindLabel);
    filters->addWidget(m_kindFilter);
    filters->addSpacing(fontMetrics().averageCharWidth() * 2);
    filters->addWidget(targetLabel);
    filters->addWidget(m_targetFilter, 1);

    auto *left = new QWidget(this);
    left->setObjectName(QStringLiteral("executionListPane"));
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(bar);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_state);
    leftLayout->addWidget(m_list, 1);

    m_tabs->setObjectName(QStringLiteral("executionTabs"));
    m_tabs->setAccessibleName(tr("Editor, map and checks"));
    // The editor scrolls rather than making the window taller than small screens (or 200 % scale) allow.
    auto *editorScroll = new QScrollArea(this);
    editorScroll->setObjectName(QStringLiteral("editorScroll"));
    editorScroll->setAccessibleName(tr("Execution editor"));
    editorScroll->setWidgetResizable(true);
    editorScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    editorScroll->setFrameShape(QFrame::NoFrame);
    editorScroll->setWidget(m_editor);
    // No mnemonics on Editor and Checks: Alt+E and Alt+K open the Edit and Keys menus. Enter in the list opens the
    // editor, Ctrl+M the map, Ctrl+Shift+K the checks.
    m_tabs->addTab(editorScroll, tr("Editor"));
    m_tabs->addTab(m_map, tr("&Map"));
    m_tabs->addTab(m_checks, tr("Checks"));
    m_tabs->setTabToolTip(0, tr("Enter on an execution opens it here"));
    m_tabs->setTabToolTip(1, m_mapAction->shortcut().toString(QKeySequence::NativeText));
    m_tabs->setTabToolTip(2, m_checksAction->shortcut().toString(QKeySequence::NativeText));

    m_splitter->setObjectName(QStringLiteral("executionsSplitter"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    const int margin = fontMetrics().averageCharWidth();
    layout->setContentsMargins(margin, margin / 2, margin, 0);
    layout->addWidget(m_splitter);

    connect(m_search, &QLineEdit::textChanged, this, &ExecutionsWorkspace::applyFilter);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &ExecutionsWorkspace::applyFilter);
    connect(m_targetFilter, &QComboBox::currentIndexChanged, this, &ExecutionsWorkspace::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { m_list->setFocus(); });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &ExecutionsWorkspace::onCurrentChanged);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        showEditor();
        m_editor->setFocus(Qt::TabFocusReason);
    });
    connect(m_editor, &ExecutionEditor::changed, this, [this](const QString &message) {
        Q_EMIT statusMessage(message);
        Q_EMIT executionsChanged();
        refresh();
    });
    connect(m_map, &ExecutionMap::executionRequested, this, [this](const ExecutionCondition &c) {
        if (openExecution(c))
            showEditor();
    });
    connect(m_map, &ExecutionMap::targetRequested, this, &ExecutionsWorkspace::targetRequested);
    connect(m_checks, &ChecksPanel::executionRequested, this, [this](const ExecutionCondition &c) {
        if (openExecution(c))
            showEditor();
    });
    connect(m_checks, &ChecksPanel::targetRequested, this, &ExecutionsWorkspace::targetRequested);
    connect(m_checks, &ChecksPanel::refreshRequested, this, &ExecutionsWorkspace::refresh);
    connect(m_checks, &ChecksPanel::lookUpHostsRequested, this, [this] {
        QStringList hosts;
        for (const Target &t : std::as_const(m_snapshot.targets))
            hosts << QUrl(t.endpoint).host();
        m_checks->lookUpHostsButton()->setEnabled(false);
        m_hosts->resolve(hosts, [this] {
            m_checks->lookUpHostsButton()->setEnabled(true);
            runChecks();
            Q_EMIT problemCountChanged(problemCount());
        });
    });
}

ExecutionsWorkspace::~ExecutionsWorkspace()
{
    // Commands are children and go with the widgets; nothing calls back after this.
    delete m_load;
}

void ExecutionsWorkspace::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Side by side when there is room for the list and the editor; stacked when narrow (small screens, 200 %).
    const auto orientation = width() >= fontMetrics().averageCharWidth() * 150 ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != orientation || !m_laidOut) {
        m_laidOut = true;
        m_splitter->setOrientation(orientation);
        const int total = orientation == Qt::Horizontal ? width() : height();
        // Side by side the list gets three fifths: method names and target chains are long, the editor's fields
        // are not.
        m_splitter->setSizes(orientation == Qt::Horizontal ? QList<int>{total * 3 / 5, total * 2 / 5}
                                                           : QList<int>{total * 11 / 20, total * 9 / 20});
    }
}

bool ExecutionsWorkspace::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ExecutionsWorkspace::fitColumns()
{
    if (m_conditionWidthByUser || m_list->topLevelItemCount() == 0)
        return;
    m_fittingColumns = true;
    QHeaderView *header = m_list->header();
    int fixed = 0;
    for (int c : {KindColumn, CreatedColumn, ChangedColumn}) {
        m_list->resizeColumnToContents(c);
        fixed += header->sectionSize(c);
    }
    const int rest = m_list->viewport()->width() - fixed;
    const QAbstractItemView *view = m_list; // sizeHintForColumn is public there
    const int wanted = std::max(view->sizeHintForColumn(ConditionColumn), header->sectionSizeHint(ConditionColumn));
    // The targets keep room for one badge ("name [type · PAYLOAD]") or all of theirs when that is less; the
    // condition gets the rest, at least half of it, at most its whole text.
    const int ch = fontMetrics().averageCharWidth();
    const int targets = std::min(view->sizeHintForColumn(TargetsColumn), ch * 30);
    const int condition = std::min(wanted, std::max(rest - targets, rest / 2));
    m_list->setColumnWidth(ConditionColumn, std::max(condition, ch * 12));
    m_fittingColumns = false;
}

void ExecutionsWorkspace::setConfirmer(Confirmer *confirmer)
{
    m_confirmer = confirmer ? confirmer : m_defaultConfirmer.get();
    m_editor->setConfirmer(m_confirmer);
}

int ExecutionsWorkspace::problemCount() const
{
    return m_checks->problemCount();
}

void ExecutionsWorkspace::refresh()
{
    delete m_load;
    m_state->setText(tr("Loading executions, targets and what the checks need…"));
    m_state->show();
    auto *command = new LoadExecutionSnapshotCommand(m_client, eventTypes(), this);
    m_load = command;
    connect(command, &Command::finished, this, [this, command] { onLoaded(command); });
    command->start();
}

void ExecutionsWorkspace::onLoaded(LoadExecutionSnapshotCommand *command)
{
    if (command != m_load)
        return;
    m_load = nullptr;
    if (const auto &error = command->error()) {
        if (error->kind != ApiError::Kind::Cancelled)
            m_state->setText(tr("Could not load the executions: %1").arg(error->toString()));
        return;
    }
    m_snapshot = command->snapshot();
    m_services = command->services();
    m_loaded = true;
    m_state->hide();
    m_editor->setSnapshot(m_snapshot, m_services, eventCompletions(m_snapshot.executions));
    m_map->setSnapshot(m_snapshot);
    runChecks();
    rebuildTargetFilter();
    rebuildList();
    Q_EMIT problemCountChanged(problemCount());
    Q_EMIT loaded();
}

void ExecutionsWorkspace::runChecks()
{
    checks::Options options;
    // Hosts are looked up only when the user asks (Look Up Hosts): DNS must not block or surprise anyone.
    options.hostResolves = [this](const QString &host) { return m_hosts->resolves(host); };
    m_checks->setFindings(checks::CheckEngine::run(m_snapshot, options));
}

QString ExecutionsWorkspace::targetBadge(const QString &id) const
{
    for (const Target &t : m_snapshot.targets) {
        if (t.id == id)
            return tr("%1 [%2 · %3]")
                .arg(t.name, targetTypeName(t.type), payloadTypeName(t.effectivePayloadType()).toUpper());
    }
    return tr("%1 [missing]").arg(id);
}

void ExecutionsWorkspace::rebuildList()
{
    const QString current =
        m_list->currentItem() ? m_list->currentItem()->data(0, ConditionRole).toString() : QString();
    m_selecting = true;
    m_list->setSortingEnabled(false);
    m_list->clear();
    const QLocale locale;
    QTreeWidgetItem *again = nullptr;
    for (const Execution &e : std::as_const(m_snapshot.executions)) {
        QStringList badges;
        QStringList search{e.condition.toText(), e.condition.displayText()};
        for (const QString &id : e.targets) {
            badges.append(targetBadge(id));
            search.append(badges.last());
            search.append(id);
        }
        auto *item = new ExecutionItem(m_list);
        item->setText(KindColumn, kindText(e.condition.kind));
        item->setText(ConditionColumn, conditionText(e.condition));
        item->setText(TargetsColumn, badges.join(tr(" → ")));
        // The day in the column, the time in the tooltip: the targets need the room.
        item->setText(CreatedColumn, locale.toString(e.creationDate.toLocalTime().date(), QLocale::ShortFormat));
        item->setText(ChangedColumn, locale.toString(e.changeDate.toLocalTime().date(), QLocale::ShortFormat));
        item->setData(CreatedColumn, Qt::UserRole, e.creationDate);
        item->setData(ChangedColumn, Qt::UserRole, e.changeDate);
        item->setToolTip(CreatedColumn, locale.toString(e.creationDate.toLocalTime(), QLocale::LongFormat));
        item->setToolTip(ChangedColumn, locale.toString(e.changeDate.toLocalTime(), QLocale::LongFormat));
        item->setToolTip(ConditionColumn, e.condition.toText());
        item->setToolTip(TargetsColumn, badges.join(QLatin1Char('\n')));
        item->setData(0, ConditionRole, e.condition.toText());
        item->setData(0, SearchRole, search.join(QLatin1Char('\n')));
        item->setData(0, KindRole, int(e.condition.kind));
        item->setData(0, TargetsRole, e.targets);
        if (e.condition.toText() == current)
            again = item;
    }
    m_list->setSortingEnabled(true);
    fitColumns();
    if (again)
        m_list->setCurrentItem(again);
    m_selecting = false;
    applyFilter();
    if (m_snapshot.executions.isEmpty()) {
        m_state->setText(tr("No executions yet: ZITADEL calls no target. Create one with New Execution."));
        m_state->show();
    }
}

void ExecutionsWorkspace::rebuildTargetFilter()
{
    const QString current = m_targetFilter->currentData().toString();
    const QSignalBlocker block(m_targetFilter);
    m_targetFilter->clear();
    m_targetFilter->addItem(tr("Any target"), QString());
    QList<Target> sorted = m_snapshot.targets;
    std::sort(sorted.begin(), sorted.end(),
              [](const Target &a, const Target &b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
    for (const Target &t : std::as_const(sorted))
        m_targetFilter->addItem(t.name, t.id);
    m_targetFilter->setCurrentIndex(std::max(0, m_targetFilter->findData(current)));
}

void ExecutionsWorkspace::applyFilter()
{
    const QString needle = m_search->text().trimmed();
    const int kind = m_kindFilter->currentData().toInt();
    const QString target = m_targetFilter->currentData().toString();
    int shown = 0;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const bool match =
            (needle.isEmpty() || item->data(0, SearchRole).toString().contains(needle, Qt::CaseInsensitive)) &&
            (kind < 0 || item->data(0, KindRole).toInt() == kind) &&
            (target.isEmpty() || item->data(0, TargetsRole).toStringList().contains(target));
        item->setHidden(!match);
        shown += match ? 1 : 0;
    }
    const int total = m_list->topLevelItemCount();
    const QString text = shown == total ? tr("%n execution(s)", nullptr, total)
                                        : tr("%1 of %n execution(s) shown", nullptr, total).arg(shown);
    m_list->setAccessibleDescription(text);
    m_list->setToolTip(text);
    if (text != m_countText) {
        m_countText = text;
        Q_EMIT countTextChanged(text);
    }
}

QStringList ExecutionsWorkspace::visibleConditions() const
{
    QStringList conditions;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (!m_list->topLevelItem(i)->isHidden())
            conditions.append(m_list->topLevelItem(i)->data(0, ConditionRole).toString());
    }
    return conditions;
}

void ExecutionsWorkspace::onCurrentChanged()
{
    if (m_selecting)
        return;
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const auto condition = executionConditionFromText(item->data(0, ConditionRole).toString()).condition;
    if (condition)
        openExecution(*condition);
}

bool ExecutionsWorkspace::openExecution(const ExecutionCondition &condition)
{
    const auto it = std::find_if(m_snapshot.executions.cbegin(), m_snapshot.executions.cend(),
                                 [&](const Execution &e) { return e.condition == condition; });
    if (it == m_snapshot.executions.cend())
        return false;
    if (m_editor->isDirty() && !m_editor->confirmLeave())
        return false;
    m_editor->openExecution(*it);
    // Keep the list's selection on it (without opening it twice).
    m_selecting = true;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(0, ConditionRole).toString() == condition.toText()) {
            if (item->isHidden()) {
                m_search->clear();
                m_kindFilter->setCurrentIndex(0);
                m_targetFilter->setCurrentIndex(0);
            }
            m_list->setCurrentItem(item);
            m_list->scrollToItem(item);
        }
    }
    m_selecting = false;
    return true;
}

void ExecutionsWorkspace::newExecution()
{
    if (!confirmLeave())
        return;
    m_editor->newExecution();
    showEditor();
    m_editor->kindBox()->setFocus();
}

void ExecutionsWorkspace::addTarget(const QString &targetId)
{
    if (!confirmLeave())
        return;
    m_editor->newExecution({targetId});
    showEditor();
    m_editor->kindBox()->setFocus();
}

void ExecutionsWorkspace::removeTarget(const ExecutionCondition &condition, const QString &targetId)
{
    const auto it = std::find_if(m_snapshot.executions.cbegin(), m_snapshot.executions.cend(),
                                 [&](const Execution &e) { return e.condition == condition; });
    QStringList targets = it != m_snapshot.executions.cend() ? it->targets : QStringList{targetId};
    targets.removeAll(targetId);
    Prompt prompt;
    prompt.id = targets.isEmpty() ? QStringLiteral("deleteExecution") : QStringLiteral("removeTargetFromExecution");
    prompt.title = targets.isEmpty() ? tr("Delete Execution?") : tr("Remove Target?");
    prompt.text =
        targets.isEmpty()
            ? tr("The target is the only one of %1: removing it deletes the execution.").arg(condition.displayText())
            : tr("ZITADEL then no longer calls the target on %1.").arg(condition.displayText());
    prompt.acceptText = targets.isEmpty() ? tr("&Delete Execution") : tr("&Remove");
    prompt.rejectText = tr("&Keep");
    prompt.destructive = true;
    if (!m_confirmer->confirm(this, prompt))
        return;
    auto *command = new SetExecutionCommand(m_client, condition, targets, this);
    connect(command, &Command::finished, this, [this, command] {
        QString message;
        if (const auto &error = command->error())
            message = tr("Could not change %1: %2").arg(command->condition().displayText(), error->toString());
        else if (!command->mismatch().isEmpty())
            message = tr("Changed %1, but not everything took: %2")
                          .arg(command->condition().displayText(), command->mismatch());
        else
            message = command->isRemoval() ? tr("Deleted execution %1.").arg(command->condition().displayText())
                                           : tr("Removed the target from %1.").arg(command->condition().displayText());
        Q_EMIT statusMessage(message);
        Q_EMIT executionsChanged();
        refresh();
    });
    command->start();
}

bool ExecutionsWorkspace::confirmLeave()
{
    return m_editor->confirmLeave();
}

void ExecutionsWorkspace::showEditor()
{
    m_tabs->setCurrentIndex(0);
}

bool ExecutionsWorkspace::isEditorShown() const
{
    return m_tabs->currentIndex() == 0;
}

void ExecutionsWorkspace::showMap()
{
    m_tabs->setCurrentWidget(m_map);
    m_map->tree()->setFocus();
}

void ExecutionsWorkspace::showChecks()
{
    m_tabs->setCurrentWidget(m_checks);
    m_checks->list()->setFocus();
}

} // namespace targetdesk::gui
