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

keys::KeyWorkflow &KeyCommand::workflow()
{
    return context().workflow(client());
}

void KeyCommand::changeKey(Change change, const std::function<void(const QDateTime &, const QString &)> &done)
{
    workflow().lookupFingerprint(keys::KeyRef{targetId(), keyId(), {}}, this,
                                 [this, change, done](QString fingerprint) {
                                     auto finished = [this, fingerprint, done](Result<QDateTime> r) {
                                         if (!r) {
                                             fail(r.error());
                                             return;
                                         }
                                         done(*r, fingerprint);
                                         finish(Success);
                                     };
                                     const keys::KeyRef key{targetId(), keyId(), fingerprint};
                                     if (change == Change::Activate)
                                         workflow().activate(key, keys::Reason::Manual, this, finished);
                                     else
                                         workflow().remove(key, this, finished);
                                 });
}

} // namespace targetdesk::cli
