#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace targetdesk::crypto
{

// base64url without padding (RFC 7515 §2). Decoding is strict: only the URL alphabet, no '=', no whitespace, no
// impossible lengths; nullopt otherwise.
[[nodiscard]] std::optional<QByteArray> base64UrlDecode(QByteArrayView text);
[[nodiscard]] QByteArray base64UrlEncode(QByteArrayView bytes);

} // namespace targetdesk::crypto
