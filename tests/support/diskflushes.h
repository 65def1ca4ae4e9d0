#pragma once

// What this process flushed to disk and which directory entries it created or replaced, in order: for tests that a
// replaced file's directory is flushed after the rename (a crash must not bring back the old file).
// Include this header in exactly one source file of a test executable: it defines fsync, fdatasync, rename,
// renameat, renameat2, link and linkat, which (libc being a shared library) take every such call of the process,
// ours and Qt's (QSaveFile, QSettings) alike. Each is noted while a DiskFlushes::Recording is alive and then handed
// to libc's own function.

#include <QDir>
#include <QFileInfo>
#include <QList>
#include <QString>

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace targetdesk::test
{

struct DiskEvent {
    enum class Kind { Flush, Entry }; // fsync/fdatasync of an open file or directory; rename/link to a name
    Kind kind;
    std::string path; // as the kernel names the flushed file; the new name of an entry (made absolute)
    bool directory = false;
};

class DiskFlushes
{
public:
    // Records from construction to destruction; events() are those of the last recording.
    class Recording
    {
    public:
        Recording()
        {
            const std::lock_guard lock(state().mutex);
            state().events.clear();
            state().recording = true;
        }
        ~Recording()
        {
            const std::lock_guard lock(state().mutex);
            state().recording = false;
        }
        Recording(const Recording &) = delete;
        Recording &operator=(const Recording &) = delete;
    };

    static std::vector<DiskEvent> events()
    {
        const std::lock_guard lock(state().mutex);
        return state().events;
    }

    // Empty when the directory holding `file` was flushed after the last rename or link that put `file` in place
    // (and such a rename or link was seen); otherwise what is missing, with the events for the failure message.
    static QString checkFlushedAfterEntry(const QString &file)
    {
        const std::vector<DiskEvent> all = events();
        const QString name = canonical(file);
        const QString dir = QFileInfo(name).absolutePath();
        qsizetype entry = -1;
        for (size_t i = 0; i < all.size(); ++i) {
            if (all[i].kind == DiskEvent::Kind::Entry && canonical(QString::fromStdString(all[i].path)) == name)
                entry = qsizetype(i);
        }
        if (entry < 0)
            return QStringLiteral("no rename or link to %1 was seen: %2").arg(name, describe(all));
        for (size_t i = size_t(entry) + 1; i < all.size(); ++i) {
            if (all[i].kind == DiskEvent::Kind::Flush && all[i].directory && QString::fromStdString(all[i].path) == dir)
                return {};
        }
        return QStringLiteral("%1 was not flushed after the rename to %2: %3").arg(dir, name, describe(all));
    }

    // Empty when `file` was flushed and then the directory holding it (for a file created in place, no rename).
    static QString checkFlushedAfterFile(const QString &file)
    {
        const std::vector<DiskEvent> all = events();
        const QString name = canonical(file);
        const QString dir = QFileInfo(name).absolutePath();
        qsizetype flushed = -1;
        for (size_t i = 0; i < all.size(); ++i) {
            if (all[i].kind == DiskEvent::Kind::Flush && QString::fromStdString(all[i].path) == name)
                flushed = qsizetype(i);
        }
        if (flushed < 0)
            return QStringLiteral("%1 itself was not flushed: %2").arg(name, describe(all));
        for (size_t i = size_t(flushed) + 1; i < all.size(); ++i) {
            if (all[i].kind == DiskEvent::Kind::Flush && all[i].directory && QString::fromStdString(all[i].path) == dir)
                return {};
        }
        return QStringLiteral("%1 was not flushed after %2 was written: %3").arg(dir, name, describe(all));
    }

    // --- Used by the definitions below ---

    static void noteFlush(int fd)
    {
        if (!isRecording())
            return;
        char link[64];
        std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        char target[4096];
        const ssize_t n = ::readlink(link, target, sizeof target - 1);
        struct stat info = {};
        const bool directory = ::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode);
        add({DiskEvent::Kind::Flush, n > 0 ? std::string(target, size_t(n)) : std::string("?"), directory});
    }

    static void noteEntry(int dirFd, const char *path)
    {
        if (!isRecording() || !path)
            return;
        std::string full = path;
        if (full.empty() || full.front() != '/') {
            char base[4096] = {};
            if (dirFd == AT_FDCWD) {
                if (!::getcwd(base, sizeof base))
                    base[0] = '\0';
            } else {
                char link[64];
                std::snprintf(link, sizeof link, "/proc/self/fd/%d", dirFd);
                const ssize_t n = ::readlink(link, base, sizeof base - 1);
                base[n > 0 ? n : 0] = '\0';
            }
            full = std::string(base) + "/" + full;
        }
        add({DiskEvent::Kind::Entry, full, false});
    }

    template <typename F>
    static F real(const char *name)
    {
        return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
    }

private:
    struct State {
        std::mutex mutex;
        bool recording = false;
        std::vector<DiskEvent> events;
    };
    static State &state()
    {
        static State s;
        return s;
    }
    static bool isRecording()
    {
        const std::lock_guard lock(state().mutex);
        return state().recording;
    }
    static void add(DiskEvent event)
    {
        const std::lock_guard lock(state().mutex);
        if (state().recording)
            state().events.push_back(std::move(event));
    }
    static QString canonical(const QString &path)
    {
        const QFileInfo info(path);
        const QString dir = QFileInfo(info.absolutePath()).canonicalFilePath();
        return QDir::cleanPath((dir.isEmpty() ? info.absolutePath() : dir) + QLatin1Char('/') + info.fileName());
    }
    static QString describe(const std::vector<DiskEvent> &events)
    {
        QStringList out;
        for (const DiskEvent &e : events) {
            out << QStringLiteral("%1 %2").arg(e.kind == DiskEvent::Kind::Entry ? QStringLiteral("entry")
                                               : e.directory                    ? QStringLiteral("flush dir")
                                                                                : QStringLiteral("flush"),
                                               QString::fromStdString(e.path));
        }
        return out.isEmpty() ? QStringLiteral("(nothing)") : out.join(QStringLiteral("; "));
    }
};

} // namespace targetdesk::test

// fsync and fdatasync are cancellation points, so glibc declares them without noexcept; the others with it.
extern "C" {

int fsync(int fd)
{
    static const auto next = targetdesk::test::DiskFlushes::real<int (*)(int)>("fsync");
    targetdesk::test::DiskFlushes::noteFlush(fd);
    return next(fd);
}

int fdatasync(int fd)
{
    static const auto next = targetdesk::test::DiskFlushes::real<int (*)(int)>("fdatasync");
    targetdesk::test::DiskFlushes::noteFlush(fd);
    return next(fd);
}

int rename(const char *from, const char *to) noexcept
{
    static const auto next = targetdesk::test::DiskFlushes::real<int (*)(const char *, const char *)>("rename");
    const int r = next(from, to);
    if (r == 0)
        targetdesk::test::DiskFlushes::noteEntry(AT_FDCWD, to);
    return r;
}

int renameat(int fromDir, const char *from, int toDir, const char *to) noexcept
{
    static const auto next =
        targetdesk::test::DiskFlushes::real<int (*)(int, const char *, int, const char *)>("renameat");
    const int r = next(fromDir, from, toDir, to);
    if (r == 0)
        targetdesk::test::DiskFlushes::noteEntry(toDir, to);
    return r;
}

int renameat2(int fromDir, const char *from, int toDir, const char *to, unsigned int flags) noexcept
{
    static const auto next =
        targetdesk::test::DiskFlushes::real<int (*)(int, const char *, int, const char *, unsigned int)>("renameat2");
    const int r = next(fromDir, from, toDir, to, flags);
    if (r == 0)
        targetdesk::test::DiskFlushes::noteEntry(toDir, to);
    return r;
}

int link(const char *from, const char *to) noexcept
{
    static const auto next = targetdesk::test::DiskFlushes::real<int (*)(const char *, const char *)>("link");
    const int r = next(from, to);
    if (r == 0)
        targetdesk::test::DiskFlushes::noteEntry(AT_FDCWD, to);
    return r;
}

int linkat(int fromDir, const char *from, int toDir, const char *to, int flags) noexcept
{
    static const auto next =
        targetdesk::test::DiskFlushes::real<int (*)(int, const char *, int, const char *, int)>("linkat");
    const int r = next(fromDir, from, toDir, to, flags);
    if (r == 0)
        targetdesk::test::DiskFlushes::noteEntry(toDir, to);
    return r;
}

} // extern "C"
