#pragma once

#include "model/execution.h"

#include <QList>
#include <QStringList>

namespace targetdesk::gui
{

// The catalogue of ZITADEL's event types the app ships: what the checks treat as existing (to tell whether an event
// execution is shadowed entirely) and what the editor completes: lib/model's eventcatalog, the same list the sandbox
// uses to refuse unknown events as ZITADEL does.
QStringList eventTypes();

// What the editor completes for events: the catalogue and the event types the instance's executions already name.
QStringList eventCompletions(const QList<Execution> &known);

// The groups of `types` ("user.human" for "user.human.added", and "user" above it), sorted.
QStringList eventGroups(const QStringList &types);

} // namespace targetdesk::gui
