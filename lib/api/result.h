#pragma once

#include "apierror.h"
#include "common/expected.h"

namespace targetdesk
{

// A value or an ApiError: what every asynchronous API call delivers.
template <typename T>
using Result = Expected<T, ApiError>;

} // namespace targetdesk
