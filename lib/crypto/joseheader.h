#pragma once

// Internal to lib/crypto: what JWE and JWS parsing share.

#include "joseerror.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace targetdesk::crypto
{

// Splits a compact token at '.' into exactly parts pieces (after checking the size limit).
JoseResult<QList<QByteArrayView>> splitCompact(QByteArrayView compact, int parts, const JoseLimits &limits,
                                               const QString &what);
// base64url-decodes one part; what names it in the message ("the JWE IV").
JoseResult<QByteArray> decodePart(QByteArrayView part, const QString &what);
// Decodes and parses a protected header: size, nesting, JSON object, and the listed members (when present) must be
// strings. With checkCrit, "crit" must be understood (we understand none); else see critNotUnderstood().
JoseResult<QJsonObject> decodeHeader(QByteArrayView part, const JoseLimits &limits, const QString &what,
                                     std::initializer_list<const char *> stringMembers, bool checkCrit = true);
// The Refused error for a "crit" member, if the header has one (a well-formed one: decodeHeader checked it).
std::optional<JoseError> critNotUnderstood(const QJsonObject &header, const QString &what);
// A required string member ("alg", "enc").
std::optional<JoseError> requireString(const QJsonObject &header, const char *name, const QString &what);

} // namespace targetdesk::crypto
