#include "keychain.h"

#include "crypto/securememory.h"

#include <QCoreApplication>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

namespace targetdesk::vault
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::vault)
};

VaultError keychainError(QKeychain::Error error, const QString &text, const QString &key)
{
    switch (error) {
    case QKeychain::EntryNotFound:
        return {VaultError::Kind::NotFound, Messages::tr("The keychain holds no secret \"%1\"").arg(key)};
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return {VaultError::Kind::AccessDenied, Messages::tr("The keychain refused access: %1").arg(text)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {VaultError::Kind::KeychainUnavailable, Messages::tr("No keychain is available: %1").arg(text)};
    default:
        break;
    }
    // QtKeychain reports a missing session bus or Secret Service as OtherError; say what to do about it.
    if (text.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive) ||
        text.contains(QLatin1String("DBus"), Qt::CaseInsensitive) ||
        text.contains(QLatin1String("org.freedesktop.secrets"))) {
        return {VaultError::Kind::KeychainUnavailable,
                Messages::tr("No keychain is available (%1); on Linux a Secret Service such as GNOME Keyring or "
                             "KWallet must run in the session")
                    .arg(text)};
    }
    return {VaultError::Kind::Keychain, Messages::tr("The keychain failed: %1").arg(text)};
}

} // namespace

std::chrono::milliseconds Keychain::timeout()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("TARGETDESK_KEYCHAIN_TIMEOUT", &ok);
    return std::chrono::seconds(ok && seconds > 0 ? seconds : 60);
}

void Keychain::write(const QString &key, QByteArray secret, QObject *owner, Callback done) const
{
    run(Op::Write, key, std::move(secret), owner, std::move(done));
}

void Keychain::read(const QString &key, QObject *owner, Callback done) const
{
    run(Op::Read, key, {}, owner, std::move(done));
}

void Keychain::remove(const QString &key, QObject *owner, Callback done) const
{
    run(Op::Delete, key, {}, owner, std::move(done));
}

void Keychain::run(Op op, const QString &key, QByteArray secret, QObject *owner, Callback done) const
{
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setBinaryData(secret);
        job = write;
        break;
    }
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);

    // Holding a reference until the job is gone means this copy is the last owner of the buffer the job used, so
    // the wipe overwrites that memory instead of detaching from it.
    auto holder = std::make_shared<QByteArray>(std::move(secret));
    // The job has no parent: a job deleted with its owner while the keychain still works on it would be called back
    // after it is gone. It deletes itself once finished; only the answer is dropped with the owner.
    QObject::connect(job, &QObject::destroyed, [holder] { crypto::wipe(*holder); });
    // Whichever comes first, the job's answer or the timeout, is delivered; the other finds nothing to deliver.
    struct Pending {
        Callback done;
    };
    auto pending = std::make_shared<Pending>(Pending{std::move(done)});
    const auto limit = timeout();
    QTimer::singleShot(limit, owner, [pending, limit] {
        if (!pending->done)
            return;
        const Callback deliver = std::exchange(pending->done, nullptr);
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
        deliver(VaultError{VaultError::Kind::Keychain,
                           Messages::tr("The keychain did not answer within %n s; it may be locked and waiting for its "
                                        "password. Unlock it (or answer its prompt) and try again.",
                                        nullptr, int(seconds))});
    });
    QObject::connect(job, &QKeychain::Job::finished, owner, [op, key, holder, pending](QKeychain::Job *j) {
        if (!pending->done)
            return;
        const Callback deliver = std::exchange(pending->done, nullptr);
        if (j->error() != QKeychain::NoError) {
            deliver(keychainError(j->error(), j->errorString(), key));
            return;
        }
        if (op != Op::Read) {
            deliver(QByteArray());
            return;
        }
        *holder = static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData();
        deliver(*holder);
    });
    job->start();
}

} // namespace targetdesk::vault
