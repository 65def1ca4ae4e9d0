#pragma once

#include "core/connectedcommand.h"

#include "api/zitadelclient.h"
#include "vault/auditlog.h"

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

    // A request on keyId() of targetId() that answers with the server's time (activate, remove).
    using KeyRequest = ApiCall *(ZitadelClient::*)(const QString &, const QString &, QObject *, Callback<QDateTime>);
    // Looks up the key's fingerprint, sends `request` and audits its outcome under `operation`; on success calls
    // `done` with the server's time and the fingerprint, then finishes. An error ends the command.
    void changeKey(vault::AuditOperation operation, KeyRequest request,
                   const std::function<void(const QDateTime &, const QString &)> &done);

private:
    KeyContext *m_context = nullptr;
};

} // namespace targetdesk::cli
