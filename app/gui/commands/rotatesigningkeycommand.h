#pragma once

#include "commands/updatetargetcommand.h"

namespace targetdesk::gui
{

// "Rotate Signing Key": ZITADEL makes a new signing key for the target at once (an update that lets the old key
// expire now). The new key is in target().signingKey and response().signingKey afterwards.
class RotateSigningKeyCommand : public UpdateTargetCommand
{
    Q_OBJECT
public:
    RotateSigningKeyCommand(ZitadelClient *client, const Target &target, QObject *parent = nullptr);

private:
    static TargetPatch rotation();
};

} // namespace targetdesk::gui
