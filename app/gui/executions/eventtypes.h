#pragma once

#include "model/execution.h"

#include <QList>
#include <QStringList>

namespace targetdesk::gui
{

// The catalogue of ZITADEL's event types the app ships: what the checks treat as existing (to tell whether an event
// execution is shadowed entirely) and what the editor completes. The one place that decides where it comes from;
// empty until the catalogue is in lib/model, which makes the checks skip that test for events rather than guess.
QStringList eventTypes();

// What the editor completes for events: the catalogue and the event types the instance's executions already name.
QStringList eventCompletions(const QList<Execution> &known);

// The groups of `types` ("user.human" for "user.human.added", and "user" above it), sorted.
QStringList eventGroups(const QStringList &types);

} // namespace targetdesk::gui
