#include "commands/sendtestdeliverycommand.h"

namespace targetdesk::gui
{

SendTestDeliveryCommand::SendTestDeliveryCommand(delivery::DeliveryRequest request, QObject *parent)
    : Command(parent), m_request(std::move(request)), m_sender(new delivery::Sender(this))
{
}

void SendTestDeliveryCommand::doStart()
{
    m_sentAt = QDateTime::currentDateTimeUtc();
    m_sender->send(m_request, [this](const delivery::DeliveryResponse &response) {
        m_response = response;
        m_verdict = delivery::judge(m_request, response);
        finish();
    });
}

void SendTestDeliveryCommand::doCancel()
{
    // The sender ends the exchange and calls back with "cancelled"; that finishes the command.
    m_sender->cancelAll();
}

} // namespace targetdesk::gui
