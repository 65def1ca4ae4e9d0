#include "keys/addkeyform.h"

#include "crypto/securememory.h"
#include "widgets/busyindicator.h"
#include "widgets/helplabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

// Public key files are small; anything bigger is not one.
constexpr qint64 kMaxDroppedFile = 64 * 1024;

QDateTimeEdit *makeExpirationEdit(QWidget *parent, const char *name, const QString &accessibleName)
{
    auto *edit = new QDateTimeEdit(QDateTime::currentDateTime().addYears(1), parent);
    edit->setObjectName(QLatin1String(name));
    edit->setAccessibleName(accessibleName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setMinimumDateTime(QDateTime::currentDateTime());
    edit->setEnabled(false);
    return edit;
}

} // namespace

AddKeyForm::AddKeyForm(QWidget *parent) : QWidget(parent), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("addKeyForm"));
    setAccessibleName(tr("Add a key"));
    m_tabs->setObjectName(QStringLiteral("addKeyTabs"));
    m_tabs->setAccessibleName(tr("How to add a key"));
    m_tabs->addTab(buildGeneratePage(), tr("&Generate"));
    m_tabs->addTab(buildPastePage(), tr("&Paste PEM"));
    m_tabs->setDocumentMode(true);

    m_busyIndicator = createBusyIndicator(this, QStringLiteral("addKeyBusyIndicator"), tr("Working"), 10);
    m_busyText = new QLabel(this);
    m_busyText->setObjectName(QStringLiteral("addKeyBusyText"));
    m_busyText->setWordWrap(true);
    m_busyText->hide();
    auto *busyRow = new QHBoxLayout;
    busyRow->addWidget(m_busyIndicator);
    busyRow->addWidget(m_busyText, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(busyRow);
    updateState();
}

QWidget *AddKeyForm::buildGeneratePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("generatePage"));
    m_type = new QComboBox(page);
    m_type->setObjectName(QStringLiteral("keyTypeBox"));
    m_type->setAccessibleName(tr("Key type"));
    for (crypto::KeyType t : crypto::allKeyTypes()) {
        const QString text = t == defaultKeyType ? tr("%1 (recommended)").arg(crypto::keyTypeDescription(t))
                                                 : crypto::keyTypeDescription(t);
        m_type->addItem(text, int(t));
    }
    m_type->setCurrentIndex(m_type->findData(int(defaultKeyType)));
    m_type->setToolTip(tr("EC P-256 is generated instantly and is as strong as RSA 3072. Pick RSA when the receiver "
                          "only decrypts RSA-OAEP-256; RSA 4096 takes a few seconds to generate."));

    m_generateExpires = new QCheckBox(tr("Expires on"), page);
    m_generateExpires->setObjectName(QStringLiteral("generateExpiresBox"));
    m_generateExpires->setAccessibleName(tr("Set an expiration"));
    m_generateExpiration = makeExpirationEdit(page, "generateExpirationEdit", tr("Expiration"));
    connect(m_generateExpires, &QCheckBox::toggled, m_generateExpiration, &QWidget::setEnabled);
    auto *expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_generateExpires);
    expiryRow->addWidget(m_generateExpiration, 1);

    m_generateActivate = new QCheckBox(tr("Activate right away (rotate)"), page);
    m_generateActivate->setObjectName(QStringLiteral("generateActivateBox"));
    m_generateActivate->setAccessibleName(tr("Activate right away"));
    m_rotationText = createHelpLabel(page, "rotationText");
    connect(m_generateActivate, &QCheckBox::toggled, this, &AddKeyForm::updateRotationText);

    m_generateReason = createHelpLabel(page, "generateReason");
    m_generateReason->setForegroundRole(QPalette::WindowText);

    m_generateButton = new QPushButton(tr("Generate and Add"), page);
    m_generateButton->setObjectName(QStringLiteral("generateButton"));
    m_generateButton->setAccessibleName(tr("Generate and add a key"));
    connect(m_generateButton, &QPushButton::clicked, this, [this] {
        const QDateTime expiration =
            m_generateExpires->isChecked() ? m_generateExpiration->dateTime().toUTC() : QDateTime();
        Q_EMIT generateRequested(crypto::KeyType(m_type->currentData().toInt()), expiration,
                                 m_generateActivate->isChecked());
    });

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(expiryRow);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_generateActivate);
    layout->addWidget(m_rotationText);
    layout->addWidget(m_generateReason);
    layout->addStretch(1);
    layout->addWidget(m_generateButton, 0, Qt::AlignRight);
    updateRotationText();
    return page;
}

QWidget *AddKeyForm::buildPastePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("pastePage"));
    m_pem = new QPlainTextEdit(page);
    m_pem->setObjectName(QStringLiteral("pemEdit"));
    m_pem->setAccessibleName(tr("Public key in PEM"));
    m_pem->setPlaceholderText(tr("Paste or drop a public key: -----BEGIN PUBLIC KEY----- …\nPKCS#1 RSA keys and "
                                 "certificates are converted."));
    m_pem->setTabChangesFocus(true);
    m_pem->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_pem->setFont(mono);
    m_pem->installEventFilter(this);
    m_pem->viewport()->installEventFilter(this);
    connect(m_pem, &QPlainTextEdit::textChanged, this, &AddKeyForm::onPemChanged);

    m_pemReport = new QLabel(page);
    m_pemReport->setObjectName(QStringLiteral("pemReport"));
    m_pemReport->setWordWrap(true);
    m_pemReport->setTextFormat(Qt::PlainText);
    m_pemReport->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_pasteExpires = new QCheckBox(tr("Expires on"), page);
    m_pasteExpires->setObjectName(QStringLiteral("pasteExpiresBox"));
    m_pasteExpires->setAccessibleName(tr("Set an expiration"));
    m_pasteExpiration = makeExpirationEdit(page, "pasteExpirationEdit", tr("Expiration"));
    connect(m_pasteExpires, &QCheckBox::toggled, m_pasteExpiration, &QWidget::setEnabled);
    m_pasteActivate = new QCheckBox(tr("Activate right away"), page);
    m_pasteActivate->setObjectName(QStringLiteral("pasteActivateBox"));
    m_pasteActivate->setAccessibleName(tr("Activate right away"));

    m_addButton = new QPushButton(tr("Add Public Key"), page);
    m_addButton->setObjectName(QStringLiteral("addPemButton"));
    m_addButton->setAccessibleName(tr("Add the pasted public key"));
    connect(m_addButton, &QPushButton::clicked, this, [this] {
        if (!m_pasted.ok() || m_pasted.pem.isEmpty())
            return;
        const QDateTime expiration = m_pasteExpires->isChecked() ? m_pasteExpiration->dateTime().toUTC() : QDateTime();
        Q_EMIT addRequested(m_pasted, expiration, m_pasteActivate->isChecked());
    });

    // Two rows, as on the Generate page: one row of all four is wider than the list beside it can spare (German).
    auto *expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_pasteExpires);
    expiryRow->addWidget(m_pasteExpiration, 1);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_pasteActivate);
    addRow->addStretch(1);
    addRow->addWidget(m_addButton);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_pem, 1);
    layout->addWidget(m_pemReport);
    layout->addLayout(expiryRow);
    layout->addLayout(addRow);
    onPemChanged();
    return page;
}

void AddKeyForm::setGenerationAvailable(bool available, const QString &reason)
{
    m_generationAvailable = available;
    m_generateReason->setText(reason);
    m_generateReason->setVisible(!available && !reason.isEmpty());
    updateState();
}

void AddKeyForm::setTargetAvailable(bool available)
{
    m_targetAvailable = available;
    updateState();
}

void AddKeyForm::setActiveKeyId(const QString &keyId)
{
    m_activeKeyId = keyId;
    updateRotationText();
}

void AddKeyForm::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    m_busyIndicator->setVisible(busy);
    m_busyText->setVisible(busy || !text.isEmpty());
    m_busyText->setText(text);
    m_busyText->setAccessibleName(text);
    updateState();
}

void AddKeyForm::updateState()
{
    const bool canAct = m_targetAvailable && !m_busy;
    m_generateButton->setEnabled(canAct && m_generationAvailable);
    m_generateButton->setToolTip(m_generationAvailable ? QString() : m_generateReason->text());
    m_addButton->setEnabled(canAct && m_pasted.ok() && !m_pasted.pem.isEmpty());
}

void AddKeyForm::updateRotationText()
{
    if (!m_generateActivate->isChecked()) {
        m_rotationText->setText(tr("The new key is added inactive; activate it once the receiver can decrypt with "
                                   "it."));
    } else if (m_activeKeyId.isEmpty()) {
        m_rotationText->setText(tr("The new key becomes the target's active key."));
    } else {
        m_rotationText->setText(tr("Rotation: the new key becomes active and key %1 is deactivated in the same step. "
                                   "Key %1 stays (inactive) until you remove it, and the vault keeps both private "
                                   "keys.")
                                    .arg(m_activeKeyId));
    }
}

void AddKeyForm::startRotation(crypto::KeyType type)
{
    m_type->setCurrentIndex(m_type->findData(int(type)));
    m_generateActivate->setChecked(true);
    showGenerate();
}

void AddKeyForm::showGenerate()
{
    m_tabs->setCurrentIndex(0);
    m_type->setFocus(Qt::OtherFocusReason);
}

void AddKeyForm::showPaste()
{
    m_tabs->setCurrentIndex(1);
    m_pem->setFocus(Qt::OtherFocusReason);
}

void AddKeyForm::clearPaste()
{
    m_pem->clear();
}

void AddKeyForm::pasteFile(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).size() > kMaxDroppedFile || !file.open(QIODevice::ReadOnly)) {
        m_pemReport->setText(tr("Cannot read %1 as a public key file.").arg(QFileInfo(path).fileName()));
        return;
    }
    QByteArray bytes = file.read(kMaxDroppedFile);
    // DER files are converted by importPublicKey; show them as base64 so the field holds text.
    const bool text = !bytes.contains('\0') && bytes.contains("-----BEGIN");
    m_pem->setPlainText(text ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toBase64()));
    crypto::wipe(bytes);
    showPaste();
}

void AddKeyForm::onPemChanged()
{
    QString text = m_pem->toPlainText();
    if (text.trimmed().isEmpty()) {
        m_pasted = {};
        m_pemReport->setText(tr("Accepted: PKIX \"BEGIN PUBLIC KEY\" (RSA, EC P-256/384/521). PKCS#1 RSA keys, "
                                "certificates, DER and base64 are converted with a note."));
        m_pemReport->setForegroundRole(QPalette::PlaceholderText);
        updateState();
        return;
    }
    QByteArray bytes = text.toUtf8();
    m_pasted = crypto::importPublicKey(bytes);
    crypto::wipe(bytes);
    QStringList lines;
    if (!m_pasted.ok()) {
        lines << tr("Not accepted: %1").arg(m_pasted.error);
        // A private key pasted by mistake does not stay in the field (nor in its undo history).
        if (text.contains(QLatin1String("PRIVATE KEY"))) {
            lines << tr("The private key was cleared from the field: it never leaves this machine. Paste the "
                        "public key.");
            crypto::wipe(text);
            QSignalBlocker block(m_pem);
            m_pem->clear();
            m_pem->document()->clearUndoRedoStacks();
        }
        m_pemReport->setForegroundRole(QPalette::WindowText);
    } else {
        lines << tr("%1 · %2").arg(m_pasted.description, m_pasted.fingerprint);
        for (const QString &note : std::as_const(m_pasted.notes))
            lines << tr("Note: %1").arg(note);
        for (const QString &warning : std::as_const(m_pasted.warnings))
            lines << tr("Warning: %1").arg(warning);
        if (!m_pasted.usableForEncryption)
            lines << tr("Warning: ZITADEL cannot encrypt payloads to this key.");
        m_pemReport->setForegroundRole(QPalette::WindowText);
    }
    crypto::wipe(text);
    m_pemReport->setText(lines.join(QLatin1Char('\n')));
    m_pemReport->setAccessibleName(m_pemReport->text());
    updateState();
}

bool AddKeyForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_pem || watched == m_pem->viewport()) {
        // Dropped files are read here; dropped text goes the usual way.
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto *drag = static_cast<QDragMoveEvent *>(event);
            if (drag->mimeData()->hasUrls()) {
                drag->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto *drop = static_cast<QDropEvent *>(event);
            const QList<QUrl> urls = drop->mimeData()->urls();
            if (!urls.isEmpty() && urls.first().isLocalFile()) {
                pasteFile(urls.first().toLocalFile());
                drop->acceptProposedAction();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace targetdesk::gui
