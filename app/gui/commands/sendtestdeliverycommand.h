#pragma once

#include "commands/command.h"
#include "delivery/testdelivery.h"

#include <QDateTime>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// Sends one test delivery to a target through delivery::TestDelivery: built as ZITADEL builds it (the options carry
// the body, the signer and the encryption key the dialog showed), sent with the target's timeout and ZITADEL's
// client limits, and judged as ZITADEL judges the answer. A target that cannot be reached is a result, not an
// error: finished() then comes with result() filled in. buildError() is set when nothing could be sent. The client is
// not owned and must outlive the command.
class SendTestDeliveryCommand : public Command
{
    Q_OBJECT
public:
    SendTestDeliveryCommand(ZitadelClient *client, const Target &target, const ExecutionCondition &condition,
                            const delivery::BuildOptions &options, QObject *parent = nullptr);

    const Target &target() const { return m_target; }
    // What went out and what came back (valid when buildError() is empty and the command was not cancelled).
    const delivery::TestDeliveryResult &result() const { return m_result; }
    QString buildError() const { return m_buildError; }
    QDateTime sentAt() const { return m_sentAt; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    delivery::TestDelivery *m_delivery;
    Target m_target;
    ExecutionCondition m_condition;
    delivery::BuildOptions m_options;
    delivery::TestDeliveryResult m_result;
    QString m_buildError;
    QDateTime m_sentAt;
};

} // namespace targetdesk::gui
