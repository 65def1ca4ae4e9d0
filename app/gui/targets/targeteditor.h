#pragma once

#include "api/apierror.h"
#include "api/targetupdate.h"
#include "model/target.h"
#include "model/targetlistmodel.h"
#include "model/targetrules.h"

#include <QWidget>

#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QStackedWidget;

namespace targetdesk
{
class ZitadelClient;
}

namespace targetdesk::gui
{

class NoticeBar;
class SecretClipboard;
class SecretField;
class TargetExecutionsView;

// The details of one target beside the list: a form with every option, checked as it is typed, the signing key
// (hidden until revealed), the key status and the executions that call the target. Placeholder pages stand in
// when nothing or several targets are selected. The form itself sends nothing: TargetWorkspace saves what it holds.
class TargetEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Empty, Multiple, New, Edit };
    Q_ENUM(Mode)
    enum class Field { Name, Endpoint, Timeout };

    TargetEditor(ZitadelClient *client, SecretClipboard *clipboard, QWidget *parent = nullptr);
    ~TargetEditor() override;

    Mode mode() const { return m_mode; }
    bool hasForm() const { return m_mode == Mode::New || m_mode == Mode::Edit; }

    // The placeholder for no selection (count 0) or several selected targets.
    void showPlaceholder(int selectedCount);
    // An empty form for a new target, with sensible defaults.
    void startNew();
    // The form filled from `target`; unsaved edits of another target are dropped (ask before calling).
    void edit(const Target &target);
    // The server's copy of the edited target changed (refresh, rotation, save). Without unsaved edits the form shows
    // it; with them the edits stay and only what the user did not touch follows the server.
    void targetUpdated(const Target &target);
    void setKeySummary(const TargetKeySummary &summary);
    // Back to the last saved state (Edit) or the defaults (New).
    void revert();

    const Target &baseline() const { return m_baseline; }
    QString targetId() const { return m_mode == Mode::Edit ? m_baseline.id : QString(); }
    // The baseline with the form's values applied.
    Target editedTarget() const;
    bool isDirty() const;
    bool hasErrors() const;
    // Shows every field's problem (also of fields not touched yet) and focuses the first error. True when valid.
    bool validateAll();

    void setBusy(bool busy, const QString &text = QString());
    bool isBusy() const { return m_busy; }
    // ZITADEL's answer to a failed save, next to the form; the typed values stay.
    void showServerError(const QString &context, const ApiError &error);
    void clearServerError();
    QString serverErrorText() const;
    // After a save that ZITADEL answered but did not fully apply: names each field that did not take (the form
    // shows what ZITADEL holds). `onThenOff`: interrupt-on-error was turned off with ZITADEL's working sequence.
    void showUntakenFields(const QList<UntakenField> &fields, bool onThenOff);
    void showStatus(const QString &text);
    QString fieldMessage(Field field) const;

    QLineEdit *nameField() const { return m_name; }
    QLineEdit *endpointField() const { return m_endpoint; }
    QComboBox *typeBox() const { return m_type; }
    QSpinBox *timeoutBox() const { return m_timeout; }
    QComboBox *timeoutUnitBox() const { return m_timeoutUnit; }
    QCheckBox *interruptBox() const { return m_interrupt; }
    QComboBox *payloadBox() const { return m_payload; }
    SecretField *signingKeyField() const { return m_signingKey; }
    QPushButton *saveButton() const { return m_saveButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QPushButton *rotateButton() const { return m_rotateButton; }
    QPushButton *placeholderButton() const { return m_placeholderButton; }
    NoticeBar *keyNotice() const { return m_keyNotice; }
    TargetExecutionsView *executionsView() const { return m_executions; }
    void focusForm();

Q_SIGNALS:
    void changed();
    void manageKeysRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildForm();
    void buildPlaceholder();
    void load(const Target &target);
    void setMode(Mode mode);
    void onEdited(Field field);
    void onTypeChanged();
    void onPayloadChanged();
    void updateMessages();
    void updateKeyNotice();
    void updateHeader();
    Duration formTimeout() const;
    void setFormTimeout(Duration timeout);
    FieldCheck check(Field field) const;
    QLabel *messageLabel(Field field) const;
    static Target defaults();

    ZitadelClient *m_client;
    SecretClipboard *m_clipboard;
    Mode m_mode = Mode::Empty;
    Target m_baseline;
    TargetKeySummary m_keySummary;
    bool m_busy = false;
    bool m_loading = false;
    bool m_showAllMessages = false;
    int m_touched = 0; // bits: 1 << Field
    // ZITADEL's word on a field (e.g. the name already exists), shown until that field is edited again.
    std::optional<std::pair<Field, QString>> m_serverFieldError;
    // What the timeout fields showed after loading, so an unchanged form keeps the exact server duration.
    std::pair<int, int> m_loadedTimeout{-1, -1};

    QStackedWidget *m_stack;
    QWidget *m_placeholderPage;
    QLabel *m_placeholderTitle;
    QLabel *m_placeholderDetail;
    QPushButton *m_placeholderButton;

    QWidget *m_formPage;
    QLabel *m_title;
    QLabel *m_meta;
    NoticeBar *m_error;
    QScrollArea *m_scroll;
    QWidget *m_fields;
    QLineEdit *m_name;
    QLabel *m_nameMessage;
    QLineEdit *m_endpoint;
    QLabel *m_endpointMessage;
    QComboBox *m_type;
    QLabel *m_typeHelp;
    QSpinBox *m_timeout;
    QComboBox *m_timeoutUnit;
    QLabel *m_timeoutMessage;
    QCheckBox *m_interrupt;
    QComboBox *m_payload;
    QLabel *m_payloadHelp;
    NoticeBar *m_keyNotice;
    QWidget *m_savedSection;
    QLabel *m_keyStatus;
    SecretField *m_signingKey;
    QPushButton *m_rotateButton;
    TargetExecutionsView *m_executions;
    QProgressBar *m_busyIndicator;
    QLabel *m_status;
    QPushButton *m_cancelButton;
    QPushButton *m_saveButton;
};

} // namespace targetdesk::gui
