#include "api/tlsoptions.h"
#include "commands.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/texttable.h"
#include "profilecommand.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli profiles list`: the saved profiles as a table or JSON.
class ProfileListCommand : public ProfileCommand
{
public:
    explicit ProfileListCommand(const CommandLine &commandLine);

    void start() override;
};

namespace
{

using profiles::Profile;

QJsonObject profileJson(const Profile &p, bool lastUsed)
{
    QJsonObject o{{QStringLiteral("id"), p.id},
                  {QStringLiteral("name"), p.name},
                  {QStringLiteral("url"), p.instanceUrl.toString()},
                  {QStringLiteral("method"), profiles::authMethodKey(p.method)},
                  {QStringLiteral("auth"), p.authSummary()},
                  {QStringLiteral("color"), profiles::profileColorKey(p.color)},
                  {QStringLiteral("insecure"), p.insecure},
                  {QStringLiteral("caCertificate"), !p.caCertificatesPem.isEmpty()},
                  {QStringLiteral("lastUsed"), lastUsed},
                  {QStringLiteral("builtIn"), p.builtInSandbox}};
    if (!p.pinnedSha256.isEmpty())
        o.insert(QStringLiteral("pinnedSha256"), formatSha256Fingerprint(p.pinnedSha256));
    return o;
}

QString tlsText(const Profile &p)
{
    if (p.builtInSandbox)
        return QStringLiteral("-");
    if (p.insecure)
        return QCoreApplication::translate("targetdesk-cli", "INSECURE (plain http allowed)");
    if (!p.pinnedSha256.isEmpty())
        return QStringLiteral("pinned");
    if (!p.caCertificatesPem.isEmpty())
        return QStringLiteral("own CA");
    return QStringLiteral("system CAs");
}

} // namespace

ProfileListCommand::ProfileListCommand(const CommandLine &commandLine)
    : ProfileCommand(commandLine, {.usage = "profiles list [--json]",
                                   .summary = QT_TRANSLATE_NOOP(
                                       "targetdesk-cli", "List the saved connection profiles (never their secrets)."),
                                   .globalOptions = JsonOption})
{
}

void ProfileListCommand::start()
{
    const QString lastUsed = store().lastUsedId();
    const QList<Profile> all = store().profiles();
    if (json()) {
        QJsonArray array;
        for (const Profile &p : all)
            array.append(profileJson(p, p.id == lastUsed));
        printJson(QJsonObject{{QStringLiteral("profiles"), array}});
        finish(Success);
        return;
    }
    TextTable table({QStringLiteral("NAME"), QStringLiteral("URL"), QStringLiteral("METHOD"), QStringLiteral("COLOR"),
                     QStringLiteral("TLS"), QStringLiteral("LAST USED")});
    for (const Profile &p : all) {
        const QString url = p.builtInSandbox ? QCoreApplication::translate("targetdesk-cli", "(the running sandbox)")
                                             : p.instanceUrl.toString();
        const QString method = p.builtInSandbox ? QStringLiteral("-") : profiles::authMethodKey(p.method);
        table.addRow({p.name, url, method, profiles::profileColorKey(p.color), tlsText(p),
                      p.id == lastUsed ? QStringLiteral("*") : QString()});
    }
    console::out(table.toString());
    finish(Success);
}

std::unique_ptr<Command> makeProfileListCommand(const CommandLine &commandLine)
{
    return std::make_unique<ProfileListCommand>(commandLine);
}

} // namespace targetdesk::cli
