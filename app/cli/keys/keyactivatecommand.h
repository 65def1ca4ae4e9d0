#pragma once

#include "keycommand.h"

namespace targetdesk::cli
{

// `targetdesk-cli keys activate TARGET_ID KEY_ID`: the key becomes the target's only active key.
class KeyActivateCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyActivateCommand(const CommandLine &commandLine);

private:
    void run() override;
};

} // namespace targetdesk::cli
