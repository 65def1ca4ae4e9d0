#include "keycommands.h"

#include "api/zitadelclient.h"
#include "authhint.h"
#include "console.h"
#include "exitcode.h"
#include "inputs.h"
#include "profileconnection.h"
#include "texttable.h"

#include "crypto/privatekey.h"
#include "crypto/securememory.h"
#include "model/protojson.h"
#include "vault/securefile.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace targetdesk::cli
{

namespace
{

const QString kAuditLogVariable = QStringLiteral("TARGETDESK_AUDIT_LOG");

// A key file larger than this is not a key file; read no further.
constexpr qint64 kMaxKeyFileSize = 1024 * 1024;

using vault::AuditOperation;

int usage(const QString &message)
{
    console::error(message);
    return UsageError;
}

int invalid(const QString &message)
{
    console::error(message);
    return InvalidInput;
}

QString timestampText(const QDateTime &t)
{
    return t.isValid() ? protojson::formatTimestamp(t) : QStringLiteral("-");
}

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

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

KeyCommands::KeyCommands(const CommandLine &commandLine, QObject *parent)
    : QObject(parent), m_commandLine(commandLine), m_client(new ZitadelClient(this)),
      m_connection(new ProfileConnection(commandLine, this))
{
}

KeyCommands::~KeyCommands()
{
    crypto::wipe(m_passphrase);
}

std::optional<int> KeyCommands::prepare()
{
    const Command command = m_commandLine.command();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    m_json = m_commandLine.isSet(QStringLiteral("json"));

    QString auditPath = vault::AuditLog::defaultPath();
    if (m_commandLine.isSet(QStringLiteral("audit-log")))
        auditPath = m_commandLine.value(QStringLiteral("audit-log"));
    else if (!env.value(kAuditLogVariable).isEmpty())
        auditPath = env.value(kAuditLogVariable);
    m_audit = new vault::AuditLog(auditPath, this);

    switch (command) {
    case Command::KeysGenerate:
        return prepareGenerate();
    case Command::KeysFingerprint:
        return prepareFingerprint();
    default:
        break;
    }
    if (const auto code = prepareConnection())
        return code;
    m_targetId = m_commandLine.arguments().value(0);
    m_keyId = m_commandLine.arguments().value(1);
    if (!m_commandLine.isSet(QStringLiteral("all-targets")) && m_targetId.trimmed().isEmpty())
        return invalid(QStringLiteral("the target id is empty"));
    if (m_commandLine.arguments().size() > 1 && m_keyId.trimmed().isEmpty())
        return invalid(QStringLiteral("the key id is empty"));
    if (command == Command::KeysAdd)
        return prepareAdd();
    return std::nullopt;
}

std::optional<int> KeyCommands::prepareConnection()
{
    // Usage errors first (exit 2): what is missing from the command line or the environment.
    if (const auto code = m_connection->checkUsage())
        return code;
    if (m_commandLine.command() == Command::KeysAdd && !m_commandLine.isSet(QStringLiteral("public-key")))
        return usage(QStringLiteral("'keys add' needs --public-key FILE (see targetdesk-cli keys add --help)"));

    // Then the values (exit 3): nothing has been sent yet.
    if (const auto code = m_connection->configure(*m_client))
        return code;
    m_instance = vault::normalizeInstance(m_client->instance());
    return std::nullopt;
}

std::optional<int> KeyCommands::prepareGenerate()
{
    QStringList missing;
    for (const char *name : {"type", "out"}) {
        if (!m_commandLine.isSet(QLatin1String(name)))
            missing << QStringLiteral("--") + QLatin1String(name);
    }
    if (!missing.isEmpty()) {
        return usage(QStringLiteral("'keys generate' needs %1 (see targetdesk-cli keys generate --help)")
                         .arg(missing.join(QStringLiteral(", "))));
    }
    if (m_commandLine.isSet(QStringLiteral("label")) && !m_commandLine.isSet(QStringLiteral("vault")))
        return usage(QStringLiteral("--label names the vault entry: use it together with --vault"));
    if (m_commandLine.isSet(QStringLiteral("passphrase-env"))) {
        m_passphraseVariable = m_commandLine.value(QStringLiteral("passphrase-env"));
        static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!name.match(m_passphraseVariable).hasMatch()) {
            // The value is not echoed: it may be the passphrase itself, typed at the wrong place.
            return invalid(QStringLiteral("--passphrase-env needs the name of the environment variable that holds "
                                          "the passphrase (letters, digits and _), never the passphrase itself"));
        }
        QString value = QProcessEnvironment::systemEnvironment().value(m_passphraseVariable);
        m_passphrase = value.toUtf8();
        crypto::wipe(value);
        // Writing the key in clear when the user asked for encryption would be the worst outcome of a typo.
        if (m_passphrase.isEmpty()) {
            return usage(QStringLiteral("--passphrase-env %1: the variable %1 is not set or empty; not writing the "
                                        "private key unencrypted")
                             .arg(m_passphraseVariable));
        }
    }

    const QString typeText = m_commandLine.value(QStringLiteral("type"));
    const auto type = crypto::parseKeyType(typeText);
    if (!type) {
        return invalid(QStringLiteral("--type: \"%1\" is not a key type; use rsa-2048, rsa-3072, rsa-4096, ec-p256, "
                                      "ec-p384 or ec-p521")
                           .arg(typeText));
    }
    m_keyType = *type;
    m_outPath = m_commandLine.value(QStringLiteral("out"));
    m_publicOutPath = m_commandLine.value(QStringLiteral("public-out"));
    m_overwrite = m_commandLine.isSet(QStringLiteral("force"));
    if (m_outPath.trimmed().isEmpty())
        return invalid(QStringLiteral("--out: the file name is empty"));
    if (m_commandLine.isSet(QStringLiteral("public-out")) && m_publicOutPath.trimmed().isEmpty())
        return invalid(QStringLiteral("--public-out: the file name is empty"));
    if (!m_publicOutPath.isEmpty() &&
        QFileInfo(m_publicOutPath).absoluteFilePath() == QFileInfo(m_outPath).absoluteFilePath())
        return invalid(QStringLiteral("--out and --public-out name the same file"));
    for (const auto &[option, path] :
         {std::pair{QStringLiteral("--out"), m_outPath}, std::pair{QStringLiteral("--public-out"), m_publicOutPath}}) {
        if (path.isEmpty())
            continue;
        const QFileInfo info(path);
        if (info.isDir())
            return invalid(QStringLiteral("%1: %2 is a directory").arg(option, native(path)));
        if ((info.exists() || info.isSymLink()) && !m_overwrite) {
            return invalid(QStringLiteral("%1: %2 already exists; not overwriting it (add --force to replace it)")
                               .arg(option, native(path)));
        }
        if (!QFileInfo(info.absolutePath()).isDir())
            return invalid(
                QStringLiteral("%1: the directory %2 does not exist").arg(option, native(info.absolutePath())));
    }
    return std::nullopt;
}

std::optional<int> KeyCommands::prepareAdd()
{
    if (m_commandLine.isSet(QStringLiteral("expires"))) {
        const QString text = m_commandLine.value(QStringLiteral("expires"));
        const auto expires = protojson::parseTimestamp(text.trimmed());
        if (!expires) {
            return invalid(QStringLiteral("--expires: \"%1\" is not an RFC 3339 time; write it like "
                                          "2027-01-31T00:00:00Z")
                               .arg(text));
        }
        if (*expires <= QDateTime::currentDateTimeUtc())
            return invalid(QStringLiteral("--expires: %1 is in the past; ZITADEL refuses such keys").arg(text));
        m_expires = *expires;
    }
    m_publicKeyPath = m_commandLine.value(QStringLiteral("public-key"));
    auto bytes = vault::securefile::read(m_publicKeyPath, kMaxKeyFileSize);
    if (!bytes)
        return invalid(QStringLiteral("--public-key: %1").arg(bytes.error().message));
    m_publicKey = crypto::importPublicKey(*bytes);
    // Someone may have pointed at the private key by mistake: do not keep its bytes around.
    QByteArray raw = std::move(bytes).value();
    crypto::wipe(raw);
    if (!m_publicKey.ok())
        return invalid(QStringLiteral("--public-key %1: %2").arg(native(m_publicKeyPath), m_publicKey.error));
    return std::nullopt;
}

std::optional<int> KeyCommands::prepareFingerprint()
{
    m_publicKeyPath = m_commandLine.arguments().value(0);
    auto bytes = vault::securefile::read(m_publicKeyPath, kMaxKeyFileSize);
    if (!bytes)
        return invalid(bytes.error().message);
    m_publicKey = crypto::importPublicKey(*bytes);
    QByteArray raw = std::move(bytes).value();
    crypto::wipe(raw);
    if (!m_publicKey.ok())
        return invalid(QStringLiteral("%1: %2").arg(native(m_publicKeyPath), m_publicKey.error));
    return std::nullopt;
}

void KeyCommands::start()
{
    if (m_connection->pending()) {
        // A profile's secret comes from the keychain first.
        m_connection->connect(*m_client, [this](std::optional<int> code) { code ? finish(*code) : start(); });
        return;
    }
    switch (m_commandLine.command()) {
    case Command::KeysList:
        list(0);
        break;
    case Command::KeysGenerate:
        generate();
        break;
    case Command::KeysAdd:
        add();
        break;
    case Command::KeysActivate:
        activate();
        break;
    case Command::KeysDeactivate:
        deactivate();
        break;
    case Command::KeysRemove:
        remove();
        break;
    case Command::KeysFingerprint:
        fingerprint();
        break;
    default:
        finish(UsageError);
        break;
    }
}

void KeyCommands::list(quint64 offset)
{
    PublicKeyQuery query;
    query.offset = offset;
    query.limit = 1000; // the most ZITADEL allows per page
    query.asc = true;
    query.sortingColumn = PublicKeySortColumn::CreationDate;
    m_client->listPublicKeys(m_targetId, query, this, [this](Result<PublicKeyPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        m_keys.append(r->publicKeys);
        if (!r->publicKeys.isEmpty() && quint64(m_keys.size()) < r->totalResult) {
            list(quint64(m_keys.size()));
            return;
        }
        printList();
    });
}

void KeyCommands::printList()
{
    if (m_json) {
        QJsonArray keys;
        for (const PublicKey &k : std::as_const(m_keys))
            keys.append(publicKeyToJson(k));
        printJson(QJsonObject{{QStringLiteral("publicKeys"), keys}});
        finish(Success);
        return;
    }
    if (m_keys.isEmpty()) {
        console::out(QStringLiteral("Target %1 has no public keys\n").arg(m_targetId));
        finish(Success);
        return;
    }
    TextTable table({QStringLiteral("KEY ID"), QStringLiteral("STATE"), QStringLiteral("TYPE"),
                     QStringLiteral("EXPIRES"), QStringLiteral("CREATED"), QStringLiteral("VAULT"),
                     QStringLiteral("FINGERPRINT")});
    for (const PublicKey &k : std::as_const(m_keys)) {
        const crypto::PublicKeyImport parsed = crypto::importPublicKey(k.publicKeyPem);
        // "yes": this machine holds the private key, so payloads encrypted to this key can be read here.
        const bool held = vault()->contains(k.fingerprint);
        table.addRow({k.keyId, stateText(k), parsed.ok() ? parsed.description : QStringLiteral("?"),
                      k.expirationDate.isValid() ? timestampText(k.expirationDate) : QStringLiteral("never"),
                      timestampText(k.creationDate), held ? QStringLiteral("yes") : QStringLiteral("no"),
                      k.fingerprint});
    }
    const qsizetype n = m_keys.size();
    console::out(table.toString() + (n == 1 ? QStringLiteral("1 key\n") : QStringLiteral("%1 keys\n").arg(n)));
    finish(Success);
}

void KeyCommands::generate()
{
    const QString typeName = crypto::keyTypeName(m_keyType);
    auto key = crypto::PrivateKey::generate(m_keyType);
    if (!key) {
        console::error(QStringLiteral("cannot generate a %1 key: %2").arg(typeName, key.error().message));
        audit(AuditOperation::Generate, {}, {}, {}, key.error().message, typeName);
        finish(LocalFailure);
        return;
    }
    const QString fingerprint = key->fingerprint();
    const bool encrypted = !m_passphrase.isEmpty();
    auto pem = encrypted ? key->encryptedPrivateKeyPem(m_passphrase) : key->privateKeyPem();
    crypto::wipe(m_passphrase);
    if (!pem) {
        console::error(QStringLiteral("cannot export the private key: %1").arg(pem.error().message));
        audit(AuditOperation::Generate, {}, {}, fingerprint, pem.error().message, typeName);
        finish(LocalFailure);
        return;
    }
    QByteArray privatePem = std::move(pem).value();
    const auto overwrite = m_overwrite ? vault::securefile::Overwrite::Replace : vault::securefile::Overwrite::Refuse;
    const auto written = vault::securefile::write(m_outPath, privatePem, vault::securefile::kPrivateMode, overwrite);
    crypto::wipe(privatePem);
    if (!written) {
        console::error(QStringLiteral("--out: %1").arg(written.error().message));
        audit(AuditOperation::Generate, {}, {}, fingerprint, written.error().message, typeName);
        finish(written.error().kind == vault::VaultError::Kind::Exists ? InvalidInput : LocalFailure);
        return;
    }
    QString publicWritten;
    if (!m_publicOutPath.isEmpty()) {
        const auto pub =
            vault::securefile::write(m_publicOutPath, key->publicKeyPem(), vault::securefile::kPublicMode, overwrite);
        if (!pub) {
            console::error(QStringLiteral("--public-out: %1 (the private key was written to %2)")
                               .arg(pub.error().message, native(*written)));
            audit(AuditOperation::Generate, {}, {}, fingerprint, pub.error().message, typeName);
            finish(pub.error().kind == vault::VaultError::Kind::Exists ? InvalidInput : LocalFailure);
            return;
        }
        publicWritten = *pub;
    }
    audit(AuditOperation::Generate, {}, {}, fingerprint, {}, typeName + QStringLiteral(" to ") + native(*written));

    const bool toVault = m_commandLine.isSet(QStringLiteral("vault"));
    auto report = [this, fingerprint, typeName, encrypted, privatePath = *written, publicWritten, toVault]() {
        if (m_json) {
            QJsonObject o{{QStringLiteral("fingerprint"), fingerprint},
                          {QStringLiteral("type"), typeName},
                          {QStringLiteral("privateKeyFile"), privatePath},
                          {QStringLiteral("encrypted"), encrypted},
                          {QStringLiteral("vault"), toVault}};
            if (!publicWritten.isEmpty())
                o.insert(QStringLiteral("publicKeyFile"), publicWritten);
            printJson(o);
        } else {
            console::out(fingerprint + QLatin1Char('\n'));
            console::err(QStringLiteral("Generated key pair: %1\nPrivate key: %2 (owner-only, %3)\n")
                             .arg(crypto::keyTypeDescription(m_keyType), native(privatePath),
                                  encrypted
                                      ? QStringLiteral("encrypted with the passphrase in $%1").arg(m_passphraseVariable)
                                      : QStringLiteral("NOT encrypted")));
            if (!publicWritten.isEmpty())
                console::err(QStringLiteral("Public key: %1\n").arg(native(publicWritten)));
            if (toVault)
                console::err(QStringLiteral("The private key is also in the vault.\n"));
        }
        finish(Success);
    };
    if (!toVault) {
        report();
        return;
    }
    vault::VaultEntry entry;
    entry.label = m_commandLine.value(QStringLiteral("label"));
    vault()->store(*key, entry, this, [this, report, privatePath = *written](vault::VaultResult<vault::VaultEntry> r) {
        if (!r) {
            console::error(QStringLiteral("cannot store the private key in the vault: %1 (the key files were "
                                          "written: %2)")
                               .arg(r.error().message, native(privatePath)));
            finish(LocalFailure);
            return;
        }
        report();
    });
}

void KeyCommands::add()
{
    AddPublicKeyRequest request;
    request.publicKeyPem = m_publicKey.pem;
    request.expirationDate = m_expires;
    for (const QString &note : std::as_const(m_publicKey.notes))
        console::err(QStringLiteral("note: %1\n").arg(note));
    for (const QString &warning : std::as_const(m_publicKey.warnings))
        console::err(QStringLiteral("warning: %1\n").arg(warning));
    const QString fingerprint = m_publicKey.fingerprint;
    m_client->addPublicKey(m_targetId, request, this, [this, fingerprint](Result<AddPublicKeyResponse> r) {
        if (!r) {
            audit(AuditOperation::Add, m_targetId, {}, fingerprint, r.error().toString());
            fail(r.error());
            return;
        }
        audit(AuditOperation::Add, m_targetId, r->keyId, fingerprint, {});
        // A key generated with --vault learns where it is used.
        bool inVault = false;
        if (vault()->contains(fingerprint)) {
            const auto bound = vault()->bind(fingerprint, m_instance, m_targetId, r->keyId);
            inVault = bound.ok();
            if (!bound)
                console::err(QStringLiteral("warning: the vault was not updated: %1\n").arg(bound.error().message));
        }
        if (m_json) {
            QJsonObject o{{QStringLiteral("keyId"), r->keyId}};
            if (r->creationDate.isValid())
                o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(r->creationDate));
            printJson(o);
        } else {
            console::out(r->keyId + QLatin1Char('\n'));
            console::err(QStringLiteral("Added public key %1 to target %2 as key %3.%4\nIt is inactive; make "
                                        "ZITADEL use it with: targetdesk-cli keys activate %2 %3\n")
                             .arg(fingerprint, m_targetId, r->keyId,
                                  inVault ? QStringLiteral(" The vault holds its private key.") : QString()));
        }
        finish(Success);
    });
}

void KeyCommands::lookupFingerprint(const std::function<void(const QString &)> &then)
{
    if (const QString known = knownFingerprint(m_targetId, m_keyId); !known.isEmpty()) {
        then(known);
        return;
    }
    // Only for the audit entry: when the lookup fails the operation still runs and reports its own error.
    PublicKeyQuery query;
    query.keyIds = QStringList{m_keyId};
    m_client->listPublicKeys(m_targetId, query, this, [this, then](Result<PublicKeyPage> r) {
        QString fingerprint;
        if (r) {
            for (const PublicKey &k : r->publicKeys) {
                if (k.keyId == m_keyId)
                    fingerprint = k.fingerprint;
            }
        }
        then(fingerprint);
    });
}

void KeyCommands::activate()
{
    lookupFingerprint([this](const QString &fingerprint) { activateKey(fingerprint); });
}

void KeyCommands::activateKey(const QString &fingerprint)
{
    m_client->activatePublicKey(m_targetId, m_keyId, this, [this, fingerprint](Result<QDateTime> r) {
        if (!r) {
            audit(AuditOperation::Activate, m_targetId, m_keyId, fingerprint, r.error().toString());
            fail(r.error());
            return;
        }
        audit(AuditOperation::Activate, m_targetId, m_keyId, fingerprint, {});
        if (m_json) {
            printJson(QJsonObject{{QStringLiteral("changeDate"), timestampText(*r)}});
        } else {
            console::out(QStringLiteral("Activated key %1 of target %2; any other key of the target is now "
                                        "inactive\n")
                             .arg(m_keyId, m_targetId));
        }
        finish(Success);
    });
}

void KeyCommands::deactivate()
{
    if (m_commandLine.isSet(QStringLiteral("all-targets"))) {
        deactivateAllTargets();
        return;
    }
    if (m_keyId.isEmpty()) {
        deactivateActiveKeys();
        return;
    }
    m_client->deactivatePublicKey(m_targetId, m_keyId, this, [this](Result<QDateTime> r) {
        const QString fingerprint = knownFingerprint(m_targetId, m_keyId);
        if (!r) {
            audit(AuditOperation::Deactivate, m_targetId, m_keyId, fingerprint, r.error().toString());
            fail(r.error());
            return;
        }
        audit(AuditOperation::Deactivate, m_targetId, m_keyId, fingerprint, {});
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("changeDate"), timestampText(*r)}});
        else
            console::out(QStringLiteral("Deactivated key %1 of target %2\n").arg(m_keyId, m_targetId));
        finish(Success);
    });
}

void KeyCommands::deactivateActiveKeys()
{
    PublicKeyQuery query;
    query.active = true;
    query.limit = 1000;
    m_client->listPublicKeys(m_targetId, query, this, [this](Result<PublicKeyPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        QStringList ids;
        for (const PublicKey &k : r->publicKeys) {
            if (k.active) {
                ids << k.keyId;
                m_fingerprints.insert(k.keyId, k.fingerprint);
            }
        }
        if (ids.isEmpty()) {
            if (m_json)
                printJson(QJsonObject{{QStringLiteral("deactivated"), QJsonArray()}});
            else
                console::out(QStringLiteral("Target %1 has no active key; nothing to deactivate\n").arg(m_targetId));
            finish(Success);
            return;
        }
        // ZITADEL allows one active key per target; deactivate every one listed anyway.
        auto remaining = std::make_shared<int>(int(ids.size()));
        auto done = std::make_shared<QJsonArray>();
        auto firstError = std::make_shared<std::optional<ApiError>>();
        for (const QString &id : std::as_const(ids)) {
            m_client->deactivatePublicKey(
                m_targetId, id, this, [this, id, remaining, done, firstError](Result<QDateTime> d) {
                    const QString fingerprint = knownFingerprint(m_targetId, id);
                    if (d) {
                        audit(AuditOperation::Deactivate, m_targetId, id, fingerprint, {});
                        done->append(QJsonObject{{QStringLiteral("keyId"), id},
                                                 {QStringLiteral("changeDate"), timestampText(*d)}});
                        if (!m_json)
                            console::out(QStringLiteral("Deactivated key %1 of target %2\n").arg(id, m_targetId));
                    } else {
                        audit(AuditOperation::Deactivate, m_targetId, id, fingerprint, d.error().toString());
                        if (!*firstError)
                            *firstError = d.error();
                    }
                    if (--*remaining > 0)
                        return;
                    if (*firstError) {
                        fail(**firstError);
                        return;
                    }
                    if (m_json)
                        printJson(QJsonObject{{QStringLiteral("deactivated"), *done}});
                    else
                        console::err(QStringLiteral("JWE payloads to this target stop until a key is active "
                                                    "again.\n"));
                    finish(Success);
                });
        }
    });
}

void KeyCommands::deactivateAllTargets()
{
    TargetQuery query;
    query.limit = 1000;
    query.asc = true;
    m_client->listAllTargets(
        query, this,
        [this](const TargetPage &page) {
            for (const Target &t : page.targets)
                m_outcomes.append(TargetOutcome{t.id, t.name, {}, {}, false, 0, false});
        },
        [this](Result<quint64> r) {
            if (!r) {
                fail(r.error());
                return;
            }
            if (m_outcomes.isEmpty()) {
                finishAllTargets();
                return;
            }
            // Every target at once: in an emergency the slowest target must not hold up the others.
            m_pending = int(m_outcomes.size());
            for (int i = 0; i < m_outcomes.size(); ++i)
                deactivateOnTarget(i);
        });
}

void KeyCommands::deactivateOnTarget(int index)
{
    PublicKeyQuery query;
    query.active = true;
    query.limit = 1000;
    const QString targetId = m_outcomes.at(index).targetId;
    auto targetDone = [this, index] {
        TargetOutcome &o = m_outcomes[index];
        if (o.pending > 0)
            return;
        if (--m_pending == 0)
            finishAllTargets();
    };
    m_client->listPublicKeys(targetId, query, this, [this, index, targetId, targetDone](Result<PublicKeyPage> r) {
        TargetOutcome &o = m_outcomes[index];
        o.listed = true;
        if (!r) {
            o.errors << QStringLiteral("listing the keys: ") + r.error().toString();
            o.serverRefused = o.serverRefused || r.error().kind == ApiError::Kind::Server;
            targetDone();
            return;
        }
        QStringList ids;
        for (const PublicKey &k : r->publicKeys) {
            if (k.active) {
                ids << k.keyId;
                m_fingerprints.insert(k.keyId, k.fingerprint);
            }
        }
        o.pending = int(ids.size());
        if (ids.isEmpty()) {
            targetDone();
            return;
        }
        for (const QString &id : std::as_const(ids)) {
            m_client->deactivatePublicKey(
                targetId, id, this, [this, index, targetId, id, targetDone](Result<QDateTime> d) {
                    TargetOutcome &t = m_outcomes[index];
                    const QString fingerprint = knownFingerprint(targetId, id);
                    if (d) {
                        t.deactivated << id;
                        audit(AuditOperation::BreakGlass, targetId, id, fingerprint, {}, QStringLiteral("all targets"));
                    } else {
                        t.errors << QStringLiteral("key %1: %2").arg(id, d.error().toString());
                        t.serverRefused = t.serverRefused || d.error().kind == ApiError::Kind::Server;
                        audit(AuditOperation::BreakGlass, targetId, id, fingerprint, d.error().toString(),
                              QStringLiteral("all targets"));
                    }
                    --t.pending;
                    targetDone();
                });
        }
    });
}

void KeyCommands::finishAllTargets()
{
    int failed = 0;
    int keys = 0;
    bool serverRefused = false;
    QJsonArray results;
    TextTable table({QStringLiteral("TARGET"), QStringLiteral("NAME"), QStringLiteral("RESULT")});
    for (const TargetOutcome &o : std::as_const(m_outcomes)) {
        keys += int(o.deactivated.size());
        QString result;
        QJsonObject entry{{QStringLiteral("targetId"), o.targetId}, {QStringLiteral("name"), o.name}};
        if (!o.deactivated.isEmpty())
            entry.insert(QStringLiteral("deactivated"), QJsonArray::fromStringList(o.deactivated));
        if (!o.errors.isEmpty()) {
            ++failed;
            serverRefused = serverRefused || o.serverRefused;
            entry.insert(QStringLiteral("result"), QStringLiteral("failed"));
            entry.insert(QStringLiteral("errors"), QJsonArray::fromStringList(o.errors));
            result = QStringLiteral("FAILED: ") + o.errors.join(QStringLiteral("; "));
            if (!o.deactivated.isEmpty())
                result += QStringLiteral(" (deactivated %1)").arg(o.deactivated.join(QStringLiteral(", ")));
        } else if (!o.deactivated.isEmpty()) {
            entry.insert(QStringLiteral("result"), QStringLiteral("deactivated"));
            result = QStringLiteral("deactivated key %1").arg(o.deactivated.join(QStringLiteral(", ")));
        } else {
            entry.insert(QStringLiteral("result"), QStringLiteral("no-active-key"));
            result = QStringLiteral("no active key");
        }
        results.append(entry);
        table.addRow({o.targetId, o.name, result});
    }
    if (m_json) {
        printJson(QJsonObject{{QStringLiteral("results"), results}});
    } else {
        if (!m_outcomes.isEmpty())
            console::out(table.toString());
        console::out(QStringLiteral("Deactivated %1 key(s) on %2 target(s); %3 target(s) failed\n")
                         .arg(keys)
                         .arg(m_outcomes.size())
                         .arg(failed));
        if (failed > 0)
            console::err(QStringLiteral("Run the command again to retry: it only touches keys that are still "
                                        "active.\n"));
    }
    // A server refusal anywhere is 6; failures that were only transport problems are 7.
    finish(failed == 0 ? Success : serverRefused ? ServerRefused : NetworkFailure);
}

void KeyCommands::remove()
{
    lookupFingerprint([this](const QString &fingerprint) { removeKey(fingerprint); });
}

void KeyCommands::removeKey(const QString &fingerprint)
{
    m_client->removePublicKey(m_targetId, m_keyId, this, [this, fingerprint](Result<QDateTime> r) {
        if (!r) {
            audit(AuditOperation::Remove, m_targetId, m_keyId, fingerprint, r.error().toString());
            fail(r.error());
            return;
        }
        audit(AuditOperation::Remove, m_targetId, m_keyId, fingerprint, {});
        if (m_json) {
            printJson(QJsonObject{{QStringLiteral("deletionDate"), timestampText(*r)}});
        } else {
            console::out(QStringLiteral("Removed key %1 from target %2\n").arg(m_keyId, m_targetId));
            // Never deleted with the server key: payloads captured earlier may still need it.
            if (!fingerprint.isEmpty() && vault()->contains(fingerprint)) {
                console::err(QStringLiteral("The vault keeps its private key (%1) so payloads captured earlier can "
                                            "still be decrypted; remove it there when you no longer need it.\n")
                                 .arg(fingerprint));
            }
        }
        finish(Success);
    });
}

void KeyCommands::fingerprint()
{
    for (const QString &note : std::as_const(m_publicKey.notes))
        console::err(QStringLiteral("note: %1\n").arg(note));
    if (m_json) {
        printJson(QJsonObject{{QStringLiteral("fingerprint"), m_publicKey.fingerprint},
                              {QStringLiteral("type"), m_publicKey.description}});
    } else {
        console::out(m_publicKey.fingerprint + QLatin1Char('\n'));
    }
    finish(Success);
}

void KeyCommands::fail(const ApiError &error, int code)
{
    console::error(error.toString());
    if (error.kind == ApiError::Kind::Server) {
        console::err(authHint(error, *m_client, ProfileConnection::requested(m_commandLine)));
        finish(code >= 0 ? code : ServerRefused);
        return;
    }
    if (error.kind == ApiError::Kind::MalformedResponse) {
        console::err(
            QStringLiteral("hint: is %1 the URL of a ZITADEL instance?\n").arg(m_client->instance().toDisplayString()));
    }
    finish(code >= 0 ? code : error.kind == ApiError::Kind::InvalidRequest ? InvalidInput : NetworkFailure);
}

void KeyCommands::finish(int code)
{
    crypto::wipe(m_passphrase);
    QCoreApplication::exit(code);
}

void KeyCommands::printJson(const QJsonObject &object)
{
    console::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

void KeyCommands::audit(AuditOperation operation, const QString &targetId, const QString &keyId,
                        const QString &fingerprint, const QString &error, const QString &detail)
{
    QString problem;
    const QString instance = operation == AuditOperation::Generate ? QString() : m_instance;
    if (!m_audit->append(vault::AuditEntry::make(operation, instance, targetId, keyId, fingerprint, error, detail),
                         &problem))
        console::err(QStringLiteral("warning: %1\n").arg(problem));
}

QString KeyCommands::knownFingerprint(const QString &targetId, const QString &keyId) const
{
    if (const QString listed = m_fingerprints.value(keyId); !listed.isEmpty())
        return listed;
    for (const vault::VaultEntry &e : const_cast<KeyCommands *>(this)->vault()->findByKeyId(keyId, m_instance)) {
        if (e.targetId == targetId)
            return e.fingerprint;
    }
    return {};
}

vault::Vault *KeyCommands::vault()
{
    if (!m_vault) {
        vault::VaultSettings settings = vault::VaultSettings::defaults();
        settings.auditLogPath = m_audit->path(); // one log for the vault's entries and ours
        m_vault = new vault::Vault(settings, this);
    }
    return m_vault;
}

} // namespace targetdesk::cli
