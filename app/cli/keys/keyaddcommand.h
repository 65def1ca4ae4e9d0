#pragma once

#include "keycommand.h"

#include "crypto/publickeyimport.h"

#include <QDateTime>

namespace targetdesk::cli
{

// `targetdesk-cli keys add TARGET_ID --public-key FILE`: adds the key (inactive) and prints its id; a key the
// vault holds learns which target and key id it is bound to.
class KeyAddCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyAddCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;
    // The key is on the server: bind the vault entry, audit and print the new key id.
    void added(const keys::AddedKey &key);

    crypto::PublicKeyImport m_publicKey;
    QDateTime m_expires;
};

} // namespace targetdesk::cli
