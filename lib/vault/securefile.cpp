#include "securefile.h"

#include "common/syncdirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace targetdesk::vault::securefile
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::vault)
};

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

VaultError ioError(const QString &what, const QString &path, int error)
{
    return {VaultError::Kind::Io,
            Messages::tr("Cannot %1 %2: %3").arg(what, QDir::toNativeSeparators(path), systemError(error))};
}

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += n;
    }
    return ::fsync(fd) == 0;
}

// Creates `path` exclusively (no symlink followed, nothing replaced) and writes the bytes into it.
VaultResult<QString> createExclusive(const QString &path, const QByteArray &bytes, unsigned mode)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode));
    if (fd < 0) {
        const int error = errno;
        if (error == EEXIST) {
            return VaultError{VaultError::Kind::Exists,
                              Messages::tr("%1 already exists").arg(QDir::toNativeSeparators(path))};
        }
        return ioError(Messages::tr("create"), path, error);
    }
    // The umask may have taken bits away, never added them; make the mode exact.
    ::fchmod(fd, mode_t(mode));
    const bool ok = writeAll(fd, bytes);
    const int error = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(native.constData());
        return ioError(Messages::tr("write"), path, error);
    }
    return QFileInfo(path).absoluteFilePath();
}

// The new directory entry (a created file, or the rename over the old one) must survive a crash as well.
VaultResult<QString> syncEntry(const QString &path)
{
    if (const int error = syncDirectoryOf(path))
        return ioError(Messages::tr("flush the directory of"), path, error);
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

VaultResult<QString> write(const QString &path, const QByteArray &bytes, unsigned mode, Overwrite overwrite)
{
    if (path.isEmpty())
        return VaultError{VaultError::Kind::InvalidArgument, Messages::tr("No file name given")};
    if (overwrite == Overwrite::Refuse) {
        auto created = createExclusive(path, bytes, mode);
        return created ? syncEntry(path) : created;
    }

    const QFileInfo info(path);
    if (info.isDir())
        return VaultError{VaultError::Kind::Io, Messages::tr("%1 is a directory").arg(QDir::toNativeSeparators(path))};
    const QString temporary =
        info.absolutePath() + QStringLiteral("/.%1.%2.tmp")
                                  .arg(info.fileName())
                                  .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    auto written = createExclusive(temporary, bytes, mode);
    if (!written)
        return written.error();
    // rename() replaces a symlink itself, never the file it points to.
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0) {
        const int error = errno;
        ::unlink(QFile::encodeName(temporary).constData());
        return ioError(Messages::tr("replace"), path, error);
    }
    return syncEntry(path);
}

VaultResult<QByteArray> read(const QString &path, qint64 maxSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return VaultError{file.error() == QFileDevice::OpenError && !file.exists() ? VaultError::Kind::NotFound
                                                                                   : VaultError::Kind::Io,
                          Messages::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString())};
    }
    if (file.size() > maxSize) {
        return VaultError{VaultError::Kind::Io, Messages::tr("%1 is larger than %2 bytes; not a key file")
                                                    .arg(QDir::toNativeSeparators(path))
                                                    .arg(maxSize)};
    }
    QByteArray bytes = file.read(maxSize + 1);
    if (bytes.size() > maxSize) {
        bytes.fill('\0');
        return VaultError{VaultError::Kind::Io, Messages::tr("%1 is larger than %2 bytes; not a key file")
                                                    .arg(QDir::toNativeSeparators(path))
                                                    .arg(maxSize)};
    }
    return bytes;
}

bool makePrivateDirectory(const QString &path, QString *error)
{
    QDir dir(path);
    if (dir.exists())
        return true;
    if (!QDir().mkpath(path)) {
        if (error)
            *error = Messages::tr("Cannot create the directory %1").arg(QDir::toNativeSeparators(path));
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

} // namespace targetdesk::vault::securefile
