#include "commands/command.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

Command::Command(QObject *parent) : QObject(parent) {}

Command::~Command() = default;

void Command::start()
{
    if (m_started)
        return;
    m_started = true;
    doStart();
}

void Command::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    doCancel();
}

void Command::doCancel()
{
    if (m_call)
        m_call->cancel();
}

void Command::track(ApiCall *call)
{
    m_call = call;
}

void Command::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_call = nullptr;
    Q_EMIT finished();
    deleteLater();
}

void Command::fail(const ApiError &error)
{
    m_error = error;
    finish();
}

} // namespace targetdesk::gui
