#include "privatekeyreader.h"

#include "securememory.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <optional>

namespace targetdesk::crypto
{

namespace
{

struct ReadJob {
    QByteArray pem;
    QByteArray passphrase;
    std::optional<CryptoResult<PrivateKey>> result;
    QPromise<void> promise;

    ~ReadJob()
    {
        wipe(pem);
        wipe(passphrase);
    }
};

} // namespace

void PrivateKeyReader::start(const QByteArray &pem, const QByteArray &passphrase, QObject *context,
                             std::function<void(CryptoResult<PrivateKey>)> done)
{
    auto job = std::make_shared<ReadJob>();
    // Deep copies, not shared buffers: the caller wipes its own, and a wipe never touches a shared one.
    job->pem = QByteArray(pem.constData(), pem.size());
    job->passphrase = QByteArray(passphrase.constData(), passphrase.size());
    job->promise.start();
    // The watcher lives on the caller's thread and dies with the context: the result is then dropped.
    auto *watcher = new QFutureWatcher<void>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, job, done = std::move(done)] {
        watcher->deleteLater();
        // The worker set the result before it finished the promise, which is what fired this signal.
        Q_ASSERT(job->result);
        CryptoResult<PrivateKey> result = std::move(*job->result);
        job->result.reset();
        if (done)
            done(std::move(result));
    });
    watcher->setFuture(job->promise.future());
    QThreadPool::globalInstance()->start([job] {
        job->result = PrivateKey::fromPem(job->pem, job->passphrase);
        wipe(job->pem);
        wipe(job->passphrase);
        job->promise.finish();
    });
}

} // namespace targetdesk::crypto
