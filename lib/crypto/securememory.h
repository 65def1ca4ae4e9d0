#pragma once

#include <QByteArray>
#include <QString>

namespace targetdesk::crypto
{

// Overwrites the bytes of a buffer that held a secret (passphrase, private key PEM) and empties it; the zeroed
// allocation stays with the object until it is reassigned or destroyed.
// Detach-safe: a buffer another QByteArray/QString still shares is neither copied (a detach would leave one more
// copy of the secret) nor zeroed (that would corrupt the other owner); this object just lets go of it and false is
// returned: the last owner's wipe zeroes the real buffer. True when the bytes were overwritten (or there were none).
bool wipe(QByteArray &bytes);
bool wipe(QString &text);

// Zeroes raw memory that held a secret (a stack buffer); the compiler cannot drop it as a dead store.
void wipe(void *data, qsizetype size);

namespace testing
{
// How many non-empty buffers were overwritten so far, process-wide: tests use it to see that a path wipes.
quint64 wipedBuffers();
} // namespace testing

} // namespace targetdesk::crypto
