#pragma once

#include "deliveryrequest.h"
#include "judgement.h"
#include "sender.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace targetdesk
{
class ApiCall;
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::delivery
{

// One finished test delivery: what was sent, what came back, what ZITADEL would make of it.
struct TestDeliveryResult {
    DeliveryRequest request;
    DeliveryResponse response; // empty for a dry run
    Verdict verdict;           // empty for a dry run
    bool sent = false;         // false: dry run, built only
};

// "Does my target work?" for both front ends: loads the target (by id) and, for a JWE target, its public keys
// (picking the usable active one), builds the request ZITADEL would send, sends it with a Sender and judges the
// answer. Without a signer in the options, JWT/JWE payloads are signed with the local test key (made off the
// caller's thread), and the verdict says so. Ends with exactly one of finished() / failed(), unless cancelled.
class TestDelivery : public QObject
{
    Q_OBJECT
public:
    explicit TestDelivery(ZitadelClient *client, QObject *parent = nullptr);
    ~TestDelivery() override;

    // Build only: finished() carries the request, nothing is sent.
    void setDryRun(bool dryRun) { m_dryRun = dryRun; }
    // The sender used (tests set a smaller answer cap or their own network manager on it).
    [[nodiscard]] Sender *sender() const { return m_sender; }

    void start(const QString &targetId, const ExecutionCondition &condition, const BuildOptions &options = {});
    void start(const Target &target, const ExecutionCondition &condition, const BuildOptions &options = {});
    // Stops whatever is running; nothing is emitted afterwards for that run.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    // The request, just before it is sent (or as the result of a dry run).
    void built(const targetdesk::delivery::DeliveryRequest &request);
    void finished(const targetdesk::delivery::TestDeliveryResult &result);
    // Loading, key selection or building failed: one sentence for people.
    void failed(const QString &error);

private:
    void withKey(const Target &target, const ExecutionCondition &condition, BuildOptions options, int run);
    void withSigner(const Target &target, const ExecutionCondition &condition, BuildOptions options, int run);
    void build(const Target &target, const ExecutionCondition &condition, const BuildOptions &options, int run);
    void fail(const QString &error, int run);

    QPointer<ZitadelClient> m_client;
    Sender *m_sender;
    QPointer<ApiCall> m_call;
    bool m_dryRun = false;
    bool m_running = false;
    int m_run = 0; // callbacks of an earlier (cancelled) run are ignored
};

// Picks the key ZITADEL encrypts to: the active one that has not expired. Without one, error says why (none active,
// or the active one expired) for people.
[[nodiscard]] std::optional<PublicKey> usableEncryptionKey(const QList<PublicKey> &keys, QString *error = nullptr);

} // namespace targetdesk::delivery
