#pragma once

#include <QObject>
#include <QString>

namespace targetdesk
{
class ZitadelClient;
namespace keys
{
class KeyWorkflow;
}
namespace vault
{
class Vault;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// The built-in sandbox's first-launch target "local-receiver": a JWE webhook to the app's own receiver
// (http://127.0.0.1:PORT/, the inspector's Listen mode), with an RSA key whose private half is in the vault (made on
// the first launch and kept under keyLabel for the next ones), so a new user can send a test delivery and watch it
// arrive decrypted and verified. Runs once per sandbox, only when the vault is usable; on any failure it takes back
// what it made and reports why, never more. The client and vault are not owned and must outlive this object, which
// deletes itself after finished().
class LocalReceiverSeed : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *targetName = "local-receiver";
    // The vault label of the key every launch's local-receiver uses (made on the first launch).
    static constexpr const char *keyLabel = "Targetdesk sandbox: local-receiver";

    LocalReceiverSeed(ZitadelClient *client, vault::Vault *vault, quint16 port, QObject *parent = nullptr);
    ~LocalReceiverSeed() override;

    void start();
    QString targetId() const { return m_targetId; }

Q_SIGNALS:
    // `ok`: the target `targetId` and its key are there; else `problem` says why not (nothing is left half made).
    void finished(bool ok, const QString &targetId, const QString &problem);

private:
    void generateKey();
    void addKey(const QByteArray &pem, const QString &fingerprint);
    void undo(const QString &problem);
    void done(bool ok, const QString &problem);

    ZitadelClient *m_client;
    vault::Vault *m_vault;
    quint16 m_port;
    keys::KeyWorkflow *m_workflow = nullptr;
    QString m_targetId;
};

} // namespace targetdesk::gui
