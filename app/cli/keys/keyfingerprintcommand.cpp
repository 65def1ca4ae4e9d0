#include "commands.h"
#include "core/command.h"
#include "crypto/publickeyimport.h"
#include "publickeyfile.h"

#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"

#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys fingerprint PUBLIC.pem`: a public key's fingerprint as ZITADEL shows it. Local only; it
// accepts the global options like every keys command but never connects.
class KeyFingerprintCommand : public Command
{
public:
    explicit KeyFingerprintCommand(const CommandLine &commandLine);

    std::optional<int> prepare() override;
    void start() override;

private:
    crypto::PublicKeyImport m_publicKey;
};

KeyFingerprintCommand::KeyFingerprintCommand(const CommandLine &commandLine)
    : Command(commandLine,
              {.usage = "keys fingerprint PUBLIC.pem",
               .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                            "Print a public key's fingerprint as ZITADEL shows it (SHA256:...)."),
               .arguments = {1, 1, " FILE",
                             QT_TRANSLATE_NOOP("targetdesk-cli", "a public key file: targetdesk-cli %1 PUBLIC.pem")},
               .globalOptions = AllGlobalOptions})
{
}

std::optional<int> KeyFingerprintCommand::prepare()
{
    QString error;
    const auto key = readPublicKey(commandLine().arguments().value(0), QString(), &error);
    if (!key)
        return invalid(error);
    m_publicKey = *key;
    return std::nullopt;
}

void KeyFingerprintCommand::start()
{
    for (const QString &note : std::as_const(m_publicKey.notes))
        console::err(QStringLiteral("note: %1\n").arg(note));
    if (json()) {
        printJson(QJsonObject{{QStringLiteral("fingerprint"), m_publicKey.fingerprint},
                              {QStringLiteral("type"), m_publicKey.description}});
    } else {
        console::out(m_publicKey.fingerprint + QLatin1Char('\n'));
    }
    finish(Success);
}

std::unique_ptr<Command> makeKeyFingerprintCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyFingerprintCommand>(commandLine);
}

} // namespace targetdesk::cli
