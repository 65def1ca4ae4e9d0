#pragma once

#include "commands/command.h"
#include "model/execution.h"
#include "model/publickey.h"

#include <QList>

#include <optional>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// What a test delivery to one target needs from ZITADEL: the executions that call the target (to offer their
// conditions) and, for JWE targets, the key ZITADEL would encrypt with (the active, unexpired one). A failed
// listing of the executions is not fatal (any condition can still be typed); a failed key listing is the error. The
// client is not owned and must outlive the command.
class LoadTestDeliveryCommand : public Command
{
    Q_OBJECT
public:
    LoadTestDeliveryCommand(ZitadelClient *client, const QString &targetId, bool needsKey, QObject *parent = nullptr);

    QString targetId() const { return m_targetId; }
    const QList<Execution> &executions() const { return m_executions; }
    // Why the executions could not be listed (empty when they were).
    QString executionsError() const { return m_executionsError; }
    // The key ZITADEL encrypts with; nullopt when the target has none usable (or needs none).
    const std::optional<PublicKey> &encryptionKey() const { return m_key; }
    // Why there is no usable key (none active, the active one expired), for people.
    QString keyProblem() const { return m_keyProblem; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void step();

    ZitadelClient *m_client;
    QString m_targetId;
    bool m_needsKey;
    int m_pending = 0;
    QList<Execution> m_executions;
    QString m_executionsError;
    std::optional<PublicKey> m_key;
    QString m_keyProblem;
    std::optional<ApiError> m_keyError;
};

} // namespace targetdesk::gui
