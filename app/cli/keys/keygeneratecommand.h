#pragma once

#include "core/command.h"

#include "crypto/keytype.h"

#include <QByteArray>

namespace targetdesk::cli
{
class KeyContext;

// `targetdesk-cli keys generate`: a key pair made locally, the private key written owner-only (encrypted with
// --passphrase-env) and, with --vault, stored in the vault. Prints only the fingerprint on stdout. Local only; it
// accepts the global options like every keys command but never connects.
class KeyGenerateCommand : public Command
{
    Q_OBJECT
public:
    explicit KeyGenerateCommand(const CommandLine &commandLine);
    ~KeyGenerateCommand() override;

    std::optional<int> prepare() override;
    void start() override { generate(); }

private:
    std::optional<int> preparePassphrase();
    std::optional<int> prepareFiles();
    // generate → write the files → audit → (--vault) store → report.
    void generate();
    void report(const QString &fingerprint, const QString &privatePath, const QString &publicPath, bool encrypted);

    KeyContext *m_context = nullptr;
    crypto::KeyType m_keyType = crypto::KeyType::EcP256;
    QString m_outPath;
    QString m_publicOutPath;
    QString m_passphraseVariable;
    QByteArray m_passphrase; // wiped in the destructor and after use
    bool m_overwrite = false;
};

} // namespace targetdesk::cli
