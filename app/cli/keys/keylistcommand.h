#pragma once

#include "keycommand.h"

#include "model/publickey.h"

namespace targetdesk::cli
{

// `targetdesk-cli keys list TARGET_ID`: the target's public keys with their real state and whether the vault holds
// the private key.
class KeyListCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyListCommand(const CommandLine &commandLine);

private:
    void run() override { list(0); }
    void list(quint64 offset);
    void print();

    QList<PublicKey> m_keys;
};

} // namespace targetdesk::cli
