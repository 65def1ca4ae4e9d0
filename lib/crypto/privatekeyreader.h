#pragma once

#include "cryptoresult.h"
#include "privatekey.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace targetdesk::crypto
{

// PrivateKey::fromPem() on a worker thread. An encrypted key file runs the key derivation its author chose (up to
// the caps in privatekey.h: about a second of a core, and with scrypt its memory), which must not freeze a window
// or hold up the event loop of whoever asked. `done` runs on `context`'s thread, never inside the call, and not at
// all once `context` is gone (a null context: the calling thread, always). The reader decrypts its own copies of
// the PEM and the passphrase and wipes them when it is done; the caller may wipe its buffers at once.
class PrivateKeyReader
{
public:
    static void start(const QByteArray &pem, const QByteArray &passphrase, QObject *context,
                      std::function<void(CryptoResult<PrivateKey>)> done);
};

} // namespace targetdesk::crypto
