#pragma once

#include "model/execution.h"

#include <QList>
#include <QStringList>

namespace targetdesk::gui
{

// The event types the editor completes and the checks treat as existing. The one place that decides where they
// come from: for now the event types the instance's executions already name; the catalogue shipped with the app
// replaces this body once it is in lib/model.
QStringList eventTypes(const QList<Execution> &known);

// The groups of `types` ("user.human" for "user.human.added", and "user" above it), sorted.
QStringList eventGroups(const QStringList &types);

} // namespace targetdesk::gui
