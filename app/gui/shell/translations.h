#pragma once

class QCoreApplication;

namespace targetdesk::gui
{

// Installs Qt's own and Targetdesk's translations for the system locale. English is installed first as the
// fallback: it carries the plural forms ("1 target", "2 targets") that the source strings leave open.
void installTranslations(QCoreApplication &app);

} // namespace targetdesk::gui
