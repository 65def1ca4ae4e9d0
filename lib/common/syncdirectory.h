#pragma once

#include <QFile>
#include <QFileInfo>
#include <QString>

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace targetdesk
{

// A rename (or a new file) is only on disk once the directory holding the entry is flushed too: without this a
// crash right after a replace that reported success can bring back the old file, or no file at all. Call it after
// rename() / QSaveFile::commit() / QSettings::sync(). Returns 0, or the errno of the failure.
[[nodiscard]] inline int syncDirectory(const QString &directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int error = 0;
    while (::fsync(fd) != 0) {
        if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    ::close(fd);
    // Some file systems cannot flush a directory; that is no failure of the write.
    return error == EINVAL ? 0 : error;
}

// syncDirectory() of the directory holding `filePath`.
[[nodiscard]] inline int syncDirectoryOf(const QString &filePath)
{
    return syncDirectory(QFileInfo(filePath).absolutePath());
}

} // namespace targetdesk
