#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <chrono>
#include <optional>

// Helpers for the protobuf JSON mapping that ZITADEL's REST gateway uses (protojson).
namespace targetdesk::protojson
{

using Duration = std::chrono::nanoseconds;

// Parses a google.protobuf.Duration string: optional '-', seconds, up to nine fractional digits, 's'.
std::optional<Duration> parseDuration(const QString &text);
// Formats as protojson does: whole seconds, or 3, 6 or 9 fractional digits ("10s", "1.500s").
QString formatDuration(Duration d);
// Formats with the fewest fractional digits ("1.5s"): what people type and read.
QString formatDurationShort(Duration d);

// Parses an RFC 3339 timestamp with optional fraction and offset; the result is in UTC.
std::optional<QDateTime> parseTimestamp(const QString &text);
// Formats in UTC with 0, 3, 6 or 9 fractional digits and 'Z', as protojson does.
QString formatTimestamp(const QDateTime &t);

// uint64 travels as a string on output; on input both numbers and strings are allowed.
std::optional<quint64> parseUint64(const QJsonValue &v);
QString formatUint64(quint64 v);

} // namespace targetdesk::protojson
