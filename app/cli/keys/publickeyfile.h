#pragma once

#include "crypto/publickeyimport.h"

#include <QString>

#include <optional>

namespace targetdesk::cli
{

// Reads and imports a public key file for `keys add` (option "--public-key") and `keys fingerprint` (option "").
// nullopt with `error` set, prefixed with the option when there is one. The file's bytes are wiped after use:
// someone may have pointed at the private key by mistake.
std::optional<crypto::PublicKeyImport> readPublicKey(const QString &path, const QString &option, QString *error);

} // namespace targetdesk::cli
