#pragma once

#include "api/targetmessages.h"
#include "commandline.h"

#include <QObject>

#include <optional>

namespace targetdesk
{
class ZitadelClient;
struct ApiError;

namespace cli
{
class ProfileConnection;

// `targetdesk-cli targets list|get|create|update|delete`: checks the options, runs the API calls asynchronously
// and prints text or ZITADEL's JSON. When done it ends the event loop with the command's exit code.
class TargetCommands : public QObject
{
    Q_OBJECT
public:
    explicit TargetCommands(const CommandLine &commandLine, QObject *parent = nullptr);

    // Reads the environment and checks every option. On a problem prints it and returns the exit code; nullopt
    // when the command can start.
    std::optional<int> prepare();
    // Call with the event loop running (or about to run): the command ends it with QCoreApplication::exit().
    void start();

private:
    std::optional<int> prepareList();
    std::optional<int> prepareCreate();
    std::optional<int> prepareUpdate();

    void list();
    void get();
    void create();
    void update();
    void sendUpdate();
    void remove();
    void deleteNow();

    void fail(const ApiError &error);
    void finish(int code);
    void printJson(const QJsonObject &object);
    void printSigningKey(const QString &label, const QString &key);

    const CommandLine &m_commandLine;
    ZitadelClient *m_client;
    ProfileConnection *m_connection;
    bool m_json = false;
    QString m_id;

    TargetQuery m_query;
    QList<Target> m_targets;

    CreateTargetRequest m_create;
    TargetPatch m_patch;
    std::optional<TargetType> m_type;
    std::optional<bool> m_interrupt;
};

} // namespace cli
} // namespace targetdesk
