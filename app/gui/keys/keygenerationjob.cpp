#include "keys/keygenerationjob.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

#include <memory>

namespace targetdesk::gui
{

void KeyGenerationJob::start(crypto::KeyType type, QObject *context,
                             std::function<void(crypto::CryptoResult<crypto::PrivateKey>)> done)
{
    QPointer<QObject> guard(context);
    // No parent: the thread must not be destroyed with the context while it still runs; it deletes itself.
    QThread *thread = QThread::create([type, guard, done = std::move(done)] {
        auto key = crypto::PrivateKey::generate(type);
        // Delivered through the application object, which outlives every context: the guard is only read on the
        // GUI thread, where the context is deleted.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, done, key = std::move(key)]() mutable {
                if (guard)
                    done(std::move(key));
            },
            Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("keyGeneration"));
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

} // namespace targetdesk::gui
