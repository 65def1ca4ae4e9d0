#include "targets/signingkeydialog.h"

#include "widgets/secretclipboard.h"
#include "widgets/secretfield.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace targetdesk::gui
{

SigningKeyDialog::SigningKeyDialog(Reason reason, const QString &targetName, const QString &signingKey,
                                   SecretClipboard *clipboard, QWidget *parent)
    : QDialog(parent), m_key(new SecretField(clipboard, QStringLiteral("dialogSigningKey"), tr("Signing key"), this)),
      m_copyButton(new QPushButton(tr("&Copy Key"), this)), m_copied(new QLabel(this))
{
    setObjectName(QStringLiteral("signingKeyDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    const bool created = reason == Reason::Created;
    setWindowTitle(created ? tr("Target Created") : tr("Signing Key Rotated"));
    setAccessibleName(windowTitle());

    auto *title = new QLabel(this);
    title->setObjectName(QStringLiteral("signingKeyTitle"));
    title->setWordWrap(true);
    title->setTextFormat(Qt::PlainText);
    title->setText(created ? tr("“%1” was created. This is its signing key.").arg(targetName)
                           : tr("“%1” has a new signing key.").arg(targetName));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title->setFont(titleFont);

    auto *explanation = new QLabel(this);
    explanation->setObjectName(QStringLiteral("signingKeyExplanation"));
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);
    QString text = tr("ZITADEL signs every call to this target with this key in the ZITADEL-Signature header "
                      "(HMAC-SHA256 over the timestamp and the body). Give it to the receiver so it can verify that "
                      "calls really come from ZITADEL.");
    if (!created)
        text += QLatin1Char(' ') + tr("The old key no longer works: receivers reject ZITADEL's calls until they use "
                                      "this one.");
    explanation->setText(text);

    m_key->setSecret(signingKey);
    // Shown in full right away: this dialog exists to hand the key over.
    m_key->setRevealed(true);
    m_key->copyButton()->hide(); // the dialog's own, larger Copy button does it
    m_key->field()->setMinimumWidth(m_key->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 36);

    auto *hint = new QLabel(this);
    hint->setObjectName(QStringLiteral("signingKeyHint"));
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    hint->setText(tr("You can show it again in the target's details. Copied keys are removed from the clipboard "
                     "after %n second(s).",
                     nullptr, int(clipboard ? clipboard->clearDelay().count() / 1000 : 30)));
    hint->setEnabled(false); // the disabled colour reads as secondary text in every palette

    m_copyButton->setObjectName(QStringLiteral("copySigningKeyButton"));
    m_copyButton->setAccessibleName(tr("Copy the signing key"));
    m_copyButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_copyButton->setAutoDefault(false);
    connect(m_copyButton, &QPushButton::clicked, this, [this, clipboard] {
        if (!clipboard)
            return;
        clipboard->copy(m_key->secret());
        m_copied->setText(tr("Copied."));
    });
    if (clipboard)
        connect(clipboard, &SecretClipboard::clearedAfterDelay, this, [this](bool cleared) {
            if (cleared)
                m_copied->setText(tr("Removed from the clipboard."));
        });
    m_copied->setObjectName(QStringLiteral("signingKeyCopiedLabel"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("signingKeyButtons"));
    QPushButton *close = buttons->button(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("signingKeyCloseButton"));
    close->setAccessibleName(tr("Close"));
    close->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copyButton);
    copyRow->addWidget(m_copied, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(explanation);
    layout->addSpacing(layout->spacing());
    layout->addWidget(m_key);
    layout->addLayout(copyRow);
    layout->addWidget(hint);
    layout->addSpacing(layout->spacing());
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
    m_copyButton->setFocus();
}

} // namespace targetdesk::gui
