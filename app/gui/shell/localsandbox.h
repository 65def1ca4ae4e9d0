#pragma once

namespace targetdesk::gui
{

class SandboxHost;

// The body of the window's SandboxHost: the built-in sandbox with its sample data, on 127.0.0.1 at a free port.
// Separate from SandboxHost so that only the executable (and the tests that start it) link the sandbox.
void runLocalSandbox(SandboxHost &host);

} // namespace targetdesk::gui
