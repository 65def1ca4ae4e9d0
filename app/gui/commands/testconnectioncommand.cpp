#include "commands/testconnectioncommand.h"

#include "api/zitadelclient.h"
#include "profiles/clientfactory.h"

namespace targetdesk::gui
{

TestConnectionCommand::TestConnectionCommand(const profiles::Profile &profile, const profiles::ProfileSecrets &secrets,
                                             QObject *parent)
    : Command(parent)
{
    auto client = profiles::ClientFactory::create(profile, secrets);
    if (client)
        m_probe = std::move(client).value();
    else
        m_errorMessage = client.error().message;
}

TestConnectionCommand::~TestConnectionCommand()
{
    // The test uses the probe: it goes first.
    delete m_test;
}

void TestConnectionCommand::doStart()
{
    if (!m_probe)
        return;
    m_test = new auth::ConnectionTest(m_probe.get(), this);
    connect(m_test, &auth::ConnectionTest::progress, this, [this](const auth::ConnectionReport &report) {
        m_report = report;
        Q_EMIT reportChanged(report);
    });
    connect(m_test, &auth::ConnectionTest::finished, this, [this](const auth::ConnectionReport &report) {
        m_report = report;
        finish();
    });
    m_test->start();
}

void TestConnectionCommand::doCancel()
{
    if (m_test)
        m_test->cancel();
}

} // namespace targetdesk::gui
