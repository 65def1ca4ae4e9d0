#pragma once

#include <QDateTime>
#include <QString>

// Small formatting helpers shared by the commands' text output.
namespace targetdesk::cli::format
{

// RFC 3339 as ZITADEL writes it, or "-" for no time.
QString timestamp(const QDateTime &time);
QString yesNo(bool value);
// A path with the platform's separators, for messages.
QString nativePath(const QString &path);

} // namespace targetdesk::cli::format
