#include "eventcatalog.h"

#include <QFile>
#include <QSet>

#include <algorithm>

namespace targetdesk::eventcatalog
{

namespace
{

const QString kResource = QStringLiteral(":/targetdesk/data/zitadel-event-types.txt");

QStringList load()
{
    QFile file(kResource);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("event catalogue: cannot read %s", qUtf8Printable(kResource));
        return {};
    }
    QStringList out;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        if (!line.isEmpty() && !line.startsWith('#'))
            out.append(QString::fromUtf8(line));
    }
    // Code-point order, so prefix look-ups can use binary search whatever order the file has.
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace

const QStringList &types()
{
    // A function-local static: initialised once, thread-safe.
    static const QStringList list = load();
    return list;
}

bool isEventType(QStringView type)
{
    const QStringList &list = types();
    const auto it = std::lower_bound(list.cbegin(), list.cend(), type,
                                     [](const QString &a, QStringView b) { return QStringView(a) < b; });
    return it != list.cend() && QStringView(*it) == type;
}

bool isEventGroup(QStringView group)
{
    if (group.isEmpty())
        return false;
    // The first type not less than `group` is the only candidate: every type starting with it sorts there.
    const QStringList &list = types();
    const auto it = std::lower_bound(list.cbegin(), list.cend(), group,
                                     [](const QString &a, QStringView b) { return QStringView(a) < b; });
    return it != list.cend() && QStringView(*it).startsWith(group);
}

const QStringList &groups()
{
    static const QStringList list = [] {
        QSet<QString> set;
        for (const QString &type : types()) {
            for (qsizetype dot = type.indexOf(QLatin1Char('.')); dot > 0; dot = type.indexOf(QLatin1Char('.'), dot + 1))
                set.insert(type.left(dot));
        }
        QStringList out(set.cbegin(), set.cend());
        std::sort(out.begin(), out.end());
        return out;
    }();
    return list;
}

} // namespace targetdesk::eventcatalog
