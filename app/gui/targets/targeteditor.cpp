#include "targets/targeteditor.h"

#include "api/targetmessages.h"
#include "targets/targetexecutionsview.h"
#include "widgets/busyindicator.h"
#include "widgets/helplabel.h"
#include "widgets/noticebar.h"
#include "widgets/secretfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>
#include <cmath>

namespace targetdesk::gui
{

using namespace std::chrono_literals;

namespace
{

enum TimeoutUnit { Milliseconds, Seconds, Minutes };

Duration unitDuration(int unit)
{
    switch (unit) {
    case Minutes:
        return 1min;
    case Seconds:
        return 1s;
    default:
        return 1ms;
    }
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

// Message colours with enough contrast on the window colour of light and dark palettes alike.
QColor messageColor(const QPalette &palette, FieldCheck::Level level)
{
    const bool dark = isDark(palette);
    if (level == FieldCheck::Level::Error)
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
    return dark ? QColor(0xf2, 0xc0, 0x5c) : QColor(0x8a, 0x56, 0x00);
}

QLabel *makeMessageLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    return label;
}

QLabel *makeSectionTitle(const QString &text, QWidget *parent, const char *name)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QLatin1String(name));
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QString typeHelp(TargetType type)
{
    switch (type) {
    case TargetType::Webhook:
        return TargetEditor::tr("ZITADEL waits for the answer but ignores its body.");
    case TargetType::Call:
        return TargetEditor::tr("The answer replaces the request or response; for functions it returns the changes.");
    case TargetType::Async:
        return TargetEditor::tr("Fire and forget: ZITADEL does not wait and never interrupts.");
    }
    return {};
}

QString payloadHelp(PayloadType payload)
{
    switch (payload) {
    case PayloadType::Jwt:
        return TargetEditor::tr("The JSON signed as a JWT with the instance's web key.");
    case PayloadType::Jwe:
        return TargetEditor::tr("The signed JWT, encrypted with the target's active public key.");
    default:
        return TargetEditor::tr("Plain JSON. Every payload type also carries the ZITADEL-Signature header.");
    }
}

} // namespace

TargetEditor::TargetEditor(ZitadelClient *client, SecretClipboard *clipboard, QWidget *parent)
    : QWidget(parent), m_client(client), m_clipboard(clipboard), m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("targetEditor"));
    setAccessibleName(tr("Target details"));
    buildPlaceholder();
    buildForm();
    m_stack->addWidget(m_placeholderPage);
    m_stack->addWidget(m_formPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    showPlaceholder(0);
}

TargetEditor::~TargetEditor() = default;

bool TargetEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize && m_fields->layout() &&
        m_fields->layout()->hasHeightForWidth())
        m_fields->setMinimumHeight(m_fields->layout()->totalHeightForWidth(m_scroll->viewport()->width()));
    return QWidget::eventFilter(watched, event);
}

void TargetEditor::buildPlaceholder()
{
    m_placeholderPage = new QWidget(this);
    m_placeholderPage->setObjectName(QStringLiteral("editorPlaceholder"));
    m_placeholderTitle = new QLabel(m_placeholderPage);
    m_placeholderTitle->setObjectName(QStringLiteral("editorPlaceholderTitle"));
    m_placeholderTitle->setAlignment(Qt::AlignCenter);
    m_placeholderTitle->setWordWrap(true);
    QFont f = m_placeholderTitle->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_placeholderTitle->setFont(f);
    m_placeholderDetail = createHelpLabel(m_placeholderPage, "editorPlaceholderDetail");
    m_placeholderDetail->setAlignment(Qt::AlignCenter);
    m_placeholderButton = new QPushButton(m_placeholderPage);
    m_placeholderButton->setObjectName(QStringLiteral("editorPlaceholderButton"));

    auto *layout = new QVBoxLayout(m_placeholderPage);
    layout->addStretch(2);
    layout->addWidget(m_placeholderTitle);
    layout->addWidget(m_placeholderDetail);
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(m_placeholderButton, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void TargetEditor::buildForm()
{
    m_formPage = new QWidget(this);
    m_formPage->setObjectName(QStringLiteral("editorForm"));

    m_title = new QLabel(m_formPage);
    m_title->setObjectName(QStringLiteral("editorTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_meta = createHelpLabel(m_formPage, "editorMeta");
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_error = new NoticeBar(m_formPage);
    m_error->setObjectName(QStringLiteral("editorError"));
    m_error->setAccessibleName(tr("Save error"));

    m_fields = new QWidget;
    m_fields->setObjectName(QStringLiteral("editorFields"));

    m_name = new QLineEdit(m_fields);
    m_name->setObjectName(QStringLiteral("nameField"));
    m_name->setAccessibleName(tr("Name"));
    m_name->setPlaceholderText(tr("e.g. user-created-webhook"));
    m_name->setMaxLength(targetrules::kMaxNameLength * 2); // room to show the "too long" message
    m_nameMessage = makeMessageLabel(m_fields, "nameMessage");

    m_endpoint = new QLineEdit(m_fields);
    m_endpoint->setObjectName(QStringLiteral("endpointField"));
    m_endpoint->setAccessibleName(tr("Endpoint"));
    m_endpoint->setPlaceholderText(tr("https://hooks.example.com/zitadel"));
    m_endpoint->setMaxLength(targetrules::kMaxEndpointLength * 2);
    m_endpointMessage = makeMessageLabel(m_fields, "endpointMessage");

    m_type = new QComboBox(m_fields);
    m_type->setObjectName(QStringLiteral("typeBox"));
    m_type->setAccessibleName(tr("Type"));
    for (TargetType t : {TargetType::Webhook, TargetType::Call, TargetType::Async}) {
        m_type->addItem(TargetListModel::typeText(t), int(t));
        m_type->setItemData(m_type->count() - 1, typeHelp(t), Qt::ToolTipRole);
    }
    m_typeHelp = createHelpLabel(m_fields, "typeHelp");

    m_timeout = new QSpinBox(m_fields);
    m_timeout->setObjectName(QStringLiteral("timeoutBox"));
    m_timeout->setAccessibleName(tr("Timeout"));
    // Wider than allowed on purpose: out-of-range values get a message instead of being silently clamped.
    m_timeout->setRange(0, 999'999);
    m_timeout->setAlignment(Qt::AlignRight);
    m_timeoutUnit = new QComboBox(m_fields);
    m_timeoutUnit->setObjectName(QStringLiteral("timeoutUnitBox"));
    m_timeoutUnit->setAccessibleName(tr("Timeout unit"));
    m_timeoutUnit->addItem(tr("ms"), int(Milliseconds));
    m_timeoutUnit->addItem(tr("s"), int(Seconds));
    m_timeoutUnit->addItem(tr("min"), int(Minutes));
    m_timeoutMessage = makeMessageLabel(m_fields, "timeoutMessage");
    auto *timeoutRow = new QHBoxLayout;
    m_timeout->setMinimumWidth(m_timeout->fontMetrics().horizontalAdvance(QStringLiteral("0000000")) +
                               m_timeout->sizeHint().width() / 2);
    timeoutRow->addWidget(m_timeout);
    timeoutRow->addWidget(m_timeoutUnit);
    timeoutRow->addStretch(1);

    m_interrupt = new QCheckBox(tr("Stop the request when the target fails"), m_fields);
    m_interrupt->setObjectName(QStringLiteral("interruptBox"));
    m_interrupt->setAccessibleName(tr("Interrupt on error"));

    m_payload = new QComboBox(m_fields);
    m_payload->setObjectName(QStringLiteral("payloadBox"));
    m_payload->setAccessibleName(tr("Payload type"));
    for (PayloadType p : {PayloadType::Json, PayloadType::Jwt, PayloadType::Jwe}) {
        m_payload->addItem(TargetListModel::payloadTypeText(p), int(p));
        m_payload->setItemData(m_payload->count() - 1, payloadHelp(p), Qt::ToolTipRole);
    }
    m_payloadHelp = createHelpLabel(m_fields, "payloadHelp");

    m_keyNotice = new NoticeBar(m_fields);
    m_keyNotice->setObjectName(QStringLiteral("keyNotice"));
    m_keyNotice->setAccessibleName(tr("Encryption key notice"));
    m_keyNotice->actionButton()->setObjectName(QStringLiteral("manageKeysButton"));
    connect(m_keyNotice, &NoticeBar::actionTriggered, this, &TargetEditor::manageKeysRequested);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto addRow = [&](const QString &label, QWidget *field, QLayout *fieldLayout = nullptr) {
        auto *l = new QLabel(label, m_fields);
        l->setBuddy(field);
        if (fieldLayout)
            form->addRow(l, fieldLayout);
        else
            form->addRow(l, field);
    };
    addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_nameMessage);
    addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(QString(), m_endpointMessage);
    addRow(tr("T&ype:"), m_type);
    form->addRow(QString(), m_typeHelp);
    addRow(tr("&Timeout:"), m_timeout, timeoutRow);
    form->addRow(QString(), m_timeoutMessage);
    form->addRow(QString(), m_interrupt);
    addRow(tr("&Payload:"), m_payload);
    form->addRow(QString(), m_payloadHelp);

    // What only a saved target has: its keys and the executions that call it.
    m_savedSection = new QWidget(m_fields);
    m_savedSection->setObjectName(QStringLiteral("savedTargetSection"));
    m_keyStatus = new QLabel(m_savedSection);
    m_keyStatus->setObjectName(QStringLiteral("keyStatus"));
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_signingKey = new SecretField(m_clipboard, QStringLiteral("signingKey"), tr("Signing key"), m_savedSection);
    m_rotateButton = new QPushButton(m_savedSection);
    m_rotateButton->setObjectName(QStringLiteral("rotateButton"));
    auto *signingHelp = createHelpLabel(m_savedSection, "signingKeyHelp");
    signingHelp->setText(tr("Receivers verify the ZITADEL-Signature header of every call with this key."));
    m_executions = new TargetExecutionsView(m_client, m_savedSection);

    // The rotate button sits under the key, so the row stays narrow at large scale factors.
    auto *rotateRow = new QHBoxLayout;
    rotateRow->addWidget(m_rotateButton);
    rotateRow->addStretch(1);
    // A grid, not a form layout: the form under-counted the wrapped help line's height at its width and cut it.
    auto *saved = new QGridLayout;
    saved->setColumnStretch(1, 1);
    auto *signingLabel = new QLabel(tr("Si&gning key:"), m_savedSection);
    signingLabel->setBuddy(m_signingKey->revealButton());
    auto *signingField = new QVBoxLayout;
    signingField->addWidget(m_signingKey);
    signingField->addWidget(signingHelp);
    signingField->addLayout(rotateRow);
    saved->addWidget(signingLabel, 0, 0, Qt::AlignLeft | Qt::AlignTop);
    saved->addLayout(signingField, 0, 1);
    saved->addWidget(new QLabel(tr("Encryption key:"), m_savedSection), 1, 0, Qt::AlignLeft | Qt::AlignTop);
    saved->addWidget(m_keyStatus, 1, 1);
    auto *savedLayout = new QVBoxLayout(m_savedSection);
    savedLayout->setContentsMargins(0, 0, 0, 0);
    auto *line = new QFrame(m_savedSection);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    savedLayout->addWidget(line);
    savedLayout->addLayout(saved);
    savedLayout->addSpacing(savedLayout->spacing());
    savedLayout->addWidget(makeSectionTitle(tr("Executions"), m_savedSection, "executionsTitle"));
    savedLayout->addWidget(m_executions);

    auto *fieldsLayout = new QVBoxLayout(m_fields);
    fieldsLayout->addLayout(form);
    fieldsLayout->addWidget(m_keyNotice);
    fieldsLayout->addSpacing(fieldsLayout->spacing());
    fieldsLayout->addWidget(m_savedSection);
    fieldsLayout->addStretch(1);

    m_scroll = new QScrollArea(m_formPage);
    m_scroll->setObjectName(QStringLiteral("editorScrollArea"));
    m_scroll->setAccessibleName(tr("Target form"));
    m_scroll->setWidget(m_fields);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows wrap instead
    m_scroll->setFocusPolicy(Qt::NoFocus);
    // The scroll area sizes the fields by their plain minimum size, which leaves out what wrapped help lines need at
    // the width they get; the height for the viewport's width becomes the minimum (scrolls instead of squeezing).
    m_scroll->viewport()->installEventFilter(this);
    // Sideways the fields never scroll: the pane is at least as wide as they need (Show and Copy of the signing key
    // were cut off at 200 % in German), the splitter and the window's minimum size respect that.
    const QMargins margins = m_fields->layout()->contentsMargins();
    const int fields = std::max(m_fields->minimumSizeHint().width(),
                                m_savedSection->minimumSizeHint().width() + margins.left() + margins.right());
    m_scroll->setMinimumWidth(fields + m_scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_scroll));

    m_busyIndicator = createBusyIndicator(m_formPage, QStringLiteral("editorBusyIndicator"), tr("Saving"), 12);
    m_status = new QLabel(m_formPage);
    m_status->setObjectName(QStringLiteral("editorStatus"));
    m_status->setWordWrap(true);
    m_cancelButton = new QPushButton(m_formPage);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_saveButton = new QPushButton(m_formPage);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_busyIndicator);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_saveButton);

    auto *layout = new QVBoxLayout(m_formPage);
    layout->addWidget(m_title);
    layout->addWidget(m_meta);
    layout->addWidget(m_error);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);

    setTabOrder(m_name, m_endpoint);
    setTabOrder(m_endpoint, m_type);
    setTabOrder(m_type, m_timeout);
    setTabOrder(m_timeout, m_timeoutUnit);
    setTabOrder(m_timeoutUnit, m_interrupt);
    setTabOrder(m_interrupt, m_payload);

    connect(m_name, &QLineEdit::textEdited, this, [this] { onEdited(Field::Name); });
    connect(m_endpoint, &QLineEdit::textEdited, this, [this] { onEdited(Field::Endpoint); });
    connect(m_timeout, &QSpinBox::valueChanged, this, [this] { onEdited(Field::Timeout); });
    connect(m_timeoutUnit, &QComboBox::currentIndexChanged, this, [this] { onEdited(Field::Timeout); });
    connect(m_type, &QComboBox::currentIndexChanged, this, &TargetEditor::onTypeChanged);
    connect(m_interrupt, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            Q_EMIT changed();
    });
    connect(m_payload, &QComboBox::currentIndexChanged, this, &TargetEditor::onPayloadChanged);
}

Target TargetEditor::defaults()
{
    Target t;
    t.type = TargetType::Webhook;
    t.timeout = 10s;
    t.payloadType = PayloadType::Json;
    return t;
}

void TargetEditor::setMode(Mode mode)
{
    m_mode = mode;
    m_stack->setCurrentWidget(hasForm() ? m_formPage : m_placeholderPage);
}

void TargetEditor::showPlaceholder(int selectedCount)
{
    setBusy(false);
    m_executions->showTarget(QString());
    m_signingKey->setSecret(QString());
    if (selectedCount > 1) {
        setMode(Mode::Multiple);
        m_placeholderTitle->setText(tr("%Ln target(s) selected", nullptr, selectedCount));
        m_placeholderDetail->setText(tr("Select a single target to see and edit its details."));
    } else {
        setMode(Mode::Empty);
        m_placeholderTitle->setText(tr("No target selected"));
        m_placeholderDetail->setText(tr("Select a target to see its details and the executions that call it, or "
                                        "create a new one."));
    }
    Q_EMIT changed();
}

void TargetEditor::startNew()
{
    setMode(Mode::New);
    m_keySummary = TargetKeySummary();
    load(defaults());
    m_executions->showTarget(QString());
    focusForm();
}

void TargetEditor::edit(const Target &target)
{
    const bool sameTarget = m_mode == Mode::Edit && m_baseline.id == target.id;
    setMode(Mode::Edit);
    if (!sameTarget) {
        m_keySummary = TargetKeySummary();
        m_signingKey->setRevealed(false); // a different secret: hidden again
    }
    load(target);
    m_executions->showTarget(target.id);
}

void TargetEditor::revert()
{
    if (!hasForm())
        return;
    load(m_mode == Mode::New ? defaults() : m_baseline);
}

void TargetEditor::targetUpdated(const Target &target)
{
    if (m_mode != Mode::Edit || target.id != m_baseline.id || target == m_baseline)
        return;
    if (!isDirty()) {
        load(target);
        return;
    }
    // Keep the user's edits: they are compared against the new baseline when saved.
    m_baseline = target;
    m_signingKey->setSecret(target.signingKey);
    updateHeader();
    Q_EMIT changed();
}

void TargetEditor::load(const Target &target)
{
    m_loading = true;
    m_baseline = target;
    m_touched = 0;
    m_showAllMessages = false;
    m_serverFieldError.reset();
    m_error->hide();
    m_status->clear();
    m_name->setText(target.name);
    m_endpoint->setText(target.endpoint);
    m_type->setCurrentIndex(m_type->findData(int(target.type)));
    setFormTimeout(target.timeout);
    m_interrupt->setChecked(target.type != TargetType::Async && target.interruptOnError);
    m_payload->setCurrentIndex(m_payload->findData(int(target.effectivePayloadType())));
    m_signingKey->setSecret(target.signingKey);
    m_loading = false;
    onTypeChanged();
    onPayloadChanged();
    updateHeader();
    updateMessages();
    Q_EMIT changed();
}

void TargetEditor::updateHeader()
{
    if (m_mode == Mode::New) {
        m_title->setText(tr("New Target"));
        m_meta->setText(tr("ZITADEL creates a signing key for it and shows it once saved."));
        m_meta->setAccessibleName(m_meta->text());
        m_savedSection->hide();
    } else {
        m_title->setText(m_baseline.name);
        QStringList parts{tr("ID %1").arg(m_baseline.id)};
        if (m_baseline.creationDate.isValid())
            parts.append(tr("created %1").arg(TargetListModel::dateText(m_baseline.creationDate)));
        if (m_baseline.changeDate.isValid() && m_baseline.changeDate != m_baseline.creationDate)
            parts.append(tr("changed %1").arg(TargetListModel::dateText(m_baseline.changeDate)));
        m_meta->setText(parts.join(QStringLiteral(" · ")));
        m_meta->setAccessibleName(m_meta->text());
        m_savedSection->show();
    }
}

void TargetEditor::setFormTimeout(Duration timeout)
{
    const auto ms = std::chrono::round<std::chrono::milliseconds>(timeout);
    int unit = Milliseconds;
    if (ms.count() > 0 && ms % 1min == 0ms && ms >= 2min)
        unit = Minutes;
    else if (ms.count() > 0 && ms % 1s == 0ms)
        unit = Seconds;
    const auto value = ms / std::chrono::duration_cast<std::chrono::milliseconds>(unitDuration(unit));
    m_timeoutUnit->setCurrentIndex(m_timeoutUnit->findData(unit));
    m_timeout->setValue(int(std::min<qint64>(value, m_timeout->maximum())));
    m_loadedTimeout = {m_timeout->value(), unit};
}

Duration TargetEditor::formTimeout() const
{
    const int unit = m_timeoutUnit->currentData().toInt();
    // The form cannot show every nanosecond: unchanged fields mean the duration the server has.
    if (std::pair(m_timeout->value(), unit) == m_loadedTimeout)
        return m_baseline.timeout;
    return unitDuration(unit) * m_timeout->value();
}

Target TargetEditor::editedTarget() const
{
    Target t = m_baseline;
    t.name = m_name->text().trimmed();
    t.endpoint = m_endpoint->text().trimmed();
    t.type = TargetType(m_type->currentData().toInt());
    t.interruptOnError = t.type != TargetType::Async && m_interrupt->isChecked();
    t.timeout = formTimeout();
    const auto payload = PayloadType(m_payload->currentData().toInt());
    // "Unspecified" on the server means JSON: keep it unless the user picked something else.
    if (payload != m_baseline.effectivePayloadType())
        t.payloadType = payload;
    return t;
}

bool TargetEditor::isDirty() const
{
    if (!hasForm())
        return false;
    const Target reference = m_mode == Mode::New ? defaults() : m_baseline;
    return !TargetPatch::diff(reference, editedTarget()).isEmpty();
}

FieldCheck TargetEditor::check(Field field) const
{
    if (m_serverFieldError && m_serverFieldError->first == field)
        return FieldCheck::error(m_serverFieldError->second);
    switch (field) {
    case Field::Name:
        return TargetRules::checkName(m_name->text());
    case Field::Endpoint:
        return TargetRules::checkEndpoint(m_endpoint->text());
    case Field::Timeout:
        return TargetRules::checkTimeout(unitDuration(m_timeoutUnit->currentData().toInt()) * m_timeout->value());
    }
    return FieldCheck::ok();
}

bool TargetEditor::hasErrors() const
{
    for (Field f : {Field::Name, Field::Endpoint, Field::Timeout}) {
        if (check(f).isError())
            return true;
    }
    return false;
}

QLabel *TargetEditor::messageLabel(Field field) const
{
    switch (field) {
    case Field::Name:
        return m_nameMessage;
    case Field::Endpoint:
        return m_endpointMessage;
    case Field::Timeout:
        return m_timeoutMessage;
    }
    return nullptr;
}

QString TargetEditor::fieldMessage(Field field) const
{
    QLabel *label = messageLabel(field);
    return label->isHidden() ? QString() : label->text();
}

void TargetEditor::updateMessages()
{
    for (Field f : {Field::Name, Field::Endpoint, Field::Timeout}) {
        const FieldCheck c = check(f);
        QLabel *label = messageLabel(f);
        // Errors wait until the field was edited (or saving was tried), so a fresh form is not a wall of red;
        // warnings show at once, an existing target's values are checked right away.
        const bool touched = (m_touched & (1 << int(f))) != 0;
        const bool show = c.level == FieldCheck::Level::Warning ||
                          (c.isError() && (touched || m_showAllMessages || m_mode == Mode::Edit));
        if (!show) {
            label->hide();
            label->clear();
            continue;
        }
        const QString prefix = c.isError() ? tr("Error: ") : tr("Warning: ");
        label->setText(c.message);
        label->setAccessibleName(prefix + c.message);
        QPalette p = label->palette();
        p.setColor(QPalette::WindowText, messageColor(palette(), c.level));
        label->setPalette(p);
        label->show();
    }
}

bool TargetEditor::validateAll()
{
    m_showAllMessages = true;
    updateMessages();
    for (Field f : {Field::Name, Field::Endpoint, Field::Timeout}) {
        if (!check(f).isError())
            continue;
        QWidget *w = f == Field::Name ? static_cast<QWidget *>(m_name)
                                      : (f == Field::Endpoint ? static_cast<QWidget *>(m_endpoint) : m_timeout);
        w->setFocus(Qt::OtherFocusReason);
        m_scroll->ensureWidgetVisible(w);
        return false;
    }
    return true;
}

void TargetEditor::onEdited(Field field)
{
    if (m_loading)
        return;
    m_touched |= 1 << int(field);
    if (m_serverFieldError && m_serverFieldError->first == field)
        m_serverFieldError.reset();
    m_status->clear();
    updateMessages();
    Q_EMIT changed();
}

void TargetEditor::onTypeChanged()
{
    const auto type = TargetType(m_type->currentData().toInt());
    const bool async = type == TargetType::Async;
    // Async targets never interrupt; ZITADEL clears the flag, so the form does too.
    if (async)
        m_interrupt->setChecked(false);
    m_interrupt->setEnabled(!async);
    m_interrupt->setToolTip(async ? tr("Async targets never interrupt") : QString());
    m_typeHelp->setText(typeHelp(type));
    if (!m_loading)
        Q_EMIT changed();
}

void TargetEditor::onPayloadChanged()
{
    m_payloadHelp->setText(payloadHelp(PayloadType(m_payload->currentData().toInt())));
    updateKeyNotice();
    if (!m_loading)
        Q_EMIT changed();
}

void TargetEditor::setKeySummary(const TargetKeySummary &summary)
{
    m_keySummary = summary;
    switch (summary.state) {
    case TargetKeySummary::State::Unknown:
        m_keyStatus->setText(tr("Checking…"));
        break;
    case TargetKeySummary::State::Failed:
        m_keyStatus->setText(tr("Could not read the public keys: %1").arg(summary.error));
        break;
    case TargetKeySummary::State::Known:
        if (summary.hasUsableKey())
            m_keyStatus->setText(tr("Key %1 is active.").arg(summary.usableKeyId));
        else if (!summary.expiredActiveKeyId.isEmpty())
            m_keyStatus->setText(
                tr("Key %1 is marked active but has expired: it is not used.").arg(summary.expiredActiveKeyId));
        else if (summary.keyCount > 0)
            m_keyStatus->setText(tr("No active key (%Ln inactive).", nullptr, summary.keyCount));
        else
            m_keyStatus->setText(tr("No public keys."));
        break;
    }
    m_keyStatus->setAccessibleName(tr("Encryption key: %1").arg(m_keyStatus->text()));
    updateKeyNotice();
}

void TargetEditor::updateKeyNotice()
{
    const bool jwe = PayloadType(m_payload->currentData().toInt()) == PayloadType::Jwe;
    if (!jwe || !hasForm()) {
        m_keyNotice->hide();
        return;
    }
    if (m_mode == Mode::New) {
        m_keyNotice->showNotice(tr("ZITADEL sends nothing to a JWE target until one of its public keys is active. "
                                   "Add and activate a key after creating the target."));
        return;
    }
    if (!m_keySummary.isKnown() || m_keySummary.hasUsableKey()) {
        m_keyNotice->hide();
        return;
    }
    m_keyNotice->showNotice(tr("ZITADEL sends nothing to this target until one of its public keys is active."),
                            tr("Manage Keys…"));
    m_keyNotice->actionButton()->setAccessibleName(tr("Manage keys"));
}

void TargetEditor::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    // Disabled, not cleared: what the user typed stays in view and comes back if saving fails.
    m_fields->setEnabled(!busy);
    m_busyIndicator->setVisible(busy);
    if (busy)
        m_status->setText(text);
    Q_EMIT changed();
}

void TargetEditor::showServerError(const QString &context, const ApiError &error)
{
    m_error->showNotice(context + QLatin1Char('\n') + error.toString());
    m_status->clear();
    // Point at the field ZITADEL complained about, when its answer says which.
    const QString all = error.message + QLatin1Char(' ') + error.detailMessage + QLatin1Char(' ') + error.errorId;
    if (error.grpcCode == 6 || all.contains(QLatin1String("AlreadyExists")))
        m_serverFieldError = {Field::Name, tr("ZITADEL already has a target with this name.")};
    else if (all.contains(QLatin1String("DeniedURL")) || all.contains(QLatin1String("URL is denied")))
        m_serverFieldError = {Field::Endpoint, tr("ZITADEL refuses this endpoint (its deny list blocks it).")};
    else if (all.contains(QLatin1String("NoTimeout")))
        m_serverFieldError = {Field::Timeout, tr("ZITADEL refuses this timeout.")};
    updateMessages();
}

void TargetEditor::showUntakenFields(const QList<UntakenField> &fields, bool onThenOff)
{
    const auto label = [this](const QString &field) {
        if (field == QLatin1String("name"))
            return tr("Name");
        if (field == QLatin1String("type"))
            return tr("Type");
        if (field == QLatin1String("interruptOnError"))
            return tr("Interrupt on error");
        if (field == QLatin1String("timeout"))
            return tr("Timeout");
        if (field == QLatin1String("endpoint"))
            return tr("Endpoint");
        if (field == QLatin1String("payloadType"))
            return tr("Payload type");
        if (field == QLatin1String("signingKey"))
            return tr("Signing key");
        return field;
    };
    QStringList lines;
    if (!fields.isEmpty()) {
        lines << tr("ZITADEL answered the save but did not change %n field(s); the form shows what it holds now:",
                    nullptr, int(fields.size()));
        for (const UntakenField &f : fields)
            lines << tr("• %1: sent %2, ZITADEL still has %3").arg(label(f.field), f.sent, f.stored);
    }
    if (onThenOff)
        lines << tr("Interrupt on error was turned off by turning it on and then off again: ZITADEL ignores a plain "
                    "“off” on a target created with it on.");
    if (lines.isEmpty())
        return;
    m_error->showNotice(lines.join(QLatin1Char('\n')));
}

void TargetEditor::clearServerError()
{
    m_error->hide();
    m_serverFieldError.reset();
    updateMessages();
}

QString TargetEditor::serverErrorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void TargetEditor::showStatus(const QString &text)
{
    m_status->setText(text);
}

void TargetEditor::focusForm()
{
    m_name->setFocus(Qt::OtherFocusReason);
    m_name->selectAll();
}

void TargetEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && hasForm())
        updateMessages();
}

} // namespace targetdesk::gui
