#pragma once

#include "crypto/cryptoresult.h"
#include "crypto/keytype.h"
#include "crypto/privatekey.h"

#include <QObject>

#include <functional>

namespace targetdesk::keys
{

// Generates a key pair on a worker thread: an RSA 4096 key takes seconds, and a window must stay responsive. The
// result is delivered on the application object's thread (the GUI or the CLI main thread), and dropped when
// `context` is gone by then.
class KeyGeneration
{
public:
    static void start(crypto::KeyType type, QObject *context,
                      std::function<void(crypto::CryptoResult<crypto::PrivateKey>)> done);
};

} // namespace targetdesk::keys
