#pragma once

#include "keys/keyoperations.h"
#include "model/target.h"

#include <QTimer>
#include <QWidget>

#include <functional>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QStackedWidget;
class QScrollArea;
class QSplitter;
class QTableView;

namespace targetdesk
{
class PublicKeyListModel;
}

namespace targetdesk::gui
{

class AddKeyForm;
class Confirmer;
class KeyStateDecoration;
class KeyTimeline;
class NoticeBar;

// The public keys of the selected target: the break-glass banner with "Deactivate key now" (always in view, acts on
// one click without a question), the key table with honest states, expirations and whether this machine holds the
// private key, the timeline of the target's keys, and the add form (generate here or paste a PEM). Every action is a
// QAction, reachable from the Keys menu, the table's context menu and the keyboard.
class KeyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit KeyPanel(KeyOperations *operations, QWidget *parent = nullptr);
    ~KeyPanel() override;
    QSize sizeHint() const override;

    // Where questions go (the workspace's confirmer, which tests replace).
    void setConfirmerSource(std::function<Confirmer *()> source) { m_confirmerSource = std::move(source); }

    // Shows this target's keys (loading them).
    void showTarget(const Target &target);
    // The page with the keys (banner, list, timeline, add form) is built when first needed: a target shown, one of
    // its widgets asked for, or ensureKeysPage() (the key management calls it once the main window is on screen, so
    // the window's first frame does not wait for a panel that is hidden until a target is selected).
    void ensureKeysPage();
    bool hasKeysPage() const { return m_keysPage != nullptr; }
    // No single target selected.
    void showNoTarget(int selectedCount);
    QString targetId() const { return m_target.id; }
    bool isLoaded() const { return m_loaded; }
    // Loads the keys again (after a change elsewhere).
    void reload();

    PublicKeyListModel *model() const { return m_model; }
    QTableView *view() const { return keysPage()->m_view; }
    KeyTimeline *timeline() const { return keysPage()->m_timeline; }
    AddKeyForm *addForm() const { return keysPage()->m_addForm; }
    QPushButton *breakGlassButton() const { return keysPage()->m_breakGlassButton; }
    QLabel *breakGlassText() const { return keysPage()->m_breakGlassText; }
    QLabel *resultLabel() const { return keysPage()->m_result; }
    NoticeBar *vaultNotice() const { return keysPage()->m_vaultNotice; }
    NoticeBar *privateKeyNotice() const { return keysPage()->m_privateKeyNotice; }
    QString resultText() const;

    QAction *breakGlassAction() const { return m_breakGlassAction; }
    QAction *activateAction() const { return m_activateAction; }
    QAction *removeAction() const { return m_removeAction; }
    QAction *rotateAction() const { return m_rotateAction; }
    QAction *generateAction() const { return m_generateAction; }
    QAction *pasteAction() const { return m_pasteAction; }
    QAction *copyKeyIdAction() const { return m_copyKeyIdAction; }
    QAction *copyFingerprintAction() const { return m_copyFingerprintAction; }
    QAction *reloadAction() const { return m_reloadAction; }
    QList<QAction *> keyActions() const;

    // Selects the row of this key; false when it is not listed.
    bool selectKey(const QString &keyId);
    QString selectedKeyId() const;

public Q_SLOTS:
    void deactivateActiveKeyNow();
    void activateSelected();
    void removeSelected();
    void startRotation();

Q_SIGNALS:
    // One line for the status bar.
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    // This panel with its keys page built (for the accessors, which are const).
    KeyPanel *keysPage() const;
    QWidget *buildKeysPage();
    void buildBanner();
    // Column widths that fit the table's width (see the .cpp); again on every resize and change of the keys.
    void fitColumns();
    // The scrolling body at least as high as its wrapped lines need at its width.
    void fitBodyHeight();
    void onKeysLoaded(const QString &targetId, const QList<targetdesk::PublicKey> &keys);
    void onLoadFailed(const QString &targetId, const QString &error);
    void onFinished(const KeyOperations::Outcome &outcome);
    void onKeychainChanged();
    void updateBanner();
    void updateActions();
    void updateHeld();
    void showResult(bool ok, const QString &text);
    void showContextMenu(const QPoint &pos);
    void offerPrivateKeyRemoval(const QString &keyId, const QString &fingerprint);
    const PublicKey *selectedKey() const;
    const PublicKey *activeKey() const;
    Confirmer *confirmer() const;

    KeyOperations *m_operations;
    std::function<Confirmer *()> m_confirmerSource;
    Target m_target;
    bool m_loaded = false;
    bool m_breakGlassBusy = false;
    int m_pending = 0; // operations of this panel on the server not answered yet
    QString m_orphanFingerprint;
    QString m_orphanKeyId;
    QString m_pendingSelect; // select this key once the list comes back
    QTimer m_clock;

    PublicKeyListModel *m_model;
    KeyStateDecoration *m_decoration;
    QStackedWidget *m_stack;
    QWidget *m_placeholder;
    QLabel *m_placeholderText;
    QWidget *m_keysPage = nullptr;
    QLabel *m_title = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerIcon = nullptr;
    QLabel *m_breakGlassText = nullptr;
    QPushButton *m_breakGlassButton = nullptr;
    QLabel *m_resultIcon = nullptr;
    QLabel *m_result = nullptr;
    NoticeBar *m_vaultNotice = nullptr;
    NoticeBar *m_privateKeyNotice = nullptr;
    QTableView *m_view = nullptr;
    QSplitter *m_splitter = nullptr;
    QScrollArea *m_bodyScroll = nullptr;
    bool m_splitterSized = false;
    KeyTimeline *m_timeline = nullptr;
    AddKeyForm *m_addForm = nullptr;
    QPushButton *m_activateButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_rotateButton = nullptr;
    QLabel *m_listStatus = nullptr;

    QAction *m_breakGlassAction;
    QAction *m_activateAction;
    QAction *m_removeAction;
    QAction *m_rotateAction;
    QAction *m_generateAction;
    QAction *m_pasteAction;
    QAction *m_copyKeyIdAction;
    QAction *m_copyFingerprintAction;
    QAction *m_reloadAction;
};

} // namespace targetdesk::gui
