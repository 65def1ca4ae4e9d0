#pragma once

#include "keycommand.h"

namespace targetdesk::cli
{

// `targetdesk-cli keys remove TARGET_ID KEY_ID`: removes an inactive key on the server; a private key in the vault
// stays there (payloads captured earlier may still need it).
class KeyRemoveCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyRemoveCommand(const CommandLine &commandLine);

private:
    void run() override;
};

} // namespace targetdesk::cli
