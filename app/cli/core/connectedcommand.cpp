#include "connectedcommand.h"

#include "api/zitadelclient.h"
#include "authhint.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "profileconnection.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

namespace
{

Command::Declaration withAllGlobalOptions(Command::Declaration declaration)
{
    declaration.globalOptions = Command::AllGlobalOptions;
    return declaration;
}

} // namespace

ConnectedCommand::ConnectedCommand(const CommandLine &commandLine, Declaration declaration)
    : Command(commandLine, withAllGlobalOptions(std::move(declaration)))
{
}

std::optional<int> ConnectedCommand::prepare()
{
    m_client = new ZitadelClient(this);
    m_connection = new ProfileConnection(commandLine(), this);

    // Usage errors first (exit 2): what is missing from the command line or the environment.
    if (const auto code = m_connection->checkUsage())
        return code;
    if (const auto code = checkUsage())
        return code;

    // Then the values (exit 3): nothing has been sent yet.
    if (const auto code = m_connection->configure(*m_client))
        return code;
    const QStringList arguments = commandLine().arguments();
    if (!arguments.isEmpty() && arguments.at(0).trimmed().isEmpty())
        return invalid(QCoreApplication::translate("targetdesk-cli", "the target id is empty"));
    if (arguments.size() > 1 && arguments.at(1).trimmed().isEmpty())
        return invalid(QCoreApplication::translate("targetdesk-cli", "the key id is empty"));
    return prepareValues();
}

void ConnectedCommand::start()
{
    if (m_connection->pending()) {
        // A profile's secret comes from the keychain first.
        m_connection->connect(*m_client, [this](std::optional<int> code) { code ? finish(*code) : run(); });
        return;
    }
    run();
}

QString ConnectedCommand::targetId() const
{
    return commandLine().arguments().value(0);
}

QString ConnectedCommand::keyId() const
{
    return commandLine().arguments().value(1);
}

void ConnectedCommand::fail(const ApiError &error, int code)
{
    console::error(error.toString());
    if (error.kind == ApiError::Kind::Server) {
        console::err(authHint(error, *m_client, ProfileConnection::requested(commandLine())));
        finish(code >= 0 ? code : ServerRefused);
        return;
    }
    if (error.kind == ApiError::Kind::MalformedResponse) {
        console::err(QCoreApplication::translate("targetdesk-cli", "hint: is %1 the URL of a ZITADEL instance?\n")
                         .arg(m_client->instance().toDisplayString()));
    }
    finish(code >= 0 ? code : error.kind == ApiError::Kind::InvalidRequest ? InvalidInput : NetworkFailure);
}

} // namespace targetdesk::cli
