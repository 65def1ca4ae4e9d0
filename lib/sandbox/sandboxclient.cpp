#include "sandboxclient.h"

#include "api/zitadelclient.h"

namespace targetdesk::sandbox
{

std::unique_ptr<ZitadelClient> connectClient(Sandbox &sandbox, Role role, const TlsOptions &tls)
{
    auto client = std::make_unique<ZitadelClient>();
    client->setTlsOptions(tls);
    client->setInstance(sandbox.url());
    client->setToken(sandbox.generateToken(role));
    return client;
}

} // namespace targetdesk::sandbox
