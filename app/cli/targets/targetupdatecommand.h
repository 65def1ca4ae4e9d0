#pragma once

#include "core/connectedcommand.h"

#include "api/targetmessages.h"

namespace targetdesk::cli
{

// `targetdesk-cli targets update ID`: changes the given fields; the others stay as they are.
class TargetUpdateCommand : public ConnectedCommand
{
    Q_OBJECT
public:
    explicit TargetUpdateCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;
    void sendUpdate();

    TargetPatch m_patch;
    std::optional<TargetType> m_type;
    std::optional<bool> m_interrupt;
};

} // namespace targetdesk::cli
