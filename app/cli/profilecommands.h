#pragma once

#include "commandline.h"

#include <QObject>

#include <chrono>
#include <memory>
#include <optional>

namespace targetdesk
{
class ZitadelClient;

namespace auth
{
class ConnectionTest;
struct ConnectionReport;
} // namespace auth

namespace profiles
{
class ProfileStore;
}

namespace cli
{

// `targetdesk-cli profiles list|test NAME`: the saved connection profiles (shared with the GUI) and their
// "Test connection". Never prints a secret. When done it ends the event loop with the command's exit code.
class ProfileCommands : public QObject
{
    Q_OBJECT
public:
    explicit ProfileCommands(const CommandLine &commandLine, QObject *parent = nullptr);

    // Checks the options. On a problem prints it and returns the exit code; nullopt when the command can start.
    std::optional<int> prepare();
    // Call with the event loop running (or about to run).
    void start();

private:
    void list();
    void test();
    void report(const auth::ConnectionReport &report);
    void finish(int code);

    const CommandLine &m_commandLine;
    profiles::ProfileStore *m_store;
    bool m_json = false;
    QString m_profileId;
    std::optional<std::chrono::milliseconds> m_timeout;
    std::shared_ptr<ZitadelClient> m_client;
    auth::ConnectionTest *m_test = nullptr;
};

} // namespace cli
} // namespace targetdesk
