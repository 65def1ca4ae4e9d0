#include "shell/translations.h"

#include "i18n.h"

namespace targetdesk::gui
{

void installTranslations(QCoreApplication &app)
{
    // One loader for the GUI and the CLI (translations/i18n.h); the .qm files are embedded there.
    i18n::installTranslations(app);
}

} // namespace targetdesk::gui
