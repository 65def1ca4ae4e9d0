#include "api/auth/connectiontest.h"
#include "api/zitadelclient.h"
#include "commands.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/inputs.h"
#include "core/profileconnection.h"
#include "core/texttable.h"
#include "profilecommand.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include <chrono>
#include <memory>
#include <optional>

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli profiles test NAME`: the GUI's "Test connection" for a saved profile: reachable, TLS, token, read
// and write permission.
class ProfileTestCommand : public ProfileCommand
{
public:
    explicit ProfileTestCommand(const CommandLine &commandLine);

    void start() override;

private:
    std::optional<int> prepareProfiles() override;
    void report(const auth::ConnectionReport &report);

    QString m_profileId;
    std::optional<std::chrono::milliseconds> m_timeout;
    std::shared_ptr<ZitadelClient> m_client;
    auth::ConnectionTest *m_test = nullptr;
};

namespace
{

using State = auth::ConnectionReport::State;

QString stateText(State state)
{
    switch (state) {
    case State::Ok:
        return QStringLiteral("ok");
    case State::Failed:
        return QStringLiteral("failed");
    case State::NotChecked:
        break;
    }
    return QCoreApplication::translate("targetdesk-cli", "not checked");
}

QJsonObject checkJson(const auth::ConnectionReport::Check &check)
{
    return QJsonObject{{QStringLiteral("state"), stateText(check.state)}, {QStringLiteral("detail"), check.detail}};
}

} // namespace

ProfileTestCommand::ProfileTestCommand(const CommandLine &commandLine)
    : ProfileCommand(
          commandLine,
          {.usage = "profiles test NAME",
           .summary = QT_TRANSLATE_NOOP(
               "targetdesk-cli", "Test a profile's connection: reachable, TLS, token, read and write permission."),
           .arguments = {1, 1, " NAME",
                         QT_TRANSLATE_NOOP("targetdesk-cli", "the profile's name: targetdesk-cli %1 NAME")},
           .globalOptions = JsonOption | RequestTimeoutOption})
{
}

std::optional<int> ProfileTestCommand::prepareProfiles()
{
    const QString name = commandLine().arguments().value(0);
    const auto profile = store().find(name);
    if (!profile)
        return usage(QCoreApplication::translate("targetdesk-cli",
                                                 "there is no profile \"%1\" (see targetdesk-cli profiles list)")
                         .arg(name));
    if (profile->builtInSandbox) {
        return usage(QCoreApplication::translate(
            "targetdesk-cli", "the built-in sandbox profile has no fixed address: test a running sandbox with "
                              "'targetdesk-cli targets list --instance URL'"));
    }
    m_profileId = profile->id;
    if (const auto text = commandLine().requestTimeout()) {
        QString error;
        m_timeout = inputs::requestTimeout(*text, commandLine().requestTimeoutOption(), &error);
        if (!m_timeout)
            return invalid(error);
    }
    return std::nullopt;
}

void ProfileTestCommand::start()
{
    profiles::ClientFactory::open(
        store(), m_profileId, this, [this](profiles::ProfileResult<std::shared_ptr<ZitadelClient>> r) {
            if (!r) {
                fail(r.error().message, exitCodeFor(r.error()));
                return;
            }
            m_client = *r;
            if (m_timeout)
                m_client->setTimeout(*m_timeout);
            m_test = new auth::ConnectionTest(m_client.get(), this);
            connect(m_test, &auth::ConnectionTest::finished, this, &ProfileTestCommand::report);
            m_test->start();
        });
}

void ProfileTestCommand::report(const auth::ConnectionReport &report)
{
    const auto profile = store().profile(m_profileId).value_or(profiles::Profile());
    const std::pair<QString, const auth::ConnectionReport::Check *> checks[] = {
        {QStringLiteral("reachable"), &report.reachable}, {QStringLiteral("tls"), &report.tls},
        {QStringLiteral("token"), &report.token},         {QStringLiteral("read"), &report.read},
        {QStringLiteral("write"), &report.write},
    };
    if (json()) {
        QJsonObject o{{QStringLiteral("profile"), profile.name},
                      {QStringLiteral("url"), profile.instanceUrl.toString()},
                      {QStringLiteral("ok"), report.ok()}};
        for (const auto &[name, check] : checks)
            o.insert(name, checkJson(*check));
        if (report.certificate)
            o.insert(QStringLiteral("certificateSha256"), report.certificate->fingerprint);
        printJson(o);
    } else {
        console::out(QStringLiteral("Profile \"%1\" (%2):\n").arg(profile.name, profile.instanceUrl.toString()));
        TextTable table({QStringLiteral("CHECK"), QStringLiteral("RESULT"), QStringLiteral("DETAIL")});
        for (const auto &[name, check] : checks)
            table.addRow({name, stateText(check->state), check->detail});
        console::out(table.toString());
    }
    if (report.ok())
        finish(Success);
    else if (report.reachable.state != State::Ok || report.tls.state == State::Failed)
        finish(NetworkFailure);
    else
        finish(ServerRefused);
}

std::unique_ptr<Command> makeProfileTestCommand(const CommandLine &commandLine)
{
    return std::make_unique<ProfileTestCommand>(commandLine);
}

} // namespace targetdesk::cli
