#pragma once

class QCoreApplication;

namespace targetdesk::i18n
{

// Installs Qt's own and Targetdesk's translations for the system locale (LANG, LC_ALL, LC_MESSAGES, LANGUAGE), for the
// GUI and the CLI alike. English is installed first as the fallback: it carries the plural forms ("1 target",
// "2 targets") that the source strings leave open.
void installTranslations(QCoreApplication &app);

} // namespace targetdesk::i18n
