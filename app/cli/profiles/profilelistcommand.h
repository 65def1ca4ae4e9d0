#pragma once

#include "profilecommand.h"

namespace targetdesk::cli
{

// `targetdesk-cli profiles list`: the saved profiles as a table or JSON.
class ProfileListCommand : public ProfileCommand
{
    Q_OBJECT
public:
    explicit ProfileListCommand(const CommandLine &commandLine);

    void start() override;
};

} // namespace targetdesk::cli
