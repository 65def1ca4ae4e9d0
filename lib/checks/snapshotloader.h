#pragma once

#include "checks/checkengine.h"

#include "api/zitadelclient.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace targetdesk::checks
{

// Reads what the checks look at from an instance: every target, the public keys of the JWE targets, every
// execution, the web keys (a refusal is recorded, not an error: the check says it was skipped) and the method and
// function catalogues. The event types are the catalogue the app ships (lib/model/eventcatalog.h) unless the caller
// sets others. Key lists are read a few at a time. The client must outlive this object; the callback never runs after
// it is destroyed.
class SnapshotLoader : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotLoader(ZitadelClient *client, QObject *parent = nullptr);
    ~SnapshotLoader() override;

    void setEventTypes(const QStringList &types) { m_eventTypes = types; }
    // Fails only when targets or executions cannot be read.
    void load(std::function<void(Result<Snapshot>)> done);

private:
    struct State;
    void listExecutions(const std::shared_ptr<State> &state, quint64 offset);
    void loadKeys(const std::shared_ptr<State> &state);
    void step(const std::shared_ptr<State> &state);

    ZitadelClient *m_client;
    QStringList m_eventTypes;
};

} // namespace targetdesk::checks
