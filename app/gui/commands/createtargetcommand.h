#pragma once

#include "commands/command.h"
#include "model/target.h"

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// "Save" of a new target: creates it in ZITADEL. The client is not owned and must outlive the command.
class CreateTargetCommand : public Command
{
    Q_OBJECT
public:
    // `target` as typed into the form; its id and dates are ignored.
    CreateTargetCommand(ZitadelClient *client, const Target &target, QObject *parent = nullptr);

    // After success: the target with the id, dates and signing key ZITADEL gave it.
    const Target &target() const { return m_target; }

protected:
    void doStart() override;

private:
    ZitadelClient *m_client;
    Target m_target;
};

} // namespace targetdesk::gui
