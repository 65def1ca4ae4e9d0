#include "commands.h"
#include "crypto/publickeyimport.h"
#include "keycommand.h"
#include "keycontext.h"
#include "publickeyfile.h"
#include <QDateTime>

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "model/protojson.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys add TARGET_ID --public-key FILE`: adds the key (inactive) and prints its id; a key the
// vault holds learns which target and key id it is bound to.
class KeyAddCommand : public KeyCommand
{
public:
    explicit KeyAddCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;
    // The key is on the server: bind the vault entry, audit and print the new key id.
    void added(const keys::AddedKey &key);

    crypto::PublicKeyImport m_publicKey;
    QDateTime m_expires;
};

KeyAddCommand::KeyAddCommand(const CommandLine &commandLine)
    : KeyCommand(
          commandLine,
          {.usage = "keys add TARGET_ID --public-key PUBLIC.pem [--expires RFC3339]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                        "Add a public key to a target (it starts inactive). Prints the new key id."),
           .options = {{"public-key", "FILE",
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "The public key to add: PKIX PEM (PKCS#1 and certificates are converted).")},
                       {"expires", "TIME",
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "Expiration as RFC 3339, e.g. 2027-01-31T00:00:00Z (default: never).")},
                       KeyContext::auditLogOption()},
           .arguments = {1, 1, " TARGET_ID",
                         QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 TARGET_ID")}})
{
}

std::optional<int> KeyAddCommand::checkUsage()
{
    if (!commandLine().isSet(QStringLiteral("public-key")))
        return usage(QCoreApplication::translate(
            "targetdesk-cli", "'keys add' needs --public-key FILE (see targetdesk-cli keys add --help)"));
    return std::nullopt;
}

std::optional<int> KeyAddCommand::prepareValues()
{
    if (commandLine().isSet(QStringLiteral("expires"))) {
        const QString text = commandLine().value(QStringLiteral("expires"));
        const auto expires = protojson::parseTimestamp(text.trimmed());
        if (!expires) {
            return invalid(QCoreApplication::translate("targetdesk-cli",
                                                       "--expires: \"%1\" is not an RFC 3339 time; write it like "
                                                       "2027-01-31T00:00:00Z")
                               .arg(text));
        }
        if (*expires <= QDateTime::currentDateTimeUtc())
            return invalid(
                QCoreApplication::translate("targetdesk-cli", "--expires: %1 is in the past; ZITADEL refuses such keys")
                    .arg(text));
        m_expires = *expires;
    }
    QString error;
    const auto key =
        readPublicKey(commandLine().value(QStringLiteral("public-key")), QStringLiteral("--public-key"), &error);
    if (!key)
        return invalid(error);
    m_publicKey = *key;
    return std::nullopt;
}

void KeyAddCommand::run()
{
    for (const QString &note : std::as_const(m_publicKey.notes))
        console::err(QStringLiteral("note: %1\n").arg(note));
    for (const QString &warning : std::as_const(m_publicKey.warnings))
        console::err(QStringLiteral("warning: %1\n").arg(warning));
    // A key generated with --vault learns where it is used: the workflow binds it.
    workflow().addPublicKey(targetId(), m_publicKey.pem, m_publicKey.fingerprint, m_expires, false, this, {},
                            [this](keys::AddResult r) {
                                if (!r) {
                                    fail(*r.error().api);
                                    return;
                                }
                                added(r.value());
                            });
}

void KeyAddCommand::added(const keys::AddedKey &key)
{
    if (!key.vaultProblem.isEmpty())
        console::err(QCoreApplication::translate("targetdesk-cli", "warning: the vault was not updated: %1\n")
                         .arg(key.vaultProblem));
    if (json()) {
        QJsonObject o{{QStringLiteral("keyId"), key.keyId}};
        if (key.creationDate.isValid())
            o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(key.creationDate));
        printJson(o);
    } else {
        console::out(key.keyId + QLatin1Char('\n'));
        console::err(QCoreApplication::translate("targetdesk-cli",
                                                 "Added public key %1 to target %2 as key %3.%4\nIt is inactive; make "
                                                 "ZITADEL use it with: targetdesk-cli keys activate %2 %3\n")
                         .arg(key.fingerprint, targetId(), key.keyId,
                              key.privateKeyInVault
                                  ? QCoreApplication::translate("targetdesk-cli", " The vault holds its private key.")
                                  : QString()));
    }
    finish(Success);
}

std::unique_ptr<Command> makeKeyAddCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyAddCommand>(commandLine);
}

} // namespace targetdesk::cli
