#include "commands/updatetargetcommand.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

UpdateTargetCommand::UpdateTargetCommand(ZitadelClient *client, const Target &target, const TargetPatch &patch,
                                         QObject *parent)
    : Command(parent), m_client(client), m_target(target), m_patch(patch)
{
}

void UpdateTargetCommand::doStart()
{
    track(m_client->updateTarget(m_target.id, m_patch, this, [this](Result<UpdateTargetResponse> result) {
        if (!result)
            return fail(result.error());
        m_response = *result;
        m_target.changeDate = m_response.changeDate;
        if (!m_response.signingKey.isEmpty())
            m_target.signingKey = m_response.signingKey;
        finish();
    }));
}

} // namespace targetdesk::gui
