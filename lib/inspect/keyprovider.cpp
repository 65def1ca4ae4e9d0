#include "keyprovider.h"

namespace targetdesk::inspect
{

QList<KeyCandidate> KeyProvider::keysWithId(const QString &kid) const
{
    QList<KeyCandidate> out;
    if (kid.isEmpty())
        return out;
    for (const KeyCandidate &candidate : candidates()) {
        if (candidate.keyId == kid)
            out.append(candidate);
    }
    return out;
}

} // namespace targetdesk::inspect
