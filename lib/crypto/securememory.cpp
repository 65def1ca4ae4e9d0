#include "securememory.h"

#include <openssl/crypto.h>

#include <atomic>

namespace targetdesk::crypto
{

namespace
{

std::atomic<quint64> wiped{0};

// Zeroes the buffer in place when this object is its only owner; data() is not called on a shared buffer, as it
// would detach (copy the secret) first.
template <typename Container>
bool wipeContainer(Container &container, size_t unit)
{
    if (container.isEmpty()) {
        container.clear();
        return true;
    }
    if (!container.isDetached()) {
        container = Container(); // shared or raw data: not ours to overwrite
        return false;
    }
    OPENSSL_cleanse(container.data(), static_cast<size_t>(container.size()) * unit);
    ++wiped;
    container.resize(0); // empty, the zeroed allocation goes with the object
    return true;
}

} // namespace

bool wipe(QByteArray &bytes)
{
    return wipeContainer(bytes, 1);
}

bool wipe(QString &text)
{
    return wipeContainer(text, sizeof(QChar));
}

void wipe(void *data, qsizetype size)
{
    if (data && size > 0) {
        OPENSSL_cleanse(data, static_cast<size_t>(size));
        ++wiped;
    }
}

quint64 testing::wipedBuffers()
{
    return wiped.load();
}

} // namespace targetdesk::crypto
