#pragma once

#include "crypto/keytype.h"
#include "crypto/publickeyimport.h"

#include <QDateTime>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace targetdesk::gui
{

// Adding a public key to a target, inline in the key panel: generate a key pair here (the private key goes to the
// vault) or paste / drop a public key in PEM. The form only asks; KeyOperations does the work.
class AddKeyForm : public QWidget
{
    Q_OBJECT
public:
    // EC P-256: generated instantly, 128-bit security like RSA 3072 at a fraction of the size, and ZITADEL encrypts
    // to it with ECDH-ES+A256KW, which every maintained JOSE library reads.
    static constexpr crypto::KeyType defaultKeyType = crypto::KeyType::EcP256;

    explicit AddKeyForm(QWidget *parent = nullptr);

    // Whether generating is possible (the vault can keep the private key); `reason` says why not.
    void setGenerationAvailable(bool available, const QString &reason);
    void setTargetAvailable(bool available);
    // The key active now, named in the rotation explanation; empty when there is none.
    void setActiveKeyId(const QString &keyId);
    void setBusy(bool busy, const QString &text = QString());
    bool isBusy() const { return m_busy; }

    // Shows the generate page with "activate right away" set: the guided rotation.
    void startRotation(crypto::KeyType type);
    void showGenerate();
    void showPaste();
    // Reads a dropped or opened file into the paste page.
    void pasteFile(const QString &path);
    void clearPaste();

    QComboBox *typeBox() const { return m_type; }
    QCheckBox *expiresBox() const { return m_generateExpires; }
    QDateTimeEdit *expirationEdit() const { return m_generateExpiration; }
    QCheckBox *activateBox() const { return m_generateActivate; }
    QPushButton *generateButton() const { return m_generateButton; }
    QPlainTextEdit *pemEdit() const { return m_pem; }
    QLabel *pemReport() const { return m_pemReport; }
    QCheckBox *pasteActivateBox() const { return m_pasteActivate; }
    QPushButton *addButton() const { return m_addButton; }
    QLabel *generateReason() const { return m_generateReason; }
    QTabWidget *tabs() const { return m_tabs; }
    const crypto::PublicKeyImport &pastedKey() const { return m_pasted; }

Q_SIGNALS:
    void generateRequested(crypto::KeyType type, const QDateTime &expiration, bool activate);
    void addRequested(const crypto::PublicKeyImport &key, const QDateTime &expiration, bool activate);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildGeneratePage();
    QWidget *buildPastePage();
    void onPemChanged();
    void updateState();
    void updateRotationText();

    QTabWidget *m_tabs;
    QComboBox *m_type;
    QCheckBox *m_generateExpires;
    QDateTimeEdit *m_generateExpiration;
    QCheckBox *m_generateActivate;
    QLabel *m_rotationText;
    QLabel *m_generateReason;
    QPushButton *m_generateButton;
    QPlainTextEdit *m_pem;
    QLabel *m_pemReport;
    QCheckBox *m_pasteExpires;
    QDateTimeEdit *m_pasteExpiration;
    QCheckBox *m_pasteActivate;
    QPushButton *m_addButton;
    QProgressBar *m_busyIndicator;
    QLabel *m_busyText;
    crypto::PublicKeyImport m_pasted;
    QString m_activeKeyId;
    bool m_generationAvailable = false;
    bool m_targetAvailable = false;
    bool m_busy = false;
};

} // namespace targetdesk::gui
