#include "vault.h"

#include "keychain.h"
#include "securefile.h"

#include "crypto/privatekeyreader.h"
#include "crypto/securememory.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace targetdesk::vault
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::vault)
};

// Key files and PEM text larger than this are not key files (an RSA 16384 PKCS#8 PEM is about 13 KiB).
constexpr qint64 kMaxKeyFileSize = 1024 * 1024;
constexpr int kIndexVersion = 1;

QString secretName(const QString &fingerprint)
{
    return QStringLiteral("private-key ") + fingerprint;
}

VaultError cryptoError(const crypto::CryptoError &error)
{
    using K = crypto::CryptoError::Kind;
    switch (error.kind) {
    case K::PassphraseRequired:
        return {VaultError::Kind::PassphraseRequired, error.message};
    case K::WrongPassphrase:
        return {VaultError::Kind::WrongPassphrase, error.message};
    case K::Internal:
        return {VaultError::Kind::Keychain, error.message};
    default:
        return {VaultError::Kind::InvalidKey, error.message};
    }
}

QString keyTypeOf(const crypto::PrivateKey &key)
{
    if (const auto type = key.type())
        return crypto::keyTypeName(*type);
    return key.description();
}

QString kdfDetail(crypto::PassphraseKdf kdf)
{
    return kdf == crypto::PassphraseKdf::Scrypt ? QStringLiteral("pkcs8 scrypt aes-256-cbc")
                                                : QStringLiteral("pkcs8 pbkdf2 aes-256-cbc");
}

struct IndexRead {
    QList<VaultEntry> entries;
    QStringList removing; // fingerprints whose secret is being deleted (tombstones, see Vault::remove())
    QString error;
};

IndexRead readIndexFile(const QString &path)
{
    IndexRead out;
    QFile file(path);
    if (!file.exists())
        return out;
    if (!file.open(QIODevice::ReadOnly)) {
        out.error =
            Messages::tr("Cannot read the vault index %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonObject root = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        !root.value(QLatin1String("entries")).isArray()) {
        out.error = Messages::tr("The vault index %1 is damaged; move it away to start a new one (the keys stay in "
                                 "the keychain)")
                        .arg(QDir::toNativeSeparators(path));
        return out;
    }
    for (const QJsonValue &v : root.value(QLatin1String("entries")).toArray()) {
        if (auto e = VaultEntry::fromJson(v.toObject()))
            out.entries.append(std::move(*e));
    }
    for (const QJsonValue &v : root.value(QLatin1String("removing")).toArray()) {
        if (!v.toString().isEmpty())
            out.removing.append(v.toString());
    }
    return out;
}

} // namespace

VaultSettings VaultSettings::defaults()
{
    return {dataDirectory() + QStringLiteral("/vault-index.json"), QStringLiteral("Targetdesk"),
            AuditLog::defaultPath()};
}

Vault::Vault(QObject *parent) : Vault(VaultSettings::defaults(), parent) {}

Vault::Vault(const VaultSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_audit(new AuditLog(settings.auditLogPath, this))
{
    qRegisterMetaType<VaultEntry>();
}

Vault::~Vault() = default;

// --- Index ----------------------------------------------------------------------------------------------------------

void Vault::refresh() const
{
    const QFileInfo info(m_settings.indexPath);
    const QDateTime modified = info.exists() ? info.lastModified() : QDateTime();
    const qint64 size = info.exists() ? info.size() : -1;
    if (modified == m_indexModified && size == m_indexSize && (m_indexSize != -1 || m_entries.isEmpty()))
        return;
    IndexRead read = readIndexFile(m_settings.indexPath);
    m_entries = std::move(read.entries);
    m_indexError = read.error;
    m_indexModified = modified;
    m_indexSize = size;
}

QList<VaultEntry> Vault::entries() const
{
    refresh();
    return m_entries;
}

QList<VaultEntry> Vault::entriesForInstance(const QString &instance) const
{
    const QString wanted = normalizeInstance(instance);
    QList<VaultEntry> out;
    for (const VaultEntry &e : entries()) {
        if (e.instance == wanted)
            out.append(e);
    }
    return out;
}

QList<VaultEntry> Vault::entriesForTarget(const QString &instance, const QString &targetId) const
{
    QList<VaultEntry> out;
    for (const VaultEntry &e : entriesForInstance(instance)) {
        if (e.targetId == targetId)
            out.append(e);
    }
    return out;
}

QList<VaultEntry> Vault::findByKeyId(const QString &keyId, const QString &instance) const
{
    const QString wanted = normalizeInstance(instance);
    QList<VaultEntry> out;
    if (keyId.isEmpty())
        return out;
    for (const VaultEntry &e : entries()) {
        if (e.keyId == keyId && (wanted.isEmpty() || e.instance == wanted))
            out.append(e);
    }
    return out;
}

QList<VaultEntry> Vault::findByFingerprint(const QString &fingerprint) const
{
    QList<VaultEntry> out;
    for (const VaultEntry &e : entries()) {
        if (e.fingerprint == fingerprint)
            out.append(e);
    }
    return out;
}

QString Vault::indexError() const
{
    refresh();
    return m_indexError;
}

struct Vault::PendingChange {
    IndexChange change;
    std::function<void(VaultResult<VaultEntry>)> done;
    QDeadlineTimer deadline;
    int delayMs = 0;
};

VaultError Vault::busyError() const
{
    return {VaultError::Kind::Busy,
            Messages::tr("The vault is busy (another Targetdesk or targetdesk-cli is changing it); try again.")};
}

VaultResult<VaultEntry> Vault::changeIndex(const IndexChange &change)
{
    if (auto result = tryChangeIndex(change, std::max(0, m_settings.lockTimeoutMs)))
        return std::move(*result);
    return busyError();
}

void Vault::changeIndexLater(IndexChange change, std::function<void(VaultResult<VaultEntry>)> done)
{
    auto pending = std::make_shared<PendingChange>();
    pending->change = std::move(change);
    pending->done = std::move(done);
    pending->deadline = QDeadlineTimer(std::max(0, m_settings.lockTimeoutMs));
    pending->delayMs = 10;
    retryChange(pending);
}

void Vault::retryChange(const std::shared_ptr<PendingChange> &pending)
{
    if (auto result = tryChangeIndex(pending->change, 0)) {
        pending->done(std::move(*result));
        return;
    }
    if (pending->deadline.hasExpired()) {
        pending->done(busyError());
        return;
    }
    // Another process changes the index in milliseconds; a lock held longer is someone waiting on a keychain prompt
    // or a stale lock about to be taken over, so back off up to a quarter second between tries.
    const int delay = int(std::min<qint64>(pending->delayMs, std::max<qint64>(1, pending->deadline.remainingTime())));
    pending->delayMs = std::min(pending->delayMs * 2, 250);
    QTimer::singleShot(delay, this, [this, pending] { retryChange(pending); });
}

std::optional<VaultResult<VaultEntry>> Vault::tryChangeIndex(const IndexChange &change, int waitMs)
{
    const QString path = m_settings.indexPath;
    QString dirError;
    if (!securefile::makePrivateDirectory(QFileInfo(path).absolutePath(), &dirError))
        return VaultError{VaultError::Kind::Io, dirError};
    // The GUI and the CLI may change the index at the same time.
    QLockFile lock(path + QStringLiteral(".lock"));
    if (!lock.tryLock(waitMs)) {
        if (lock.error() == QLockFile::LockFailedError)
            return std::nullopt;
        return VaultError{VaultError::Kind::Io, Messages::tr("Cannot lock the vault index %1 (lock file %2)")
                                                    .arg(QDir::toNativeSeparators(path),
                                                         QDir::toNativeSeparators(path + QStringLiteral(".lock")))};
    }
    IndexRead read = readIndexFile(path);
    if (!read.error.isEmpty())
        return VaultError{VaultError::Kind::Io, read.error};
    auto result = change(read.entries, read.removing);
    if (!result)
        return result;

    QJsonArray array;
    for (const VaultEntry &e : std::as_const(read.entries))
        array.append(e.toJson());
    QJsonObject root{{QStringLiteral("version"), kIndexVersion}, {QStringLiteral("entries"), array}};
    if (!read.removing.isEmpty())
        root.insert(QStringLiteral("removing"), QJsonArray::fromStringList(read.removing));
    const auto written = securefile::write(path, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                           securefile::kPrivateMode, securefile::Overwrite::Replace);
    if (!written)
        return VaultResult<VaultEntry>(written.error());
    m_entries = read.entries;
    m_indexError.clear();
    const QFileInfo info(path);
    m_indexModified = info.lastModified();
    m_indexSize = info.size();
    Q_EMIT entriesChanged();
    return result;
}

Vault::IndexChange Vault::bindChange(const QString &fingerprint, const QString &instance, const QString &targetId,
                                     const QString &keyId)
{
    return [=](QList<VaultEntry> &entries, QStringList &removing) -> VaultResult<VaultEntry> {
        // Under the index lock: a key whose secret is being deleted cannot gain a binding.
        if (removing.contains(fingerprint)) {
            return VaultError{
                VaultError::Kind::NotFound,
                Messages::tr("The private key with fingerprint %1 is being removed from the vault").arg(fingerprint)};
        }
        VaultEntry *exact = nullptr;
        VaultEntry *unbound = nullptr;
        const VaultEntry *any = nullptr;
        for (VaultEntry &e : entries) {
            if (e.fingerprint != fingerprint)
                continue;
            any = &e;
            if (e.instance == instance && e.targetId == targetId)
                exact = &e;
            else if (!e.isBound() && !unbound)
                unbound = &e;
        }
        if (!any) {
            return VaultError{VaultError::Kind::NotFound,
                              Messages::tr("The vault holds no private key with fingerprint %1").arg(fingerprint)};
        }
        VaultEntry *target = exact ? exact : unbound;
        if (!target) {
            VaultEntry copy = *any;
            copy.instance = instance;
            copy.targetId = targetId;
            copy.keyId.clear();
            entries.append(copy);
            target = &entries.last();
        }
        target->instance = instance;
        target->targetId = targetId;
        if (!keyId.isEmpty())
            target->keyId = keyId;
        return *target;
    };
}

VaultResult<VaultEntry> Vault::bind(const QString &fingerprint, const QString &instance, const QString &targetId,
                                    const QString &keyId)
{
    const QString normalized = normalizeInstance(instance);
    auto result = changeIndex(bindChange(fingerprint, normalized, targetId, keyId));
    audit(AuditOperation::VaultUpdate,
          result ? *result : VaultEntry{normalized, targetId, keyId, fingerprint, {}, {}, {}},
          result ? QString() : result.error().message);
    return result;
}

void Vault::bind(const QString &fingerprint, const QString &instance, const QString &targetId, const QString &keyId,
                 QObject *context, VaultCallback<VaultEntry> done)
{
    const QString normalized = normalizeInstance(instance);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    changeIndexLater(bindChange(fingerprint, normalized, targetId, keyId), [=, this](VaultResult<VaultEntry> result) {
        audit(AuditOperation::VaultUpdate,
              result ? *result : VaultEntry{normalized, targetId, keyId, fingerprint, {}, {}, {}},
              result ? QString() : result.error().message);
        if (!hasContext || guard)
            deliver<VaultEntry>(guard.data(), done, std::move(result));
    });
}

// --- Keychain -------------------------------------------------------------------------------------------------------

void Vault::runKeychainJob(SecretOp op, const QString &fingerprint, QByteArray secret,
                           std::function<void(VaultResult<QByteArray>)> done)
{
    // The keychain names the secret; the vault's users know it by the key's fingerprint.
    auto named = [fingerprint, done](VaultResult<QByteArray> r) {
        if (!r && r.error().kind == VaultError::Kind::NotFound) {
            done(VaultError{VaultError::Kind::NotFound,
                            Messages::tr("The keychain holds no private key with fingerprint %1").arg(fingerprint)});
            return;
        }
        done(std::move(r));
    };
    const Keychain keychain(m_settings.keychainService);
    switch (op) {
    case SecretOp::Write:
        keychain.write(secretName(fingerprint), std::move(secret), this, std::move(named));
        break;
    case SecretOp::Read:
        keychain.read(secretName(fingerprint), this, std::move(named));
        break;
    case SecretOp::Delete:
        keychain.remove(secretName(fingerprint), this, std::move(named));
        break;
    }
}

template <typename T>
void Vault::deliver(QObject *context, const VaultCallback<T> &done, VaultResult<T> result)
{
    if (!done)
        return;
    const bool hasContext = context != nullptr;
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        this,
        [hasContext, guard, done, result = std::move(result)]() mutable {
            if (hasContext && !guard)
                return;
            done(std::move(result));
        },
        Qt::QueuedConnection);
}

void Vault::audit(AuditOperation operation, const VaultEntry &entry, const QString &error, const QString &detail)
{
    m_audit->append(
        AuditEntry::make(operation, entry.instance, entry.targetId, entry.keyId, entry.fingerprint, error, detail));
}

void Vault::store(const crypto::PrivateKey &key, const VaultEntry &entry, QObject *context,
                  VaultCallback<VaultEntry> done)
{
    storeKey(key, entry, AuditOperation::VaultStore, QString(), context, std::move(done));
}

void Vault::storeKey(const crypto::PrivateKey &key, const VaultEntry &entry, AuditOperation operation,
                     const QString &detail, QObject *context, VaultCallback<VaultEntry> done)
{
    VaultEntry record = entry;
    record.instance = normalizeInstance(entry.instance);
    auto refuse = [&](VaultError error) {
        audit(operation, record, error.message, detail);
        deliver<VaultEntry>(context, done, std::move(error));
    };
    if (key.isNull())
        return refuse({VaultError::Kind::InvalidArgument, Messages::tr("No private key to store")});
    const QString fingerprint = key.fingerprint();
    if (!record.fingerprint.isEmpty() && record.fingerprint != fingerprint) {
        return refuse({VaultError::Kind::InvalidKey,
                       Messages::tr("The private key (fingerprint %1) does not belong to the public key %2")
                           .arg(fingerprint, record.fingerprint)});
    }
    record.fingerprint = fingerprint;
    record.keyType = keyTypeOf(key);
    if (!record.created.isValid())
        record.created = QDateTime::currentDateTimeUtc();
    if (const QString error = indexError(); !error.isEmpty())
        return refuse({VaultError::Kind::Io, error});
    auto pem = key.privateKeyPem();
    if (!pem)
        return refuse(cryptoError(pem.error()));

    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    // A secret this call creates (no entry knew the key before) is deleted again if the index cannot list it.
    const bool known = contains(fingerprint);
    runKeychainJob(SecretOp::Write, fingerprint, std::move(pem).value(),
                   [this, record, operation, detail, guard, hasContext, done, known](VaultResult<QByteArray> written) {
                       auto finish = [=, this](VaultResult<VaultEntry> stored) {
                           if (written && !stored && !known) {
                               // Nothing lists this secret: take it out of the keychain again.
                               runKeychainJob(SecretOp::Delete, record.fingerprint, {}, [](VaultResult<QByteArray>) {});
                           }
                           audit(operation, stored ? *stored : record, stored ? QString() : stored.error().message,
                                 detail);
                           if (stored)
                               Q_EMIT entryStored(*stored);
                           if (!hasContext || guard)
                               deliver<VaultEntry>(guard.data(), done, std::move(stored));
                       };
                       if (!written) {
                           finish(written.error());
                           return;
                       }
                       // The index is updated even when the caller is gone: a stored secret must be listed.
                       changeIndexLater(
                           [record](QList<VaultEntry> &entries, QStringList &removing) -> VaultResult<VaultEntry> {
                               if (removing.contains(record.fingerprint)) {
                                   return VaultError{VaultError::Kind::Io,
                                                     Messages::tr("The private key %1 is being removed from the vault "
                                                                  "right now; store it again once that is done")
                                                         .arg(record.fingerprint)};
                               }
                               for (VaultEntry &e : entries) {
                                   if (!e.sameBinding(record))
                                       continue;
                                   if (!record.keyId.isEmpty())
                                       e.keyId = record.keyId;
                                   if (!record.label.isEmpty())
                                       e.label = record.label;
                                   e.keyType = record.keyType;
                                   return e;
                               }
                               entries.append(record);
                               return record;
                           },
                           std::move(finish));
                   });
}

void Vault::load(const QString &fingerprint, QObject *context, VaultCallback<crypto::PrivateKey> done)
{
    if (fingerprint.isEmpty()) {
        deliver<crypto::PrivateKey>(
            context, done, VaultError{VaultError::Kind::InvalidArgument, Messages::tr("No fingerprint given")});
        return;
    }
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    runKeychainJob(SecretOp::Read, fingerprint, {},
                   [this, fingerprint, guard, hasContext, done](VaultResult<QByteArray> secret) {
                       QObject *ctx = hasContext ? guard.data() : nullptr;
                       if (hasContext && !ctx)
                           return;
                       if (!secret) {
                           deliver<crypto::PrivateKey>(ctx, done, secret.error());
                           return;
                       }
                       auto key = crypto::PrivateKey::fromPem(*secret);
                       if (!key) {
                           deliver<crypto::PrivateKey>(
                               ctx, done,
                               VaultError{VaultError::Kind::InvalidKey,
                                          Messages::tr("The keychain entry for %1 is not a usable private key: %2")
                                              .arg(fingerprint, key.error().message)});
                           return;
                       }
                       // Someone may have edited the keychain by hand: never hand out a key under the wrong name.
                       if (key->fingerprint() != fingerprint) {
                           deliver<crypto::PrivateKey>(
                               ctx, done,
                               VaultError{VaultError::Kind::InvalidKey,
                                          Messages::tr("The keychain entry for %1 holds a different key (%2)")
                                              .arg(fingerprint, key->fingerprint())});
                           return;
                       }
                       deliver<crypto::PrivateKey>(ctx, done, std::move(key).value());
                   });
}

void Vault::encryptedPem(const QString &fingerprint, const QByteArray &passphrase, crypto::PassphraseKdf kdf,
                         std::function<void(VaultResult<QByteArray>)> done)
{
    if (passphrase.isEmpty()) {
        deliver<QByteArray>(this, done,
                            VaultError{VaultError::Kind::InvalidArgument,
                                       Messages::tr("An exported private key needs a passphrase; it is never "
                                                    "exported in clear")});
        return;
    }
    // A private copy of the passphrase for the closure, wiped when the last copy of the closure goes away.
    auto secret = std::make_shared<QByteArray>(passphrase.constData(), passphrase.size());
    std::shared_ptr<void> wiper(nullptr, [secret](void *) { crypto::wipe(*secret); });
    load(fingerprint, this, [secret, wiper, kdf, done](VaultResult<crypto::PrivateKey> key) {
        if (!key) {
            done(key.error());
            return;
        }
        auto pem = key->encryptedPrivateKeyPem(*secret, kdf);
        crypto::wipe(*secret);
        if (!pem) {
            done(cryptoError(pem.error()));
            return;
        }
        done(std::move(pem).value());
    });
}

void Vault::exportKey(const QString &fingerprint, const QByteArray &passphrase, QObject *context,
                      VaultCallback<QByteArray> done, crypto::PassphraseKdf kdf)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    encryptedPem(fingerprint, passphrase, kdf,
                 [this, fingerprint, kdf, guard, hasContext, done](VaultResult<QByteArray> pem) {
                     audit(AuditOperation::Export, VaultEntry{{}, {}, {}, fingerprint, {}, {}, {}},
                           pem ? QString() : pem.error().message, kdfDetail(kdf));
                     if (!hasContext || guard)
                         deliver<QByteArray>(guard.data(), done, std::move(pem));
                 });
}

void Vault::exportToFile(const QString &fingerprint, const QString &path, const QByteArray &passphrase, bool overwrite,
                         QObject *context, VaultCallback<QString> done, crypto::PassphraseKdf kdf)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    encryptedPem(fingerprint, passphrase, kdf,
                 [this, fingerprint, path, overwrite, kdf, guard, hasContext, done](VaultResult<QByteArray> pem) {
                     VaultResult<QString> written = pem ? securefile::write(path, *pem, securefile::kPrivateMode,
                                                                            overwrite ? securefile::Overwrite::Replace
                                                                                      : securefile::Overwrite::Refuse)
                                                        : VaultResult<QString>(pem.error());
                     audit(AuditOperation::Export, VaultEntry{{}, {}, {}, fingerprint, {}, {}, {}},
                           written ? QString() : written.error().message,
                           kdfDetail(kdf) + QStringLiteral(" to ") + QDir::toNativeSeparators(path));
                     if (!hasContext || guard)
                         deliver<QString>(guard.data(), done, std::move(written));
                 });
}

void Vault::importPem(const QByteArray &pem, const QByteArray &passphrase, const VaultEntry &entry, QObject *context,
                      VaultCallback<VaultEntry> done)
{
    importKey(pem, passphrase, entry, QString(), QString(), context, std::move(done));
}

void Vault::importFile(const QString &path, const QByteArray &passphrase, const VaultEntry &entry, QObject *context,
                       VaultCallback<VaultEntry> done)
{
    auto bytes = securefile::read(path, kMaxKeyFileSize);
    if (!bytes) {
        audit(AuditOperation::Import, entry, bytes.error().message, QDir::toNativeSeparators(path));
        deliver<VaultEntry>(context, done, bytes.error());
        return;
    }
    QByteArray pem = std::move(bytes).value();
    importKey(pem, passphrase, entry, QDir::toNativeSeparators(path),
              QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()), context, std::move(done));
    crypto::wipe(pem);
}

void Vault::importKey(const QByteArray &pem, const QByteArray &passphrase, const VaultEntry &entry,
                      const QString &failureDetail, const QString &storedDetail, QObject *context,
                      VaultCallback<VaultEntry> done)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    // Decrypting runs the file's own key derivation: on a worker, so the caller's event loop keeps going.
    crypto::PrivateKeyReader::start(pem, passphrase, this, [=, this](crypto::CryptoResult<crypto::PrivateKey> key) {
        if (hasContext && !guard)
            return; // the caller is gone: nothing was stored, nothing to report
        if (!key) {
            const VaultError error = cryptoError(key.error());
            audit(AuditOperation::Import, entry, error.message, failureDetail);
            deliver<VaultEntry>(guard.data(), done, error);
            return;
        }
        storeKey(*key, entry, AuditOperation::Import, storedDetail, guard.data(), done);
    });
}

void Vault::remove(const VaultEntry &entry, QObject *context, VaultCallback<VaultEntry> done)
{
    VaultEntry wanted = entry;
    wanted.instance = normalizeInstance(entry.instance);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    // Under the index lock: drop the binding when others of the key pair remain, or else leave a tombstone, so no
    // bind() can add a binding while the secret is being deleted (the binding goes once the secret is gone).
    auto last = std::make_shared<bool>(false);
    auto mark = [wanted, last](QList<VaultEntry> &entries, QStringList &removing) -> VaultResult<VaultEntry> {
        qsizetype at = -1;
        int bindings = 0;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries.at(i).fingerprint != wanted.fingerprint)
                continue;
            ++bindings;
            if (entries.at(i).sameBinding(wanted))
                at = i;
        }
        if (at < 0 || removing.contains(wanted.fingerprint)) {
            return VaultError{
                VaultError::Kind::NotFound,
                Messages::tr("The vault holds no key %1 for this instance and target").arg(wanted.fingerprint)};
        }
        if (bindings > 1)
            return entries.takeAt(at); // other targets still use this key pair: the secret stays
        *last = true;
        removing.append(wanted.fingerprint);
        return entries.at(at);
    };
    changeIndexLater(std::move(mark), [this, wanted, last, guard, hasContext, done](VaultResult<VaultEntry> marked) {
        if (!marked) {
            audit(AuditOperation::VaultRemove, wanted, marked.error().message);
            if (!hasContext || guard)
                deliver<VaultEntry>(guard.data(), done, marked.error());
            return;
        }
        const VaultEntry record = *marked;
        if (!*last) {
            audit(AuditOperation::VaultRemove, record, QString());
            Q_EMIT entryRemoved(record);
            if (!hasContext || guard)
                deliver<VaultEntry>(guard.data(), done, record);
            return;
        }
        runKeychainJob(SecretOp::Delete, record.fingerprint, {},
                       [this, record, guard, hasContext, done](VaultResult<QByteArray> deleted) {
                           // A secret already missing from the keychain is what we wanted; anything else keeps the
                           // entry (and lifts the tombstone), so the index never hides a secret that still exists.
                           const bool gone = deleted || deleted.error().kind == VaultError::Kind::NotFound;
                           auto unmark = [record, gone](QList<VaultEntry> &entries,
                                                        QStringList &removing) -> VaultResult<VaultEntry> {
                               removing.removeAll(record.fingerprint);
                               if (!gone)
                                   return record;
                               for (qsizetype i = 0; i < entries.size(); ++i) {
                                   if (entries.at(i).sameBinding(record))
                                       return entries.takeAt(i);
                               }
                               return record;
                           };
                           changeIndexLater(std::move(unmark), [this, record, gone, deleted, guard, hasContext,
                                                                done](VaultResult<VaultEntry> removed) {
                               VaultResult<VaultEntry> result =
                                   !gone ? VaultResult<VaultEntry>(deleted.error()) : removed;
                               audit(AuditOperation::VaultRemove, record, result ? QString() : result.error().message);
                               if (result)
                                   Q_EMIT entryRemoved(*result);
                               if (!hasContext || guard)
                                   deliver<VaultEntry>(guard.data(), done, std::move(result));
                           });
                       });
    });
}

} // namespace targetdesk::vault
