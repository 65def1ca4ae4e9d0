#pragma once

#include "core/connectedcommand.h"

#include "api/zitadelclient.h"
#include "keys/keyworkflow.h"

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
    // The shared key workflows (lib/keys) on this command's client, vault and audit log.
    keys::KeyWorkflow &workflow();

    enum class Change { Activate, Remove };
    // Looks up the fingerprint of keyId() (for the audit entry), runs `change` through the workflow (which audits
    // it); on success calls `done` with the server's time and the fingerprint, then finishes. An error ends the
    // command.
    void changeKey(Change change, const std::function<void(const QDateTime &, const QString &)> &done);

private:
    KeyContext *m_context = nullptr;
};

} // namespace targetdesk::cli
