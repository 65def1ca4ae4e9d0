#include "shell/appicons.h"

#include "widgets/firstframe.h"

#include <QApplication>
#include <QHash>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>

#include <optional>

// Outside any namespace, as Q_INIT_RESOURCE requires; it pulls the resources out of the static library. Once, from
// whichever comes first: the window icon or an action icon.
static void initResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(targetdesk);
        return true;
    }();
    Q_UNUSED(registered);
}

namespace targetdesk::gui
{

namespace
{

const QList<int> actionSizes{16, 22, 24, 32, 48};
const QList<int> appSizes{16, 22, 24, 32, 48, 64, 128, 256};

// Bundled PNG images of one icon at several sizes (`pattern` has %1 for the size), decoded when the icon is first
// drawn and with the format named: QIcon::addFile decodes every file at once, and probing an image's format loads
// Qt's image plugins (GIF, ICO, JPEG and libjpeg), none of which Targetdesk needs.
class BundledIconEngine final : public QIconEngine
{
public:
    BundledIconEngine(const QString &pattern, const QList<int> &sizes, const QString &name)
        : m_pattern(pattern), m_sizes(sizes), m_name(name)
    {
    }

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
        for (const int size : m_sizes)
            sizes.append(QSize(size, size));
        return sizes;
    }
    QString iconName() override { return m_name; }
    QString key() const override { return QStringLiteral("targetdesk-bundled"); }
    QIconEngine *clone() const override { return new BundledIconEngine(m_pattern, m_sizes, m_name); }

private:
    QIcon &icon()
    {
        if (!m_icon) {
            m_icon.emplace();
            for (const int size : m_sizes) {
                QImageReader reader(m_pattern.arg(size), QByteArrayLiteral("png"));
                reader.setDecideFormatFromContent(false);
                const QImage image = reader.read();
                if (!image.isNull())
                    m_icon->addPixmap(QPixmap::fromImage(image));
            }
        }
        return *m_icon;
    }

    QString m_pattern;
    QList<int> m_sizes;
    QString m_name;
    std::optional<QIcon> m_icon;
};

} // namespace

void installAppIcons(QWidget *firstWindow)
{
    initResources();
    const QIcon icon(new BundledIconEngine(QStringLiteral(":/targetdesk/icons/hicolor/%1x%1/apps/targetdesk.png"),
                                           appSizes, QStringLiteral("targetdesk")));
    if (firstWindow)
        runAfterFirstFrame(firstWindow, qApp, [icon] { QApplication::setWindowIcon(icon); });
    else
        QApplication::setWindowIcon(icon);
}

QIcon actionIcon(const QString &name)
{
    initResources();
    static QHash<QString, QIcon> cache;
    const auto found = cache.constFind(name);
    if (found != cache.constEnd())
        return *found;
    // A desktop theme that has the icon: it matches the rest of the desktop. hicolor, the freedesktop base theme Qt
    // names when the desktop names none, holds application icons, not action icons: no lookup there.
    const QString theme = QIcon::themeName();
    const bool themed = !theme.isEmpty() && theme != QLatin1String("hicolor") && QIcon::hasThemeIcon(name);
    const QIcon icon =
        themed ? QIcon::fromTheme(name)
               : QIcon(new BundledIconEngine(QStringLiteral(":/targetdesk/icons/targetdesk-fallback/%1x%1/actions/") +
                                                 name + QStringLiteral(".png"),
                                             actionSizes, name));
    cache.insert(name, icon);
    return icon;
}

} // namespace targetdesk::gui
