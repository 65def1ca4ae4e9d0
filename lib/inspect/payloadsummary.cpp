#include "payloadsummary.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace targetdesk::inspect
{

namespace
{

// A payload of 16 MiB has fewer nodes than this in practice; the cap keeps the walk linear and bounded.
constexpr int maxNodes = 200000;

std::optional<QDateTime> rfc3339(const QString &text)
{
    // One per thread: bulk mode walks payloads from many threads at once.
    thread_local const QRegularExpression pattern(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$"));
    // Cheap test first: most strings in a payload are not times.
    if (text.size() < 20 || text.size() > 40 || text.at(4) != QLatin1Char('-') || !pattern.match(text).hasMatch())
        return std::nullopt;
    QString normalized = text;
    normalized.replace(QLatin1Char(' '), QLatin1Char('T'));
    // Qt reads at most milliseconds: drop further fraction digits.
    thread_local const QRegularExpression fraction(QStringLiteral("(\\.\\d{3})\\d+"));
    normalized.replace(fraction, QStringLiteral("\\1"));
    const QDateTime time = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}

bool isTimeClaim(const QString &key)
{
    return key == QLatin1String("iat") || key == QLatin1String("exp") || key == QLatin1String("nbf") ||
           key == QLatin1String("auth_time") || key == QLatin1String("updated_at");
}

} // namespace

PayloadKind recognisePayload(const QJsonValue &payload, QString *name)
{
    const QJsonObject object = payload.toObject();
    PayloadKind kind = PayloadKind::Unknown;
    QString found;
    if (object.value(QLatin1String("fullMethod")).isString()) {
        found = object.value(QLatin1String("fullMethod")).toString();
        kind = object.contains(QLatin1String("response")) ? PayloadKind::Response : PayloadKind::Request;
    } else if (object.value(QLatin1String("event_type")).isString()) {
        found = object.value(QLatin1String("event_type")).toString();
        kind = PayloadKind::Event;
    } else if (object.value(QLatin1String("function")).isString()) {
        found = object.value(QLatin1String("function")).toString();
        kind = PayloadKind::Function;
    }
    if (name)
        *name = found;
    return kind;
}

QList<Timestamp> findTimestamps(const QJsonValue &payload, int maxCount)
{
    QList<Timestamp> out;
    struct Item {
        QJsonValue value;
        QString path;
    };
    QList<Item> stack{{payload, QString()}};
    int nodes = 0;
    while (!stack.isEmpty() && out.size() < maxCount && ++nodes < maxNodes) {
        const Item item = stack.takeLast();
        if (item.value.isObject()) {
            const QJsonObject object = item.value.toObject();
            // Reverse so the walk reports in document order.
            for (auto it = object.end(); it != object.begin();) {
                --it;
                const QString path = item.path.isEmpty() ? it.key() : item.path + QLatin1Char('.') + it.key();
                if (it.value().isDouble() && isTimeClaim(it.key())) {
                    const double seconds = it.value().toDouble();
                    if (seconds > 0 && seconds < 253402300800.0)
                        out.append({path, QString::number(qint64(seconds)),
                                    QDateTime::fromSecsSinceEpoch(qint64(seconds), Qt::UTC)});
                    continue;
                }
                stack.append({it.value(), path});
            }
        } else if (item.value.isArray()) {
            const QJsonArray array = item.value.toArray();
            for (qsizetype i = array.size(); i > 0; --i)
                stack.append({array.at(i - 1), item.path + QStringLiteral("[%1]").arg(i - 1)});
        } else if (item.value.isString()) {
            if (const std::optional<QDateTime> time = rfc3339(item.value.toString()))
                out.append({item.path, item.value.toString(), *time});
        }
    }
    return out;
}

QString readableTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

} // namespace targetdesk::inspect
