#pragma once

#include "connections/certificatedialog.h"
#include "profiles/profile.h"
#include "profiles/profilesecrets.h"

#include <QDialog>
#include <QPointer>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace targetdesk
{
namespace profiles
{
class ProfileStore;
}
} // namespace targetdesk

namespace targetdesk::gui
{

class Confirmer;
class ConnectionTestView;
class TestConnectionCommand;

// Connection profiles: add, edit, duplicate, remove (after asking), with the secret typed into password fields and
// handed straight to the keychain, TLS trust (a CA certificate file, or pinning the server's certificate after
// seeing it) and "Test connection". The built-in sandbox is listed but cannot be changed.
class ProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    ProfilesDialog(profiles::ProfileStore *store, Confirmer *confirmer, QWidget *parent = nullptr);
    ~ProfilesDialog() override;

    // The profile in the form: the selected one, or empty while a new one is being added.
    [[nodiscard]] QString editingId() const { return m_editingId; }
    void selectProfile(const QString &id);

    // What the file buttons do after their file dialog (tests call these directly).
    bool importKeyFile(const QString &path);
    bool importCaCertificate(const QString &path);
    // The certificate dialog of the last "Show certificate…", while it is open.
    CertificateDialog *certificateDialog() const { return m_certificateDialog; }
    ConnectionTestView *testView() const { return m_testView; }
    QLabel *messageLabel() const { return m_message; }

Q_SIGNALS:
    // After a save, duplicate or remove finished (tests wait for it).
    void operationFinished(bool ok);
    // "Test connection" delivered its report.
    void testFinished(bool ok);

private:
    void createWidgets();
    void reload(const QString &selectId);
    void onSelectionChanged();
    void showProfile(const profiles::Profile &profile);
    void newProfile();
    void save();
    void duplicate();
    void remove();
    void chooseKeyFile();
    void chooseCaCertificate();
    void clearCaCertificate();
    void showCertificate();
    void removePin();
    void testConnection();
    void runTest(const profiles::Profile &profile, const profiles::ProfileSecrets &secrets);
    void updateMethodRows();
    void updateTlsLabels();
    void updateEnabled();
    void clearSecretFields();
    void setMessage(const QString &text, bool error);
    void finishOperation(bool ok, const QString &message);

    [[nodiscard]] profiles::Profile formProfile() const;
    // The secret typed or imported for the form's method; nullopt when none was entered (keep the stored one).
    [[nodiscard]] std::optional<profiles::ProfileSecrets> formSecrets() const;

    profiles::ProfileStore *m_store;
    Confirmer *m_confirmer;
    QString m_editingId;
    profiles::Profile m_loaded; // what the form started from
    QByteArray m_keyFile;       // an imported key file, until saved
    QByteArray m_caPem;
    QByteArray m_pin;
    bool m_busy = false;
    bool m_colorChosen = false; // the user picked a colour: stop guessing it from the name and URL

    QPointer<TestConnectionCommand> m_test; // a child
    QPointer<CertificateDialog> m_certificateDialog;

    QListWidget *m_list = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_remove = nullptr;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_color = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_token = nullptr;
    QPushButton *m_importKey = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QPushButton *m_importCa = nullptr;
    QPushButton *m_clearCa = nullptr;
    QLabel *m_caLabel = nullptr;
    QPushButton *m_showCertificate = nullptr;
    QLabel *m_pinLabel = nullptr;
    QPushButton *m_removePin = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLabel *m_insecureWarning = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_testButton = nullptr;
    ConnectionTestView *m_testView = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace targetdesk::gui
