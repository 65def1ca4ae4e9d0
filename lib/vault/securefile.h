#pragma once

#include "vaulterror.h"

#include <QByteArray>
#include <QString>

// Files that hold (or may hold) secrets: created with their final permissions from the first byte, never through a
// symlink, never half-written.
namespace targetdesk::vault::securefile
{

enum class Overwrite {
    Refuse,  // fail with VaultError::Kind::Exists when the path exists (checked atomically with O_EXCL)
    Replace, // write a temporary file next to it and rename it over the old one
};

// Owner read/write only: private keys, encrypted or not.
inline constexpr unsigned kPrivateMode = 0600;
// Readable by everyone: public keys.
inline constexpr unsigned kPublicMode = 0644;

// Writes `bytes` to `path` with `mode` (before the umask). Delivers the absolute path written.
[[nodiscard]] VaultResult<QString> write(const QString &path, const QByteArray &bytes, unsigned mode,
                                         Overwrite overwrite);
// Reads a whole file of at most `maxSize` bytes. The caller wipes the result when it is secret.
[[nodiscard]] VaultResult<QByteArray> read(const QString &path, qint64 maxSize);
// Creates a directory (and its parents) readable by the owner only.
[[nodiscard]] bool makePrivateDirectory(const QString &path, QString *error);

} // namespace targetdesk::vault::securefile
