#include "publickeyfile.h"

#include "core/format.h"

#include "crypto/securememory.h"
#include "vault/securefile.h"

namespace targetdesk::cli
{

namespace
{

// A key file larger than this is not a key file; read no further.
constexpr qint64 kMaxKeyFileSize = 1024 * 1024;

} // namespace

std::optional<crypto::PublicKeyImport> readPublicKey(const QString &path, const QString &option, QString *error)
{
    auto bytes = vault::securefile::read(path, kMaxKeyFileSize);
    if (!bytes) {
        *error = option.isEmpty() ? bytes.error().message : QStringLiteral("%1: %2").arg(option, bytes.error().message);
        return std::nullopt;
    }
    crypto::PublicKeyImport key = crypto::importPublicKey(*bytes);
    QByteArray raw = std::move(bytes).value();
    crypto::wipe(raw);
    if (!key.ok()) {
        const QString where =
            option.isEmpty() ? format::nativePath(path) : QStringLiteral("%1 %2").arg(option, format::nativePath(path));
        *error = QStringLiteral("%1: %2").arg(where, key.error);
        return std::nullopt;
    }
    return key;
}

} // namespace targetdesk::cli
