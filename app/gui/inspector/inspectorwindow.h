#pragma once

#include "inspector/inspectionrunner.h"
#include "inspector/inspectionview.h"

#include "crypto/privatekey.h"

#include <QByteArray>
#include <QMainWindow>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QLineEdit;

namespace targetdesk
{
class ZitadelClient;
namespace vault
{
class Vault;
}
} // namespace targetdesk

namespace targetdesk::gui
{

class BulkInspectionView;
class InspectorInput;
class InspectorInstance;
class InspectorKeyRing;
class ListenView;
struct ListenedDelivery;
class NoticeBar;

// The Payload Inspector: paste or drop what a webhook received and see at once what ZITADEL sent, whether it was
// decrypted, who signed it and whether the ZITADEL-Signature holds; or inspect a whole JSON-lines file of captures
// in bulk. Keys come from the vault (by the JWE kid) and from key files the user adds; when connected, the
// instance's JWKS and the targets' signing keys are fetched by themselves. Secrets (key files, passphrases, the
// signing key) stay in memory and are never written to settings or logs.
class InspectorWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Asks for the passphrase of an encrypted key file; nullopt: the user gave up. `again`: the last one was wrong.
    using PassphrasePrompt = std::function<std::optional<QByteArray>(const QString &fileName, bool again)>;

    // `client` (connected instance) and `vault` may be null; neither is owned, both must outlive the window.
    InspectorWindow(ZitadelClient *client, vault::Vault *vault, QWidget *parent = nullptr);
    ~InspectorWindow() override;

    // --- What the menus and buttons do, callable without a file dialog ---
    // Shows the file's content in the paste area (large files are inspected without being shown).
    bool openFile(const QString &path);
    // Adds a private key file (PEM, encrypted or not, or a private JWK); asks for a passphrase when needed. The key
    // is read on a worker thread (an encrypted file runs its own key derivation, up to about a second by the caps in
    // crypto/privatekey.h): the call returns at once, the key section shows the work meanwhile, and `done` (may be
    // empty) hears whether the key was added, on this thread and never inside the call; not at all once the window
    // is gone. One file at a time: another one is refused (with a message) until the first is done.
    void addKeyFile(const QString &path, std::function<void(bool added)> done = {});
    bool isReadingKeyFile() const { return m_keyFileRead != nullptr; }
    bool loadJwksFile(const QString &path);
    void openBulkFile(const QString &path);
    void setInput(const QString &text);
    // Inspects the current input now instead of after the typing pause.
    void inspectNow();

    void setPassphrasePrompt(PassphrasePrompt prompt) { m_prompt = std::move(prompt); }
    // Pins the clock used for the signature age (tests with old captures); nullopt: the real time.
    void setNow(std::optional<qint64> unixSeconds) { m_now = unixSeconds; }

    InspectorInput *input() const { return m_input; }
    InspectionView *resultView() const { return m_view; }
    BulkInspectionView *bulkView() const { return m_bulk; }
    // Listen mode: deliveries received on a local port.
    ListenView *listenView() const { return m_listen; }
    // Shows Listen mode and starts listening on `port` (0: the port chosen last); false when the port is taken.
    bool startListening(quint16 port = 0);
    InspectorKeyRing *keyRing() const { return m_keys; }
    InspectorInstance *instance() const { return m_instance; }
    InspectionRunner *runner() const { return m_runner; }
    QTabWidget *modes() const { return m_modes; }
    QComboBox *targetCombo() const { return m_targetCombo; }
    QLineEdit *signingKeyField() const { return m_signingKey; }
    QCheckBox *ignoreAgeCheck() const { return m_ignoreAge; }
    QListWidget *keyList() const { return m_keyList; }
    QLabel *jwksLabel() const { return m_jwksLabel; }
    NoticeBar *notice() const { return m_notice; }
    QAction *openFileAction() const { return m_openFileAction; }
    QAction *addKeyAction() const { return m_addKeyAction; }
    QAction *openBulkAction() const { return m_openBulkAction; }

    // The options an inspection runs with right now (keys, JWKS, signing key, age limit).
    inspect::InspectOptions currentOptions() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *createSettingsPanel();
    QWidget *createSinglePage();
    void createActions();
    void onResult(const InspectionResult &result);
    void onBulkDetail(const InspectionResult &result);
    void onKeyOwner(const QString &kid);
    InspectionContext contextFor(const InspectionResult &result) const;
    void refreshContexts();
    void refreshKeyList();
    void refreshTargets();
    void onTargetChosen();
    void applyAutomaticSigningKey(const QString &kid);
    void setSigningKey(const QString &key, const QString &source);
    void removeSelectedKey();
    struct KeyFileRead;
    void decryptKeyFile(const QByteArray &passphrase);
    void onKeyFileRead(const crypto::CryptoResult<crypto::PrivateKey> &key);
    void finishKeyFile(const crypto::PrivateKey *key, const QString &error);
    void setKeyFileBusy(bool busy, const QString &text = QString());
    void showProblem(const QString &text);
    void chooseFile(const QString &title, const QString &filter, const std::function<void(const QString &)> &use);
    void saveSettings() const;
    void restoreSettings();
    void setUpListen();
    inspect::InspectOptions listenOptions(ListenedDelivery &delivery) const;

    ZitadelClient *m_client;
    InspectorKeyRing *m_keys;
    InspectorInstance *m_instance;
    InspectionRunner *m_runner;
    InspectionRunner *m_bulkRunner;
    PassphrasePrompt m_prompt;
    std::optional<qint64> m_now;
    QByteArray m_largeInput;                    // a file too large to show: inspected from here
    std::unique_ptr<KeyFileRead> m_keyFileRead; // the key file being read, if any
    QString m_signingKeySource;
    bool m_settingSigningKey = false;
    QTimer m_debounce;

    NoticeBar *m_notice = nullptr;
    QTabWidget *m_modes = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_singleSplitter = nullptr;
    InspectorInput *m_input = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    InspectionView *m_view = nullptr;
    BulkInspectionView *m_bulk = nullptr;
    ListenView *m_listen = nullptr;
    QListWidget *m_keyList = nullptr;
    QPushButton *m_addKeyButton = nullptr;
    QPushButton *m_removeKeyButton = nullptr;
    QProgressBar *m_keyBusy = nullptr;
    QLabel *m_keyBusyText = nullptr;
    QLabel *m_vaultLabel = nullptr;
    QComboBox *m_targetCombo = nullptr;
    QLineEdit *m_signingKey = nullptr;
    QCheckBox *m_ignoreAge = nullptr;
    QLabel *m_jwksLabel = nullptr;
    QPushButton *m_fetchJwksButton = nullptr;
    QPushButton *m_loadJwksButton = nullptr;
    QAction *m_openFileAction = nullptr;
    QAction *m_addKeyAction = nullptr;
    QAction *m_loadJwksAction = nullptr;
    QAction *m_fetchJwksAction = nullptr;
    QAction *m_openBulkAction = nullptr;
};

} // namespace targetdesk::gui
