#pragma once

#include <QString>

namespace targetdesk
{
class ZitadelClient;
struct ApiError;
} // namespace targetdesk

namespace targetdesk::cli
{

// A "hint: ..." line for a 401 or 403 answer that names where the credentials came from (TARGETDESK_TOKEN, a
// profile, a key file), or an empty string for other errors.
QString authHint(const ApiError &error, const ZitadelClient &client, bool fromProfileOrKeyFile);

} // namespace targetdesk::cli
