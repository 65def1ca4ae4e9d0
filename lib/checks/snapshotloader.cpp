#include "snapshotloader.h"

#include "model/eventcatalog.h"

namespace targetdesk::checks
{

namespace
{
constexpr quint32 kPage = 1000;
constexpr int kKeyListsInFlight = 4;
} // namespace

struct SnapshotLoader::State {
    Snapshot snapshot;
    std::function<void(Result<Snapshot>)> done;
    std::optional<ApiError> error;
    int pending = 0;
    QStringList keyQueue; // JWE targets whose keys are still to be read
    int keysInFlight = 0;
    bool delivered = false;
};

SnapshotLoader::SnapshotLoader(ZitadelClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_eventTypes(eventcatalog::types())
{
}

SnapshotLoader::~SnapshotLoader() = default;

void SnapshotLoader::load(std::function<void(Result<Snapshot>)> done)
{
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    state->snapshot.eventTypes = m_eventTypes;
    state->pending = 5; // targets, executions, web keys, methods, functions

    TargetQuery query;
    query.limit = kPage;
    query.asc = true;
    m_client->listAllTargets(
        query, this, [state](const TargetPage &page) { state->snapshot.targets += page.targets; },
        [this, state](Result<quint64> r) {
            if (!r) {
                state->error = r.error();
            } else {
                for (const Target &t : std::as_const(state->snapshot.targets)) {
                    if (t.effectivePayloadType() == PayloadType::Jwe)
                        state->keyQueue.append(t.id);
                }
                state->pending += int(state->keyQueue.size());
                loadKeys(state);
            }
            step(state);
        });
    listExecutions(state, 0);
    m_client->listWebKeys(this, [this, state](Result<QList<WebKey>> r) {
        if (r) {
            state->snapshot.webKeys = *r;
        } else {
            state->snapshot.webKeysProblem = r.error().httpStatus == 403
                                                 ? tr("the user may not read them (iam.web_key.read)")
                                                 : r.error().toString();
        }
        step(state);
    });
    m_client->listExecutionMethods(this, [this, state](Result<QStringList> r) {
        if (r)
            state->snapshot.methods = *r;
        step(state);
    });
    m_client->listExecutionFunctions(this, [this, state](Result<QStringList> r) {
        if (r)
            state->snapshot.functions = *r;
        step(state);
    });
}

void SnapshotLoader::listExecutions(const std::shared_ptr<State> &state, quint64 offset)
{
    ExecutionQuery query;
    query.offset = offset;
    query.limit = kPage;
    query.asc = true;
    m_client->listExecutions(query, this, [this, state, offset](Result<ExecutionPage> r) {
        if (!r) {
            state->error = r.error();
            step(state);
            return;
        }
        state->snapshot.executions += r->executions;
        const quint64 next = offset + quint64(r->executions.size());
        // A short or empty page ends the listing whatever totalResult claims.
        if (!r->executions.isEmpty() && quint64(r->executions.size()) == kPage && next < r->totalResult) {
            listExecutions(state, next);
            return;
        }
        step(state);
    });
}

void SnapshotLoader::loadKeys(const std::shared_ptr<State> &state)
{
    while (state->keysInFlight < kKeyListsInFlight && !state->keyQueue.isEmpty()) {
        const QString id = state->keyQueue.takeFirst();
        ++state->keysInFlight;
        PublicKeyQuery query;
        query.limit = kPage;
        m_client->listPublicKeys(id, query, this, [this, state, id](Result<PublicKeyPage> r) {
            --state->keysInFlight;
            // A target whose keys could not be read is left out of the key checks rather than reported wrong.
            if (r)
                state->snapshot.keys.insert(id, r->publicKeys);
            loadKeys(state);
            step(state);
        });
    }
}

void SnapshotLoader::step(const std::shared_ptr<State> &state)
{
    if (--state->pending > 0 || state->delivered)
        return;
    state->delivered = true;
    if (state->error)
        state->done(*state->error);
    else
        state->done(state->snapshot);
}

} // namespace targetdesk::checks
