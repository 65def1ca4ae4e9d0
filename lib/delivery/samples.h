#pragma once

#include "model/execution.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace targetdesk::delivery
{

// The ids and clock a sample body is made with; the defaults are fixed, realistic-looking ZITADEL ids.
struct SampleContext {
    QString instanceId = QStringLiteral("328868442541179603");
    QString orgId = QStringLiteral("328868442541245139");
    QString projectId = QStringLiteral("328868442541310675");
    QString userId = QStringLiteral("328868517724553427");
    QDateTime now; // invalid: the current time
};

// The body ZITADEL sends for a call under `condition` (shapes in the reference, "What ZITADEL sends to a target"),
// with realistic sample content:
// - request / response: {fullMethod, instanceID, orgID, projectID, userID, request, response (response only),
//   headers}; for a service or `all` condition a representative method of that service (AddHumanUser for all);
// - event: {aggregateID, aggregateType, resourceOwner, instanceID, version, sequence, event_type, created_at, userID,
//   event_payload}; eventType picks the type for a group or `all` condition (default: the first catalogue type of
//   the group, user.human.added for all);
// - function: preuserinfo / preaccesstoken {function, userinfo, user, user_metadata, org, user_grants, application};
//   presamlresponse {function, user, user_grants}.
[[nodiscard]] QJsonObject sampleBody(const ExecutionCondition &condition, const QString &eventType = {},
                                     const SampleContext &context = {});

// The method, event type or function a sample for `condition` stands for ("/zitadel.user.v2.UserService/
// AddHumanUser", "user.human.added", "function/preuserinfo").
[[nodiscard]] QString sampleSubject(const ExecutionCondition &condition, const QString &eventType = {});

// JSON the way Go's json.Marshal writes it: compact, and <, >, & escaped as \u003c, \u003e, \u0026 (also
// U+2028/U+2029). What ZITADEL signs and sends is exactly these bytes.
[[nodiscard]] QByteArray goJson(const QJsonObject &object);

} // namespace targetdesk::delivery
