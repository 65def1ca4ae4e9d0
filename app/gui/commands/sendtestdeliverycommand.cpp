#include "commands/sendtestdeliverycommand.h"

namespace targetdesk::gui
{

SendTestDeliveryCommand::SendTestDeliveryCommand(ZitadelClient *client, const Target &target,
                                                 const ExecutionCondition &condition,
                                                 const delivery::BuildOptions &options, QObject *parent)
    : Command(parent), m_delivery(new delivery::TestDelivery(client, this)), m_target(target), m_condition(condition),
      m_options(options)
{
}

void SendTestDeliveryCommand::doStart()
{
    connect(m_delivery, &delivery::TestDelivery::built, this, [this] { m_sentAt = QDateTime::currentDateTimeUtc(); });
    connect(m_delivery, &delivery::TestDelivery::finished, this, [this](const delivery::TestDeliveryResult &result) {
        m_result = result;
        finish();
    });
    connect(m_delivery, &delivery::TestDelivery::failed, this, [this](const QString &error) {
        m_buildError = error;
        finish();
    });
    m_delivery->start(m_target, m_condition, m_options);
}

void SendTestDeliveryCommand::doCancel()
{
    // TestDelivery emits nothing after cancel(): the command ends here.
    m_delivery->cancel();
    finish();
}

} // namespace targetdesk::gui
