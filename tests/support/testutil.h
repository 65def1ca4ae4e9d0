#pragma once

// Waiting for the asynchronous calls of the API client: Result<T> callbacks.

#include "api/result.h"
#include "awaitresult.h"

#include <optional>

namespace targetdesk::test
{

// Runs the event loop until an asynchronous call delivers its result (or the deadline passes: then nullopt).
template <typename T, typename Start>
std::optional<Result<T>> await(Start start, int timeoutMs = 15000)
{
    return awaitResult<Result<T>>(start, timeoutMs);
}

// await() for a call whose outcome the test checks either way: a wait that expired is an ApiError of `kind`.
template <typename T, typename Start>
Result<T> awaitApi(Start start, ApiError::Kind kind = ApiError::Kind::Timeout)
{
    auto out = await<T>(start);
    if (!out)
        return ApiError::transport(kind, QStringLiteral("test wait expired"));
    return *out;
}

} // namespace targetdesk::test
