#pragma once

#include <QIcon>
#include <QString>

class QWidget;

namespace targetdesk::gui
{

// Makes the embedded icons (resources/targetdesk.qrc) available and sets the application icon, which every window
// and the about box show. Call once, after the QApplication exists. With `firstWindow`, the application icon is set
// once that window has painted its first frame: handing the icon's eight sizes to the window system holds the first
// frame back by a few milliseconds, and the taskbar takes the icon a moment later just as well.
//
// The bundled action icons are deliberately not an icon theme (nor Qt's fallback theme): Qt's style looks up a dozen
// of its own icons by name in every theme it is given (line edits' clear buttons, dock buttons, message boxes), and
// each miss searched five resource folders; that was a third of the main window's construction on a bare X server.
void installAppIcons(QWidget *firstWindow = nullptr);

// An action icon by its freedesktop name ("document-new"): the desktop theme's when it has one, the bundled copy
// (resources/icons/targetdesk-fallback/<size>/actions) otherwise. Looked up once per name; the bundled images load when
// first drawn.
QIcon actionIcon(const QString &name);

} // namespace targetdesk::gui
