#include "auditlog.h"

#include "securefile.h"
#include "vaultentry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace targetdesk::vault
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::vault)
};

struct OperationName {
    AuditOperation operation;
    const char *name;
};

const OperationName kOperations[] = {
    {AuditOperation::Generate, "generate"},
    {AuditOperation::Add, "add"},
    {AuditOperation::Activate, "activate"},
    {AuditOperation::Deactivate, "deactivate"},
    {AuditOperation::BreakGlass, "break-glass"},
    {AuditOperation::Remove, "remove"},
    {AuditOperation::Export, "export"},
    {AuditOperation::Import, "import"},
    {AuditOperation::VaultStore, "vault-store"},
    {AuditOperation::VaultUpdate, "vault-update"},
    {AuditOperation::VaultRemove, "vault-remove"},
};

// A log must never become the place a secret leaks to; a field that looks like key material is dropped whole.
QString redacted(const QString &text)
{
    if (text.contains(QLatin1String("-----BEGIN")) || text.contains(QLatin1String("PRIVATE KEY")))
        return QStringLiteral("[redacted]");
    return text.size() > 2000 ? text.left(2000) + QStringLiteral("...") : text;
}

void insertIfSet(QJsonObject &o, const char *name, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(name), value);
}

// The time first and the fields always in the same order (QJsonObject would sort them), so the file also reads well
// with grep and tail.
QByteArray jsonLine(const AuditEntry &e)
{
    QByteArray line("{");
    const QJsonObject o = e.toJson();
    for (const char *key : {"time", "instance", "target", "keyId", "fingerprint", "operation", "result", "detail"}) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        // A one-element array is the simplest way to have QJsonDocument escape a lone string.
        const QByteArray quoted = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        if (line.size() > 1)
            line.append(',');
        line.append('"').append(key).append("\":").append(quoted);
    }
    line.append("}\n");
    return line;
}

} // namespace

QString auditOperationName(AuditOperation operation)
{
    for (const OperationName &o : kOperations) {
        if (o.operation == operation)
            return QLatin1String(o.name);
    }
    return {};
}

std::optional<AuditOperation> parseAuditOperation(const QString &name)
{
    for (const OperationName &o : kOperations) {
        if (name == QLatin1String(o.name))
            return o.operation;
    }
    return std::nullopt;
}

QJsonObject AuditEntry::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("time"), time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("instance"), instance);
    o.insert(QLatin1String("target"), targetId);
    o.insert(QLatin1String("keyId"), keyId);
    o.insert(QLatin1String("fingerprint"), fingerprint);
    o.insert(QLatin1String("operation"), operation);
    o.insert(QLatin1String("result"), result);
    insertIfSet(o, "detail", detail);
    return o;
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).toUTC();
    e.operation = o.value(QLatin1String("operation")).toString();
    e.result = o.value(QLatin1String("result")).toString();
    if (!e.time.isValid() || e.operation.isEmpty() || e.result.isEmpty())
        return std::nullopt;
    e.instance = o.value(QLatin1String("instance")).toString();
    e.targetId = o.value(QLatin1String("target")).toString();
    e.keyId = o.value(QLatin1String("keyId")).toString();
    e.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    e.detail = o.value(QLatin1String("detail")).toString();
    return e;
}

AuditEntry AuditEntry::make(AuditOperation operation, const QString &instance, const QString &targetId,
                            const QString &keyId, const QString &fingerprint, const QString &error,
                            const QString &detail)
{
    AuditEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.instance = instance;
    e.targetId = targetId;
    e.keyId = keyId;
    e.fingerprint = fingerprint;
    e.operation = auditOperationName(operation);
    e.result = error.isEmpty() ? QStringLiteral("ok") : error;
    e.detail = detail;
    return e;
}

AuditLog::AuditLog(const QString &path, QObject *parent) : QObject(parent), m_path(path)
{
    qRegisterMetaType<AuditEntry>();
}

QString AuditLog::defaultPath()
{
    return dataDirectory() + QStringLiteral("/audit.jsonl");
}

bool AuditLog::append(AuditEntry entry, QString *error)
{
    if (m_path.isEmpty())
        return true;
    QString problem;
    if (write(entry, &problem))
        return true;
    if (error)
        *error = problem;
    Q_EMIT appendFailed(problem);
    return false;
}

bool AuditLog::write(const AuditEntry &original, QString *error)
{
    AuditEntry entry = original;
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    entry.time = entry.time.toUTC();
    for (QString *field : {&entry.instance, &entry.targetId, &entry.keyId, &entry.fingerprint, &entry.operation,
                           &entry.result, &entry.detail})
        *field = redacted(*field);
    if (entry.result.isEmpty())
        entry.result = QStringLiteral("ok");

    QString dirError;
    if (!securefile::makePrivateDirectory(QFileInfo(m_path).absolutePath(), &dirError)) {
        if (error)
            *error = dirError;
        return false;
    }
    QByteArray line = jsonLine(entry);
    // Rotation: one older generation is kept. Under a lock, so two processes do not both move the log away.
    if (QFileInfo(m_path).size() + line.size() > m_maxBytes) {
        QLockFile lock(m_path + QStringLiteral(".lock"));
        if (lock.tryLock(5000) && QFileInfo(m_path).size() + line.size() > m_maxBytes) {
            if (::rename(QFile::encodeName(m_path).constData(), QFile::encodeName(rotatedPath()).constData()) != 0 &&
                errno != ENOENT) {
                if (error)
                    *error = Messages::tr("Cannot rotate the audit log %1: %2")
                                 .arg(QDir::toNativeSeparators(m_path), QString::fromLocal8Bit(std::strerror(errno)));
                return false;
            }
        }
    }
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (error)
            *error = Messages::tr("Cannot open the audit log %1: %2")
                         .arg(QDir::toNativeSeparators(m_path), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // A line torn by a crash must not swallow this entry: end it first (read() skips the torn part and blank lines).
    if (const off_t end = ::lseek(fd, 0, SEEK_END); end > 0) {
        char last = '\n';
        if (::pread(fd, &last, 1, end - 1) == 1 && last != '\n')
            line.prepend('\n');
    }
    // One write() per line: with O_APPEND, lines from concurrent processes never interleave.
    ssize_t n;
    do {
        n = ::write(fd, line.constData(), size_t(line.size()));
    } while (n < 0 && errno == EINTR);
    const int writeError = errno;
    ::close(fd);
    if (n != ssize_t(line.size())) {
        if (error)
            *error = Messages::tr("Cannot write the audit log %1: %2")
                         .arg(QDir::toNativeSeparators(m_path),
                              n < 0 ? QString::fromLocal8Bit(std::strerror(writeError)) : Messages::tr("short write"));
        return false;
    }
    Q_EMIT appended(entry);
    return true;
}

VaultResult<QList<AuditEntry>> AuditLog::read(int maxEntries) const
{
    QList<AuditEntry> entries;
    if (m_path.isEmpty())
        return entries;
    // The older generation first, then the current file.
    for (const QString &path : {rotatedPath(), m_path}) {
        QFile file(path);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly)) {
            return VaultError{VaultError::Kind::Io, Messages::tr("Cannot read the audit log %1: %2")
                                                        .arg(QDir::toNativeSeparators(path), file.errorString())};
        }
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (!doc.isObject())
                continue;
            if (auto e = AuditEntry::fromJson(doc.object()))
                entries.append(std::move(*e));
        }
    }
    if (maxEntries >= 0 && entries.size() > maxEntries)
        entries = entries.mid(entries.size() - maxEntries);
    return entries;
}

QString dataDirectory()
{
    const QString overridden = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TARGETDESK_DATA_DIR"));
    if (!overridden.isEmpty())
        return QDir::cleanPath(overridden);
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/Targetdesk");
}

} // namespace targetdesk::vault
