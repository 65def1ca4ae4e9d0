#pragma once

#include "model/protojson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace targetdesk::sandbox
{

// Reads one request message the way protojson does (lowerCamelCase names, null means absent, uint64 as number or
// string, enums by name or number), except that it refuses fields the message does not have: every accessor marks
// its field as known and finish() reports anything left over. The first problem wins and is kept in error().
class MessageReader
{
public:
    MessageReader(const QJsonObject &object, const QString &messageName);

    const QString &messageName() const { return m_message; }
    bool has(const QString &field) const;

    std::optional<QString> string(const QString &field);
    std::optional<bool> boolean(const QString &field);
    std::optional<quint64> uint64(const QString &field);
    std::optional<quint32> uint32(const QString &field);
    std::optional<protojson::Duration> duration(const QString &field);
    std::optional<QDateTime> timestamp(const QString &field);
    // The index of the enum value in `names` (its number), accepting the name or the number.
    std::optional<int> enumValue(const QString &field, const QStringList &names);
    std::optional<QJsonObject> object(const QString &field);
    std::optional<QJsonArray> array(const QString &field);
    std::optional<QStringList> stringList(const QString &field);

    // Checks for unknown fields. Returns false when anything went wrong so far.
    bool finish();
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    // Lets a caller report its own problem through the same channel (first error wins).
    void fail(const QString &message);

private:
    std::optional<QJsonValue> take(const QString &field);
    void typeError(const QString &type, const QString &field, const QJsonValue &value);

    QJsonObject m_object;
    QString m_message;
    QSet<QString> m_known;
    QString m_error;
};

} // namespace targetdesk::sandbox
