#include "messagereader.h"

#include <cmath>
#include <limits>

namespace targetdesk::sandbox
{

namespace
{

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::Array:
        return QStringLiteral("[...]");
    case QJsonValue::Object:
        return QStringLiteral("{...}");
    default:
        return QStringLiteral("null");
    }
}

std::optional<quint64> integer(const QJsonValue &v, quint64 max)
{
    const auto n = protojson::parseUint64(v);
    if (!n || *n > max)
        return std::nullopt;
    return n;
}

} // namespace

MessageReader::MessageReader(const QJsonObject &object, const QString &messageName)
    : m_object(object), m_message(messageName)
{
}

bool MessageReader::has(const QString &field) const
{
    const auto it = m_object.constFind(field);
    return it != m_object.constEnd() && !it->isNull();
}

void MessageReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

std::optional<QJsonValue> MessageReader::take(const QString &field)
{
    m_known.insert(field);
    const auto it = m_object.constFind(field);
    if (it == m_object.constEnd() || it->isNull())
        return std::nullopt;
    return *it;
}

void MessageReader::typeError(const QString &type, const QString &field, const QJsonValue &value)
{
    fail(QStringLiteral("proto: invalid value for %1 field %2 in %3: %4").arg(type, field, m_message, jsonText(value)));
}

std::optional<QString> MessageReader::string(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        typeError(QStringLiteral("string"), field, *v);
        return std::nullopt;
    }
    return v->toString();
}

std::optional<bool> MessageReader::boolean(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    if (!v->isBool()) {
        typeError(QStringLiteral("bool"), field, *v);
        return std::nullopt;
    }
    return v->toBool();
}

std::optional<quint64> MessageReader::uint64(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    const auto n = integer(*v, std::numeric_limits<quint64>::max());
    if (!n)
        typeError(QStringLiteral("uint64"), field, *v);
    return n;
}

std::optional<quint32> MessageReader::uint32(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    const auto n = integer(*v, std::numeric_limits<quint32>::max());
    if (!n) {
        typeError(QStringLiteral("uint32"), field, *v);
        return std::nullopt;
    }
    return quint32(*n);
}

std::optional<protojson::Duration> MessageReader::duration(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    const auto d = v->isString() ? protojson::parseDuration(v->toString()) : std::nullopt;
    if (!d)
        typeError(QStringLiteral("google.protobuf.Duration"), field, *v);
    return d;
}

std::optional<QDateTime> MessageReader::timestamp(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    const auto t = v->isString() ? protojson::parseTimestamp(v->toString()) : std::nullopt;
    if (!t)
        typeError(QStringLiteral("google.protobuf.Timestamp"), field, *v);
    return t;
}

std::optional<int> MessageReader::enumValue(const QString &field, const QStringList &names)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    if (v->isString()) {
        const int i = int(names.indexOf(v->toString()));
        if (i >= 0)
            return i;
    } else if (v->isDouble()) {
        const double d = v->toDouble();
        if (d >= 0 && d < double(names.size()) && d == std::floor(d))
            return int(d);
    }
    typeError(QStringLiteral("enum"), field, *v);
    return std::nullopt;
}

std::optional<QJsonObject> MessageReader::object(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    if (!v->isObject()) {
        typeError(QStringLiteral("message"), field, *v);
        return std::nullopt;
    }
    return v->toObject();
}

std::optional<QJsonArray> MessageReader::array(const QString &field)
{
    const auto v = take(field);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        typeError(QStringLiteral("repeated"), field, *v);
        return std::nullopt;
    }
    return v->toArray();
}

std::optional<QStringList> MessageReader::stringList(const QString &field)
{
    const auto a = array(field);
    if (!a)
        return std::nullopt;
    QStringList out;
    out.reserve(a->size());
    for (const QJsonValue &item : *a) {
        if (!item.isString()) {
            typeError(QStringLiteral("string"), field, item);
            return std::nullopt;
        }
        out.append(item.toString());
    }
    return out;
}

bool MessageReader::finish()
{
    if (!m_error.isEmpty())
        return false;
    // Sorted keys so the message names the same field every time.
    for (const QString &key : m_object.keys()) {
        if (!m_known.contains(key)) {
            fail(QStringLiteral("proto: unknown field \"%1\" in %2").arg(key, m_message));
            return false;
        }
    }
    return true;
}

} // namespace targetdesk::sandbox
