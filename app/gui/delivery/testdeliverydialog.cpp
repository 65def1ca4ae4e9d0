#include "delivery/testdeliverydialog.h"

#include "commands/loadtestdeliverycommand.h"
#include "commands/sendtestdeliverycommand.h"
#include "delivery/samples.h"
#include "delivery/testsigner.h"
#include "inspector/inspectorbadge.h"

#include "crypto/base64url.h"
#include "model/eventcatalog.h"
#include "model/protojson.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QShowEvent>
#include <QSplitter>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

constexpr int rebuildDelayMs = 300;

QString prettyJson(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isNull())
        return QString::fromUtf8(json);
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

// The protected header of a compact JOSE token, pretty.
QString joseHeader(const QByteArray &token)
{
    const qsizetype dot = token.indexOf('.');
    if (dot <= 0)
        return {};
    const std::optional<QByteArray> header = crypto::base64UrlDecode(QByteArrayView(token).first(dot));
    return header ? prettyJson(*header) : QString();
}

QPlainTextEdit *codeView(QWidget *parent, const char *name, const QString &accessibleName)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(QLatin1String(name));
    view->setAccessibleName(accessibleName);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    view->setWordWrapMode(QTextOption::WrapAnywhere);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTabChangesFocus(true);
    return view;
}

QString headerLines(const delivery::HeaderList &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(QStringLiteral("%1: %2").arg(QString::fromLatin1(name), QString::fromUtf8(value)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

TestDeliveryDialog::TestDeliveryDialog(ZitadelClient *client, QWidget *parent) : QDialog(parent), m_client(client)
{
    setObjectName(QStringLiteral("testDeliveryDialog"));
    setWindowTitle(tr("Send Test Delivery"));
    setAccessibleName(tr("Send Test Delivery"));
    // The key for targets without an instance key is made now, so the first preview does not wait for it.
    delivery::prepareLocalTestSigner();

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("testDeliveryTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *historyLabel = new QLabel(tr("This session's &deliveries:"), this);
    m_history = new QListWidget(this);
    m_history->setObjectName(QStringLiteral("testDeliveryHistory"));
    m_history->setAccessibleName(tr("Test deliveries of this session"));
    historyLabel->setBuddy(m_history);
    m_history->setToolTip(tr("Each delivery sent in this session; select one to see its request and result again"));
    connect(m_history, &QListWidget::currentRowChanged, this, &TestDeliveryDialog::showHistoryEntry);
    auto *historyPane = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyPane);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(historyLabel);
    historyLayout->addWidget(m_history, 1);

    auto *right = m_right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("testDeliveryRightSplitter"));
    right->addWidget(createRequestPane());
    right->addWidget(createResultPane());
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("testDeliverySplitter"));
    m_splitter->addWidget(historyPane);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    m_sendButton = new QPushButton(tr("&Send"), this);
    m_sendButton->setObjectName(QStringLiteral("testDeliverySendButton"));
    m_sendButton->setAccessibleName(tr("Send the test delivery"));
    m_sendButton->setDefault(true);
    m_sendButton->setToolTip(tr("Send the request shown to the target's endpoint (Ctrl+Return)"));
    m_sendButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_sendButton, &QPushButton::clicked, this, &TestDeliveryDialog::send);
    m_inspectorButton = new QPushButton(tr("Open in &Inspector"), this);
    m_inspectorButton->setObjectName(QStringLiteral("testDeliveryInspectorButton"));
    m_inspectorButton->setAccessibleName(tr("Open the request in the Payload Inspector"));
    connect(m_inspectorButton, &QPushButton::clicked, this, [this] {
        if (m_shown)
            Q_EMIT openInInspectorRequested(QString::fromUtf8(m_shown->wireText()));
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("testDeliveryButtons"));
    buttons->addButton(m_inspectorButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_sendButton, QDialogButtonBox::ActionRole);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("testDeliveryCloseButton"));
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(buttons);

    m_rebuild.setSingleShot(true);
    m_rebuild.setInterval(rebuildDelayMs);
    connect(&m_rebuild, &QTimer::timeout, this, &TestDeliveryDialog::rebuild);

    QSize size(1200, 780);
    if (const QScreen *s = screen())
        size = size.boundedTo(s->availableSize() * 0.92);
    resize(size);
    clearResult(tr("Nothing sent yet."));
    updateButtons();
}

TestDeliveryDialog::~TestDeliveryDialog() = default;

void TestDeliveryDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_sized)
        return;
    m_sized = true;
    layout()->activate();
    // First show, laid out: the session list narrow, the request views with the room (wire and decoded more than
    // the body), the result below a third of the height.
    const int ch = fontMetrics().averageCharWidth();
    const int width = m_splitter->width();
    m_splitter->setSizes({ch * 22, qMax(width - ch * 22, ch * 40)});
    const int views = m_views->width();
    m_views->setSizes({views * 2 / 8, views * 3 / 8, views * 3 / 8});
    const int height = m_right->height();
    m_right->setSizes({height * 2 / 3, height / 3});
}

QWidget *TestDeliveryDialog::createRequestPane()
{
    auto *pane = new QWidget(this);

    m_condition = new QComboBox(pane);
    m_condition->setObjectName(QStringLiteral("testDeliveryCondition"));
    m_condition->setAccessibleName(tr("Condition"));
    m_condition->setEditable(true);
    m_condition->setInsertPolicy(QComboBox::NoInsert);
    m_condition->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_condition->setMinimumContentsLength(40);
    m_condition->setToolTip(tr("An execution that calls this target, or any condition: request:/zitadel.user.v2."
                               "UserService/AddHumanUser, response:all, event:user.human.added, "
                               "event-group:user.human, function:preuserinfo"));
    connect(m_condition, &QComboBox::currentTextChanged, this, &TestDeliveryDialog::onConditionEdited);
    m_conditionProblem = new QLabel(pane);
    m_conditionProblem->setObjectName(QStringLiteral("testDeliveryConditionProblem"));
    m_conditionProblem->setWordWrap(true);
    m_conditionProblem->hide();

    m_eventType = new QLineEdit(pane);
    m_eventType->setObjectName(QStringLiteral("testDeliveryEventType"));
    m_eventType->setAccessibleName(tr("Event type"));
    m_eventType->setPlaceholderText(tr("for an event group or all events, e.g. user.human.added"));
    auto *completer = new QCompleter(eventcatalog::types(), m_eventType);
    completer->setFilterMode(Qt::MatchContains);
    m_eventType->setCompleter(completer);
    connect(m_eventType, &QLineEdit::textChanged, this, &TestDeliveryDialog::onConditionEdited);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *conditionLabel = new QLabel(tr("&Condition:"), pane);
    conditionLabel->setBuddy(m_condition);
    auto *eventLabel = new QLabel(tr("&Event type:"), pane);
    eventLabel->setBuddy(m_eventType);
    form->addRow(conditionLabel, m_condition);
    form->addRow(eventLabel, m_eventType);

    auto *bodyLabel = new QLabel(tr("&Body (JSON, editable):"), pane);
    m_body = new QPlainTextEdit(pane);
    m_body->setObjectName(QStringLiteral("testDeliveryBody"));
    m_body->setAccessibleName(tr("Body to send"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setTabChangesFocus(true);
    bodyLabel->setBuddy(m_body);
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        if (m_settingBody)
            return;
        m_bodyEdited = true;
        m_rebuild.start();
    });
    m_resetBody = new QPushButton(tr("&Reset to Sample"), pane);
    m_resetBody->setObjectName(QStringLiteral("testDeliveryResetBody"));
    m_resetBody->setAccessibleName(tr("Reset the body to the sample"));
    connect(m_resetBody, &QPushButton::clicked, this, &TestDeliveryDialog::resetBody);
    auto *bodyHeader = new QHBoxLayout;
    bodyHeader->addWidget(bodyLabel, 1);
    bodyHeader->addWidget(m_resetBody);
    auto *bodyPane = new QWidget(pane);
    auto *bodyLayout = new QVBoxLayout(bodyPane);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addLayout(bodyHeader);
    bodyLayout->addWidget(m_body, 1);

    auto *wireLabel = new QLabel(tr("&Wire (exactly what is sent):"), pane);
    m_wire = codeView(pane, "testDeliveryWireView", tr("Request as sent on the wire"));
    wireLabel->setBuddy(m_wire);
    auto *wirePane = new QWidget(pane);
    auto *wireLayout = new QVBoxLayout(wirePane);
    wireLayout->setContentsMargins(0, 0, 0, 0);
    wireLayout->addWidget(wireLabel);
    wireLayout->addWidget(m_wire, 1);

    auto *decodedLabel = new QLabel(tr("Dec&oded (headers of each layer, the JSON):"), pane);
    m_decoded = codeView(pane, "testDeliveryDecodedView", tr("Request decoded"));
    m_decoded->setLineWrapMode(QPlainTextEdit::NoWrap);
    decodedLabel->setBuddy(m_decoded);
    auto *decodedPane = new QWidget(pane);
    auto *decodedLayout = new QVBoxLayout(decodedPane);
    decodedLayout->setContentsMargins(0, 0, 0, 0);
    decodedLayout->addWidget(decodedLabel);
    decodedLayout->addWidget(m_decoded, 1);

    auto *views = m_views = new QSplitter(Qt::Horizontal, pane);
    views->setObjectName(QStringLiteral("testDeliveryViews"));
    views->addWidget(bodyPane);
    views->addWidget(wirePane);
    views->addWidget(decodedPane);
    views->setChildrenCollapsible(false);
    // The wire and decoded views hold long lines: they get more room than the body.
    views->setStretchFactor(0, 2);
    views->setStretchFactor(1, 3);
    views->setStretchFactor(2, 3);

    m_signerNote = new QLabel(pane);
    m_signerNote->setObjectName(QStringLiteral("testDeliverySignerNote"));
    m_signerNote->setWordWrap(true);
    m_signerNote->hide();

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_conditionProblem);
    layout->addWidget(views, 1);
    layout->addWidget(m_signerNote);
    return pane;
}

QWidget *TestDeliveryDialog::createResultPane()
{
    auto *box = new QGroupBox(tr("Result"), this);
    box->setObjectName(QStringLiteral("testDeliveryResultGroup"));
    m_verdict = new InspectorBadge(box);
    m_verdict->setObjectName(QStringLiteral("testDeliveryVerdict"));
    m_verdict->setAccessibleName(tr("Verdict"));
    m_result = new QLabel(box);
    m_result->setObjectName(QStringLiteral("testDeliveryResultText"));
    m_result->setAccessibleName(tr("Result in plain words"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *answerLabel = new QLabel(tr("&Answer (headers and body):"), box);
    m_answer = codeView(box, "testDeliveryAnswerView", tr("The target's answer"));
    answerLabel->setBuddy(m_answer);

    auto *words = new QVBoxLayout;
    auto *verdictRow = new QHBoxLayout;
    verdictRow->addWidget(m_verdict);
    verdictRow->addStretch(1);
    words->addLayout(verdictRow);
    words->addWidget(m_result, 1);
    auto *answerColumn = new QVBoxLayout;
    answerColumn->addWidget(answerLabel);
    answerColumn->addWidget(m_answer, 1);
    auto *layout = new QHBoxLayout(box);
    layout->addLayout(words, 1);
    layout->addLayout(answerColumn, 1);
    return box;
}

void TestDeliveryDialog::setTarget(const Target &target)
{
    if (m_load)
        delete m_load;
    m_target = target;
    m_key.reset();
    m_keyProblem.clear();
    m_preview.reset();
    const PayloadType payload = target.effectivePayloadType();
    m_title->setText(tr("Target “%1” — %2 payload, %3, timeout %4")
                         .arg(target.name, payloadTypeName(payload), target.endpoint,
                              protojson::formatDurationShort(target.timeout)));
    // The signer: the instance's key when there is one to use, else the local test key.
    m_signer.reset();
    m_instanceSigner = false;
    if (payload == PayloadType::Jwt || payload == PayloadType::Jwe) {
        if (m_signerProvider)
            m_signer = m_signerProvider();
        m_instanceSigner = m_signer.has_value();
        if (!m_signer)
            m_signer = delivery::localTestSigner();
    }
    updateSignerNote();

    const bool needsKey = payload == PayloadType::Jwe;
    m_condition->blockSignals(true);
    m_condition->clear();
    m_condition->setEditText(QStringLiteral("request:all"));
    m_condition->blockSignals(false);
    m_wire->setPlainText(tr("Loading the executions that call this target…"));
    m_decoded->clear();
    auto *load = new LoadTestDeliveryCommand(m_client, target.id, needsKey, this);
    m_load = load;
    connect(load, &Command::finished, this, [this, load] { onLoaded(load); });
    load->start();
    updateButtons();
}

void TestDeliveryDialog::onLoaded(Command *command)
{
    auto *load = static_cast<LoadTestDeliveryCommand *>(command);
    if (load->isCancelled() || load->targetId() != m_target.id)
        return;
    m_load = nullptr; // it deletes itself later; loading is over now
    if (load->error())
        m_keyProblem = tr("The target's keys could not be listed: %1").arg(load->error()->message);
    else if (m_target.effectivePayloadType() == PayloadType::Jwe && !load->encryptionKey())
        m_keyProblem =
            tr("%1 ZITADEL cannot encrypt this target's payloads: add and activate a key (Keys ▸ Show Public "
               "Keys).")
                .arg(load->keyProblem());
    m_key = load->encryptionKey();

    m_condition->blockSignals(true);
    m_condition->clear();
    for (const Execution &execution : load->executions()) {
        m_condition->addItem(execution.condition.toText());
        m_condition->setItemData(m_condition->count() - 1, execution.condition.displayText(), Qt::ToolTipRole);
    }
    if (m_condition->count() == 0)
        m_condition->setEditText(QStringLiteral("request:all"));
    else
        m_condition->setCurrentIndex(0);
    m_condition->blockSignals(false);
    if (!load->executionsError().isEmpty())
        m_conditionProblem->setText(
            tr("The executions could not be listed (%1); type any condition.").arg(load->executionsError()));
    else if (load->executions().isEmpty())
        m_conditionProblem->setText(tr("No execution calls this target yet: type any condition, e.g. "
                                       "request:/zitadel.user.v2.UserService/AddHumanUser or event:user.human.added."));
    else
        m_conditionProblem->clear();
    m_conditionProblem->setVisible(!m_conditionProblem->text().isEmpty());
    m_bodyEdited = false;
    onConditionEdited();
    rebuild();
}

std::optional<ExecutionCondition> TestDeliveryDialog::currentCondition(QString *error) const
{
    const ConditionParse parse = executionConditionFromText(m_condition->currentText().trimmed());
    if (!parse.condition && error)
        *error = parse.error;
    return parse.condition;
}

void TestDeliveryDialog::onConditionEdited()
{
    QString error;
    const std::optional<ExecutionCondition> condition = currentCondition(&error);
    const bool eventChoice = condition && condition->kind == ExecutionCondition::Kind::Event &&
                             condition->scope != ExecutionCondition::Scope::One;
    m_eventType->setEnabled(eventChoice);
    if (condition && !m_bodyEdited)
        resetBody();
    m_rebuild.start();
}

void TestDeliveryDialog::resetBody()
{
    QString error;
    const std::optional<ExecutionCondition> condition = currentCondition(&error);
    if (!condition)
        return;
    const QJsonObject sample =
        delivery::sampleBody(*condition, m_eventType->isEnabled() ? m_eventType->text() : QString());
    m_settingBody = true;
    m_body->setPlainText(QString::fromUtf8(QJsonDocument(sample).toJson(QJsonDocument::Indented)).trimmed());
    m_settingBody = false;
    m_bodyEdited = false;
    m_rebuild.start();
}

void TestDeliveryDialog::rebuild()
{
    m_rebuild.stop();
    m_preview.reset();
    if (m_target.id.isEmpty() || isLoading()) {
        updateButtons();
        return;
    }
    QString problem;
    const std::optional<ExecutionCondition> condition = currentCondition(&problem);
    if (!condition) {
        m_conditionProblem->setText(tr("Condition: %1").arg(problem));
        m_conditionProblem->show();
    } else if (m_conditionProblem->text().startsWith(tr("Condition: "))) {
        m_conditionProblem->clear();
        m_conditionProblem->hide();
    }
    QByteArray json;
    if (condition) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(m_body->toPlainText().toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            problem =
                tr("The body is not JSON: %1 at character %2.").arg(parseError.errorString()).arg(parseError.offset);
        else if (!doc.isObject())
            problem = tr("The body must be a JSON object ({…}).");
        else
            json = delivery::goJson(doc.object());
    }
    if (problem.isEmpty() && !m_keyProblem.isEmpty())
        problem = m_keyProblem;
    if (problem.isEmpty()) {
        delivery::BuildOptions options;
        options.json = json;
        options.eventType = m_eventType->isEnabled() ? m_eventType->text().trimmed() : QString();
        options.signer = m_signer;
        options.encryptionKey = m_key;
        Expected<delivery::DeliveryRequest, QString> built = delivery::buildRequest(m_target, *condition, options);
        m_previewOptions = options;
        if (built) {
            m_preview = std::move(*built);
        } else {
            problem = built.error();
        }
    }
    if (m_preview) {
        // The session list keeps its selection only while it is shown: the preview is what will be sent now.
        m_history->blockSignals(true);
        m_history->setCurrentRow(-1);
        m_history->blockSignals(false);
        showRequest(*m_preview);
    } else {
        m_shown.reset();
        m_wire->setPlainText(tr("Cannot build the request: %1").arg(problem));
        m_decoded->clear();
    }
    updateButtons();
}

void TestDeliveryDialog::showRequest(const delivery::DeliveryRequest &request)
{
    m_shown = request;
    m_wire->setPlainText(QString::fromUtf8(request.wireText()));
    QStringList parts;
    parts.append(tr("HTTP headers:") + QLatin1Char('\n') + headerLines(request.headers));
    const PayloadType payload = request.target.effectivePayloadType();
    if (payload == PayloadType::Jwe) {
        parts.append(tr("JWE header (encrypted with key %1):").arg(request.encryptionKeyId) + QLatin1Char('\n') +
                     joseHeader(request.body));
    }
    if (payload == PayloadType::Jwe || payload == PayloadType::Jwt) {
        parts.append(tr("JWT header (signed):") + QLatin1Char('\n') + joseHeader(request.jwt));
        parts.append(tr("JWT claims = the JSON:") + QLatin1Char('\n') + prettyJson(request.json));
    } else {
        parts.append(tr("JSON body:") + QLatin1Char('\n') + prettyJson(request.json));
    }
    m_decoded->setPlainText(parts.join(QStringLiteral("\n\n")));
}

void TestDeliveryDialog::updateSignerNote()
{
    if (!m_signer) {
        m_signerNote->hide();
        return;
    }
    if (m_instanceSigner)
        m_signerNote->setText(
            tr("Note: the JWT is signed with the sandbox's instance key (kid %1): it verifies against "
               "the sandbox's JWKS (/oauth/v2/keys).")
                .arg(m_signer->kid));
    else
        m_signerNote->setText(
            tr("Warning: the JWT is signed with a local test key (kid %1), not with the instance's key: "
               "a receiver that checks the instance's JWKS will refuse it. Everything else "
               "(encryption, ZITADEL-Signature) is as ZITADEL sends it.")
                .arg(m_signer->kid));
    m_signerNote->show();
}

bool TestDeliveryDialog::send()
{
    if (isSending() || isLoading())
        return false;
    if (m_rebuild.isActive() || !m_preview)
        rebuild();
    if (!m_preview)
        return false;
    QString problem;
    const std::optional<ExecutionCondition> condition = currentCondition(&problem);
    if (!condition)
        return false;
    Q_EMIT aboutToSend(m_preview->endpoint);
    auto *command = new SendTestDeliveryCommand(m_client, m_target, *condition, m_previewOptions, this);
    m_send = command;
    connect(command, &Command::finished, this, [this, command] { onSent(command); });
    m_verdict->setBadge(InspectorBadge::Tone::Neutral, tr("Sending…"));
    m_result->setText(tr("Sending to %1 (built again at this moment: new timestamp, new encryption); the target's "
                         "timeout is %2.")
                          .arg(m_preview->endpoint.toString(), protojson::formatDurationShort(m_target.timeout)));
    m_answer->clear();
    updateButtons();
    command->start();
    return true;
}

void TestDeliveryDialog::onSent(SendTestDeliveryCommand *command)
{
    m_send = nullptr;
    if (command->isCancelled())
        return;
    if (!command->buildError().isEmpty()) {
        m_verdict->setBadge(InspectorBadge::Tone::Bad, tr("Not sent"));
        m_result->setText(tr("The request could not be built: %1").arg(command->buildError()));
        updateButtons();
        return;
    }
    const delivery::TestDeliveryResult &result = command->result();
    Sent sent{result.request, result.response, result.verdict, command->sentAt()};
    m_sent.append(sent);
    const QString condition = sent.request.condition.toText();
    auto *item =
        new QListWidgetItem(QStringLiteral("%1  %2 %3\n%4")
                                .arg(QLocale().toString(sent.sentAt.toLocalTime().time(), QStringLiteral("HH:mm:ss")),
                                     sent.verdict.success ? QStringLiteral("✓") : QStringLiteral("✗"),
                                     sent.request.target.name, condition));
    item->setToolTip(sent.verdict.reason);
    m_history->addItem(item);
    m_history->blockSignals(true);
    m_history->setCurrentRow(m_history->count() - 1);
    m_history->blockSignals(false);
    showSent(sent);
    // The next send gets a fresh request (new timestamp, new encryption).
    m_preview.reset();
    m_rebuild.start();
    updateButtons();
    Q_EMIT deliveryFinished(sent.verdict.success);
}

void TestDeliveryDialog::showHistoryEntry(int row)
{
    if (row < 0 || row >= m_sent.size())
        return;
    showSent(m_sent.at(row));
    updateButtons();
}

void TestDeliveryDialog::clearResult(const QString &text)
{
    m_verdict->setBadge(InspectorBadge::Tone::Neutral, tr("Not sent"));
    m_result->setText(text);
    m_answer->clear();
}

void TestDeliveryDialog::showSent(const Sent &sent)
{
    showRequest(sent.request);
    const delivery::Verdict &v = sent.verdict;
    const delivery::DeliveryResponse &r = sent.response;
    m_verdict->setBadge(v.success ? InspectorBadge::Tone::Good : InspectorBadge::Tone::Bad,
                        v.success ? tr("Success: ZITADEL counts this call as a success")
                                  : tr("Failure: ZITADEL counts this call as a failure"));
    QStringList lines;
    lines.append(tr("Why: %1").arg(v.reason));
    if (!v.userSees.isEmpty())
        lines.append(tr("What the user would see: %1").arg(v.userSees));
    const QString timeout = protojson::formatDurationShort(sent.request.target.timeout);
    switch (r.outcome) {
    case delivery::DeliveryResponse::Outcome::Answered:
        lines.append(tr("Status %1, answered in %2 ms (timeout %3).").arg(r.status).arg(r.elapsedMs).arg(timeout));
        break;
    case delivery::DeliveryResponse::Outcome::Timeout:
        lines.append(tr("No answer within the timeout (%1): gave up after %2 ms.").arg(timeout).arg(r.elapsedMs));
        break;
    default:
        lines.append(tr("Not reached after %1 ms (timeout %2): %3").arg(r.elapsedMs).arg(timeout, r.error));
        break;
    }
    if (v.forwardedStatus != 0)
        lines.append(tr("Forwarded status: %1 %2").arg(v.forwardedStatus).arg(v.forwardedMessage));
    // Only a target that interrupts hands its failure on; otherwise ZITADEL logs it and goes on ("What the user
    // would see" says so).
    if (v.interrupts) {
        lines.append(tr("The target interrupts on error: the execution stops here."));
        if (!v.grpcCode.isEmpty())
            lines.append(tr("The API caller gets: %1").arg(v.grpcCode));
    }
    for (const QString &note : v.notes)
        lines.append(QStringLiteral("• ") + note);
    lines.append(tr("Sent %1 to %2.")
                     .arg(QLocale().toString(sent.sentAt.toLocalTime(), QLocale::ShortFormat),
                          sent.request.endpoint.toString()));
    m_result->setText(lines.join(QLatin1Char('\n')));
    QString answer;
    if (r.outcome == delivery::DeliveryResponse::Outcome::Answered) {
        answer = QStringLiteral("HTTP %1\n%2\n\n%3")
                     .arg(QString::number(r.status), headerLines(r.headers), QString::fromUtf8(r.body.left(64 * 1024)));
    } else {
        answer = tr("(no answer)");
    }
    m_answer->setPlainText(answer);
}

void TestDeliveryDialog::updateButtons()
{
    const bool busy = isSending() || isLoading();
    m_sendButton->setEnabled(!busy && (m_preview.has_value() || m_rebuild.isActive()));
    m_sendButton->setText(isSending() ? tr("Sending…") : tr("&Send"));
    m_inspectorButton->setEnabled(m_shown.has_value());
    m_condition->setEnabled(!isLoading());
    m_body->setEnabled(!isLoading());
    m_resetBody->setEnabled(!isLoading());
}

} // namespace targetdesk::gui
