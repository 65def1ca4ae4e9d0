#pragma once

#include "core/command.h"

#include "crypto/publickeyimport.h"

namespace targetdesk::cli
{

// `targetdesk-cli keys fingerprint PUBLIC.pem`: a public key's fingerprint as ZITADEL shows it. Local only; it
// accepts the global options like every keys command but never connects.
class KeyFingerprintCommand : public Command
{
    Q_OBJECT
public:
    explicit KeyFingerprintCommand(const CommandLine &commandLine);

    std::optional<int> prepare() override;
    void start() override;

private:
    crypto::PublicKeyImport m_publicKey;
};

} // namespace targetdesk::cli
