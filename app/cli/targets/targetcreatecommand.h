#pragma once

#include "core/connectedcommand.h"

#include "api/targetmessages.h"

namespace targetdesk::cli
{

// `targetdesk-cli targets create`: prints the new target's id and, this once, its signing key.
class TargetCreateCommand : public ConnectedCommand
{
    Q_OBJECT
public:
    explicit TargetCreateCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;

    CreateTargetRequest m_request;
};

// The signing key ZITADEL returns only on create and rotate, and how the endpoint uses it; nothing when empty.
void printSigningKey(const QString &label, const QString &key);

} // namespace targetdesk::cli
