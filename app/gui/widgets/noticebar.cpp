#include "widgets/noticebar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace targetdesk::gui
{

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)), m_action(new QPushButton(this)),
      m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setAccessibleName(tr("Notice"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    // The icons are loaded when a notice is first on screen: every list and form has a bar, few ever show one, some
    // show one inside a hidden panel, and loading style icons costs start-up time.
    m_icon->setObjectName(QStringLiteral("noticeIcon"));
    m_icon->setAccessibleName(tr("Warning"));

    m_text->setObjectName(QStringLiteral("noticeText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_action->setObjectName(QStringLiteral("noticeActionButton"));
    // Replaced by the action's own text with each notice; never nameless for a screen reader.
    m_action->setAccessibleName(tr("Notice action"));
    connect(m_action, &QPushButton::clicked, this, &NoticeBar::actionTriggered);

    m_close->setObjectName(QStringLiteral("noticeCloseButton"));
    m_close->setAccessibleName(tr("Dismiss notice"));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAutoRaise(true);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);

    updateColors();
    hide();
}

void NoticeBar::showNotice(const QString &text, const QString &actionText)
{
    m_text->setText(text);
    m_text->setAccessibleName(text);
    m_action->setText(actionText);
    m_action->setAccessibleName(actionText.isEmpty() ? tr("Notice action") : actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

QString NoticeBar::text() const
{
    return m_text->text();
}

void NoticeBar::showEvent(QShowEvent *event)
{
    QFrame::showEvent(event);
    if (m_icon->pixmap().isNull()) {
        const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
        m_close->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    }
}

void NoticeBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateColors();
}

void NoticeBar::updateColors()
{
    // A warm tint of the window colour, so the bar reads as a warning in light and dark palettes alike.
    const QColor base =
        parentWidget() ? parentWidget()->palette().color(QPalette::Window) : palette().color(QPalette::Window);
    const QColor warning(230, 160, 40);
    QColor tint;
    tint.setRgbF(base.redF() * 0.8f + warning.redF() * 0.2f, base.greenF() * 0.8f + warning.greenF() * 0.2f,
                 base.blueF() * 0.8f + warning.blueF() * 0.2f);
    QPalette p = palette();
    if (p.color(QPalette::Window) == tint)
        return;
    p.setColor(QPalette::Window, tint);
    setPalette(p);
}

} // namespace targetdesk::gui
