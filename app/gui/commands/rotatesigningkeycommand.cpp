#include "commands/rotatesigningkeycommand.h"

namespace targetdesk::gui
{

RotateSigningKeyCommand::RotateSigningKeyCommand(ZitadelClient *client, const Target &target, QObject *parent)
    : UpdateTargetCommand(client, target, rotation(), parent)
{
}

TargetPatch RotateSigningKeyCommand::rotation()
{
    TargetPatch patch;
    patch.rotateSigningKey = true;
    return patch;
}

} // namespace targetdesk::gui
