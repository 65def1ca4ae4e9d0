#pragma once

#include "api/targetmessages.h"
#include "api/targetupdate.h"
#include "commands/command.h"
#include "model/target.h"

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// "Save" of an existing target: sends the changed fields to ZITADEL. The client is not owned and must outlive the
// command.
class UpdateTargetCommand : public Command
{
    Q_OBJECT
public:
    // `target` is the target as it should be afterwards; `patch` what differs from ZITADEL's copy.
    UpdateTargetCommand(ZitadelClient *client, const Target &target, const TargetPatch &patch,
                        QObject *parent = nullptr);

    // After success: the target as ZITADEL holds it (read back after the update).
    const Target &target() const { return m_target; }
    const UpdateTargetResponse &response() const { return m_response; }
    // The fields ZITADEL answered but did not write; empty when everything took.
    const QList<UntakenField> &notTaken() const { return m_notTaken; }
    bool appliedOnThenOff() const { return m_appliedOnThenOff; }

protected:
    void doStart() override;

private:
    ZitadelClient *m_client;
    Target m_target;
    TargetPatch m_patch;
    UpdateTargetResponse m_response;
    QList<UntakenField> m_notTaken;
    bool m_appliedOnThenOff = false;
};

} // namespace targetdesk::gui
