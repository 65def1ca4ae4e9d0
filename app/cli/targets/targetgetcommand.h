#pragma once

#include "core/connectedcommand.h"

namespace targetdesk::cli
{

// `targetdesk-cli targets get ID`: one target; the signing key stays masked unless --show-signing-key.
class TargetGetCommand : public ConnectedCommand
{
    Q_OBJECT
public:
    explicit TargetGetCommand(const CommandLine &commandLine);

private:
    void run() override;
};

} // namespace targetdesk::cli
