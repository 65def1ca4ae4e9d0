#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace targetdesk::i18n
{

void installTranslations(QCoreApplication &app)
{
    const auto load = [&app](const QLocale &locale, const QString &name, const QString &dir) {
        auto *translator = new QTranslator(&app);
        if (translator->load(locale, name, QStringLiteral("_"), dir))
            QCoreApplication::installTranslator(translator);
        else
            delete translator;
    };
    const QString ours = QStringLiteral(":/i18n");
    load(QLocale(QLocale::English), QStringLiteral("targetdesk"), ours);
    const QLocale system;
    if (system.language() != QLocale::English && system.language() != QLocale::C) {
        load(system, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
        load(system, QStringLiteral("targetdesk"), ours);
    }
}

} // namespace targetdesk::i18n
