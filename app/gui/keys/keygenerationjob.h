#pragma once

#include "crypto/cryptoresult.h"
#include "crypto/keytype.h"
#include "crypto/privatekey.h"

#include <QObject>

#include <functional>

namespace targetdesk::gui
{

// Generates a key pair on a worker thread: an RSA 4096 key takes seconds, and the window must stay responsive.
// The result is delivered on the GUI thread, and dropped when `context` is gone by then.
class KeyGenerationJob
{
public:
    static void start(crypto::KeyType type, QObject *context,
                      std::function<void(crypto::CryptoResult<crypto::PrivateKey>)> done);
};

} // namespace targetdesk::gui
