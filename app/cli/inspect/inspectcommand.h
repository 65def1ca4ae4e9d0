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

namespace cli
{

// `targetdesk-cli inspect`: decrypts and verifies what ZITADEL sent to a target. prepare() reads the options, the
// secrets (environment only), the key files, a --jwks file and (one input) the input; start() fetches a --jwks URL
// and loads vault keys asynchronously, then inspects and ends the event loop with the exit code: 0, 2, 3, 4, 5 (the
// inspector's classes; with --bulk the highest of all lines), 6 or 7 for a --jwks URL that failed.
class InspectCommand : public Command
{
    Q_OBJECT
public:
    explicit InspectCommand(const CommandLine &commandLine);
    ~InspectCommand() override;

    // Written out: inspect shares option names with other commands but not their meaning.
    QString help() const override;
    std::optional<int> prepare() override;
    void start() override;

private:
    std::optional<int> prepareSecrets();
    std::optional<int> prepareKeys();
    std::optional<int> prepareJwks();
    std::optional<int> prepareInput();

    void fetchJwks(const std::function<void()> &then);
    void loadVaultKeys(const std::function<void()> &then);
    void run();
    int inspectOne();
    int inspectBulk();

    bool m_bulk = false;
    bool m_useVault = false;
    QString m_inputPath; // "-": standard input
    QByteArray m_input;  // one input (not --bulk)
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

} // namespace cli
} // namespace targetdesk
