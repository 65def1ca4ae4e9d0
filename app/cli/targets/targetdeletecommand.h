#pragma once

#include "core/connectedcommand.h"

namespace targetdesk::cli
{

// `targetdesk-cli targets delete ID`: asks first (with the target's name) unless --yes.
class TargetDeleteCommand : public ConnectedCommand
{
    Q_OBJECT
public:
    explicit TargetDeleteCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    void run() override;
    void deleteNow();
};

} // namespace targetdesk::cli
