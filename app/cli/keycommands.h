#pragma once

#include "commandline.h"

#include "crypto/keytype.h"
#include "crypto/publickeyimport.h"
#include "model/publickey.h"
#include "vault/auditlog.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace targetdesk
{
class ZitadelClient;
struct ApiError;

namespace vault
{
class Vault;
}

namespace cli
{
class ProfileConnection;

// `targetdesk-cli keys list|generate|add|activate|deactivate|remove|fingerprint`: checks the options and files,
// runs the API calls asynchronously and prints text or ZITADEL's JSON. Every operation that changes a key appends
// to the audit log, failures included. When done it ends the event loop with the command's exit code.
//
// Output convention: `generate`, `add` and `fingerprint` print only their result (the fingerprint, the key id) on
// stdout so scripts can capture it; explanations go to stderr.
class KeyCommands : public QObject
{
    Q_OBJECT
public:
    explicit KeyCommands(const CommandLine &commandLine, QObject *parent = nullptr);
    ~KeyCommands() override;

    // Reads the environment, checks every option and reads the input files. On a problem prints it and returns
    // the exit code; nullopt when the command can start. Nothing is sent before start().
    std::optional<int> prepare();
    // Call with the event loop running (or about to run): the command ends it with QCoreApplication::exit().
    void start();

private:
    // One target of `deactivate --all-targets`.
    struct TargetOutcome {
        QString targetId;
        QString name;
        QStringList deactivated; // key ids
        QStringList errors;      // one line per failed request
        bool serverRefused = false;
        int pending = 0;
        bool listed = false; // its active keys are known
    };

    std::optional<int> prepareConnection();
    std::optional<int> prepareGenerate();
    std::optional<int> prepareAdd();
    std::optional<int> prepareFingerprint();

    void list(quint64 offset);
    void printList();
    void generate();
    void add();
    // The fingerprint of m_keyId (from the vault index, else from the server) for the audit entry; empty if unknown.
    void lookupFingerprint(const std::function<void(const QString &)> &then);
    void activate();
    void activateKey(const QString &fingerprint);
    void deactivate();
    void deactivateActiveKeys();
    void deactivateAllTargets();
    void deactivateOnTarget(int index);
    void finishAllTargets();
    void remove();
    void removeKey(const QString &fingerprint);
    void fingerprint();

    void fail(const ApiError &error, int code = -1);
    void finish(int code);
    void printJson(const QJsonObject &object);
    void audit(vault::AuditOperation operation, const QString &targetId, const QString &keyId,
               const QString &fingerprint, const QString &error, const QString &detail = QString());
    // The fingerprint of a key id from the vault index, for audit entries; empty when unknown.
    QString knownFingerprint(const QString &targetId, const QString &keyId) const;
    vault::Vault *vault();

    const CommandLine &m_commandLine;
    ZitadelClient *m_client;
    ProfileConnection *m_connection;
    vault::AuditLog *m_audit = nullptr;
    vault::Vault *m_vault = nullptr;
    bool m_json = false;
    QString m_instance; // normalized, for the audit log and the vault
    QString m_targetId;
    QString m_keyId;

    QList<PublicKey> m_keys;
    QHash<QString, QString> m_fingerprints; // key id -> fingerprint, from the lists this command read

    crypto::KeyType m_keyType = crypto::KeyType::EcP256;
    QString m_outPath;
    QString m_publicOutPath;
    QString m_passphraseVariable;
    QByteArray m_passphrase; // wiped in the destructor and after use
    bool m_overwrite = false;

    crypto::PublicKeyImport m_publicKey;
    QString m_publicKeyPath;
    QDateTime m_expires;

    QList<TargetOutcome> m_outcomes;
    int m_pending = 0;
};

} // namespace cli
} // namespace targetdesk
