#pragma once

#include "core/connectedcommand.h"

#include <functional>

namespace targetdesk::cli
{
class KeyContext;

// A key command that talks to ZITADEL (list, add, activate, deactivate, remove): the connection of
// ConnectedCommand plus the audit log and the vault of KeyContext. Every operation that changes a key appends to the
// audit log, failures included.
class KeyCommand : public ConnectedCommand
{
    Q_OBJECT
protected:
    using ConnectedCommand::ConnectedCommand;

    // Created on first use, once the client points at the instance.
    KeyContext &context();
    // The fingerprint of keyId() (from the vault index, else from the server) for the audit entry; empty if unknown.
    void lookupFingerprint(const std::function<void(const QString &)> &then);

private:
    KeyContext *m_context = nullptr;
};

} // namespace targetdesk::cli
