#include "targets/targetworkspace.h"

#include "commands/createtargetcommand.h"
#include "commands/deletetargetscommand.h"
#include "commands/rotatesigningkeycommand.h"
#include "commands/updatetargetcommand.h"
#include "model/targetlistmodel.h"
#include "shell/appicons.h"
#include "targets/activekeyfetcher.h"
#include "targets/signingkeydialog.h"
#include "targets/targeteditor.h"
#include "targets/targetlistpanel.h"
#include "widgets/actionbutton.h"
#include "widgets/messageboxconfirmer.h"
#include "widgets/secretclipboard.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

const auto splitterKey = QLatin1String("workspace/splitter");

// The editor's buttons for the workspace's actions, with a shorter text than the menu's.
void bindEditorButton(QPushButton *button, QAction *action, const QString &text)
{
    button->setText(text);
    button->setAccessibleName(QString(text).remove(QLatin1Char('&')));
    gui::bindButton(button, action);
}

QString withShortcut(const QString &text, const QKeySequence &shortcut)
{
    return QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText));
}

} // namespace

TargetWorkspace::TargetWorkspace(ZitadelClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_defaultConfirmer(std::make_unique<MessageBoxConfirmer>()),
      m_confirmer(m_defaultConfirmer.get()), m_clipboard(new SecretClipboard(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_list(new TargetListPanel(client, m_splitter)),
      m_editor(new TargetEditor(client, m_clipboard, m_splitter))
{
    setObjectName(QStringLiteral("targetWorkspace"));
    m_splitter->setObjectName(QStringLiteral("workspaceSplitter"));
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_editor);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    // Never below what the form's fields need (an explicit minimum overrides the editor's own hint).
    m_editor->setMinimumWidth(
        std::max(m_editor->fontMetrics().averageCharWidth() * 44, m_editor->minimumSizeHint().width()));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    createActions();

    connect(m_list, &TargetListPanel::selectionChanged, this, &TargetWorkspace::onSelectionChanged);
    connect(m_list, &TargetListPanel::contextMenuRequested, this, &TargetWorkspace::showContextMenu);
    connect(m_list, &TargetListPanel::createRequested, this, &TargetWorkspace::newTarget);
    connect(m_editor, &TargetEditor::changed, this, &TargetWorkspace::updateActions);
    connect(m_editor, &TargetEditor::manageKeysRequested, this, &TargetWorkspace::manageKeys);
    connect(m_list->keyFetcher(), &ActiveKeyFetcher::summaryChanged, this, &TargetWorkspace::onKeySummaryChanged);

    TargetListModel *model = m_list->model();
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this, model](const QModelIndex &from, const QModelIndex &to) {
                if (m_editor->mode() != TargetEditor::Mode::Edit)
                    return;
                const int row = model->indexOfId(m_editor->targetId());
                if (row >= from.row() && row <= to.row())
                    m_editor->targetUpdated(model->target(row));
            });
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TargetWorkspace::onModelRowsChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &TargetWorkspace::onModelRowsChanged);
    updateActions();
}

TargetWorkspace::~TargetWorkspace()
{
    // A save under way is dropped with its command (a child); the deletion's progress dialog goes now.
    delete m_deleteCommand;
}

DeleteTargetsCommand *TargetWorkspace::deleteCommand() const
{
    return m_deleteCommand;
}

void TargetWorkspace::setConfirmer(Confirmer *confirmer)
{
    m_confirmer = confirmer ? confirmer : m_defaultConfirmer.get();
}

void TargetWorkspace::createActions()
{
    m_newAction = new QAction(this);
    m_newAction->setObjectName(QStringLiteral("newTargetAction"));
    m_newAction->setText(tr("&New Target…"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setToolTip(withShortcut(tr("Create a target"), m_newAction->shortcut()));
    m_newAction->setIcon(actionIcon(QStringLiteral("document-new")));
    connect(m_newAction, &QAction::triggered, this, &TargetWorkspace::newTarget);

    m_saveAction = new QAction(this);
    m_saveAction->setObjectName(QStringLiteral("saveTargetAction"));
    m_saveAction->setText(tr("&Save Target"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(withShortcut(tr("Save the target to ZITADEL"), m_saveAction->shortcut()));
    connect(m_saveAction, &QAction::triggered, this, &TargetWorkspace::save);

    // Escape belongs to the form: elsewhere it clears the search or closes popups.
    m_cancelAction = new QAction(this);
    m_cancelAction->setObjectName(QStringLiteral("cancelEditAction"));
    m_cancelAction->setText(tr("&Cancel Editing"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelAction->setToolTip(withShortcut(tr("Discard the changes in the form"), m_cancelAction->shortcut()));
    connect(m_cancelAction, &QAction::triggered, this, &TargetWorkspace::cancelEdit);
    m_editor->addAction(m_cancelAction);

    // Delete acts on the list; in a text field the key deletes text.
    m_deleteAction = new QAction(this);
    m_deleteAction->setObjectName(QStringLiteral("deleteTargetAction"));
    m_deleteAction->setText(tr("&Delete…"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_deleteAction->setToolTip(withShortcut(tr("Delete the selected targets"), m_deleteAction->shortcut()));
    m_deleteAction->setIcon(actionIcon(QStringLiteral("edit-delete")));
    connect(m_deleteAction, &QAction::triggered, this, &TargetWorkspace::deleteSelected);
    m_list->view()->addAction(m_deleteAction);

    m_rotateAction = new QAction(this);
    m_rotateAction->setObjectName(QStringLiteral("rotateSigningKeyAction"));
    m_rotateAction->setText(tr("&Rotate Signing Key…"));
    m_rotateAction->setToolTip(tr("Give the target a new signing key; receivers must be updated"));
    connect(m_rotateAction, &QAction::triggered, this, &TargetWorkspace::rotateSigningKey);

    m_copyIdAction = new QAction(this);
    m_copyIdAction->setObjectName(QStringLiteral("copyTargetIdAction"));
    m_copyIdAction->setText(tr("Copy Target &ID"));
    m_copyIdAction->setToolTip(tr("Copy the target's id, e.g. for executions or the command line"));
    connect(m_copyIdAction, &QAction::triggered, this, [this] {
        const QStringList ids = m_list->selectedIds();
        if (ids.size() == 1) {
            QGuiApplication::clipboard()->setText(ids.first());
            Q_EMIT statusMessage(tr("Copied the id %1.").arg(ids.first()));
        }
    });

    m_testDeliveryAction = new QAction(this);
    m_testDeliveryAction->setObjectName(QStringLiteral("sendTestDeliveryAction"));
    m_testDeliveryAction->setText(tr("Send &Test Delivery…"));
    m_testDeliveryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_testDeliveryAction->setToolTip(withShortcut(tr("Send the target what ZITADEL would send, and see what ZITADEL "
                                                     "would make of the answer"),
                                                  m_testDeliveryAction->shortcut()));
    connect(m_testDeliveryAction, &QAction::triggered, this, &TargetWorkspace::sendTestDelivery);

    bindEditorButton(m_editor->saveButton(), m_saveAction, tr("Save"));
    bindEditorButton(m_editor->cancelButton(), m_cancelAction, tr("Cancel"));
    bindEditorButton(m_editor->rotateButton(), m_rotateAction, tr("Rotate Signing Key…"));
}

void TargetWorkspace::updateActions()
{
    const TargetEditor::Mode mode = m_editor->mode();
    const bool busy = m_editor->isBusy();
    const bool dirty = m_editor->isDirty();
    const int selected = int(m_list->selectedIds().size());
    m_saveAction->setEnabled(m_editor->hasForm() && !busy && (mode == TargetEditor::Mode::New || dirty));
    m_cancelAction->setEnabled(m_editor->hasForm() && !busy && (mode == TargetEditor::Mode::New || dirty));
    m_deleteAction->setEnabled(!isDeleting() && selected > 0);
    m_deleteAction->setText(selected > 1 ? tr("&Delete %Ln Targets…", nullptr, selected) : tr("&Delete…"));
    m_rotateAction->setEnabled(mode == TargetEditor::Mode::Edit && !busy && selected <= 1);
    m_copyIdAction->setEnabled(selected == 1);
    m_testDeliveryAction->setEnabled(mode == TargetEditor::Mode::Edit && selected == 1);

    // The placeholder's button offers what applies: delete several, or create one.
    QPushButton *placeholder = m_editor->placeholderButton();
    placeholder->disconnect(this);
    if (mode == TargetEditor::Mode::Multiple) {
        placeholder->setText(tr("Delete %Ln Targets…", nullptr, selected));
        connect(placeholder, &QPushButton::clicked, this, &TargetWorkspace::deleteSelected);
        placeholder->setEnabled(m_deleteAction->isEnabled());
    } else {
        placeholder->setText(tr("New Target…"));
        connect(placeholder, &QPushButton::clicked, this, &TargetWorkspace::newTarget);
        placeholder->setEnabled(true);
    }
    placeholder->setAccessibleName(QString(placeholder->text()).remove(QLatin1Char('&')));
}

QList<Target> TargetWorkspace::selectedTargets() const
{
    QList<Target> targets;
    const TargetListModel *model = m_list->model();
    for (const QString &id : m_list->selectedIds()) {
        const int row = model->indexOfId(id);
        if (row >= 0)
            targets.append(model->target(row));
    }
    return targets;
}

bool TargetWorkspace::confirmLeave()
{
    // A form that is being saved keeps saving; its result lands in the list.
    if (!m_editor->isDirty() || m_editor->isBusy())
        return true;
    Prompt prompt;
    prompt.id = QStringLiteral("discardChanges");
    prompt.tone = Prompt::Tone::Warning;
    prompt.title = tr("Unsaved Changes");
    prompt.text = m_editor->mode() == TargetEditor::Mode::New
                      ? tr("Discard the new target?")
                      : tr("Discard your changes to “%1”?").arg(m_editor->baseline().name);
    prompt.informativeText = tr("They have not been saved to ZITADEL.");
    prompt.acceptText = tr("Discard Changes");
    prompt.rejectText = tr("Keep Editing");
    prompt.destructive = true;
    return m_confirmer->confirm(window(), prompt);
}

void TargetWorkspace::onSelectionChanged()
{
    if (m_syncingSelection)
        return;
    updateActions();
    // After the click has been handled: a question in the middle of a selection change confuses the view.
    if (m_selectionPending)
        return;
    m_selectionPending = true;
    QTimer::singleShot(0, this, &TargetWorkspace::applySelection);
}

void TargetWorkspace::applySelection()
{
    m_selectionPending = false;
    const QStringList ids = m_list->selectedIds();
    const TargetEditor::Mode mode = m_editor->mode();
    if (ids.size() == 1 && mode == TargetEditor::Mode::Edit && ids.first() == m_editor->targetId()) {
        updateActions();
        return;
    }
    if (ids.isEmpty() && mode == TargetEditor::Mode::New) {
        updateActions();
        return;
    }
    if (!confirmLeave()) {
        restoreSelectionToEditor();
        updateActions();
        return;
    }
    ++m_formSession;
    if (ids.size() == 1) {
        const TargetListModel *model = m_list->model();
        const QString &id = ids.first();
        m_editor->edit(model->target(model->indexOfId(id)));
        m_editor->setKeySummary(model->keySummary(id));
        m_list->keyFetcher()->request({id});
    } else {
        m_editor->showPlaceholder(int(ids.size()));
    }
    updateActions();
}

void TargetWorkspace::restoreSelectionToEditor()
{
    m_syncingSelection = true;
    if (m_editor->mode() == TargetEditor::Mode::Edit)
        m_list->selectTarget(m_editor->targetId());
    else
        m_list->view()->clearSelection();
    m_syncingSelection = false;
}

void TargetWorkspace::onKeySummaryChanged(const QString &id)
{
    if (m_editor->mode() == TargetEditor::Mode::Edit && id == m_editor->targetId())
        m_editor->setKeySummary(m_list->model()->keySummary(id));
}

void TargetWorkspace::onModelRowsChanged()
{
    if (m_editor->mode() != TargetEditor::Mode::Edit || m_list->model()->containsId(m_editor->targetId()))
        return;
    // Deleted elsewhere (a refresh no longer sees it).
    if (!m_editor->isDirty()) {
        ++m_formSession;
        m_editor->showPlaceholder(0);
    } else {
        m_editor->showStatus(tr("This target no longer exists in ZITADEL."));
    }
    updateActions();
}

void TargetWorkspace::newTarget()
{
    if (m_editor->mode() == TargetEditor::Mode::New && !m_editor->isDirty()) {
        m_editor->focusForm();
        return;
    }
    if (!confirmLeave())
        return;
    ++m_formSession;
    m_syncingSelection = true;
    m_list->view()->clearSelection();
    m_syncingSelection = false;
    m_editor->startNew();
    updateActions();
}

void TargetWorkspace::save()
{
    if (!m_editor->hasForm() || m_editor->isBusy())
        return;
    if (!m_editor->validateAll()) {
        Q_EMIT statusMessage(tr("Not saved: correct the marked fields first."));
        return;
    }
    m_editor->clearServerError();
    if (m_editor->mode() == TargetEditor::Mode::New)
        createTarget();
    else
        updateTarget();
}

void TargetWorkspace::runFormCommand(Command *command, const QString &busyText, const Failure &failure,
                                     std::function<void(bool current)> succeeded)
{
    m_saveCommand = command;
    m_editor->setBusy(true, busyText);
    const quint64 session = m_formSession;
    connect(command, &Command::finished, this, [this, command, failure, succeeded, session] {
        const bool current = session == m_formSession;
        if (current)
            m_editor->setBusy(false);
        if (const auto &error = command->error()) {
            if (current)
                m_editor->showServerError(failure.formText, *error);
            else
                m_confirmer->inform(window(), {failure.promptId,
                                               Prompt::Tone::Warning,
                                               failure.title,
                                               failure.text,
                                               error->toString(),
                                               {},
                                               {},
                                               {},
                                               false});
        } else {
            succeeded(current);
        }
        updateActions();
    });
    command->start();
}

void TargetWorkspace::createTarget()
{
    const Target target = m_editor->editedTarget();
    auto *command = new CreateTargetCommand(m_client, target, this);
    const Failure failure{tr("ZITADEL did not create the target:"), QStringLiteral("saveFailed"),
                          tr("Target Not Created"), tr("“%1” was not created.").arg(target.name)};
    runFormCommand(command, tr("Creating…"), failure, [this, command](bool current) {
        const Target created = command->target();
        TargetListModel *model = m_list->model();
        model->upsert(created);
        // A new target has no public keys yet: known without asking.
        model->setKeySummary(created.id, TargetKeySummary::fromKeys({}));
        if (current) {
            ++m_formSession;
            m_editor->edit(created);
            m_editor->setKeySummary(model->keySummary(created.id));
            m_syncingSelection = true;
            m_list->selectTarget(created.id);
            m_syncingSelection = false;
            m_editor->showStatus(tr("Created."));
        }
        Q_EMIT statusMessage(tr("Created “%1”.").arg(created.name));
        auto *dialog = new SigningKeyDialog(SigningKeyDialog::Reason::Created, created.name, created.signingKey,
                                            m_clipboard, window());
        dialog->open();
    });
}

void TargetWorkspace::updateTarget()
{
    const Target before = m_editor->baseline();
    Target after = m_editor->editedTarget();
    const TargetPatch patch = TargetPatch::diff(before, after);
    if (patch.isEmpty())
        return;
    after.id = before.id;
    auto *command = new UpdateTargetCommand(m_client, after, patch, this);
    const Failure failure{tr("ZITADEL did not save the changes:"), QStringLiteral("saveFailed"),
                          tr("Changes Not Saved"), tr("The changes to “%1” were not saved.").arg(after.name)};
    runFormCommand(command, tr("Saving…"), failure, [this, command](bool current) {
        const Target saved = command->target();
        m_list->model()->upsert(saved);
        const bool partly = !command->notTaken().isEmpty();
        if (current) {
            m_editor->edit(saved);
            m_editor->showStatus(partly ? tr("Saved in part.") : tr("Saved."));
            m_editor->showUntakenFields(command->notTaken(), command->appliedOnThenOff());
        } else if (partly) {
            QStringList fields;
            for (const UntakenField &f : command->notTaken())
                fields << targetFieldLabel(f.field);
            m_confirmer->inform(window(), {QStringLiteral("saveIncomplete"),
                                           Prompt::Tone::Warning,
                                           tr("Changes Not Fully Saved"),
                                           tr("ZITADEL did not change every field of “%1”.").arg(saved.name),
                                           fields.join(QStringLiteral(", ")),
                                           {},
                                           {},
                                           {},
                                           false});
        }
        Q_EMIT statusMessage(partly ? tr("“%1” saved in part: some fields did not take.").arg(saved.name)
                                    : tr("Saved “%1”.").arg(saved.name));
    });
}

void TargetWorkspace::cancelEdit()
{
    if (!m_editor->hasForm() || m_editor->isBusy())
        return;
    if (m_editor->mode() == TargetEditor::Mode::New) {
        ++m_formSession;
        m_editor->showPlaceholder(0);
        applySelection();
        return;
    }
    if (m_editor->isDirty()) {
        m_editor->revert();
        Q_EMIT statusMessage(tr("Changes discarded."));
    }
    updateActions();
}

void TargetWorkspace::deleteSelected()
{
    if (isDeleting())
        return;
    QList<Target> targets = selectedTargets();
    if (targets.isEmpty())
        return;
    auto *command = new DeleteTargetsCommand(m_client, m_confirmer, window(), targets, this);
    m_deleteCommand = command;
    connect(command, &DeleteTargetsCommand::targetDeleted, this, [this](const QString &id) {
        // The user confirmed: the form of a deleted target goes without another question.
        if (m_editor->mode() == TargetEditor::Mode::Edit && m_editor->targetId() == id) {
            ++m_formSession;
            m_editor->showPlaceholder(0);
        }
        m_list->model()->removeId(id);
    });
    connect(command, &Command::finished, this, [this, command] {
        m_deleteCommand = nullptr;
        const int deleted = command->deletedCount();
        const QList<DeleteTargetsCommand::Failure> &failures = command->failures();
        if (!failures.isEmpty()) {
            Prompt prompt;
            prompt.id = QStringLiteral("deleteFailures");
            prompt.tone = Prompt::Tone::Warning;
            prompt.title = tr("Some Targets Were Not Deleted");
            prompt.text = tr("%Ln target(s) could not be deleted:", nullptr, int(failures.size()));
            for (const auto &f : failures)
                prompt.items.append(tr("%1 — %2").arg(f.target.name, f.error.toString()));
            prompt.informativeText =
                deleted > 0 ? tr("The other %Ln target(s) were deleted.", nullptr, deleted) : QString();
            m_confirmer->inform(window(), prompt);
        } else if (command->isCancelled() && deleted > 0) {
            Q_EMIT statusMessage(tr("Stopped after deleting %Ln target(s).", nullptr, deleted));
        } else if (deleted > 0) {
            Q_EMIT statusMessage(tr("Deleted %Ln target(s).", nullptr, deleted));
        }
        updateActions();
    });
    updateActions();
    command->start();
}

void TargetWorkspace::rotateSigningKey()
{
    if (m_editor->mode() != TargetEditor::Mode::Edit || m_editor->isBusy())
        return;
    const Target target = m_editor->baseline();
    Prompt prompt;
    prompt.id = QStringLiteral("rotateSigningKey");
    prompt.tone = Prompt::Tone::Warning;
    prompt.title = tr("Rotate Signing Key");
    prompt.text = tr("Give “%1” a new signing key?").arg(target.name);
    prompt.informativeText = tr("ZITADEL signs its calls with the new key at once. Receivers that verify the "
                                "ZITADEL-Signature header reject the calls until they are updated with the new key, "
                                "which is shown next.");
    prompt.acceptText = tr("Rotate Key");
    prompt.rejectText = tr("Cancel");
    prompt.destructive = true;
    if (!m_confirmer->confirm(window(), prompt))
        return;

    auto *command = new RotateSigningKeyCommand(m_client, target, this);
    const Failure failure{tr("ZITADEL did not rotate the signing key:"), QStringLiteral("rotateFailed"),
                          tr("Signing Key Not Rotated"), target.name};
    runFormCommand(command, tr("Rotating the signing key…"), failure, [this, command, target](bool) {
        TargetListModel *model = m_list->model();
        const int row = model->indexOfId(target.id);
        Target updated = row >= 0 ? model->target(row) : target;
        updated.signingKey = command->response().signingKey;
        updated.changeDate = command->response().changeDate;
        model->upsert(updated); // the editor follows through dataChanged, keeping unsaved edits
        Q_EMIT statusMessage(tr("Rotated the signing key of “%1”.").arg(updated.name));
        auto *dialog = new SigningKeyDialog(SigningKeyDialog::Reason::Rotated, updated.name, updated.signingKey,
                                            m_clipboard, window());
        dialog->open();
    });
}

void TargetWorkspace::manageKeys()
{
    if (m_editor->mode() != TargetEditor::Mode::Edit)
        return;
    const Target target = m_editor->baseline();
    m_syncingSelection = true;
    m_list->selectTarget(target.id);
    m_syncingSelection = false;
    Q_EMIT keysRequested(target.id);
    m_list->keyFetcher()->refetch(target.id);
}

void TargetWorkspace::showContextMenu(const QPoint &globalPos)
{
    if (m_selectionPending)
        applySelection();
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("targetContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_newAction);
    menu->addSeparator();
    menu->addAction(m_copyIdAction);
    menu->addAction(m_rotateAction);
    menu->addAction(m_testDeliveryAction);
    menu->addSeparator();
    menu->addAction(m_deleteAction);
    menu->addSeparator();
    menu->addAction(m_list->refreshAction());
    menu->popup(globalPos);
}

void TargetWorkspace::setDeliverySigner(TestDeliveryDialog::SignerProvider provider)
{
    m_deliverySigner = std::move(provider);
    if (m_testDelivery)
        m_testDelivery->setSignerProvider(m_deliverySigner);
}

void TargetWorkspace::sendTestDelivery()
{
    if (m_selectionPending)
        applySelection();
    const QList<Target> targets = selectedTargets();
    if (targets.size() != 1)
        return;
    if (!m_testDelivery) {
        m_testDelivery = new TestDeliveryDialog(m_client, this);
        m_testDelivery->setSignerProvider(m_deliverySigner);
        connect(m_testDelivery, &TestDeliveryDialog::openInInspectorRequested, this,
                &TargetWorkspace::inspectRequested);
        connect(m_testDelivery, &TestDeliveryDialog::aboutToSend, this, &TargetWorkspace::testDeliveryAboutToSend);
    }
    m_testDelivery->setTarget(targets.first());
    m_testDelivery->show();
    m_testDelivery->raise();
    m_testDelivery->activateWindow();
}

void TargetWorkspace::saveSettings(QSettings &settings) const
{
    settings.setValue(splitterKey, m_splitter->saveState());
    m_list->saveSettings(settings);
}

void TargetWorkspace::restoreSettings(const QSettings &settings)
{
    // First start: three quarters of the width for the list, so its default columns fit without scrolling at
    // 1280 pixels; the form never gets narrower than its minimum (44 characters).
    if (!m_splitter->restoreState(settings.value(splitterKey).toByteArray()))
        m_splitter->setSizes({750, 250});
    m_list->restoreSettings(settings);
}

} // namespace targetdesk::gui
