#pragma once

#include "joseerror.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk::crypto
{

// The deepest nesting of objects and arrays in JSON text, found by one iterative scan that skips strings; stops
// counting once the depth passes stopAbove (so a hostile input costs one pass at most). Not a validator.
[[nodiscard]] int jsonNestingDepth(QByteArrayView text, int stopAbove);

// Parses untrusted JSON after checking its size and nesting, so QJsonDocument never sees a document deeper than
// maxDepth. what names the document in messages ("the JWE header"). Errors are Malformed or TooLarge.
[[nodiscard]] JoseResult<QJsonDocument> parseJsonGuarded(QByteArrayView text, qsizetype maxSize, int maxDepth,
                                                         const QString &what);
// As parseJsonGuarded, and the document must be an object.
[[nodiscard]] JoseResult<QJsonObject> parseJsonObjectGuarded(QByteArrayView text, qsizetype maxSize, int maxDepth,
                                                             const QString &what);

} // namespace targetdesk::crypto
