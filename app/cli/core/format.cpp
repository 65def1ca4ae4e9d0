#include "format.h"

#include "model/protojson.h"

#include <QDir>

namespace targetdesk::cli::format
{

QString timestamp(const QDateTime &time)
{
    return time.isValid() ? protojson::formatTimestamp(time) : QStringLiteral("-");
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace targetdesk::cli::format
