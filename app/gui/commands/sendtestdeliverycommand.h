#pragma once

#include "commands/command.h"
#include "delivery/deliveryrequest.h"
#include "delivery/judgement.h"
#include "delivery/sender.h"

#include <QDateTime>

namespace targetdesk::gui
{

// Sends one test delivery the way ZITADEL's client would (the target's timeout, its redirect and size limits) and
// judges the answer as ZITADEL does. A target that cannot be reached is a result, not an error: finished() always
// comes with response() and verdict() filled in (error() stays empty unless cancelled).
class SendTestDeliveryCommand : public Command
{
    Q_OBJECT
public:
    explicit SendTestDeliveryCommand(delivery::DeliveryRequest request, QObject *parent = nullptr);

    const delivery::DeliveryRequest &request() const { return m_request; }
    const delivery::DeliveryResponse &response() const { return m_response; }
    const delivery::Verdict &verdict() const { return m_verdict; }
    QDateTime sentAt() const { return m_sentAt; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    delivery::DeliveryRequest m_request;
    delivery::DeliveryResponse m_response;
    delivery::Verdict m_verdict;
    delivery::Sender *m_sender;
    QDateTime m_sentAt;
};

} // namespace targetdesk::gui
