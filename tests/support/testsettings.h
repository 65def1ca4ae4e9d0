#pragma once

// The start of a widget test run: QSettings in a directory of the test's own (never the user's settings, and each run
// away from the last one) and the app's translations, which hold the plural forms ("1 target" / "2 targets").

#include "shell/translations.h"

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace targetdesk::test
{

// `directory` must outlive the test run (a QTemporaryDir member of the test object).
inline void useTestSettings(const QString &directory, const QString &applicationName)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory);
    QCoreApplication::setOrganizationName(QStringLiteral("TargetdeskTest"));
    QCoreApplication::setApplicationName(applicationName);
    gui::installTranslations(*QCoreApplication::instance());
}

} // namespace targetdesk::test
