#pragma once

#include "api/zitadelclient.h"
#include "crypto/jwk.h"

#include <QUrl>

namespace targetdesk::inspect
{

// A JWKS larger than this is not a JWKS (an instance publishes a handful of keys).
inline constexpr qint64 kMaxJwksBytes = 4 * 1024 * 1024;

// Where an instance publishes the public keys its JWT payloads are signed with: <instance>/oauth/v2/keys.
QUrl instanceJwksUrl(const QUrl &instance);

// Downloads `url` through the client's bounded fetch (its URL rules, TLS options and timeout; no token; no
// redirects; at most kMaxJwksBytes) and parses the answer. Errors: the client's transport errors (TooLarge
// included), ApiError::Kind::Server with the status for anything but 200, MalformedResponse for a body that is not
// a JWKS. The callback runs on the client's thread, never after `context` is gone.
ApiCall *fetchJwks(ZitadelClient &client, const QUrl &url, QObject *context, Callback<crypto::Jwks> done);

} // namespace targetdesk::inspect
