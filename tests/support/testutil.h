#pragma once

#include "api/result.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>

#include <functional>
#include <optional>

namespace targetdesk::test
{

// Runs the event loop until an asynchronous call delivers its result (or the deadline passes: then nullopt).
template <typename T, typename Start>
std::optional<Result<T>> await(Start start, int timeoutMs = 15000)
{
    std::optional<Result<T>> out;
    start([&out](Result<T> r) { out.emplace(std::move(r)); });
    QDeadlineTimer deadline(timeoutMs);
    while (!out && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    return out;
}

} // namespace targetdesk::test
