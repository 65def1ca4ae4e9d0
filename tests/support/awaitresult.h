#pragma once

// Waits for an asynchronous call that delivers any Expected<T, E> (ProfileResult, VaultResult, Result, ...).

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>

#include <optional>

namespace targetdesk::test
{

// Runs the event loop until `start`'s callback delivered (nullopt when the deadline passed first).
template <typename R, typename Start>
std::optional<R> awaitResult(Start start, int timeoutMs = 20000)
{
    std::optional<R> out;
    start([&out](R r) { out.emplace(std::move(r)); });
    QDeadlineTimer deadline(timeoutMs);
    while (!out && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    return out;
}

} // namespace targetdesk::test
