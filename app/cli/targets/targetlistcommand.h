#pragma once

#include "core/connectedcommand.h"

#include "api/targetmessages.h"

namespace targetdesk::cli
{

// `targetdesk-cli targets list`: every target of the instance (all pages), as a table or ZITADEL's JSON.
class TargetListCommand : public ConnectedCommand
{
    Q_OBJECT
public:
    explicit TargetListCommand(const CommandLine &commandLine);

private:
    std::optional<int> prepareValues() override;
    void run() override;
    void print();

    TargetQuery m_query;
    QList<Target> m_targets;
};

} // namespace targetdesk::cli
