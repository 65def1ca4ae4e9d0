#pragma once

#include "report.h"

#include <QJsonValue>
#include <QList>

namespace targetdesk::inspect
{

// What a ZITADEL payload is: request/response execution (fullMethod; a response has "response"), event
// (event_type) or function (function). name gets the method, event type or function name.
[[nodiscard]] PayloadKind recognisePayload(const QJsonValue &payload, QString *name = nullptr);

// Times in the payload: RFC 3339 strings anywhere and Unix seconds under the JWT time claims (iat, exp, nbf,
// auth_time, updated_at). Walks iteratively; at most maxCount results and a bounded number of nodes.
[[nodiscard]] QList<Timestamp> findTimestamps(const QJsonValue &payload, int maxCount = 50);

// "2026-01-02 03:04:05 UTC".
[[nodiscard]] QString readableTime(const QDateTime &time);

} // namespace targetdesk::inspect
