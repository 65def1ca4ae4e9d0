#include "deliverychecks.h"

#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/helptext.h"
#include "core/inputs.h"

#include "api/zitadelclient.h"
#include "crypto/securememory.h"
#include "inspect/jwksfetch.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include "vault/securefile.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QHash>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace targetdesk::cli
{

namespace
{

using inspect::KeyCandidate;

// Neither a key file nor a JWKS is anywhere near this; stop reading rather than fill memory.
constexpr qint64 kMaxKeyFileSize = 1024 * 1024;
constexpr qint64 kMaxJwksSize = 4 * 1024 * 1024;

bool isVariableName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

// The value of an environment variable named by an option; the value itself is never echoed.
std::optional<QByteArray> secretFromEnvironment(const QString &option, const QString &variable, QString *error)
{
    if (!isVariableName(variable)) {
        *error =
            QCoreApplication::translate(
                "targetdesk-cli", "%1 needs the name of an environment variable (letters, digits and _), never the "
                                  "secret itself")
                .arg(option);
        return std::nullopt;
    }
    QString value = QProcessEnvironment::systemEnvironment().value(variable);
    QByteArray bytes = value.trimmed().toUtf8();
    crypto::wipe(value);
    if (bytes.isEmpty()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 %2: the variable %2 is not set or empty")
                     .arg(option, variable);
        return std::nullopt;
    }
    return bytes;
}

int usage(const QString &message)
{
    console::error(message);
    return UsageError;
}

// Key files are tried for every JWE whose type they fit; vault keys only for the JWE whose kid is their key id.
class CommandKeys : public inspect::KeyProvider
{
public:
    CommandKeys(QList<KeyCandidate> files, QList<KeyCandidate> vaultKeys)
        : m_files(std::move(files)), m_vault(std::move(vaultKeys))
    {
    }

    QList<KeyCandidate> candidates() const override { return m_files; }
    QList<KeyCandidate> keysWithId(const QString &kid) const override
    {
        QList<KeyCandidate> out;
        for (const KeyCandidate &candidate : m_vault) {
            if (!kid.isEmpty() && candidate.keyId == kid)
                out.append(candidate);
        }
        return out;
    }

private:
    QList<KeyCandidate> m_files;
    QList<KeyCandidate> m_vault;
};

} // namespace

DeliveryChecks::DeliveryChecks(QObject *parent) : QObject(parent) {}

DeliveryChecks::~DeliveryChecks()
{
    crypto::wipe(m_passphrase);
    crypto::wipe(m_options.signingKey);
}

QList<Command::Option> DeliveryChecks::optionDeclarations()
{
    return {
        {"key", "PRIVATE.pem", QT_TRANSLATE_NOOP("targetdesk-cli", "A private key to decrypt with (repeatable)."),
         true},
        {"vault", nullptr,
         QT_TRANSLATE_NOOP("targetdesk-cli", "First try the vault's key whose ZITADEL key id equals the JWE's kid.")},
        {"passphrase-env", "VAR",
         QT_TRANSLATE_NOOP("targetdesk-cli", "Passphrase of encrypted --key files, from environment variable VAR.")},
        {"jwks", "FILE|URL", QT_TRANSLATE_NOOP("targetdesk-cli", "The instance's JWKS to verify the inner JWT with.")},
        {"profile", "NAME",
         QT_TRANSLATE_NOOP("targetdesk-cli", "Fetch a --jwks URL with this saved profile's TLS options.")},
        {"signing-key-env", "VAR",
         QT_TRANSLATE_NOOP("targetdesk-cli", "The target's signing key, from environment variable VAR.")},
        {"signature-tolerance", "SECONDS",
         QT_TRANSLATE_NOOP("targetdesk-cli", "Maximum age of a ZITADEL-Signature; 0 or any: do not enforce.")}};
}

QString DeliveryChecks::optionHelp()
{
    using helptext::optionLine;
    using helptext::wrapped;
    QString text = optionLine(
        QStringLiteral("--key PRIVATE.pem"),
        wrapped(QCoreApplication::translate(
            "targetdesk-cli", "A private key (PEM, PKCS#8 or traditional) to decrypt a JWE with; repeatable, "
                              "tried in turn.")));
    text += optionLine(QStringLiteral("--vault"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "First try the vault's key whose ZITADEL key id equals the JWE's kid.")));
    text += optionLine(QStringLiteral("--passphrase-env VAR"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Passphrase of encrypted --key files, from environment variable VAR.")));
    text += optionLine(
        QStringLiteral("--jwks FILE|URL"),
        wrapped(QCoreApplication::translate(
            "targetdesk-cli", "The instance's JWKS (https://INSTANCE/oauth/v2/keys) to verify the inner JWT. "
                              "Without it a JWT is shown unverified.")));
    text += optionLine(QStringLiteral("--profile NAME"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Fetch a --jwks URL with the TLS options (CA, pin, insecure "
                                             "http) of this saved profile. A URL must be https, or http to "
                                             "this machine.")));
    text += optionLine(QStringLiteral("--signing-key-env VAR"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "The target's signing key, from environment variable VAR, to check the "
                                             "ZITADEL-Signature header.")));
    text +=
        optionLine(QStringLiteral("--signature-tolerance SECONDS"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Accept a ZITADEL-Signature up to SECONDS old (default 300). 0 or \"any\": "
                                         "report the age but do not enforce it (for old captures).")));
    text +=
        optionLine(QStringLiteral("--timeout SECONDS"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Timeout of the --jwks URL request (default 30); also --request-timeout.")));
    return text;
}

std::optional<int> DeliveryChecks::prepare(const CommandLine &commandLine)
{
    m_useVault = commandLine.isSet(QStringLiteral("vault"));
    QString error;
    if (const auto text = commandLine.requestTimeout()) {
        const auto timeout = inputs::requestTimeout(*text, commandLine.requestTimeoutOption(), &error);
        if (!timeout)
            return usage(error);
        m_timeout = *timeout;
    }
    if (commandLine.isSet(QStringLiteral("signature-tolerance"))) {
        const QString text = commandLine.value(QStringLiteral("signature-tolerance")).trimmed();
        bool ok = false;
        const int seconds = text.toInt(&ok);
        if (text.compare(QLatin1String("any"), Qt::CaseInsensitive) == 0 || (ok && seconds == 0)) {
            m_options.signatureTolerance = -1; // report the age, do not enforce it
        } else if (ok && seconds > 0) {
            m_options.signatureTolerance = seconds;
        } else {
            return usage(
                QCoreApplication::translate("targetdesk-cli",
                                            "--signature-tolerance: \"%1\" is not a number of seconds (or 0 or \"any\" "
                                            "to not enforce the age)")
                    .arg(text));
        }
    }
    if (const auto code = prepareSecrets(commandLine))
        return code;
    if (const auto code = prepareKeys(commandLine))
        return code;
    return prepareJwks(commandLine);
}

std::optional<int> DeliveryChecks::prepareSecrets(const CommandLine &commandLine)
{
    QString error;
    if (commandLine.isSet(QStringLiteral("signing-key-env"))) {
        auto key = secretFromEnvironment(QStringLiteral("--signing-key-env"),
                                         commandLine.value(QStringLiteral("signing-key-env")), &error);
        if (!key)
            return usage(error);
        m_options.signingKey = std::move(*key);
    }
    if (commandLine.isSet(QStringLiteral("passphrase-env"))) {
        auto passphrase = secretFromEnvironment(QStringLiteral("--passphrase-env"),
                                                commandLine.value(QStringLiteral("passphrase-env")), &error);
        if (!passphrase)
            return usage(error);
        m_passphrase = std::move(*passphrase);
    }
    return std::nullopt;
}

std::optional<int> DeliveryChecks::prepareKeys(const CommandLine &commandLine)
{
    const QStringList paths = commandLine.values(QStringLiteral("key"));
    for (const QString &path : paths) {
        auto pem = vault::securefile::read(path, kMaxKeyFileSize);
        if (!pem)
            return usage(QStringLiteral("--key %1: %2").arg(path, pem.error().message));
        auto key = crypto::PrivateKey::fromPem(*pem, m_passphrase);
        QByteArray secret = std::move(pem).value();
        crypto::wipe(secret);
        if (!key) {
            QString hint;
            if (key.error().kind == crypto::CryptoError::Kind::PassphraseRequired)
                hint =
                    QCoreApplication::translate("targetdesk-cli", " (give its passphrase with --passphrase-env VAR)");
            return usage(QStringLiteral("--key %1: %2%3").arg(path, key.error().message, hint));
        }
        m_fileKeys.append({std::move(key).value(), path, QString()});
    }
    return std::nullopt;
}

std::optional<int> DeliveryChecks::prepareJwks(const CommandLine &commandLine)
{
    if (!commandLine.isSet(QStringLiteral("jwks")))
        return std::nullopt;
    const QString value = commandLine.value(QStringLiteral("jwks"));
    if (value.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        value.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        m_jwksUrl = QUrl(value, QUrl::StrictMode);
        if (!m_jwksUrl.isValid() || m_jwksUrl.host().isEmpty())
            return usage(
                QCoreApplication::translate("targetdesk-cli", "--jwks: \"%1\" is not a usable URL").arg(value));
        // With --profile, the URL is fetched with that profile's TLS options (CA, pin, insecure http).
        if (commandLine.isSet(QStringLiteral("profile"))) {
            const QString name = commandLine.value(QStringLiteral("profile"));
            profiles::ProfileStore store;
            const auto profile = store.find(name);
            if (!profile)
                return usage(
                    QCoreApplication::translate(
                        "targetdesk-cli", "--profile: there is no profile \"%1\" (see targetdesk-cli profiles list)")
                        .arg(name));
            const auto tls = profiles::ClientFactory::tlsOptions(*profile);
            if (!tls)
                return usage(QStringLiteral("--profile %1: %2").arg(name, tls.error().message));
            m_tls = *tls;
        }
        return std::nullopt;
    }
    const auto bytes = vault::securefile::read(value, kMaxJwksSize);
    if (!bytes)
        return usage(QStringLiteral("--jwks %1: %2").arg(value, bytes.error().message));
    auto jwks = crypto::Jwks::parse(*bytes);
    if (!jwks)
        return usage(QCoreApplication::translate("targetdesk-cli", "--jwks %1: not a JWKS: %2")
                         .arg(value, jwks.error().message));
    for (const QString &note : jwks->notes())
        console::err(QStringLiteral("warning: --jwks %1: %2\n").arg(value, note));
    m_options.jwks = std::move(jwks).value();
    return std::nullopt;
}

void DeliveryChecks::load(VaultKeys which, const QString &kid, const std::function<void(std::optional<int>)> &then)
{
    fetchJwks([this, which, kid, then](std::optional<int> failure) {
        if (failure) {
            then(failure);
            return;
        }
        loadVaultKeys(which, kid, [this, then] {
            m_options.keys = std::make_shared<CommandKeys>(m_fileKeys, m_vaultKeys);
            then(std::nullopt);
        });
    });
}

void DeliveryChecks::fetchJwks(const std::function<void(std::optional<int>)> &then)
{
    if (m_jwksUrl.isEmpty()) {
        then(std::nullopt);
        return;
    }
    // The API client's bounded fetch: its URL rules (https, or http only to loopback), the profile's TLS options,
    // no token, no redirect followed, a byte cap while reading.
    m_client = new ZitadelClient(this);
    m_client->setTimeout(m_timeout);
    m_client->setTlsOptions(m_tls);
    inspect::fetchJwks(*m_client, m_jwksUrl, this, [this, then](Result<crypto::Jwks> r) {
        if (!r) {
            const ApiError &e = r.error();
            QString message = e.message;
            if (e.kind == ApiError::Kind::Server && e.httpStatus >= 300 && e.httpStatus < 400)
                message += QCoreApplication::translate("targetdesk-cli",
                                                       " (a redirect; not followed: give the JWKS URL itself)");
            console::error(QStringLiteral("--jwks: ") + message);
            then(e.kind == ApiError::Kind::Server           ? ServerRefused
                 : e.kind == ApiError::Kind::InvalidRequest ? UsageError
                                                            : NetworkFailure);
            return;
        }
        for (const QString &note : r->notes())
            console::err(QStringLiteral("warning: --jwks: %1\n").arg(note));
        m_options.jwks = std::move(r).value();
        then(std::nullopt);
    });
}

void DeliveryChecks::loadVaultKeys(VaultKeys which, const QString &kid, const std::function<void()> &then)
{
    if (!m_useVault || which == VaultKeys::None) {
        then();
        return;
    }
    m_vault = new vault::Vault(this);
    if (!m_vault->indexError().isEmpty())
        console::err(QStringLiteral("warning: --vault: %1\n").arg(m_vault->indexError()));

    QList<vault::VaultEntry> entries;
    if (which == VaultKeys::Every) {
        // The kids of what arrives are not known up front: every key the vault knows a key id for.
        for (const vault::VaultEntry &entry : m_vault->entries()) {
            if (!entry.keyId.isEmpty())
                entries.append(entry);
        }
    } else {
        entries = m_vault->findByKeyId(kid);
        if (entries.isEmpty())
            console::err(
                QCoreApplication::translate("targetdesk-cli", "note: --vault: the vault holds no key with key id %1\n")
                    .arg(kid));
    }

    QHash<QString, QList<vault::VaultEntry>> byFingerprint;
    for (const vault::VaultEntry &entry : std::as_const(entries))
        byFingerprint[entry.fingerprint].append(entry);
    if (byFingerprint.isEmpty()) {
        then();
        return;
    }
    m_pendingLoads = int(byFingerprint.size());
    for (auto it = byFingerprint.cbegin(); it != byFingerprint.cend(); ++it) {
        const QString fingerprint = it.key();
        const QList<vault::VaultEntry> bindings = it.value();
        m_vault->load(fingerprint, this,
                      [this, fingerprint, bindings, then](vault::VaultResult<crypto::PrivateKey> key) {
                          if (!key) {
                              console::err(QCoreApplication::translate("targetdesk-cli",
                                                                       "warning: --vault: cannot load the key %1: %2\n")
                                               .arg(fingerprint, key.error().message));
                          } else {
                              for (const vault::VaultEntry &entry : bindings) {
                                  const QString name = entry.label.isEmpty() ? fingerprint : entry.label;
                                  m_vaultKeys.append(
                                      {*key, QCoreApplication::translate("targetdesk-cli", "vault key %1").arg(name),
                                       entry.keyId});
                              }
                          }
                          if (--m_pendingLoads == 0)
                              then();
                      });
    }
}

} // namespace targetdesk::cli
