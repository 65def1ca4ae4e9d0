#include "joseheader.h"

#include "base64url.h"
#include "jsonguard.h"
#include "opensslptr.h"

#include <QJsonArray>
#include <QStringList>

namespace targetdesk::crypto
{

namespace
{

JoseError malformed(const QString &message)
{
    return JoseError{JoseError::Kind::Malformed, message, {}};
}

} // namespace

JoseResult<QList<QByteArrayView>> splitCompact(QByteArrayView compact, int parts, const JoseLimits &limits,
                                               const QString &what)
{
    if (compact.size() > limits.maxCompactSize)
        return JoseError{JoseError::Kind::TooLarge,
                         Messages::tr("%1 is too large (%2 bytes, at most %3).")
                             .arg(what)
                             .arg(compact.size())
                             .arg(limits.maxCompactSize),
                         {}};
    QList<QByteArrayView> out;
    qsizetype from = 0;
    for (;;) {
        const qsizetype dot = compact.indexOf('.', from);
        if (dot < 0) {
            out.append(compact.sliced(from));
            break;
        }
        out.append(compact.sliced(from, dot - from));
        from = dot + 1;
        if (out.size() > parts)
            break;
    }
    if (out.size() != parts)
        return malformed(Messages::tr("%1 must have %2 parts separated by dots; this one has %3.")
                             .arg(what)
                             .arg(parts)
                             .arg(out.size() > parts ? Messages::tr("more") : QString::number(out.size())));
    return out;
}

JoseResult<QByteArray> decodePart(QByteArrayView part, const QString &what)
{
    std::optional<QByteArray> decoded = base64UrlDecode(part);
    if (!decoded)
        return malformed(Messages::tr("%1 is not valid base64url.").arg(what));
    return *decoded;
}

JoseResult<QJsonObject> decodeHeader(QByteArrayView part, const JoseLimits &limits, const QString &what,
                                     std::initializer_list<const char *> stringMembers, bool checkCrit)
{
    if (part.isEmpty())
        return malformed(Messages::tr("%1 is empty.").arg(what));
    // base64url grows by 4/3: refuse an oversized header before decoding it.
    if (part.size() > limits.maxHeaderSize * 4 / 3 + 4)
        return JoseError{JoseError::Kind::TooLarge,
                         Messages::tr("%1 is too large (more than %2 bytes).").arg(what).arg(limits.maxHeaderSize),
                         {}};
    JoseResult<QByteArray> json = decodePart(part, what);
    if (!json)
        return json.error();
    JoseResult<QJsonObject> header = parseJsonObjectGuarded(*json, limits.maxHeaderSize, limits.maxHeaderDepth, what);
    if (!header)
        return header.error();
    for (const char *name : stringMembers) {
        const QJsonValue value = header->value(QLatin1String(name));
        if (!value.isUndefined() && !value.isString())
            return malformed(Messages::tr("The \"%1\" member of %2 is not a string.").arg(QLatin1String(name), what));
    }
    // RFC 7515 §4.1.11: a recipient must refuse a token whose "crit" lists an extension it does not understand.
    const QJsonValue crit = header->value(QLatin1String("crit"));
    if (!crit.isUndefined()) {
        if (!crit.isArray() || crit.toArray().isEmpty())
            return malformed(Messages::tr("The \"crit\" member of %1 must be a non-empty array of names.").arg(what));
        for (const QJsonValue &entry : crit.toArray()) {
            if (!entry.isString())
                return malformed(Messages::tr("The \"crit\" member of %1 must list names (strings).").arg(what));
        }
        if (checkCrit)
            return *critNotUnderstood(*header, what);
    }
    return header;
}

std::optional<JoseError> critNotUnderstood(const QJsonObject &header, const QString &what)
{
    if (!header.contains(QLatin1String("crit")))
        return std::nullopt;
    QStringList names;
    for (const QJsonValue &entry : header.value(QLatin1String("crit")).toArray())
        names.append(entry.toString());
    return JoseError{JoseError::Kind::Refused,
                     Messages::tr("%1 marks extensions as critical that are not understood here: %2.")
                         .arg(what, names.join(QStringLiteral(", "))),
                     {}};
}

std::optional<JoseError> requireString(const QJsonObject &header, const char *name, const QString &what)
{
    const QJsonValue value = header.value(QLatin1String(name));
    if (!value.isString() || value.toString().isEmpty())
        return malformed(Messages::tr("%1 has no \"%2\" member.").arg(what, QLatin1String(name)));
    return std::nullopt;
}

} // namespace targetdesk::crypto
