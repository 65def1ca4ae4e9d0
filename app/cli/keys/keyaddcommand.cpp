#include "keyaddcommand.h"

#include "keycontext.h"
#include "publickeyfile.h"

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
    AddPublicKeyRequest request;
    request.publicKeyPem = m_publicKey.pem;
    request.expirationDate = m_expires;
    for (const QString &note : std::as_const(m_publicKey.notes))
        console::err(QStringLiteral("note: %1\n").arg(note));
    for (const QString &warning : std::as_const(m_publicKey.warnings))
        console::err(QStringLiteral("warning: %1\n").arg(warning));
    client().addPublicKey(targetId(), request, this, [this](Result<AddPublicKeyResponse> r) {
        if (!r) {
            context().audit(vault::AuditOperation::Add, targetId(), {}, m_publicKey.fingerprint, r.error().toString());
            fail(r.error());
            return;
        }
        added(r->keyId, r->creationDate);
    });
}

void KeyAddCommand::added(const QString &keyId, const QDateTime &creationDate)
{
    const QString fingerprint = m_publicKey.fingerprint;
    context().audit(vault::AuditOperation::Add, targetId(), keyId, fingerprint, {});
    // A key generated with --vault learns where it is used.
    bool inVault = false;
    if (context().vault()->contains(fingerprint)) {
        const auto bound = context().vault()->bind(fingerprint, context().instance(), targetId(), keyId);
        inVault = bound.ok();
        if (!bound)
            console::err(QCoreApplication::translate("targetdesk-cli", "warning: the vault was not updated: %1\n")
                             .arg(bound.error().message));
    }
    if (json()) {
        QJsonObject o{{QStringLiteral("keyId"), keyId}};
        if (creationDate.isValid())
            o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(creationDate));
        printJson(o);
    } else {
        console::out(keyId + QLatin1Char('\n'));
        console::err(QCoreApplication::translate("targetdesk-cli",
                                                 "Added public key %1 to target %2 as key %3.%4\nIt is inactive; make "
                                                 "ZITADEL use it with: targetdesk-cli keys activate %2 %3\n")
                         .arg(fingerprint, targetId(), keyId,
                              inVault
                                  ? QCoreApplication::translate("targetdesk-cli", " The vault holds its private key.")
                                  : QString()));
    }
    finish(Success);
}

} // namespace targetdesk::cli
