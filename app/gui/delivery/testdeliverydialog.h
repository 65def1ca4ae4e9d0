#pragma once

#include "delivery/deliveryrequest.h"
#include "delivery/judgement.h"
#include "delivery/sender.h"
#include "model/publickey.h"
#include "model/target.h"

#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSplitter;

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class Command;
class InspectorBadge;
class SendTestDeliveryCommand;

// Send Test Delivery: for one target, pick the condition (the executions that call it, or any typed in the
// CONDITION syntax, with an event type for groups), edit the body (the sample by default), see the exact request
// (wire view and decoded view side by side), send it, and read the result in plain words. The deliveries of the
// session stay in a list on the left; "Open in Inspector" hands the shown request to the Payload Inspector.
// One dialog for the window, pointed at a target with setTarget(); the client is not owned and must outlive it.
class TestDeliveryDialog : public QDialog
{
    Q_OBJECT
public:
    // The instance's own signing key when there is one to use (the built-in sandbox); nullopt: the local test key.
    using SignerProvider = std::function<std::optional<delivery::JwtSigner>()>;

    explicit TestDeliveryDialog(ZitadelClient *client, QWidget *parent = nullptr);
    ~TestDeliveryDialog() override;

    void setSignerProvider(SignerProvider provider) { m_signerProvider = std::move(provider); }
    // Shows `target` and loads what its deliveries need (executions, the encryption key).
    void setTarget(const Target &target);
    const Target &target() const { return m_target; }
    bool isLoading() const { return !m_load.isNull(); }
    bool isSending() const { return !m_send.isNull(); }

    // Sends the request shown (built again when it is old); false when there is nothing to send.
    bool send();
    // The request the views show now (the preview, or the selected delivery of the session).
    const std::optional<delivery::DeliveryRequest> &shownRequest() const { return m_shown; }

    QComboBox *conditionCombo() const { return m_condition; }
    QLineEdit *eventTypeField() const { return m_eventType; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QPushButton *resetBodyButton() const { return m_resetBody; }
    QPlainTextEdit *wireView() const { return m_wire; }
    QPlainTextEdit *decodedView() const { return m_decoded; }
    QLabel *conditionProblem() const { return m_conditionProblem; }
    QLabel *signerNote() const { return m_signerNote; }
    QPushButton *sendButton() const { return m_sendButton; }
    QPushButton *inspectorButton() const { return m_inspectorButton; }
    InspectorBadge *verdictBadge() const { return m_verdict; }
    QLabel *resultText() const { return m_result; }
    QPlainTextEdit *answerView() const { return m_answer; }
    QListWidget *historyList() const { return m_history; }

Q_SIGNALS:
    // "Open in Inspector": the request as it went on the wire.
    void openInInspectorRequested(const QString &wireText);
    // A test delivery finished (its result is shown).
    void deliveryFinished(bool success);
    // Emitted right before a delivery goes out (direct connections run first): the app's own receiver can start.
    void aboutToSend(const QUrl &endpoint);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Sent {
        delivery::DeliveryRequest request;
        delivery::DeliveryResponse response;
        delivery::Verdict verdict;
        QDateTime sentAt;
    };

    QWidget *createRequestPane();
    QWidget *createResultPane();
    void onLoaded(Command *command);
    void onConditionEdited();
    void resetBody();
    void rebuild();
    std::optional<ExecutionCondition> currentCondition(QString *error) const;
    void showRequest(const delivery::DeliveryRequest &request);
    void showSent(const Sent &sent);
    void clearResult(const QString &text);
    void onSent(SendTestDeliveryCommand *command);
    void showHistoryEntry(int row);
    void updateSignerNote();
    void updateButtons();

    ZitadelClient *m_client;
    SignerProvider m_signerProvider;
    Target m_target;
    std::optional<PublicKey> m_key;
    QString m_keyProblem;
    std::optional<delivery::JwtSigner> m_signer;
    bool m_instanceSigner = false;
    std::optional<delivery::DeliveryRequest> m_preview;
    delivery::BuildOptions m_previewOptions; // what the preview was built with; sending builds with them again
    std::optional<delivery::DeliveryRequest> m_shown;
    QList<Sent> m_sent;
    bool m_bodyEdited = false;
    bool m_settingBody = false;
    QTimer m_rebuild;
    QPointer<Command> m_load;
    QPointer<SendTestDeliveryCommand> m_send;

    QLabel *m_title;
    QComboBox *m_condition;
    QLabel *m_conditionProblem;
    QLineEdit *m_eventType;
    QPlainTextEdit *m_body;
    QPushButton *m_resetBody;
    QPlainTextEdit *m_wire;
    QPlainTextEdit *m_decoded;
    QLabel *m_signerNote;
    QPushButton *m_sendButton;
    QPushButton *m_inspectorButton;
    InspectorBadge *m_verdict;
    QLabel *m_result;
    QPlainTextEdit *m_answer;
    QListWidget *m_history;
    QSplitter *m_splitter;
    QSplitter *m_views = nullptr;
    QSplitter *m_right = nullptr;
    bool m_sized = false;
};

} // namespace targetdesk::gui
