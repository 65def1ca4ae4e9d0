#include "keys/keystatestyle.h"

#include "model/publickeylistmodel.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QWidget>

namespace targetdesk::gui
{

namespace
{

enum class Shape { Filled, Triangle, Hollow, Crossed };

QIcon paintIcon(Shape shape, const QColor &color)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal pen = std::max(1.5, size / 10.0);
        const QRectF box = QRectF(0, 0, size, size).adjusted(pen, pen, -pen, -pen);
        p.setPen(QPen(color, pen));
        switch (shape) {
        case Shape::Filled:
            p.setBrush(color);
            p.drawEllipse(box);
            break;
        case Shape::Hollow:
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(box);
            break;
        case Shape::Crossed:
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(box);
            p.drawLine(box.topLeft() + QPointF(box.width() * 0.15, box.height() * 0.15),
                       box.bottomRight() - QPointF(box.width() * 0.15, box.height() * 0.15));
            break;
        case Shape::Triangle: {
            QPainterPath path;
            path.moveTo(box.center().x(), box.top());
            path.lineTo(box.right(), box.bottom());
            path.lineTo(box.left(), box.bottom());
            path.closeSubpath();
            p.setBrush(color);
            p.drawPath(path);
            // The exclamation mark in the window colour would vanish on some palettes: punch it out instead.
            p.setCompositionMode(QPainter::CompositionMode_Clear);
            const qreal w = std::max(1.5, size / 9.0);
            p.fillRect(QRectF(box.center().x() - w / 2, box.top() + box.height() * 0.35, w, box.height() * 0.33),
                       Qt::transparent);
            p.fillRect(QRectF(box.center().x() - w / 2, box.bottom() - box.height() * 0.2, w, w), Qt::transparent);
            break;
        }
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

// Views ask for icons on every repaint; there are only a few shape and colour pairs.
QIcon drawIcon(Shape shape, const QColor &color)
{
    static QHash<QPair<int, QRgb>, QIcon> cache;
    const auto key = qMakePair(int(shape), color.rgba());
    auto it = cache.constFind(key);
    if (it == cache.cend())
        it = cache.insert(key, paintIcon(shape, color));
    return *it;
}

} // namespace

bool KeyStateStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor KeyStateStyle::warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf2, 0xc0, 0x5c) : QColor(0x8a, 0x56, 0x00);
}

QColor KeyStateStyle::color(PublicKey::State state, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (state) {
    case PublicKey::State::Active:
        return dark ? QColor(0x6f, 0xd3, 0x8a) : QColor(0x1a, 0x7f, 0x37);
    case PublicKey::State::ActiveButExpired:
        return warningColor(palette);
    case PublicKey::State::Inactive:
        return palette.color(QPalette::PlaceholderText);
    case PublicKey::State::Expired:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
    }
    return palette.color(QPalette::WindowText);
}

QIcon KeyStateStyle::icon(PublicKey::State state, const QPalette &palette)
{
    const QColor c = color(state, palette);
    switch (state) {
    case PublicKey::State::Active:
        return drawIcon(Shape::Filled, c);
    case PublicKey::State::ActiveButExpired:
        return drawIcon(Shape::Triangle, c);
    case PublicKey::State::Inactive:
        return drawIcon(Shape::Hollow, c);
    case PublicKey::State::Expired:
        return drawIcon(Shape::Crossed, c);
    }
    return {};
}

QIcon KeyStateStyle::warningIcon(const QPalette &palette)
{
    return drawIcon(Shape::Triangle, warningColor(palette));
}

KeyStateDecoration::KeyStateDecoration(QWidget *paletteSource, QObject *parent)
    : QIdentityProxyModel(parent), m_paletteSource(paletteSource)
{
}

QVariant KeyStateDecoration::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QPalette &palette = m_paletteSource->palette();
    if (role == Qt::DecorationRole) {
        if (index.column() == PublicKeyListModel::StateColumn)
            return KeyStateStyle::icon(PublicKey::State(index.data(PublicKeyListModel::StateRole).toInt()), palette);
        if (index.column() == PublicKeyListModel::ExpiresColumn && index.data(PublicKeyListModel::WarningRole).toBool())
            return KeyStateStyle::warningIcon(palette);
        return {};
    }
    if (role == Qt::ForegroundRole) {
        if (index.data(PublicKeyListModel::WarningRole).toBool())
            return KeyStateStyle::warningColor(palette);
        if (index.column() == PublicKeyListModel::StateColumn) {
            const auto state = PublicKey::State(index.data(PublicKeyListModel::StateRole).toInt());
            // Inactive keeps the normal text colour: the placeholder grey is too faint for text.
            if (state != PublicKey::State::Inactive)
                return KeyStateStyle::color(state, palette);
        }
        return {};
    }
    if (role == Qt::FontRole && index.column() == PublicKeyListModel::StateColumn &&
        PublicKey::State(index.data(PublicKeyListModel::StateRole).toInt()) == PublicKey::State::Active) {
        QFont f = m_paletteSource->font();
        f.setBold(true);
        return f;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace targetdesk::gui
