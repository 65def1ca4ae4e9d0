#include "profileconnection.h"

#include "api/auth/serviceuserkey.h"
#include "api/auth/serviceuserkeyprovider.h"
#include "api/zitadelclient.h"
#include "console.h"
#include "exitcode.h"
#include "inputs.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTimer>

namespace targetdesk::cli
{

namespace
{

const QString kInstanceVariable = QStringLiteral("TARGETDESK_INSTANCE");
const QString kTokenVariable = QStringLiteral("TARGETDESK_TOKEN");

int fail(int code, const QString &message)
{
    console::error(message);
    return code;
}

} // namespace

int exitCodeFor(const profiles::ProfileError &error)
{
    using Kind = profiles::ProfileError::Kind;
    switch (error.kind) {
    case Kind::NotFound:
        return UsageError;
    case Kind::KeychainUnavailable:
    case Kind::AccessDenied:
    case Kind::Keychain:
    case Kind::Io:
        return LocalFailure;
    default:
        return InvalidInput;
    }
}

ProfileConnection::ProfileConnection(const CommandLine &commandLine, QObject *parent)
    : QObject(parent), m_commandLine(commandLine)
{
}

bool ProfileConnection::requested(const CommandLine &commandLine)
{
    return commandLine.isSet(QStringLiteral("profile")) || commandLine.isSet(QStringLiteral("key-file"));
}

std::optional<int> ProfileConnection::checkUsage()
{
    if (requested(m_commandLine))
        return std::nullopt;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (m_commandLine.isSet(QStringLiteral("instance"))) {
        m_instanceText = m_commandLine.value(QStringLiteral("instance"));
        m_instanceWhere = QStringLiteral("--instance");
    } else if (!env.value(kInstanceVariable).trimmed().isEmpty()) {
        m_instanceText = env.value(kInstanceVariable);
        m_instanceWhere = kInstanceVariable;
    } else {
        return fail(UsageError, QCoreApplication::translate("targetdesk-cli",
                                                            "no ZITADEL instance given: use --instance URL or set %1")
                                    .arg(kInstanceVariable));
    }
    m_token = env.value(kTokenVariable).trimmed();
    if (m_token.isEmpty()) {
        return fail(UsageError, QCoreApplication::translate(
                                    "targetdesk-cli",
                                    "%1 is not set: export the personal access token of a ZITADEL service user in "
                                    "%1 (it is never taken from the command line)")
                                    .arg(kTokenVariable));
    }
    return std::nullopt;
}

std::optional<int> ProfileConnection::configure(ZitadelClient &client)
{
    QString error;
    if (requested(m_commandLine)) {
        if (const auto code = prepare(client))
            return code;
    } else {
        const auto instance = inputs::instance(m_instanceText, m_instanceWhere, &error);
        if (!instance)
            return fail(InvalidInput, error);
        client.setInstance(*instance);
        client.setToken(m_token);
        m_instance = client.instance();
    }
    if (const auto text = m_commandLine.requestTimeout()) {
        const auto timeout = inputs::requestTimeout(*text, m_commandLine.requestTimeoutOption(), &error);
        if (!timeout)
            return fail(InvalidInput, error);
        client.setTimeout(*timeout);
    }
    return std::nullopt;
}

std::optional<int> ProfileConnection::prepare(ZitadelClient &client)
{
    const bool profile = m_commandLine.isSet(QStringLiteral("profile"));
    if (profile && m_commandLine.isSet(QStringLiteral("instance")))
        return fail(UsageError,
                    QCoreApplication::translate("targetdesk-cli",
                                                "--profile and --instance cannot be combined: the profile names the "
                                                "instance"));
    if (profile && m_commandLine.isSet(QStringLiteral("key-file")))
        return fail(UsageError,
                    QCoreApplication::translate("targetdesk-cli",
                                                "--profile and --key-file cannot be combined: the profile has its own "
                                                "authentication"));
    return profile ? prepareProfile(client) : prepareKeyFile(client);
}

std::optional<int> ProfileConnection::prepareProfile(ZitadelClient &client)
{
    const QString name = m_commandLine.value(QStringLiteral("profile"));
    m_store = new profiles::ProfileStore(this);
    if (const QString error = m_store->settingsError(); !error.isEmpty())
        return fail(LocalFailure, QCoreApplication::translate("targetdesk-cli", "cannot read the profiles (%1): %2")
                                      .arg(m_store->settingsFilePath(), error));
    const auto found = m_store->find(name);
    if (!found)
        return fail(UsageError, QCoreApplication::translate(
                                    "targetdesk-cli", "there is no profile \"%1\" (see targetdesk-cli profiles list)")
                                    .arg(name));
    if (found->builtInSandbox)
        return fail(UsageError,
                    QCoreApplication::translate("targetdesk-cli",
                                                "the built-in sandbox profile has no fixed address: start "
                                                "'targetdesk-cli sandbox' and use --instance with TARGETDESK_TOKEN"));
    m_profile = *found;
    m_instance = m_profile.instanceUrl;
    // The URL and TLS now, so the command can use them; the secret comes in connect().
    client.setInstance(m_instance);
    m_pending = true;
    return std::nullopt;
}

std::optional<int> ProfileConnection::prepareKeyFile(ZitadelClient &client)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString instanceText;
    QString instanceWhere;
    if (m_commandLine.isSet(QStringLiteral("instance"))) {
        instanceText = m_commandLine.value(QStringLiteral("instance"));
        instanceWhere = QStringLiteral("--instance");
    } else if (!env.value(kInstanceVariable).trimmed().isEmpty()) {
        instanceText = env.value(kInstanceVariable);
        instanceWhere = kInstanceVariable;
    } else {
        return fail(UsageError, QCoreApplication::translate(
                                    "targetdesk-cli", "--key-file needs the instance: use --instance URL or set %1")
                                    .arg(kInstanceVariable));
    }
    QString error;
    const auto instance = inputs::instance(instanceText, instanceWhere, &error);
    if (!instance)
        return fail(InvalidInput, error);
    const QString path = m_commandLine.value(QStringLiteral("key-file"));
    // The error never quotes the file: it holds a private key.
    const auto key = auth::ServiceUserKey::fromFile(path);
    if (!key)
        return fail(InvalidInput, QStringLiteral("--key-file: %1").arg(key.error().message));
    m_instance = *instance;
    client.setInstance(m_instance);
    client.setAuthProvider(std::make_shared<auth::ServiceUserKeyProvider>(*key));
    return std::nullopt;
}

void ProfileConnection::connect(ZitadelClient &client, std::function<void(std::optional<int>)> done)
{
    if (!m_pending) {
        QTimer::singleShot(0, this, [done] { done(std::nullopt); });
        return;
    }
    m_store->loadSecrets(
        m_profile.id, this, [this, &client, done](profiles::ProfileResult<profiles::ProfileSecrets> r) {
            if (!r) {
                console::error(QStringLiteral("profile \"%1\": %2").arg(m_profile.name, r.error().message));
                return done(exitCodeFor(r.error()));
            }
            if (const auto error = profiles::ClientFactory::configure(client, m_profile, *r)) {
                console::error(QStringLiteral("profile \"%1\": %2").arg(m_profile.name, error->message));
                return done(exitCodeFor(*error));
            }
            m_pending = false;
            m_store->setLastUsed(m_profile.id);
            done(std::nullopt);
        });
}

} // namespace targetdesk::cli
