#pragma once

#include "core/command.h"

#include "api/tlsoptions.h"
#include "inspect/inspector.h"
#include "inspect/keyprovider.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class Vault;
}
} // namespace targetdesk

namespace targetdesk::cli
{

class CommandLine;

// What `inspect` and `receive` check deliveries with, taken from the same options: --key files (with
// --passphrase-env), --vault, --jwks FILE|URL (a URL fetched with --profile's TLS options and the request timeout),
// --signing-key-env and --signature-tolerance. prepare() reads everything local; load() fetches a --jwks URL and
// loads vault keys, then options() is complete. Secrets come from the environment only; the destructor wipes them.
class DeliveryChecks : public QObject
{
public:
    explicit DeliveryChecks(QObject *parent = nullptr);
    ~DeliveryChecks() override;

    // The declarations of those options, for a Command's Declaration.
    static QList<Command::Option> optionDeclarations();
    // Their help lines, in the order of optionDeclarations(), plus --timeout for the --jwks URL.
    static QString optionHelp();

    // Reads the options, the secrets, the key files and a --jwks file. On a problem prints it and returns the exit
    // code (2); nullopt when done.
    std::optional<int> prepare(const CommandLine &commandLine);

    // Which vault keys load() reads: none, those whose ZITADEL key id is `kid`, or every one with a key id.
    enum class VaultKeys { None, WithKeyId, Every };
    // Fetches a --jwks URL, then loads the vault keys (when --vault was given), then calls `then` with nullopt, or
    // with the exit code after printing what failed (6, 7, or 2 for an unusable URL).
    void load(VaultKeys which, const QString &kid, const std::function<void(std::optional<int>)> &then);

    bool usesVault() const { return m_useVault; }
    const inspect::InspectOptions &options() const { return m_options; }

private:
    std::optional<int> prepareSecrets(const CommandLine &commandLine);
    std::optional<int> prepareKeys(const CommandLine &commandLine);
    std::optional<int> prepareJwks(const CommandLine &commandLine);
    void fetchJwks(const std::function<void(std::optional<int>)> &then);
    void loadVaultKeys(VaultKeys which, const QString &kid, const std::function<void()> &then);

    bool m_useVault = false;
    QUrl m_jwksUrl;
    std::chrono::milliseconds m_timeout{30000};
    QByteArray m_passphrase;
    QList<inspect::KeyCandidate> m_fileKeys;
    QList<inspect::KeyCandidate> m_vaultKeys;
    inspect::InspectOptions m_options;
    ZitadelClient *m_client = nullptr;
    TlsOptions m_tls;
    vault::Vault *m_vault = nullptr;
    int m_pendingLoads = 0;
};

} // namespace targetdesk::cli
