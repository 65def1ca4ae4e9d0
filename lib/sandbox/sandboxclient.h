#pragma once

#include "sandbox.h"

#include "api/tlsoptions.h"

#include <memory>

namespace targetdesk
{
class ZitadelClient;
}

namespace targetdesk::sandbox
{

// A client for a running sandbox: its URL and a fresh token with `role`. A sandbox serving https needs `tls` to
// trust its certificate. This is how the built-in sandbox connection is made; stored profiles go through
// profiles::ClientFactory, which never knows the emulator.
[[nodiscard]] std::unique_ptr<ZitadelClient> connectClient(Sandbox &sandbox, Role role = Role::ReadWrite,
                                                           const TlsOptions &tls = TlsOptions());

} // namespace targetdesk::sandbox
