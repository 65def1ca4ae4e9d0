#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// ZITADEL's registered event types, the ones an event execution may name (shipped with the app as the resource
// :/targetdesk/data/zitadel-event-types.txt, taken from the server version the reference describes). The editor
// offers them for completion and the sandbox refuses what is not in them, as ZITADEL does.
//
// Read from the resource on first use; every function is safe to call from any thread.
namespace targetdesk::eventcatalog
{

// Every registered event type ("user.human.added"), sorted by code point. Empty only if the resource is missing.
const QStringList &types();

// `type` is a registered event type (exact, case-sensitive: "session.webAuthN.checked").
bool isEventType(QStringView type);

// `group` is a group ZITADEL accepts: a plain prefix of at least one registered type, with no dot boundary ("user"
// also covers the "user_schema.*" types, "user.hum" is accepted too). A trailing ".*" is not part of a group:
// "user.human.*" is refused, as ZITADEL refuses it.
bool isEventGroup(QStringView group);

// The groups worth offering for completion: every dotted prefix of a registered type ("user", "user.human",
// "user.human.phone"), sorted, without the full types themselves.
const QStringList &groups();

} // namespace targetdesk::eventcatalog
