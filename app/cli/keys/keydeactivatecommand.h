#pragma once

#include "keycommand.h"

#include "keys/instancedeactivation.h"

namespace targetdesk::cli
{

// `targetdesk-cli keys deactivate TARGET_ID [KEY_ID] | --all-targets`: one key, whatever key of the target is
// active, or (break glass) every active key of the instance.
class KeyDeactivateCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyDeactivateCommand(const CommandLine &commandLine);

    QString checkArguments() const override;

private:
    void run() override;
    void deactivateKey();
    void deactivateActiveKeys();
    // --all-targets: lib/keys' instance-wide deactivation (bounded requests in flight), reported per target.
    void deactivateAllTargets();
    void finishAllTargets(const keys::InstanceDeactivation &run);
};

} // namespace targetdesk::cli
