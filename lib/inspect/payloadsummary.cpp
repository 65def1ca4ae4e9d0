#include "payloadsummary.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace targetdesk::inspect
{

namespace
{

// A payload of 16 MiB has fewer nodes than this in practice; the cap keeps the walk linear and bounded.
constexpr int maxNodes = 200000;

// Digits at text[from, from + count) as a number; -1 if any is not an ASCII digit.
int digits(const QString &text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// An RFC 3339 date-time ("2026-01-01T00:00:02.123456Z", "… 12:00:00+02:00"), read by hand: most strings of a payload
// are not times, and the few that are should not cost a regular expression and Qt's date parser each (this runs for
// every string of every payload, in bulk mode thousands of times a second). Fractions beyond milliseconds are cut.
std::optional<QDateTime> rfc3339(const QString &text)
{
    const qsizetype size = text.size();
    if (size < 20 || size > 40 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(13) != u':' ||
        text.at(16) != u':')
        return std::nullopt;
    const char16_t separator = text.at(10).unicode();
    if (separator != u'T' && separator != u't' && separator != u' ')
        return std::nullopt;
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    qsizetype at = 19;
    int millis = 0;
    if (text.at(at) == u'.') {
        const qsizetype first = ++at;
        while (at < size && at - first < 9 && text.at(at).isDigit() && text.at(at).unicode() < 0x80)
            ++at;
        const qsizetype count = at - first;
        if (count == 0)
            return std::nullopt;
        millis = digits(text, first, std::min<qsizetype>(count, 3));
        for (qsizetype i = count; i < 3; ++i)
            millis *= 10;
    }
    if (at >= size)
        return std::nullopt;
    int offsetSeconds = 0;
    const char16_t zone = text.at(at).unicode();
    if (zone == u'Z' || zone == u'z') {
        ++at;
    } else if (zone == u'+' || zone == u'-') {
        if (size - at != 6 || text.at(at + 3) != u':')
            return std::nullopt;
        const int offsetHours = digits(text, at + 1, 2), offsetMinutes = digits(text, at + 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (zone == u'-' ? -1 : 1);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != size)
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, millis);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
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
