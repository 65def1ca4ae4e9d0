#include "inspector/inspectorbadge.h"

#include <QPainter>
#include <QPainterPath>

namespace targetdesk::gui
{

namespace
{

QString symbol(InspectorBadge::Tone tone)
{
    switch (tone) {
    case InspectorBadge::Tone::Good:
        return QString(QChar(0x2713)); // check mark
    case InspectorBadge::Tone::Bad:
        return QString(QChar(0x2717)); // ballot x
    case InspectorBadge::Tone::Warning:
        return QStringLiteral("!");
    case InspectorBadge::Tone::Neutral:
        return QString(QChar(0x2013)); // en dash
    }
    return {};
}

QColor mix(const QColor &a, const QColor &b, float amountOfB)
{
    QColor out;
    out.setRgbF(a.redF() * (1 - amountOfB) + b.redF() * amountOfB,
                a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB,
                a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB);
    return out;
}

} // namespace

InspectorBadge::InspectorBadge(QWidget *parent) : QLabel(parent)
{
    QFont bold = font();
    bold.setBold(true);
    setFont(bold);
    const int h = fontMetrics().height();
    setContentsMargins(h / 2, h / 6, h / 2, h / 6);
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
}

void InspectorBadge::setBadge(Tone tone, const QString &text)
{
    m_tone = tone;
    m_text = text;
    setText(symbol(tone) + QLatin1Char(' ') + text);
    setAccessibleName(text);
    update();
}

QColor InspectorBadge::accentColor(Tone tone)
{
    // Mid-tones: strong enough on white, not glaring on a dark window.
    switch (tone) {
    case Tone::Good:
        return {46, 158, 79};
    case Tone::Bad:
        return {214, 69, 69};
    case Tone::Warning:
        return {217, 154, 30};
    case Tone::Neutral:
        return {138, 138, 138};
    }
    return {138, 138, 138};
}

QColor InspectorBadge::fillColor(Tone tone, const QPalette &palette)
{
    return mix(palette.color(QPalette::Window), accentColor(tone), 0.22f);
}

void InspectorBadge::paintEvent(QPaintEvent *event)
{
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor accent = accentColor(m_tone);
        const qreal radius = fontMetrics().height() / 2.0;
        QPainterPath path;
        path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
        painter.fillPath(path, fillColor(m_tone, palette()));
        painter.setPen(QPen(accent, 1.2));
        painter.drawPath(path);
    }
    QLabel::paintEvent(event);
}

} // namespace targetdesk::gui
