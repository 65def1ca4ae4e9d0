#include "executionmatch.h"

namespace targetdesk::executionmatch
{

namespace
{

QString kindPrefix(ExecutionCondition::Kind kind)
{
    switch (kind) {
    case ExecutionCondition::Kind::Request:
        return QStringLiteral("request");
    case ExecutionCondition::Kind::Response:
        return QStringLiteral("response");
    case ExecutionCondition::Kind::Event:
        return QStringLiteral("event");
    case ExecutionCondition::Kind::Function:
        return QStringLiteral("function");
    }
    return {};
}

// The id without a group's trailing ".*": what is compared as a prefix.
QString prefixOf(const ExecutionCondition &condition)
{
    QString id = condition.executionId();
    if (id.endsWith(QLatin1String(".*")))
        id.chop(2);
    return id;
}

} // namespace

QString callId(const Call &call)
{
    QString name = call.name;
    while (name.startsWith(QLatin1Char('/')))
        name.remove(0, 1);
    return kindPrefix(call.kind) + QLatin1Char('/') + name;
}

std::optional<qsizetype> bestMatch(const QList<ExecutionCondition> &conditions, const Call &call)
{
    const QString id = callId(call);
    std::optional<qsizetype> best;
    qsizetype bestLength = -1;
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        const ExecutionCondition &c = conditions.at(i);
        if (c.kind != call.kind)
            continue;
        if (c.executionId() == id)
            return i; // an exact id wins outright
        const QString prefix = prefixOf(c);
        if (id.startsWith(prefix) && prefix.size() > bestLength) {
            best = i;
            bestLength = prefix.size();
        }
    }
    return best;
}

Coverage coverage(const ExecutionCondition &condition, const QList<ExecutionCondition> &all,
                  const QStringList &universe)
{
    Coverage out;
    QList<ExecutionCondition> conditions = all;
    qsizetype self = conditions.indexOf(condition);
    if (self < 0) {
        conditions.append(condition);
        self = conditions.size() - 1;
    }
    for (const QString &name : universe) {
        const Call call{condition.kind, name};
        const QString id = callId(call);
        const bool matches = condition.executionId() == id || id.startsWith(prefixOf(condition));
        if (!matches)
            continue;
        out.matched.append(name);
        const std::optional<qsizetype> winner = bestMatch(conditions, call);
        if (winner == self) {
            out.handled.append(name);
        } else if (winner && !out.shadowedBy.contains(conditions.at(*winner))) {
            out.shadowedBy.append(conditions.at(*winner));
        }
    }
    return out;
}

} // namespace targetdesk::executionmatch
