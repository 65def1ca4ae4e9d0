#include "protojson.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace targetdesk::protojson
{

namespace
{

// Maximum Duration protobuf allows: ±315,576,000,000 seconds.
constexpr qint64 kMaxDurationSeconds = 315'576'000'000LL;

QString fraction(qint64 nanos, bool shortest)
{
    if (nanos == 0)
        return {};
    QString digits = QStringLiteral("%1").arg(nanos, 9, 10, QLatin1Char('0'));
    if (shortest) {
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
    } else {
        while (digits.endsWith(QLatin1String("000")))
            digits.chop(3);
    }
    return QLatin1Char('.') + digits;
}

QString durationText(Duration d, bool shortest)
{
    const qint64 total = d.count();
    const bool negative = total < 0;
    // Avoid overflow on the most negative value by working with unsigned magnitudes.
    const quint64 magnitude = negative ? quint64(-(total + 1)) + 1 : quint64(total);
    const quint64 seconds = magnitude / 1'000'000'000ULL;
    const qint64 nanos = qint64(magnitude % 1'000'000'000ULL);
    return (negative ? QStringLiteral("-") : QString()) + QString::number(seconds) + fraction(nanos, shortest) +
           QLatin1Char('s');
}

} // namespace

std::optional<Duration> parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(-)?([0-9]{1,12})(?:\\.([0-9]{1,9}))?s$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 seconds = m.captured(2).toLongLong();
    if (seconds > kMaxDurationSeconds)
        return std::nullopt;
    qint64 nanos = 0;
    if (m.hasCaptured(3) && !m.captured(3).isEmpty()) {
        QString frac = m.captured(3);
        frac = frac.leftJustified(9, QLatin1Char('0'));
        nanos = frac.toLongLong();
    }
    qint64 total = seconds * 1'000'000'000LL + nanos;
    if (!m.captured(1).isEmpty())
        total = -total;
    return Duration(total);
}

QString formatDuration(Duration d)
{
    return durationText(d, false);
}

QString formatDurationShort(Duration d)
{
    return durationText(d, true);
}

std::optional<QDateTime> parseTimestamp(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?([Zz]|[+-]\\d{2}:\\d{2})$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    int millis = 0;
    if (!m.captured(7).isEmpty())
        millis = m.captured(7).leftJustified(3, QLatin1Char('0')).left(3).toInt();
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) != 0) {
        const int hours = zone.mid(1, 2).toInt();
        const int minutes = zone.mid(4, 2).toInt();
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    QDateTime dt(date, time.addMSecs(millis), Qt::OffsetFromUTC, offsetSeconds);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toUTC();
}

QString formatTimestamp(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           fraction(qint64(utc.time().msec()) * 1'000'000LL, false) + QLatin1Char('Z');
}

std::optional<quint64> parseUint64(const QJsonValue &v)
{
    if (v.isString()) {
        bool ok = false;
        const quint64 n = v.toString().toULongLong(&ok);
        if (!ok)
            return std::nullopt;
        return n;
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d < 0 || d != std::floor(d) || d > 9007199254740992.0)
            return std::nullopt;
        return quint64(d);
    }
    return std::nullopt;
}

QString formatUint64(quint64 v)
{
    return QString::number(v);
}

} // namespace targetdesk::protojson
