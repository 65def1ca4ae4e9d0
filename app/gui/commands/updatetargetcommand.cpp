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
    // Checked: ZITADEL can answer 200 without writing a field; the target comes back as ZITADEL holds it.
    track(m_client->updateTargetChecked(m_target.id, m_patch, this, [this](Result<CheckedUpdate> result) {
        if (!result)
            return fail(result.error());
        m_response = result->response;
        m_target = result->target;
        m_notTaken = result->notTaken;
        m_appliedOnThenOff = result->appliedOnThenOff;
        finish();
    }));
}

} // namespace targetdesk::gui
