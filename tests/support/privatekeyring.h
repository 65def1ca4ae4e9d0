#pragma once

// Tests that use the keychain run against a real Secret Service on a private session bus, never the user's own
// keyring. Call runInPrivateKeyring() first thing in main(): unless the process already runs in such a session it
// re-launches itself under dbus-run-session with an unlocked gnome-keyring-daemon whose keyrings live in a
// temporary directory, and does not return. A missing dbus-run-session or gnome-keyring-daemon fails the test;
// it is never skipped. TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING writes such a main().

#include <QByteArray>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <climits>
#include <unistd.h>

namespace targetdesk::test
{

// Set in the re-launched process: it is inside a private session with a Secret Service.
inline constexpr const char *kPrivateKeyringVariable = "TARGETDESK_TEST_KEYRING";

inline std::string findInPath(const char *program)
{
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

inline void runInPrivateKeyring(int argc, char **argv)
{
    if (std::getenv(kPrivateKeyringVariable))
        return;
    const std::string dbusRunSession = findInPath("dbus-run-session");
    const std::string keyringDaemon = findInPath("gnome-keyring-daemon");
    if (dbusRunSession.empty() || keyringDaemon.empty()) {
        std::fprintf(stderr, "FAIL!  : this test needs a Secret Service: install the Debian packages dbus and "
                             "gnome-keyring (dbus-run-session and gnome-keyring-daemon were not found in PATH)\n");
        std::exit(1);
    }
    char self[PATH_MAX] = {};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        std::fprintf(stderr, "FAIL!  : cannot find the test executable to re-launch it\n");
        std::exit(1);
    }
    // Keyrings, the daemon's control socket and every data file go to a directory of their own, so neither the
    // user's keyring nor a test running in parallel is touched.
    std::string dirTemplate = "/tmp/targetdesk-keyring-XXXXXX";
    if (!::mkdtemp(dirTemplate.data())) {
        std::fprintf(stderr, "FAIL!  : cannot create a temporary directory for the keyring\n");
        std::exit(1);
    }
    const std::string dir = dirTemplate;
    ::setenv(kPrivateKeyringVariable, dir.c_str(), 1);
    ::setenv("XDG_DATA_HOME", (dir + "/data").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (dir + "/config").c_str(), 1);
    ::setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
    ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
    ::unsetenv("GNOME_KEYRING_CONTROL");

    const char *script = "printf %s targetdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null "
                         "|| { echo 'FAIL!  : gnome-keyring-daemon did not start' >&2; exit 1; }; "
                         "\"$0\" \"$@\"; rc=$?; rm -rf \"$TARGETDESK_TEST_KEYRING\"; exit $rc";
    std::vector<char *> args;
    std::string dashes = "--";
    std::string sh = "sh";
    std::string c = "-c";
    std::string scriptText = script;
    std::string selfPath(self, size_t(n));
    args.push_back(const_cast<char *>(dbusRunSession.c_str()));
    args.push_back(dashes.data());
    args.push_back(sh.data());
    args.push_back(c.data());
    args.push_back(scriptText.data());
    args.push_back(selfPath.data());
    for (int i = 1; i < argc; ++i)
        args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(dbusRunSession.c_str(), args.data());
    std::fprintf(stderr, "FAIL!  : cannot run dbus-run-session\n");
    std::exit(1);
}

} // namespace targetdesk::test

// main() of a Qt Test executable that runs in a private keyring: QTEST_MAIN with `Application` (QCoreApplication,
// QApplication) and runInPrivateKeyring() first.
#define TARGETDESK_TEST_MAIN_IN_PRIVATE_KEYRING(Application, TestObject)                                               \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        targetdesk::test::runInPrivateKeyring(argc, argv);                                                             \
        Application app(argc, argv);                                                                                   \
        TestObject test;                                                                                               \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
