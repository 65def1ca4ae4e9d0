#include "commands.h"
#include "keycommand.h"
#include "keycontext.h"
#include "model/publickey.h"

#include "api/zitadelclient.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"
#include "core/texttable.h"
#include "crypto/publickeyimport.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli keys list TARGET_ID`: the target's public keys with their real state and whether the vault holds
// the private key.
class KeyListCommand : public KeyCommand
{
public:
    explicit KeyListCommand(const CommandLine &commandLine);

private:
    void run() override { list(0); }
    void list(quint64 offset);
    void print();

    QList<PublicKey> m_keys;
};

namespace
{

QString stateText(const PublicKey &key)
{
    switch (key.state()) {
    case PublicKey::State::Active:
        return QStringLiteral("active");
    case PublicKey::State::ActiveButExpired:
        return QStringLiteral("active-but-expired");
    case PublicKey::State::Inactive:
        return QStringLiteral("inactive");
    case PublicKey::State::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

} // namespace

KeyListCommand::KeyListCommand(const CommandLine &commandLine)
    : KeyCommand(
          commandLine,
          {.usage = "keys list TARGET_ID",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "List the public keys of a target and their real state."),
           .arguments = {1, 1, " TARGET_ID",
                         QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 TARGET_ID")}})
{
}

void KeyListCommand::list(quint64 offset)
{
    PublicKeyQuery query;
    query.offset = offset;
    query.limit = 1000; // the most ZITADEL allows per page
    query.asc = true;
    query.sortingColumn = PublicKeySortColumn::CreationDate;
    client().listPublicKeys(targetId(), query, this, [this](Result<PublicKeyPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        m_keys.append(r->publicKeys);
        if (!r->publicKeys.isEmpty() && quint64(m_keys.size()) < r->totalResult) {
            list(quint64(m_keys.size()));
            return;
        }
        print();
        finish(Success);
    });
}

void KeyListCommand::print()
{
    if (json()) {
        QJsonArray keys;
        for (const PublicKey &k : std::as_const(m_keys))
            keys.append(publicKeyToJson(k));
        printJson(QJsonObject{{QStringLiteral("publicKeys"), keys}});
        return;
    }
    if (m_keys.isEmpty()) {
        console::out(QCoreApplication::translate("targetdesk-cli", "Target %1 has no public keys\n").arg(targetId()));
        return;
    }
    TextTable table({QStringLiteral("KEY ID"), QStringLiteral("STATE"), QStringLiteral("TYPE"),
                     QStringLiteral("EXPIRES"), QStringLiteral("CREATED"), QStringLiteral("VAULT"),
                     QStringLiteral("FINGERPRINT")});
    for (const PublicKey &k : std::as_const(m_keys)) {
        const crypto::PublicKeyImport parsed = crypto::importPublicKey(k.publicKeyPem);
        // "yes": this machine holds the private key, so payloads encrypted to this key can be read here.
        const bool held = context().vault()->contains(k.fingerprint);
        table.addRow({k.keyId, stateText(k), parsed.ok() ? parsed.description : QStringLiteral("?"),
                      k.expirationDate.isValid() ? format::timestamp(k.expirationDate) : QStringLiteral("never"),
                      format::timestamp(k.creationDate), format::yesNo(held), k.fingerprint});
    }
    const qsizetype n = m_keys.size();
    console::out(table.toString() + (n == 1 ? QStringLiteral("1 key\n") : QStringLiteral("%1 keys\n").arg(n)));
}

std::unique_ptr<Command> makeKeyListCommand(const CommandLine &commandLine)
{
    return std::make_unique<KeyListCommand>(commandLine);
}

} // namespace targetdesk::cli
