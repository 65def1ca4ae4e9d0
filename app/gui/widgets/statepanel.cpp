#include "widgets/statepanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace targetdesk::gui
{

StatePanel::StatePanel(QWidget *parent)
    : QWidget(parent), m_icon(new QLabel(this)), m_title(new QLabel(this)), m_detail(new QLabel(this)),
      m_busy(new QProgressBar(this)), m_button(new QPushButton(this))
{
    setObjectName(QStringLiteral("statePanel"));
    setAccessibleName(tr("List status"));

    m_icon->setObjectName(QStringLiteral("stateIcon"));
    m_icon->setAlignment(Qt::AlignCenter);

    m_title->setObjectName(QStringLiteral("stateTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_detail->setObjectName(QStringLiteral("stateDetail"));
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setWordWrap(true);
    // Error texts carry ids worth copying into a support ticket.
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_busy->setObjectName(QStringLiteral("stateBusyIndicator"));
    m_busy->setAccessibleName(tr("Loading"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(m_busy->fontMetrics().averageCharWidth() * 32);

    m_button->setObjectName(QStringLiteral("stateActionButton"));
    m_button->setAutoDefault(true);
    connect(m_button, &QPushButton::clicked, this, &StatePanel::actionTriggered);

    // The texts wrap inside a column of readable width, centred in whatever room the list has.
    auto *column = new QWidget(this);
    column->setMaximumWidth(fontMetrics().averageCharWidth() * 80);
    auto *content = new QVBoxLayout(column);
    content->addWidget(m_icon, 0, Qt::AlignHCenter);
    content->addWidget(m_title);
    content->addWidget(m_detail);
    content->addSpacing(content->spacing() * 2);
    content->addWidget(m_busy, 0, Qt::AlignHCenter);
    content->addWidget(m_button, 0, Qt::AlignHCenter);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);

    showBusy(QString());
}

void StatePanel::setTexts(const QString &title, const QString &detail)
{
    m_title->setText(title);
    m_title->setAccessibleName(title);
    m_detail->setText(detail);
    m_detail->setAccessibleName(detail);
    m_detail->setVisible(!detail.isEmpty());
}

void StatePanel::showBusy(const QString &title)
{
    setTexts(title, QString());
    m_icon->hide();
    m_busy->show();
    m_button->hide();
}

void StatePanel::showMessage(const QString &title, const QString &detail, const QString &actionText, Tone tone)
{
    setTexts(title, detail);
    if (tone == Tone::Error) {
        const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 3 / 2;
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
        m_icon->show();
    } else {
        m_icon->hide();
    }
    m_busy->hide();
    m_button->setText(actionText);
    m_button->setAccessibleName(actionText);
    m_button->setVisible(!actionText.isEmpty());
}

QString StatePanel::title() const
{
    return m_title->text();
}

QString StatePanel::detail() const
{
    return m_detail->text();
}

bool StatePanel::isBusy() const
{
    return !m_busy->isHidden();
}

} // namespace targetdesk::gui
