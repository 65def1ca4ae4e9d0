#pragma once

#include "api/targetmessages.h"

#include <QList>
#include <QString>

// Checking an update against what ZITADEL then holds. ZITADEL can answer an update with 200 and not write a field
// (its interrupt-on-error write-model defect, see the reference), so the client reads the target back after every
// update and names every field that did not take.
namespace targetdesk
{

// A field of the update that the server did not take. `field` is the JSON name ("name", "interruptOnError", ...).
struct UntakenField {
    QString field;
    QString sent;   // the value as sent, in words ("off", "https://...", "10s")
    QString stored; // the value read back
    bool operator==(const UntakenField &) const = default;
};

struct CheckedUpdate {
    UpdateTargetResponse response;
    Target target;                 // as read back after the update
    QList<UntakenField> notTaken;  // empty: every field took
    bool appliedOnThenOff = false; // interrupt-on-error was turned off with ZITADEL's working sequence (on, off)
};

// The fields of `patch` that `stored` does not hold (`rotatedKey`: the signing key the update answered).
QList<UntakenField> untakenFields(const TargetPatch &patch, const QString &rotatedKey, const Target &stored);
// "interrupt-on-error", "payload type", ...: the field as users call it (English; the GUI has its own words).
QString targetFieldLabel(const QString &field);
// "interrupt-on-error (sent off, ZITADEL still has on); timeout (sent 10s, ZITADEL still has 5s)".
QString describeUntaken(const QList<UntakenField> &fields);

} // namespace targetdesk
