#include "shell/appicons.h"

#include <QApplication>
#include <QIcon>
#include <QString>

// Outside any namespace, as Q_INIT_RESOURCE requires; it pulls the resources out of the static library.
static void initResources()
{
    Q_INIT_RESOURCE(targetdesk);
}

namespace targetdesk::gui
{

void installAppIcons()
{
    initResources();
    const QString fallback = QStringLiteral("targetdesk-fallback");
    QIcon::setFallbackThemeName(fallback);
    // Without a desktop theme (offscreen, some bare X servers) Qt never consults the fallback theme: use ours.
    if (!QIcon::hasThemeIcon(QStringLiteral("document-new")))
        QIcon::setThemeName(fallback);
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/hicolor/%1x%1/apps/targetdesk.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
}

} // namespace targetdesk::gui
