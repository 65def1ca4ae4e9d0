#include "profilecommands.h"

#include "api/auth/connectiontest.h"
#include "api/tlsoptions.h"
#include "api/zitadelclient.h"
#include "console.h"
#include "exitcode.h"
#include "inputs.h"
#include "profileconnection.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include "texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace targetdesk::cli
{

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
    return QStringLiteral("not checked");
}

QJsonObject checkJson(const auth::ConnectionReport::Check &check)
{
    return QJsonObject{{QStringLiteral("state"), stateText(check.state)}, {QStringLiteral("detail"), check.detail}};
}

} // namespace

ProfileCommands::ProfileCommands(const CommandLine &commandLine, QObject *parent)
    : QObject(parent), m_commandLine(commandLine), m_store(new profiles::ProfileStore(this))
{
}

std::optional<int> ProfileCommands::prepare()
{
    m_json = m_commandLine.isSet(QStringLiteral("json"));
    if (const QString error = m_store->settingsError(); !error.isEmpty()) {
        console::error(QStringLiteral("cannot read the profiles (%1): %2").arg(m_store->settingsFilePath(), error));
        return LocalFailure;
    }
    if (m_commandLine.command() != Command::ProfilesTest)
        return std::nullopt;

    const QString name = m_commandLine.arguments().value(0);
    const auto profile = m_store->find(name);
    if (!profile) {
        console::error(QStringLiteral("there is no profile \"%1\" (see targetdesk-cli profiles list)").arg(name));
        return UsageError;
    }
    if (profile->builtInSandbox) {
        console::error(QStringLiteral("the built-in sandbox profile has no fixed address: test a running sandbox "
                                      "with 'targetdesk-cli targets list --instance URL'"));
        return UsageError;
    }
    m_profileId = profile->id;
    if (const auto text = m_commandLine.requestTimeout()) {
        QString error;
        m_timeout = inputs::requestTimeout(*text, m_commandLine.requestTimeoutOption(), &error);
        if (!m_timeout) {
            console::error(error);
            return InvalidInput;
        }
    }
    return std::nullopt;
}

void ProfileCommands::start()
{
    if (m_commandLine.command() == Command::ProfilesTest)
        test();
    else
        list();
}

void ProfileCommands::list()
{
    const QString lastUsed = m_store->lastUsedId();
    const QList<profiles::Profile> all = m_store->profiles();
    if (m_json) {
        QJsonArray array;
        for (const profiles::Profile &p : all) {
            QJsonObject o{{QStringLiteral("id"), p.id},
                          {QStringLiteral("name"), p.name},
                          {QStringLiteral("url"), p.instanceUrl.toString()},
                          {QStringLiteral("method"), profiles::authMethodKey(p.method)},
                          {QStringLiteral("auth"), p.authSummary()},
                          {QStringLiteral("color"), profiles::profileColorKey(p.color)},
                          {QStringLiteral("insecure"), p.insecure},
                          {QStringLiteral("caCertificate"), !p.caCertificatesPem.isEmpty()},
                          {QStringLiteral("lastUsed"), p.id == lastUsed},
                          {QStringLiteral("builtIn"), p.builtInSandbox}};
            if (!p.pinnedSha256.isEmpty())
                o.insert(QStringLiteral("pinnedSha256"), formatSha256Fingerprint(p.pinnedSha256));
            array.append(o);
        }
        console::out(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("profiles"), array}}).toJson(QJsonDocument::Indented)));
        finish(Success);
        return;
    }
    TextTable table({QStringLiteral("NAME"), QStringLiteral("URL"), QStringLiteral("METHOD"), QStringLiteral("COLOR"),
                     QStringLiteral("TLS"), QStringLiteral("LAST USED")});
    for (const profiles::Profile &p : all) {
        QString tls = QStringLiteral("system CAs");
        if (p.builtInSandbox)
            tls = QStringLiteral("-");
        else if (p.insecure)
            tls = QStringLiteral("INSECURE (plain http allowed)");
        else if (!p.pinnedSha256.isEmpty())
            tls = QStringLiteral("pinned");
        else if (!p.caCertificatesPem.isEmpty())
            tls = QStringLiteral("own CA");
        const QString url = p.builtInSandbox ? QStringLiteral("(the running sandbox)") : p.instanceUrl.toString();
        const QString method = p.builtInSandbox ? QStringLiteral("-") : profiles::authMethodKey(p.method);
        table.addRow({p.name, url, method, profiles::profileColorKey(p.color), tls,
                      p.id == lastUsed ? QStringLiteral("*") : QString()});
    }
    console::out(table.toString());
    finish(Success);
}

void ProfileCommands::test()
{
    profiles::ClientFactory::open(*m_store, m_profileId, this,
                                  [this](profiles::ProfileResult<std::shared_ptr<ZitadelClient>> r) {
                                      if (!r) {
                                          console::error(r.error().message);
                                          finish(exitCodeFor(r.error()));
                                          return;
                                      }
                                      m_client = *r;
                                      if (m_timeout)
                                          m_client->setTimeout(*m_timeout);
                                      m_test = new auth::ConnectionTest(m_client.get(), this);
                                      connect(m_test, &auth::ConnectionTest::finished, this, &ProfileCommands::report);
                                      m_test->start();
                                  });
}

void ProfileCommands::report(const auth::ConnectionReport &report)
{
    const profiles::Profile profile = m_store->profile(m_profileId).value_or(profiles::Profile());
    const std::pair<QString, const auth::ConnectionReport::Check *> checks[] = {
        {QStringLiteral("reachable"), &report.reachable}, {QStringLiteral("tls"), &report.tls},
        {QStringLiteral("token"), &report.token},         {QStringLiteral("read"), &report.read},
        {QStringLiteral("write"), &report.write},
    };
    if (m_json) {
        QJsonObject o{{QStringLiteral("profile"), profile.name},
                      {QStringLiteral("url"), profile.instanceUrl.toString()},
                      {QStringLiteral("ok"), report.ok()}};
        for (const auto &[name, check] : checks)
            o.insert(name, checkJson(*check));
        if (report.certificate)
            o.insert(QStringLiteral("certificateSha256"), report.certificate->fingerprint);
        console::out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
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

void ProfileCommands::finish(int code)
{
    QCoreApplication::exit(code);
}

} // namespace targetdesk::cli
