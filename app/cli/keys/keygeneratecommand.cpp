#include "commands.h"
#include "core/command.h"
#include "crypto/keytype.h"
#include "keycontext.h"
#include <QByteArray>

#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"
#include "crypto/privatekey.h"
#include "crypto/securememory.h"
#include "vault/securefile.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace targetdesk::cli
{

class KeyContext;

// `targetdesk-cli keys generate`: a key pair made locally, the private key written owner-only (encrypted with
// --passphrase-env) and, with --vault, stored in the vault. Prints only the fingerprint on stdout. Local only; it
// accepts the global options like every keys command but never connects.
class KeyGenerateCommand : public Command
{
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

namespace
{

using format::nativePath;
using vault::AuditOperation;

} // namespace

KeyGenerateCommand::KeyGenerateCommand(const CommandLine &commandLine)
    : Command(
          commandLine,
          {.usage = "keys generate --type rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ec-p521 --out PRIVATE.pem\n"
                    "                              [--public-out PUBLIC.pem] [--passphrase-env VAR] [--force] [--vault "
                    "[--label T]]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Generate a key pair locally. Prints its fingerprint."),
           .options =
               {{"type", "TYPE",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 or ec-p521.")},
                {"out", "FILE",
                 QT_TRANSLATE_NOOP("targetdesk-cli",
                                   "Write the private key (PKCS#8 PEM, owner-only permissions) to FILE.")},
                {"public-out", "FILE",
                 QT_TRANSLATE_NOOP("targetdesk-cli",
                                   "Also write the public key (PKIX PEM, what ZITADEL accepts) to FILE.")},
                {"passphrase-env", "VAR",
                 QT_TRANSLATE_NOOP(
                     "targetdesk-cli",
                     "Encrypt the private key (PKCS#8, AES-256) with the passphrase in environment variable VAR.")},
                {"force", nullptr,
                 QT_TRANSLATE_NOOP("targetdesk-cli", "Replace existing output files (default: refuse to overwrite).")},
                {"vault", nullptr,
                 QT_TRANSLATE_NOOP("targetdesk-cli", "Also store the private key in the vault (the OS keychain).")},
                {"label", "TEXT",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "With --vault: a note to find the key by later.")},
                KeyContext::auditLogOption()},
           .globalOptions = AllGlobalOptions})
{
}

KeyGenerateCommand::~KeyGenerateCommand()
{
    crypto::wipe(m_passphrase);
}

std::optional<int> KeyGenerateCommand::prepare()
{
    m_context = new KeyContext(commandLine(), this);
    QStringList missing;
    for (const char *name : {"type", "out"}) {
        if (!commandLine().isSet(QLatin1String(name)))
            missing << QStringLiteral("--") + QLatin1String(name);
    }
    if (!missing.isEmpty()) {
        return usage(QCoreApplication::translate("targetdesk-cli",
                                                 "'keys generate' needs %1 (see targetdesk-cli keys generate --help)")
                         .arg(missing.join(QStringLiteral(", "))));
    }
    if (commandLine().isSet(QStringLiteral("label")) && !commandLine().isSet(QStringLiteral("vault")))
        return usage(QCoreApplication::translate("targetdesk-cli",
                                                 "--label names the vault entry: use it together with --vault"));
    if (const auto code = preparePassphrase())
        return code;

    const QString typeText = commandLine().value(QStringLiteral("type"));
    const auto type = crypto::parseKeyType(typeText);
    if (!type) {
        return invalid(
            QCoreApplication::translate("targetdesk-cli",
                                        "--type: \"%1\" is not a key type; use rsa-2048, rsa-3072, rsa-4096, ec-p256, "
                                        "ec-p384 or ec-p521")
                .arg(typeText));
    }
    m_keyType = *type;
    return prepareFiles();
}

std::optional<int> KeyGenerateCommand::preparePassphrase()
{
    if (!commandLine().isSet(QStringLiteral("passphrase-env")))
        return std::nullopt;
    m_passphraseVariable = commandLine().value(QStringLiteral("passphrase-env"));
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!name.match(m_passphraseVariable).hasMatch()) {
        // The value is not echoed: it may be the passphrase itself, typed at the wrong place.
        return invalid(QCoreApplication::translate(
            "targetdesk-cli", "--passphrase-env needs the name of the environment variable that holds the "
                              "passphrase (letters, digits and _), never the passphrase itself"));
    }
    QString value = QProcessEnvironment::systemEnvironment().value(m_passphraseVariable);
    m_passphrase = value.toUtf8();
    crypto::wipe(value);
    // Writing the key in clear when the user asked for encryption would be the worst outcome of a typo.
    if (m_passphrase.isEmpty()) {
        return usage(QCoreApplication::translate(
                         "targetdesk-cli", "--passphrase-env %1: the variable %1 is not set or empty; not writing the "
                                           "private key unencrypted")
                         .arg(m_passphraseVariable));
    }
    return std::nullopt;
}

std::optional<int> KeyGenerateCommand::prepareFiles()
{
    m_outPath = commandLine().value(QStringLiteral("out"));
    m_publicOutPath = commandLine().value(QStringLiteral("public-out"));
    m_overwrite = commandLine().isSet(QStringLiteral("force"));
    if (m_outPath.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("targetdesk-cli", "--out: the file name is empty"));
    if (commandLine().isSet(QStringLiteral("public-out")) && m_publicOutPath.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("targetdesk-cli", "--public-out: the file name is empty"));
    if (!m_publicOutPath.isEmpty() &&
        QFileInfo(m_publicOutPath).absoluteFilePath() == QFileInfo(m_outPath).absoluteFilePath())
        return invalid(QCoreApplication::translate("targetdesk-cli", "--out and --public-out name the same file"));
    for (const auto &[option, path] :
         {std::pair{QStringLiteral("--out"), m_outPath}, std::pair{QStringLiteral("--public-out"), m_publicOutPath}}) {
        if (path.isEmpty())
            continue;
        const QFileInfo info(path);
        if (info.isDir())
            return invalid(
                QCoreApplication::translate("targetdesk-cli", "%1: %2 is a directory").arg(option, nativePath(path)));
        if ((info.exists() || info.isSymLink()) && !m_overwrite) {
            return invalid(
                QCoreApplication::translate("targetdesk-cli",
                                            "%1: %2 already exists; not overwriting it (add --force to replace it)")
                    .arg(option, nativePath(path)));
        }
        if (!QFileInfo(info.absolutePath()).isDir())
            return invalid(QCoreApplication::translate("targetdesk-cli", "%1: the directory %2 does not exist")
                               .arg(option, nativePath(info.absolutePath())));
    }
    return std::nullopt;
}

void KeyGenerateCommand::generate()
{
    const QString typeName = crypto::keyTypeName(m_keyType);
    // Every failure is audited with what was known by then, and ends the command.
    const auto failed = [this, &typeName](const QString &message, const QString &fingerprint, const QString &error,
                                          int code) {
        console::error(message);
        m_context->audit(AuditOperation::Generate, {}, {}, fingerprint, error, typeName);
        crypto::wipe(m_passphrase);
        finish(code);
    };
    auto key = crypto::PrivateKey::generate(m_keyType);
    if (!key) {
        failed(QCoreApplication::translate("targetdesk-cli", "cannot generate a %1 key: %2")
                   .arg(typeName, key.error().message),
               {}, key.error().message, LocalFailure);
        return;
    }
    const QString fingerprint = key->fingerprint();
    const bool encrypted = !m_passphrase.isEmpty();
    auto pem = encrypted ? key->encryptedPrivateKeyPem(m_passphrase) : key->privateKeyPem();
    crypto::wipe(m_passphrase);
    if (!pem) {
        failed(
            QCoreApplication::translate("targetdesk-cli", "cannot export the private key: %1").arg(pem.error().message),
            fingerprint, pem.error().message, LocalFailure);
        return;
    }
    QByteArray privatePem = std::move(pem).value();
    const auto overwrite = m_overwrite ? vault::securefile::Overwrite::Replace : vault::securefile::Overwrite::Refuse;
    const auto written = vault::securefile::write(m_outPath, privatePem, vault::securefile::kPrivateMode, overwrite);
    crypto::wipe(privatePem);
    if (!written) {
        failed(QStringLiteral("--out: %1").arg(written.error().message), fingerprint, written.error().message,
               written.error().kind == vault::VaultError::Kind::Exists ? InvalidInput : LocalFailure);
        return;
    }
    QString publicWritten;
    if (!m_publicOutPath.isEmpty()) {
        const auto pub =
            vault::securefile::write(m_publicOutPath, key->publicKeyPem(), vault::securefile::kPublicMode, overwrite);
        if (!pub) {
            failed(QCoreApplication::translate("targetdesk-cli", "--public-out: %1 (the private key was written to %2)")
                       .arg(pub.error().message, nativePath(*written)),
                   fingerprint, pub.error().message,
                   pub.error().kind == vault::VaultError::Kind::Exists ? InvalidInput : LocalFailure);
            return;
        }
        publicWritten = *pub;
    }
    m_context->audit(AuditOperation::Generate, {}, {}, fingerprint, {},
                     typeName + QStringLiteral(" to ") + nativePath(*written));

    if (!commandLine().isSet(QStringLiteral("vault"))) {
        report(fingerprint, *written, publicWritten, encrypted);
        return;
    }
    vault::VaultEntry entry;
    entry.label = commandLine().value(QStringLiteral("label"));
    m_context->vault()->store(
        *key, entry, this,
        [this, fingerprint, privatePath = *written, publicWritten, encrypted](vault::VaultResult<vault::VaultEntry> r) {
            if (!r) {
                fail(QCoreApplication::translate(
                         "targetdesk-cli",
                         "cannot store the private key in the vault: %1 (the key files were written: %2)")
                         .arg(r.error().message, nativePath(privatePath)),
                     LocalFailure);
                return;
            }
            report(fingerprint, privatePath, publicWritten, encrypted);
        });
}

void KeyGenerateCommand::report(const QString &fingerprint, const QString &privatePath, const QString &publicPath,
                                bool encrypted)
{
    const bool toVault = commandLine().isSet(QStringLiteral("vault"));
    if (json()) {
        QJsonObject o{{QStringLiteral("fingerprint"), fingerprint},
                      {QStringLiteral("type"), crypto::keyTypeName(m_keyType)},
                      {QStringLiteral("privateKeyFile"), privatePath},
                      {QStringLiteral("encrypted"), encrypted},
                      {QStringLiteral("vault"), toVault}};
        if (!publicPath.isEmpty())
            o.insert(QStringLiteral("publicKeyFile"), publicPath);
        printJson(o);
    } else {
        console::out(fingerprint + QLatin1Char('\n'));
        console::err(
            QCoreApplication::translate("targetdesk-cli", "Generated key pair: %1\nPrivate key: %2 (owner-only, %3)\n")
                .arg(crypto::keyTypeDescription(m_keyType), nativePath(privatePath),
                     encrypted ? QCoreApplication::translate("targetdesk-cli", "encrypted with the passphrase in $%1")
                                     .arg(m_passphraseVariable)
                               : QCoreApplication::translate("targetdesk-cli", "NOT encrypted")));
        if (!publicPath.isEmpty())
            console::err(QCoreApplication::translate("targetdesk-cli", "Public key: %1\n").arg(nativePath(publicPath)));
        if (toVault)
            console::err(QCoreApplication::translate("targetdesk-cli", "The private key is also in the vault.\n"));
    }
    finish(Success);
}

std::unique_ptr<Command> makeKeyGenerateCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyGenerateCommand>(commandLine);
}

} // namespace targetdesk::cli
