#include "commands/createtargetcommand.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

CreateTargetCommand::CreateTargetCommand(ZitadelClient *client, const Target &target, QObject *parent)
    : Command(parent), m_client(client), m_target(target)
{
}

void CreateTargetCommand::doStart()
{
    CreateTargetRequest request;
    request.name = m_target.name;
    request.type = m_target.type;
    request.interruptOnError = m_target.interruptOnError;
    request.timeout = m_target.timeout;
    request.endpoint = m_target.endpoint;
    request.payloadType = m_target.effectivePayloadType();
    track(m_client->createTarget(request, this, [this](Result<CreateTargetResponse> result) {
        if (!result)
            return fail(result.error());
        m_target.id = result->id;
        m_target.creationDate = m_target.changeDate = result->creationDate;
        m_target.signingKey = result->signingKey;
        finish();
    }));
}

} // namespace targetdesk::gui
