#include "shell/appicons.h"

#include <QApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>

#include <array>
#include <optional>

// Outside any namespace, as Q_INIT_RESOURCE requires; it pulls the resources out of the static library.
static void initResources()
{
    Q_INIT_RESOURCE(targetdesk);
}

namespace targetdesk::gui
{

namespace
{

constexpr std::array fallbackSizes{16, 22, 24, 32, 48};

// The bundled images of one action icon, decoded when the icon is first drawn: QIcon::addFile decodes every file at
// once, and most action icons are never drawn at start-up (menus open later).
class BundledIconEngine final : public QIconEngine
{
public:
    explicit BundledIconEngine(const QString &name) : m_name(name) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        icon().paint(painter, rect, Qt::AlignCenter, mode, state);
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().pixmap(size, mode, state);
    }
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        return icon().pixmap(size, scale, mode, state);
    }
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().actualSize(size, mode, state);
    }
    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        QList<QSize> sizes;
        for (const int size : fallbackSizes)
            sizes.append(QSize(size, size));
        return sizes;
    }
    QString iconName() override { return m_name; }
    QString key() const override { return QStringLiteral("targetdesk-bundled"); }
    QIconEngine *clone() const override { return new BundledIconEngine(m_name); }

private:
    QIcon &icon()
    {
        if (!m_icon) {
            m_icon.emplace();
            for (const int size : fallbackSizes) {
                m_icon->addFile(
                    QStringLiteral(":/targetdesk/icons/targetdesk-fallback/%1x%1/actions/%2.png").arg(size).arg(m_name),
                    QSize(size, size));
            }
        }
        return *m_icon;
    }

    QString m_name;
    std::optional<QIcon> m_icon;
};

} // namespace

void installAppIcons()
{
    initResources();
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/targetdesk/icons/hicolor/%1x%1/apps/targetdesk.png").arg(size),
                     QSize(size, size));
    QApplication::setWindowIcon(icon);
}

QIcon actionIcon(const QString &name)
{
    static QHash<QString, QIcon> cache;
    const auto found = cache.constFind(name);
    if (found != cache.constEnd())
        return *found;
    // A desktop theme that has the icon: it matches the rest of the desktop. hicolor, the freedesktop base theme Qt
    // names when the desktop names none, holds application icons, not action icons: no lookup there.
    const QString theme = QIcon::themeName();
    const bool themed = !theme.isEmpty() && theme != QLatin1String("hicolor") && QIcon::hasThemeIcon(name);
    const QIcon icon = themed ? QIcon::fromTheme(name) : QIcon(new BundledIconEngine(name));
    cache.insert(name, icon);
    return icon;
}

} // namespace targetdesk::gui
