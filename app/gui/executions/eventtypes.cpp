#include "executions/eventtypes.h"

#include "model/eventcatalog.h"

#include <QSet>

namespace targetdesk::gui
{

QStringList eventTypes()
{
    return eventcatalog::types();
}

QStringList eventCompletions(const QList<Execution> &known)
{
    QStringList types = eventTypes();
    for (const Execution &e : known) {
        if (e.condition.kind == ExecutionCondition::Kind::Event && e.condition.scope == ExecutionCondition::Scope::One)
            types.append(e.condition.value);
    }
    types.removeDuplicates();
    types.sort();
    return types;
}

QStringList eventGroups(const QStringList &types)
{
    QSet<QString> groups;
    for (const QString &type : types) {
        QString rest = type;
        for (qsizetype dot = rest.lastIndexOf(QLatin1Char('.')); dot > 0; dot = rest.lastIndexOf(QLatin1Char('.'))) {
            rest = rest.left(dot);
            groups.insert(rest);
        }
    }
    QStringList sorted(groups.begin(), groups.end());
    sorted.sort();
    return sorted;
}

} // namespace targetdesk::gui
