#pragma once

namespace targetdesk::gui
{

// Makes the embedded icons (resources/targetdesk.qrc) available: the application icon, which every window and the
// about box show, and the fallback theme "targetdesk-fallback" that QIcon::fromTheme() falls back to when the
// desktop's icon theme lacks an action icon (a bare X server has none). Call once, after the QApplication exists.
void installAppIcons();

} // namespace targetdesk::gui
