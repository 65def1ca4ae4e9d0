#include "testdelivery.h"

#include "testsigner.h"

#include "api/zitadelclient.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>

namespace targetdesk::delivery
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::delivery)
};

} // namespace

std::optional<PublicKey> usableEncryptionKey(const QList<PublicKey> &keys, QString *error)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const PublicKey &key : keys) {
        if (key.isUsable(now))
            return key;
    }
    if (error) {
        *error = Messages::tr("The target has no active public key: ZITADEL sends nothing to a JWE target until "
                              "one is added and activated.");
        for (const PublicKey &key : keys) {
            if (key.active && key.isExpired(now)) {
                *error = Messages::tr("The target's active public key %1 expired on %2: ZITADEL does not use it "
                                      "and sends nothing.")
                             .arg(key.keyId, key.expirationDate.toUTC().toString(Qt::ISODate));
            }
        }
    }
    return std::nullopt;
}

TestDelivery::TestDelivery(ZitadelClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_sender(new Sender(this))
{
}

TestDelivery::~TestDelivery()
{
    ++m_run;
    if (m_call)
        m_call->cancel();
}

void TestDelivery::start(const QString &targetId, const ExecutionCondition &condition, const BuildOptions &options)
{
    cancel();
    m_running = true;
    const int run = m_run;
    if (!m_client) {
        fail(Messages::tr("No connection to load target %1 from.").arg(targetId), run);
        return;
    }
    m_call = m_client->getTarget(targetId, this, [this, run, targetId, condition, options](Result<Target> target) {
        if (run != m_run)
            return;
        if (!target.ok()) {
            fail(Messages::tr("Could not load target %1: %2").arg(targetId, target.error().toString()), run);
            return;
        }
        withKey(target.value(), condition, options, run);
    });
}

void TestDelivery::start(const Target &target, const ExecutionCondition &condition, const BuildOptions &options)
{
    cancel();
    m_running = true;
    withKey(target, condition, options, m_run);
}

void TestDelivery::cancel()
{
    ++m_run;
    m_running = false;
    if (m_call)
        m_call->cancel();
    m_call = nullptr;
    m_sender->cancelAll();
}

void TestDelivery::withKey(const Target &target, const ExecutionCondition &condition, BuildOptions options, int run)
{
    if (target.effectivePayloadType() != PayloadType::Jwe || options.encryptionKey) {
        withSigner(target, condition, options, run);
        return;
    }
    if (!m_client) {
        fail(Messages::tr("No connection to load the public keys of target %1 from.").arg(target.id), run);
        return;
    }
    PublicKeyQuery query;
    query.limit = 1000;
    m_call = m_client->listPublicKeys(target.id, query, this,
                                      [this, run, target, condition, options](Result<PublicKeyPage> page) mutable {
                                          if (run != m_run)
                                              return;
                                          if (!page.ok()) {
                                              fail(Messages::tr("Could not list the public keys of target %1: %2")
                                                       .arg(target.id, page.error().toString()),
                                                   run);
                                              return;
                                          }
                                          QString why;
                                          options.encryptionKey = usableEncryptionKey(page->publicKeys, &why);
                                          if (!options.encryptionKey) {
                                              fail(why, run);
                                              return;
                                          }
                                          withSigner(target, condition, options, run);
                                      });
}

void TestDelivery::withSigner(const Target &target, const ExecutionCondition &condition, BuildOptions options, int run)
{
    if (target.effectivePayloadType() == PayloadType::Json || options.signer) {
        build(target, condition, options, run);
        return;
    }
    // The local test key takes a moment the first time: made on the pool, continued here.
    auto promise = std::make_shared<QPromise<JwtSigner>>();
    auto *watcher = new QFutureWatcher<JwtSigner>(this);
    connect(watcher, &QFutureWatcher<JwtSigner>::finished, this, [this, watcher, run, target, condition, options] {
        watcher->deleteLater();
        if (run != m_run)
            return;
        BuildOptions withKey = options;
        withKey.signer = watcher->result();
        build(target, condition, withKey, run);
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise] {
        promise->start();
        promise->addResult(localTestSigner());
        promise->finish();
    });
}

void TestDelivery::build(const Target &target, const ExecutionCondition &condition, const BuildOptions &options,
                         int run)
{
    auto request = buildRequest(target, condition, options);
    if (!request.ok()) {
        fail(request.error(), run);
        return;
    }
    emit built(request.value());
    if (run != m_run)
        return; // cancelled from a slot
    if (m_dryRun) {
        m_running = false;
        TestDeliveryResult result;
        result.request = request.value();
        emit finished(result);
        return;
    }
    const DeliveryRequest sent = request.value();
    m_sender->send(sent, [this, run, sent](const DeliveryResponse &response) {
        if (run != m_run)
            return;
        m_running = false;
        TestDeliveryResult result;
        result.request = sent;
        result.response = response;
        result.verdict = judge(sent, response);
        result.sent = true;
        emit finished(result);
    });
}

void TestDelivery::fail(const QString &error, int run)
{
    if (run != m_run)
        return;
    m_running = false;
    emit failed(error);
}

} // namespace targetdesk::delivery
