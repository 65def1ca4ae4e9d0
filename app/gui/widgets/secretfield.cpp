#include "widgets/secretfield.h"

#include "widgets/secretclipboard.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace targetdesk::gui
{

SecretField::SecretField(SecretClipboard *clipboard, const QString &name, const QString &accessibleName,
                         QWidget *parent)
    : QWidget(parent), m_clipboard(clipboard), m_field(new QLineEdit(this)), m_reveal(new QToolButton(this)),
      m_copy(new QToolButton(this))
{
    setObjectName(name + QLatin1String("Secret"));
    m_field->setObjectName(name + QLatin1String("Field"));
    m_field->setAccessibleName(accessibleName);
    m_field->setReadOnly(true);
    m_field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Never let a hidden secret be dragged or copied out of the field by accident.
    m_field->setContextMenuPolicy(Qt::NoContextMenu);
    m_field->setDragEnabled(false);

    m_reveal->setObjectName(name + QLatin1String("RevealButton"));
    m_reveal->setCheckable(true);
    m_reveal->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_reveal->setFocusPolicy(Qt::StrongFocus);
    connect(m_reveal, &QToolButton::toggled, this, &SecretField::updateReveal);

    m_copy->setObjectName(name + QLatin1String("CopyButton"));
    m_copy->setText(tr("Copy"));
    m_copy->setAccessibleName(tr("Copy %1").arg(accessibleName));
    m_copy->setToolTip(tr("Copy to the clipboard; it is cleared again after %n second(s)", nullptr,
                          int(clipboard ? clipboard->clearDelay().count() / 1000 : 30)));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_copy->setFocusPolicy(Qt::StrongFocus);
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (m_clipboard && !m_secret.isEmpty())
            m_clipboard->copy(m_secret);
    });

    // Room for a readable part of the secret: in a narrow form (or a longer language) the row wraps below its label
    // instead of squeezing the field to nothing.
    m_field->setMinimumWidth(m_field->fontMetrics().averageCharWidth() * 14);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_reveal);
    layout->addWidget(m_copy);
    updateReveal();
}

void SecretField::setSecret(const QString &secret)
{
    m_secret = secret;
    m_field->setText(secret);
    m_field->setCursorPosition(0);
    m_copy->setEnabled(!secret.isEmpty());
    m_reveal->setEnabled(!secret.isEmpty());
}

bool SecretField::isRevealed() const
{
    return m_reveal->isChecked();
}

void SecretField::setRevealed(bool revealed)
{
    m_reveal->setChecked(revealed);
    updateReveal();
}

void SecretField::updateReveal()
{
    const bool revealed = m_reveal->isChecked();
    m_field->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
    m_reveal->setAccessibleName(revealed ? tr("Hide the key") : tr("Show the key"));
}

} // namespace targetdesk::gui
