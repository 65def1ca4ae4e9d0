#pragma once

#include <QByteArray>
#include <QString>

namespace targetdesk::crypto
{

// Overwrites the bytes of a buffer that held a secret (passphrase, private key PEM) and empties it. Only the copy
// this object owns is wiped: a shared (implicitly copied) buffer is detached first, so wipe the last owner too.
void wipe(QByteArray &bytes);
void wipe(QString &text);

} // namespace targetdesk::crypto
