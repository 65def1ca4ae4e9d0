#include "jsonguard.h"

#include "opensslptr.h"

namespace targetdesk::crypto
{

int jsonNestingDepth(QByteArrayView text, int stopAbove)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            deepest = std::max(deepest, ++depth);
            if (deepest > stopAbove)
                return deepest;
            break;
        case '}':
        case ']':
            // Unbalanced closers are the parser's problem; never go negative.
            depth = std::max(0, depth - 1);
            break;
        default:
            break;
        }
    }
    return deepest;
}

JoseResult<QJsonDocument> parseJsonGuarded(QByteArrayView text, qsizetype maxSize, int maxDepth, const QString &what)
{
    if (text.size() > maxSize)
        return JoseError{
            JoseError::Kind::TooLarge,
            Messages::tr("%1 is too large (%2 bytes, at most %3).").arg(what).arg(text.size()).arg(maxSize),
            {}};
    if (jsonNestingDepth(text, maxDepth) > maxDepth)
        return JoseError{JoseError::Kind::TooLarge,
                         Messages::tr("%1 is nested too deeply (more than %2 levels).").arg(what).arg(maxDepth),
                         {}};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return JoseError{JoseError::Kind::Malformed,
                         Messages::tr("%1 is not valid JSON: %2 at offset %3.")
                             .arg(what, parseError.errorString())
                             .arg(parseError.offset),
                         {}};
    return document;
}

JoseResult<QJsonObject> parseJsonObjectGuarded(QByteArrayView text, qsizetype maxSize, int maxDepth,
                                               const QString &what)
{
    JoseResult<QJsonDocument> document = parseJsonGuarded(text, maxSize, maxDepth, what);
    if (!document)
        return document.error();
    if (!document->isObject())
        return JoseError{JoseError::Kind::Malformed, Messages::tr("%1 is not a JSON object.").arg(what), {}};
    return document->object();
}

} // namespace targetdesk::crypto
