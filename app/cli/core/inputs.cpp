#include "inputs.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

namespace targetdesk::cli::inputs
{

namespace
{

using std::chrono::nanoseconds;

struct DurationParse {
    std::optional<nanoseconds> value;
    bool negative = false;
    bool tooLarge = false;
};

// Exact integer arithmetic so "1.1s" stays 1.1 s and not 1.0999999 s.
DurationParse parseDuration(const QString &input)
{
    static const QRegularExpression re(QStringLiteral("^([-+]?)([0-9]*)(?:\\.([0-9]+))?(ms|s|m)?$"));
    const QString text = input.trimmed();
    const auto m = re.match(text);
    DurationParse result;
    if (!m.hasMatch() || (m.captured(2).isEmpty() && m.captured(3).isEmpty()))
        return result;
    const QString whole = m.captured(2).isEmpty() ? QStringLiteral("0") : m.captured(2);
    QString fraction = m.captured(3);
    const QString unit = m.captured(4).isEmpty() ? QStringLiteral("s") : m.captured(4);
    const qint64 unitNanos = unit == QLatin1String("ms")  ? 1'000'000LL
                             : unit == QLatin1String("m") ? 60'000'000'000LL
                                                          : 1'000'000'000LL;
    // Anything beyond a million units is out of every range we accept; stop before qint64 overflows.
    if (whole.size() > 7 || whole.toLongLong() > 1'000'000) {
        result.tooLarge = true;
        result.negative = m.captured(1) == QLatin1String("-");
        return result;
    }
    // Nanosecond precision: digits beyond that cannot be represented by ZITADEL's Duration.
    fraction = fraction.left(9).leftJustified(9, QLatin1Char('0'));
    qint64 nanos = whole.toLongLong() * unitNanos + fraction.toLongLong() * unitNanos / 1'000'000'000LL;
    result.negative = m.captured(1) == QLatin1String("-") && nanos != 0;
    if (result.negative)
        nanos = -nanos;
    result.value = nanoseconds(nanos);
    return result;
}

} // namespace

std::optional<Duration> targetTimeout(const QString &text, const QString &where, QString *error)
{
    const DurationParse p = parseDuration(text);
    if (!p.value && !p.tooLarge) {
        *error = QCoreApplication::translate("targetdesk-cli",
                                             "%1: \"%2\" is not a duration; write it like 10s, 1.5s or 500ms")
                     .arg(where, text);
        return std::nullopt;
    }
    if (p.negative || (p.value && p.value->count() == 0)) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1: the timeout must be more than 0s (got \"%2\")")
                     .arg(where, text);
        return std::nullopt;
    }
    if (p.tooLarge || *p.value > kMaxTargetTimeout) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" is longer than ZITADEL's maximum of %3s")
                     .arg(where, text)
                     .arg(kMaxTargetTimeout.count());
        return std::nullopt;
    }
    return *p.value;
}

std::optional<std::chrono::milliseconds> requestTimeout(const QString &text, const QString &where, QString *error)
{
    const DurationParse p = parseDuration(text);
    if (!p.value && !p.tooLarge) {
        *error =
            QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" is not a number of seconds").arg(where, text);
        return std::nullopt;
    }
    if (p.negative || (p.value && p.value->count() == 0)) {
        *error = QCoreApplication::translate("targetdesk-cli",
                                             "%1: the request timeout must be more than 0 seconds (got \"%2\")")
                     .arg(where, text);
        return std::nullopt;
    }
    constexpr std::chrono::hours kMax{24};
    if (p.tooLarge || *p.value > kMax) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" is longer than one day").arg(where, text);
        return std::nullopt;
    }
    // Round up so a sub-millisecond timeout does not become 0 (which would mean "no timeout" to Qt).
    return std::chrono::ceil<std::chrono::milliseconds>(*p.value);
}

namespace
{

// Counted as ZITADEL counts: characters (runes), not UTF-16 units.
bool tooLong(const QString &text, qsizetype max, const QString &where, QString *error)
{
    const qsizetype length = targetrules::runes(text);
    if (length <= max)
        return false;
    *error = QCoreApplication::translate("targetdesk-cli", "%1 is %2 characters long; ZITADEL accepts at most %3")
                 .arg(where)
                 .arg(length)
                 .arg(max);
    return true;
}

} // namespace

std::optional<QString> endpoint(const QString &text, const QString &where, QString *error)
{
    if (text.trimmed().isEmpty()) {
        *error =
            QCoreApplication::translate("targetdesk-cli", "%1 is empty; give the URL ZITADEL should call").arg(where);
        return std::nullopt;
    }
    if (tooLong(text, kMaxEndpointLength, where, error))
        return std::nullopt;
    const QUrl url(text, QUrl::StrictMode);
    if (text != text.trimmed() || !url.isValid()) {
        const QString why = url.isValid() ? QCoreApplication::translate("targetdesk-cli", "it has blanks around it")
                                          : url.errorString();
        *error =
            QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" is not a valid URL (%3)").arg(where, text, why);
        return std::nullopt;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" must be an http:// or https:// URL")
                     .arg(where, text);
        return std::nullopt;
    }
    if (url.host().isEmpty()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1: \"%2\" has no host name").arg(where, text);
        return std::nullopt;
    }
    return text;
}

std::optional<QString> targetName(const QString &text, const QString &where, QString *error)
{
    if (text.trimmed().isEmpty()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 is empty; a target needs a name").arg(where);
        return std::nullopt;
    }
    if (tooLong(text, kMaxNameLength, where, error))
        return std::nullopt;
    return text;
}

std::optional<QUrl> instance(const QString &input, const QString &where, QString *error)
{
    QString text = input.trimmed();
    if (text.isEmpty()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 is empty; give the URL of the ZITADEL instance")
                     .arg(where);
        return std::nullopt;
    }
    if (!text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || url.hasQuery() || url.hasFragment()) {
        *error = QCoreApplication::translate("targetdesk-cli",
                                             "%1: \"%2\" is not an instance URL like https://my.zitadel.example")
                     .arg(where, input);
        return std::nullopt;
    }
    return url;
}

std::optional<QByteArray> jsonObjectFile(const QString &path, qint64 maxBytes, const QString &where, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 %2: %3").arg(where, path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 %2: larger than %3 KiB")
                     .arg(where, path)
                     .arg(maxBytes / 1024);
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 %2: not JSON at offset %3: %4")
                     .arg(where, path)
                     .arg(parse.offset)
                     .arg(parse.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 %2: not a JSON object").arg(where, path);
        return std::nullopt;
    }
    return bytes.trimmed();
}

} // namespace targetdesk::cli::inputs
