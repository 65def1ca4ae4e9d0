#include "commands/switchconnectioncommand.h"

#include "api/zitadelclient.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"

namespace targetdesk::gui
{

SwitchConnectionCommand::SwitchConnectionCommand(ZitadelClient *client, const ConnectionInfo &connection,
                                                 QObject *parent)
    : Command(parent), m_client(client), m_connection(connection)
{
}

SwitchConnectionCommand::SwitchConnectionCommand(ZitadelClient *client, profiles::ProfileStore *store,
                                                 const profiles::Profile &profile, QObject *parent)
    : Command(parent), m_client(client), m_store(store), m_profile(profile)
{
}

void SwitchConnectionCommand::doStart()
{
    if (!m_store) {
        m_client->setTlsOptions(TlsOptions());
        m_client->setInstance(m_connection.url);
        m_client->setToken(m_connection.token);
        finish();
        return;
    }
    m_store->loadSecrets(m_profile.id, this, [this](profiles::ProfileResult<profiles::ProfileSecrets> secrets) {
        if (!secrets)
            m_profileError = secrets.error();
        else
            m_profileError = profiles::ClientFactory::configure(*m_client, m_profile, *secrets);
        finish();
    });
}

} // namespace targetdesk::gui
