#include "executions/executioneditor.h"

#include "commands/setexecutioncommand.h"
#include "executions/eventtypes.h"
#include "executions/targetpickerdialog.h"
#include "model/executionmatch.h"
#include "widgets/confirmer.h"
#include "widgets/searchfield.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{
using Kind = ExecutionCondition::Kind;
using Scope = ExecutionCondition::Scope;

QLabel *wrappingLabel(const char *name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QPushButton *button(const QString &text, const char *name, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setAccessibleName(accessible);
    return b;
}
} // namespace

ExecutionEditor::ExecutionEditor(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_title(new QLabel(this)), m_kind(new QComboBox(this)),
      m_scope(new QComboBox(this)), m_value(new QLineEdit(this)), m_completer(new QCompleter(this)),
      m_completions(new QStringListModel(this)), m_conditionProblem(wrappingLabel("conditionProblem", this)),
      m_targets(new QListWidget(this)), m_coverage(wrappingLabel("coverageLabel", this)),
      m_warnings(wrappingLabel("warningsLabel", this)), m_status(wrappingLabel("editorStatus", this))
{
    setObjectName(QStringLiteral("executionEditor"));
    setAccessibleName(tr("Execution editor"));

    m_title->setObjectName(QStringLiteral("editorTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_kind->setObjectName(QStringLiteral("conditionKind"));
    m_kind->setAccessibleName(tr("When"));
    m_kind->addItem(tr("Request (before an API call)"), int(Kind::Request));
    m_kind->addItem(tr("Response (after an API call)"), int(Kind::Response));
    m_kind->addItem(tr("Function (in a login or token flow)"), int(Kind::Function));
    m_kind->addItem(tr("Event (after something happened)"), int(Kind::Event));
    m_scope->setObjectName(QStringLiteral("conditionScope"));
    m_scope->setAccessibleName(tr("Which calls"));
    m_value->setObjectName(QStringLiteral("conditionValue"));
    m_value->setAccessibleName(tr("Method, service, function or event"));
    addClearButtonWhenFilled(m_value, QStringLiteral("conditionValueClearButton"), tr("Clear condition"),
                             tr("Clear condition"));
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(14);
    m_value->setCompleter(m_completer);

    auto *conditionBox = new QGroupBox(tr("Condition"), this);
    conditionBox->setObjectName(QStringLiteral("conditionGroup"));
    auto *form = new QFormLayout(conditionBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&When:"), m_kind);
    form->addRow(tr("Ca&lls:"), m_scope);
    form->addRow(tr("&Name:"), m_value);
    form->addRow(m_conditionProblem);

    m_targets->setObjectName(QStringLiteral("executionTargets"));
    m_targets->setAccessibleName(tr("Targets, in the order ZITADEL calls them"));
    m_targets->setDragDropMode(QAbstractItemView::InternalMove);
    m_targets->setDefaultDropAction(Qt::MoveAction);
    m_targets->setSelectionMode(QAbstractItemView::SingleSelection);
    m_targets->setMinimumHeight(fontMetrics().height() * 6);
    m_addButton = button(tr("&Add Targets…"), "addTargetsButton", tr("Add targets"), this);
    m_removeButton = button(tr("&Remove"), "removeTargetButton", tr("Remove the selected target"), this);
    m_upButton = button(tr("Move &Up"), "moveTargetUpButton", tr("Move the selected target up"), this);
    m_downButton = button(tr("Move &Down"), "moveTargetDownButton", tr("Move the selected target down"), this);
    m_upButton->setToolTip(tr("Alt+Up"));
    m_downButton->setToolTip(tr("Alt+Down"));
    auto *targetButtons = new QVBoxLayout;
    for (QPushButton *b : {m_addButton, m_removeButton, m_upButton, m_downButton})
        targetButtons->addWidget(b);
    targetButtons->addStretch(1);
    auto *targetsBox = new QGroupBox(tr("Targets, called in this &order"), this);
    targetsBox->setObjectName(QStringLiteral("targetsGroup"));
    auto *targetsLayout = new QHBoxLayout(targetsBox);
    targetsLayout->addWidget(m_targets, 1);
    targetsLayout->addLayout(targetButtons);

    // Alt+Up / Alt+Down reorder and Delete removes, while the list has the focus.
    m_targets->installEventFilter(this);

    m_coverage->setAccessibleName(tr("Which calls this execution handles"));
    m_warnings->setAccessibleName(tr("Problems ZITADEL would have with this execution"));
    m_warnings->setStyleSheet(QStringLiteral("QLabel { color: palette(highlighted-text); background: #9a3b00; "
                                             "padding: 6px; border-radius: 3px; }"));
    m_status->setAccessibleName(tr("Save status"));

    m_saveButton = button(tr("&Save Execution"), "saveExecutionButton", tr("Save the execution"), this);
    m_saveButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_saveButton->setToolTip(tr("Ctrl+Enter"));
    m_deleteButton = button(tr("Delete E&xecution…"), "deleteExecutionButton", tr("Delete the execution"), this);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_deleteButton);
    actions->addWidget(m_saveButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(conditionBox);
    layout->addWidget(targetsBox, 1);
    layout->addWidget(m_coverage);
    layout->addWidget(m_warnings);
    layout->addLayout(actions);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ExecutionEditor::onKindChanged);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &ExecutionEditor::onConditionEdited);
    connect(m_value, &QLineEdit::textChanged, this, &ExecutionEditor::onConditionEdited);
    connect(m_targets->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        setDirty(true);
        updateAnalysis();
    });
    connect(m_targets, &QListWidget::currentRowChanged, this, &ExecutionEditor::updateButtons);
    connect(m_addButton, &QPushButton::clicked, this, &ExecutionEditor::pickTargets);
    connect(m_removeButton, &QPushButton::clicked, this, &ExecutionEditor::removeCurrent);
    connect(m_upButton, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_downButton, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(m_saveButton, &QPushButton::clicked, this, &ExecutionEditor::save);
    connect(m_deleteButton, &QPushButton::clicked, this, &ExecutionEditor::deleteExecution);

    newExecution();
}

bool ExecutionEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_targets && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const auto modifiers = key->modifiers() & ~Qt::KeypadModifier;
        if (modifiers == Qt::AltModifier && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)) {
            moveCurrent(key->key() == Qt::Key_Up ? -1 : 1);
            return true;
        }
        if (modifiers == Qt::NoModifier && key->key() == Qt::Key_Delete) {
            removeCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ExecutionEditor::setSnapshot(const checks::Snapshot &snapshot, const QStringList &services,
                                  const QStringList &events)
{
    m_snapshot = snapshot;
    m_services = services;
    m_events = events;
    // Names of targets may have changed.
    for (int row = 0; row < m_targets->count(); ++row) {
        QListWidgetItem *item = m_targets->item(row);
        item->setText(targetText(item->data(Qt::UserRole).toString()));
    }
    updateCompletion();
    updateAnalysis();
}

void ExecutionEditor::openExecution(const Execution &execution)
{
    m_original = execution.condition;
    m_mergedCondition = execution.condition.toText();
    m_title->setText(tr("Execution %1").arg(execution.condition.displayText()));
    setCondition(execution.condition);
    m_loadingForm = true;
    m_targets->clear();
    m_loadingForm = false;
    addTargets(execution.targets);
    setStatus(QString());
    setDirty(false);
}

void ExecutionEditor::newExecution(const QStringList &targets)
{
    m_original.reset();
    m_mergedCondition.clear();
    m_title->setText(tr("New execution"));
    m_loadingForm = true;
    m_kind->setCurrentIndex(0);
    onKindChanged();
    m_value->clear();
    m_targets->clear();
    m_loadingForm = false;
    addTargets(targets);
    setStatus(targets.isEmpty() ? tr("Choose when ZITADEL should call, then add targets.")
                                : tr("Choose when ZITADEL should call the target."));
    setDirty(!targets.isEmpty());
    updateAnalysis();
}

bool ExecutionEditor::confirmLeave()
{
    if (!m_dirty || !m_confirmer)
        return true;
    Prompt prompt;
    prompt.id = QStringLiteral("discardExecutionChanges");
    prompt.title = tr("Discard Changes?");
    prompt.text = tr("The execution has changes that are not saved.");
    prompt.acceptText = tr("&Discard");
    prompt.rejectText = tr("&Keep Editing");
    prompt.destructive = true;
    return m_confirmer->confirm(this, prompt);
}

std::optional<ExecutionCondition> ExecutionEditor::condition(QString *error) const
{
    ExecutionCondition c;
    c.kind = Kind(m_kind->currentData().toInt());
    c.scope = c.kind == Kind::Function ? Scope::One : Scope(m_scope->currentData().toInt());
    c.value = c.scope == Scope::All ? QString() : m_value->text().trimmed();
    if (c.scope != Scope::All && c.value.isEmpty()) {
        if (error)
            *error = c.kind == Kind::Function  ? tr("Name the function.")
                     : c.kind == Kind::Event   ? tr("Name the event type or group.")
                     : c.scope == Scope::Group ? tr("Name the service.")
                                               : tr("Name the method.");
        return std::nullopt;
    }
    // The command-line form checks the shape ZITADEL accepts ("/service/Method", no ".*" on a group, ...).
    const ConditionParse parsed = executionConditionFromText(c.toText());
    if (!parsed.condition) {
        if (error)
            *error = parsed.error;
        return std::nullopt;
    }
    return parsed.condition;
}

QStringList ExecutionEditor::targetIds() const
{
    QStringList ids;
    for (int row = 0; row < m_targets->count(); ++row)
        ids.append(m_targets->item(row)->data(Qt::UserRole).toString());
    return ids;
}

void ExecutionEditor::setCondition(const ExecutionCondition &condition)
{
    m_loadingForm = true;
    m_kind->setCurrentIndex(m_kind->findData(int(condition.kind)));
    onKindChanged();
    if (condition.kind != Kind::Function)
        m_scope->setCurrentIndex(m_scope->findData(int(condition.scope)));
    m_value->setText(condition.value);
    m_loadingForm = false;
    onConditionEdited();
}

void ExecutionEditor::addTargets(const QStringList &ids)
{
    const QStringList present = targetIds();
    QListWidgetItem *last = nullptr;
    for (const QString &id : ids) {
        if (id.isEmpty() || present.contains(id))
            continue;
        last = new QListWidgetItem(targetText(id), m_targets);
        last->setData(Qt::UserRole, id);
        last->setFlags((last->flags() | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled);
    }
    if (last) {
        m_targets->setCurrentItem(last);
        setDirty(true);
    }
    updateButtons();
    updateAnalysis();
}

void ExecutionEditor::moveCurrent(int delta)
{
    const int row = m_targets->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_targets->count())
        return;
    QListWidgetItem *item = m_targets->takeItem(row);
    m_targets->insertItem(to, item);
    m_targets->setCurrentItem(item);
    setDirty(true);
    updateAnalysis();
}

void ExecutionEditor::removeCurrent()
{
    const int row = m_targets->currentRow();
    if (row < 0)
        return;
    delete m_targets->takeItem(row);
    setDirty(true);
    updateButtons();
    updateAnalysis();
}

void ExecutionEditor::pickTargets()
{
    TargetPickerDialog picker(m_snapshot.targets, targetIds(), this);
    if (picker.exec() == QDialog::Accepted)
        addTargets(picker.selectedIds());
    m_targets->setFocus();
}

QList<checks::Finding> ExecutionEditor::proposedFindings() const
{
    const auto c = condition();
    if (!c)
        return {};
    Execution proposed;
    proposed.condition = *c;
    proposed.targets = targetIds();
    return checks::CheckEngine::checkProposed(m_snapshot, proposed);
}

void ExecutionEditor::save()
{
    QString error;
    const auto c = condition(&error);
    if (!c) {
        setStatus(tr("Not saved: %1").arg(error), true);
        m_value->setFocus();
        return;
    }
    const QStringList targets = targetIds();
    if (targets.isEmpty()) {
        // No targets means no execution: for one that exists, saving deletes it (after asking).
        const bool exists = std::any_of(m_snapshot.executions.cbegin(), m_snapshot.executions.cend(),
                                        [&](const Execution &e) { return e.condition == *c; });
        if (!exists) {
            setStatus(tr("Add at least one target."), true);
            return;
        }
        deleteExecution();
        return;
    }
    QList<checks::Finding> problems;
    for (const checks::Finding &f : proposedFindings()) {
        if (f.severity != checks::Severity::Info)
            problems.append(f);
    }
    if (!problems.isEmpty() && m_confirmer) {
        Prompt prompt;
        prompt.id = QStringLiteral("executionWarnings");
        prompt.tone = Prompt::Tone::Warning;
        prompt.title = tr("Save Despite Problems?");
        prompt.text = tr("ZITADEL would have %n problem(s) with this execution:", nullptr, int(problems.size()));
        for (const checks::Finding &f : std::as_const(problems))
            prompt.items.append(tr("%1 %2 %3").arg(f.problem, f.effect, f.fix));
        prompt.informativeText = tr("You can save anyway, or go back and change it.");
        prompt.acceptText = tr("Save &Anyway");
        prompt.rejectText = tr("&Go Back");
        if (!m_confirmer->confirm(this, prompt)) {
            setStatus(tr("Not saved."));
            return;
        }
    }
    // A changed condition makes another execution; the one opened stays as it is, which the user should know.
    m_keptNote =
        m_original && *m_original != *c
            ? tr(" The execution %1 is unchanged; delete it if it is no longer wanted.").arg(m_original->displayText())
            : QString();
    runSave(*c, targets);
}

void ExecutionEditor::deleteExecution()
{
    m_keptNote.clear();
    const auto c = condition();
    if (!c)
        return;
    const bool exists = std::any_of(m_snapshot.executions.cbegin(), m_snapshot.executions.cend(),
                                    [&](const Execution &e) { return e.condition == *c; });
    if (!exists) {
        setStatus(tr("There is no execution for %1 to delete.").arg(c->displayText()), true);
        return;
    }
    if (m_confirmer) {
        Prompt prompt;
        prompt.id = QStringLiteral("deleteExecution");
        prompt.title = tr("Delete Execution?");
        prompt.text =
            tr("Delete the execution %1? ZITADEL then no longer calls its targets for it.").arg(c->displayText());
        prompt.acceptText = tr("&Delete");
        prompt.rejectText = tr("&Keep");
        prompt.destructive = true;
        if (!m_confirmer->confirm(this, prompt)) {
            setStatus(tr("Not deleted."));
            return;
        }
    }
    runSave(*c, {});
}

void ExecutionEditor::runSave(const ExecutionCondition &condition, const QStringList &targets)
{
    delete m_save;
    auto *command = new SetExecutionCommand(m_client, condition, targets, this);
    m_save = command;
    setStatus(targets.isEmpty() ? tr("Deleting…") : tr("Saving…"));
    updateButtons();
    connect(command, &Command::finished, this, [this, command] {
        m_save = nullptr;
        updateButtons();
        if (const auto &error = command->error()) {
            if (error->kind != ApiError::Kind::Cancelled)
                setStatus(tr("ZITADEL refused: %1").arg(error->toString()), true);
            return;
        }
        const QString what = command->condition().displayText();
        if (!command->mismatch().isEmpty()) {
            setStatus(tr("Saved, but not everything took: %1").arg(command->mismatch()), true);
            if (m_confirmer) {
                Prompt prompt;
                prompt.id = QStringLiteral("executionNotTaken");
                prompt.tone = Prompt::Tone::Warning;
                prompt.title = tr("Not Everything Was Saved");
                prompt.text = command->mismatch();
                m_confirmer->inform(this, prompt);
            }
        } else if (command->isRemoval()) {
            setStatus(tr("Deleted %1.").arg(what));
        } else {
            setStatus(tr("Saved %1; ZITADEL calls %n target(s) in this order.", nullptr, int(command->targets().size()))
                          .arg(what) +
                      m_keptNote);
        }
        if (command->isRemoval()) {
            newExecution();
        } else {
            Execution held;
            held.condition = command->condition();
            held.targets = command->heldTargets();
            const QString status = m_status->text();
            openExecution(held);
            setStatus(status, !command->mismatch().isEmpty());
        }
        Q_EMIT changed(command->isRemoval() ? tr("Deleted execution %1.").arg(what)
                                            : tr("Saved execution %1.").arg(what));
    });
    command->start();
}

void ExecutionEditor::onKindChanged()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    const QSignalBlocker block(m_scope);
    const int previous = m_scope->currentData().isValid() ? m_scope->currentData().toInt() : int(Scope::One);
    m_scope->clear();
    if (kind == Kind::Event) {
        m_scope->addItem(tr("One event type"), int(Scope::One));
        m_scope->addItem(tr("A group of events"), int(Scope::Group));
        m_scope->addItem(tr("All events"), int(Scope::All));
    } else if (kind != Kind::Function) {
        m_scope->addItem(tr("One method"), int(Scope::One));
        m_scope->addItem(tr("A whole service"), int(Scope::Group));
        m_scope->addItem(tr("All methods"), int(Scope::All));
    }
    m_scope->setEnabled(kind != Kind::Function);
    m_scope->setCurrentIndex(std::max(0, m_scope->findData(previous)));
    onConditionEdited();
}

void ExecutionEditor::onConditionEdited()
{
    const auto scope = Scope(m_scope->currentData().toInt());
    const auto kind = Kind(m_kind->currentData().toInt());
    m_value->setEnabled(kind == Kind::Function || scope != Scope::All);
    m_value->setPlaceholderText(kind != Kind::Function && scope == Scope::All ? tr("(every one)")
                                : kind == Kind::Function                      ? tr("preuserinfo")
                                : kind == Kind::Event
                                    ? (scope == Scope::Group ? tr("user.human") : tr("user.human.added"))
                                : scope == Scope::Group ? tr("zitadel.user.v2.UserService")
                                                        : tr("/zitadel.user.v2.UserService/AddHumanUser"));
    updateCompletion();
    if (m_loadingForm)
        return;
    setDirty(true);
    // A new execution for a condition that already has one edits that one: its targets come first.
    const auto c = condition();
    if (!m_original && c && c->toText() != m_mergedCondition) {
        for (const Execution &e : std::as_const(m_snapshot.executions)) {
            if (e.condition != *c)
                continue;
            m_mergedCondition = c->toText();
            const QStringList pending = targetIds();
            m_targets->clear();
            addTargets(e.targets);
            addTargets(pending);
            setStatus(tr("%1 already has an execution; its targets are in the list, yours after them.")
                          .arg(c->displayText()));
            break;
        }
    }
    updateAnalysis();
}

void ExecutionEditor::updateCompletion()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    const auto scope = Scope(m_scope->currentData().toInt());
    QStringList items;
    switch (kind) {
    case Kind::Request:
    case Kind::Response:
        items = scope == Scope::Group ? m_services : m_snapshot.methods;
        break;
    case Kind::Function:
        items = m_snapshot.functions;
        break;
    case Kind::Event:
        items = scope == Scope::Group ? eventGroups(m_events) : m_events;
        break;
    }
    if (m_completions->stringList() != items)
        m_completions->setStringList(items);
}

QString ExecutionEditor::coverageText(const ExecutionCondition &condition, const QStringList &targets) const
{
    QList<ExecutionCondition> all;
    for (const Execution &e : std::as_const(m_snapshot.executions)) {
        if (!e.targets.isEmpty() && e.condition != condition && (!m_original || e.condition != *m_original))
            all.append(e.condition);
    }
    all.append(condition);
    QStringList universe;
    QString noun;
    switch (condition.kind) {
    case Kind::Request:
    case Kind::Response:
        universe = m_snapshot.methods;
        break;
    case Kind::Event:
        universe = m_snapshot.eventTypes;
        break;
    case Kind::Function:
        universe = m_snapshot.functions;
        break;
    }
    QString text;
    if (targets.isEmpty())
        text = tr("Without targets this execution does not exist: saving deletes it.") + QLatin1Char('\n');
    if (universe.isEmpty()) {
        return text + (condition.kind == Kind::Event
                           ? tr("The list of ZITADEL's event types is not available here, so which events this "
                                "condition handles cannot be shown.")
                           : tr("The instance did not list its calls of this kind, so which ones this condition "
                                "handles is not known here."));
    }
    const executionmatch::Coverage cover = executionmatch::coverage(condition, all, universe);
    if (cover.matched.isEmpty())
        return text + tr("No call this instance knows matches this condition, so ZITADEL never runs it.");
    text += tr("Handles %1 of the %n call(s) it matches", nullptr, int(cover.matched.size())).arg(cover.handled.size());
    const QStringList sample = cover.handled.mid(0, 4);
    if (!sample.isEmpty()) {
        text += tr(": %1").arg(sample.join(tr(", ")));
        if (cover.handled.size() > sample.size())
            text += tr(" and %n more", nullptr, int(cover.handled.size() - sample.size()));
    }
    text += QLatin1Char('.');
    if (!cover.shadowedBy.isEmpty()) {
        // How many calls each more specific execution takes away.
        QStringList takers;
        for (const ExecutionCondition &other : cover.shadowedBy) {
            int taken = 0;
            for (const QString &call : cover.matched) {
                const auto best = executionmatch::bestMatch(all, {condition.kind, call});
                if (best && all.at(*best) == other)
                    ++taken;
            }
            takers.append(tr("%1 (%n call(s))", nullptr, taken).arg(other.displayText()));
        }
        text += QLatin1Char('\n') +
                tr("ZITADEL runs only the best-matching execution. More specific ones take calls away from this one: "
                   "%1.")
                    .arg(takers.join(tr("; ")));
        if (cover.entirelyShadowed())
            text += QLatin1Char('\n') + tr("This execution never runs: every call it matches goes to another one.");
    }
    return text;
}

void ExecutionEditor::updateAnalysis()
{
    if (m_loadingForm)
        return;
    QString error;
    const auto c = condition(&error);
    m_conditionProblem->setText(c || m_value->text().trimmed().isEmpty() ? QString() : error);
    m_conditionProblem->setVisible(!m_conditionProblem->text().isEmpty());
    if (!c) {
        m_coverage->setText(tr("Choose the condition to see which calls it handles."));
        m_warnings->hide();
        updateButtons();
        return;
    }
    m_coverage->setText(coverageText(*c, targetIds()));
    QStringList lines;
    for (const checks::Finding &f : proposedFindings()) {
        if (f.severity != checks::Severity::Info)
            lines.append(tr("• %1 %2").arg(f.problem, f.effect));
    }
    m_warnings->setText(lines.join(QLatin1Char('\n')));
    m_warnings->setAccessibleDescription(m_warnings->text());
    m_warnings->setVisible(!lines.isEmpty());
    updateButtons();
}

void ExecutionEditor::updateButtons()
{
    const bool idle = m_save.isNull();
    const int row = m_targets->currentRow();
    m_removeButton->setEnabled(idle && row >= 0);
    m_upButton->setEnabled(idle && row > 0);
    m_downButton->setEnabled(idle && row >= 0 && row < m_targets->count() - 1);
    m_addButton->setEnabled(idle);
    m_saveButton->setEnabled(idle && condition().has_value());
    m_deleteButton->setEnabled(idle && m_original.has_value());
}

void ExecutionEditor::setDirty(bool dirty)
{
    m_dirty = dirty;
}

void ExecutionEditor::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setAccessibleName(text.isEmpty() ? tr("Save status") : text);
    m_status->setStyleSheet(problem ? QStringLiteral("QLabel { color: #b3261e; font-weight: bold; }") : QString());
}

QString ExecutionEditor::targetText(const QString &id) const
{
    for (const Target &t : std::as_const(m_snapshot.targets)) {
        if (t.id == id)
            return TargetPickerDialog::describe(t);
    }
    return tr("%1  (no such target: ZITADEL refuses it)").arg(id);
}

} // namespace targetdesk::gui
