#include "keycommand.h"

#include "keycontext.h"

#include "core/exitcode.h"

namespace targetdesk::cli
{

KeyContext &KeyCommand::context()
{
    if (!m_context) {
        m_context = new KeyContext(commandLine(), this);
        m_context->setInstance(client().instance());
    }
    return *m_context;
}

void KeyCommand::lookupFingerprint(const std::function<void(const QString &)> &then)
{
    if (const QString known = context().knownFingerprint(targetId(), keyId()); !known.isEmpty()) {
        then(known);
        return;
    }
    // Only for the audit entry: when the lookup fails the operation still runs and reports its own error.
    PublicKeyQuery query;
    query.keyIds = QStringList{keyId()};
    client().listPublicKeys(targetId(), query, this, [this, then](Result<PublicKeyPage> r) {
        QString fingerprint;
        if (r) {
            for (const PublicKey &k : r->publicKeys) {
                if (k.keyId == keyId())
                    fingerprint = k.fingerprint;
            }
        }
        then(fingerprint);
    });
}

void KeyCommand::changeKey(vault::AuditOperation operation, KeyRequest request,
                           const std::function<void(const QDateTime &, const QString &)> &done)
{
    lookupFingerprint([this, operation, request, done](const QString &fingerprint) {
        (client().*request)(targetId(), keyId(), this, [this, operation, fingerprint, done](Result<QDateTime> r) {
            context().audit(operation, targetId(), keyId(), fingerprint, r ? QString() : r.error().toString());
            if (!r) {
                fail(r.error());
                return;
            }
            done(*r, fingerprint);
            finish(Success);
        });
    });
}

} // namespace targetdesk::cli
