#pragma once

#include "delivery/testdeliverydialog.h"
#include "model/target.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QSettings;
class QSplitter;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class Command;
class Confirmer;
class DeleteTargetsCommand;
class SecretClipboard;
class TargetEditor;
class TargetListPanel;

// The targets screen: the list beside the editor, and the commands on them (new, save, cancel, delete, rotate the
// signing key, copy the id) as actions that are enabled only when they apply. Saving, deleting and rotating run as
// command objects (commands/), never through the API client here; questions go through a Confirmer so tests can
// answer them. The client is not owned and must outlive the workspace.
class TargetWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit TargetWorkspace(ZitadelClient *client, QWidget *parent = nullptr);
    ~TargetWorkspace() override;

    TargetListPanel *listPanel() const { return m_list; }
    TargetEditor *editor() const { return m_editor; }
    SecretClipboard *secretClipboard() const { return m_clipboard; }
    QSplitter *splitter() const { return m_splitter; }

    // Not owned; must outlive the workspace. The default shows message boxes.
    void setConfirmer(Confirmer *confirmer);
    Confirmer *confirmer() const { return m_confirmer; }

    QAction *newAction() const { return m_newAction; }
    QAction *saveAction() const { return m_saveAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *rotateAction() const { return m_rotateAction; }
    QAction *copyIdAction() const { return m_copyIdAction; }
    // Send Test Delivery… (Ctrl+T) on the selected target.
    QAction *testDeliveryAction() const { return m_testDeliveryAction; }
    // The dialog, once opened.
    TestDeliveryDialog *testDeliveryDialog() const { return m_testDelivery; }
    // Which key signs JWT payloads of test deliveries (the built-in sandbox's instance key); default: the local test
    // key.
    void setDeliverySigner(TestDeliveryDialog::SignerProvider provider);
    bool isDeleting() const { return !m_deleteCommand.isNull(); }
    DeleteTargetsCommand *deleteCommand() const;

    // Asks whether to discard unsaved changes, if there are any. True when leaving the form is fine.
    bool confirmLeave();

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

public Q_SLOTS:
    void newTarget();
    void save();
    void cancelEdit();
    void deleteSelected();
    void rotateSigningKey();
    void manageKeys();
    void sendTestDelivery();

Q_SIGNALS:
    // One line for the status bar ("Created “x”.").
    void statusMessage(const QString &text);
    // "Manage Keys…": the key panel should show this target's keys.
    void keysRequested(const QString &targetId);
    // "Open in Inspector" in the test delivery dialog: the request as it went on the wire.
    void inspectRequested(const QString &wireText);
    // A test delivery is about to go to `endpoint` (the dialog's aboutToSend).
    void testDeliveryAboutToSend(const QUrl &endpoint);

private:
    void createActions();
    void onSelectionChanged();
    void applySelection();
    void updateActions();
    void showContextMenu(const QPoint &globalPos);
    void createTarget();
    void updateTarget();
    void onKeySummaryChanged(const QString &id);
    void onModelRowsChanged();
    QList<Target> selectedTargets() const;
    void restoreSelectionToEditor();
    // What a failed save or rotation says: in the form when it is still the one that started it, else in a message
    // box (prompt id, title and text, with the error as the details).
    struct Failure {
        QString formText;
        QString promptId;
        QString title;
        QString text;
    };
    // Runs a save or rotation of the form's target: the editor is busy meanwhile, a failure is reported, and
    // `succeeded` gets whether the form is still the one that started it. Answers for an older form never land in the
    // current one.
    void runFormCommand(Command *command, const QString &busyText, const Failure &failure,
                        std::function<void(bool current)> succeeded);

    ZitadelClient *m_client;
    std::unique_ptr<Confirmer> m_defaultConfirmer;
    Confirmer *m_confirmer;
    SecretClipboard *m_clipboard;
    QSplitter *m_splitter;
    TargetListPanel *m_list;
    TargetEditor *m_editor;
    QAction *m_newAction;
    QAction *m_saveAction;
    QAction *m_cancelAction;
    QAction *m_deleteAction;
    QAction *m_rotateAction;
    QAction *m_copyIdAction;
    QAction *m_testDeliveryAction;
    TestDeliveryDialog *m_testDelivery = nullptr;
    TestDeliveryDialog::SignerProvider m_deliverySigner;
    QPointer<Command> m_saveCommand; // create, update or rotate; a child
    QPointer<DeleteTargetsCommand> m_deleteCommand;
    // Selection changes made by the workspace itself are not user navigation.
    bool m_syncingSelection = false;
    bool m_selectionPending = false;
    // Bumped whenever the editor moves to another form, so late answers do not land in the wrong one.
    quint64 m_formSession = 0;
};

} // namespace targetdesk::gui
