#include "connections/profilesdialog.h"

#include "api/auth/serviceuserkey.h"
#include "api/tlsoptions.h"
#include "commands/fetchcertificatecommand.h"
#include "commands/testconnectioncommand.h"
#include "connections/certificatedialog.h"
#include "connections/connectiontestview.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include "widgets/confirmer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

using profiles::Profile;
using profiles::ProfileError;
using profiles::ProfileResult;
using profiles::ProfileSecrets;

QByteArray readSmallFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    if (file.size() > 1024 * 1024) {
        *error = ProfilesDialog::tr("The file is too large.");
        return {};
    }
    return file.readAll();
}

QString listText(const Profile &p)
{
    if (p.builtInSandbox)
        return ProfilesDialog::tr("%1 (built in)").arg(p.name);
    return p.insecure ? ProfilesDialog::tr("%1 — insecure").arg(p.name) : p.name;
}

} // namespace

ProfilesDialog::ProfilesDialog(profiles::ProfileStore *store, Confirmer *confirmer, QWidget *parent)
    : QDialog(parent), m_store(store), m_confirmer(confirmer)
{
    setObjectName(QStringLiteral("profilesDialog"));
    setWindowTitle(tr("Connection Profiles"));
    setAccessibleName(windowTitle());
    createWidgets();
    reload(m_store->lastUsedId());
}

ProfilesDialog::~ProfilesDialog()
{
    if (m_test)
        m_test->cancel();
    delete m_test;
    clearSecretFields();
}

void ProfilesDialog::createWidgets()
{
    auto *layout = new QHBoxLayout(this);

    auto *left = new QVBoxLayout;
    auto *listLabel = new QLabel(tr("&Profiles:"), this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setAccessibleName(tr("Profiles"));
    listLabel->setBuddy(m_list);
    m_list->setMinimumWidth(fontMetrics().averageCharWidth() * 28);
    left->addWidget(listLabel);
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("addProfileButton"));
    m_add->setAccessibleName(tr("Add profile"));
    m_duplicate = new QPushButton(tr("D&uplicate"), this);
    m_duplicate->setObjectName(QStringLiteral("duplicateProfileButton"));
    m_duplicate->setAccessibleName(tr("Duplicate profile"));
    m_remove = new QPushButton(tr("&Remove…"), this);
    m_remove->setObjectName(QStringLiteral("removeProfileButton"));
    m_remove->setAccessibleName(tr("Remove profile"));
    for (QPushButton *b : {m_add, m_duplicate, m_remove}) {
        b->setAutoDefault(false);
        listButtons->addWidget(b);
    }
    left->addLayout(listButtons);
    layout->addLayout(left);

    auto *right = new QVBoxLayout;
    auto *connection = new QGroupBox(tr("Connection"), this);
    m_form = new QFormLayout(connection);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("profileNameEdit"));
    m_name->setAccessibleName(tr("Profile name"));
    m_name->setPlaceholderText(tr("e.g. Production"));
    m_form->addRow(tr("&Name:"), m_name);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("instanceUrlEdit"));
    m_url->setAccessibleName(tr("Instance URL"));
    m_url->setPlaceholderText(QStringLiteral("https://my-instance.zitadel.cloud"));
    m_form->addRow(tr("Instance &URL:"), m_url);
    m_color = new QComboBox(this);
    m_color->setObjectName(QStringLiteral("profileColorCombo"));
    m_color->setAccessibleName(tr("Marker colour"));
    for (const profiles::ProfileColor c : profiles::allProfileColors()) {
        QPixmap swatch(14, 14);
        swatch.fill(QColor(profiles::profileColorHex(c)));
        m_color->addItem(QIcon(swatch), profiles::profileColorDisplayName(c), int(c));
    }
    m_form->addRow(tr("Marker &colour:"), m_color);
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("authMethodCombo"));
    m_method->setAccessibleName(tr("Authentication method"));
    for (const auth::Method m :
         {auth::Method::PersonalAccessToken, auth::Method::ServiceUserKey, auth::Method::ClientCredentials})
        m_method->addItem(profiles::authMethodDisplayName(m), int(m));
    m_form->addRow(tr("Au&thentication:"), m_method);

    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setAccessibleName(tr("Personal access token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("&Token:"), m_token);
    auto *keyRow = new QWidget(this);
    auto *keyLayout = new QHBoxLayout(keyRow);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    m_importKey = new QPushButton(tr("&Import key file…"), keyRow);
    m_importKey->setObjectName(QStringLiteral("importKeyFileButton"));
    m_importKey->setAccessibleName(tr("Import service-user key file"));
    m_importKey->setAutoDefault(false);
    m_keyLabel = new QLabel(keyRow);
    m_keyLabel->setObjectName(QStringLiteral("keyFileLabel"));
    keyLayout->addWidget(m_importKey);
    keyLayout->addWidget(m_keyLabel, 1);
    m_form->addRow(tr("Key file:"), keyRow);
    m_clientId = new QLineEdit(this);
    m_clientId->setObjectName(QStringLiteral("clientIdEdit"));
    m_clientId->setAccessibleName(tr("Client id"));
    m_form->addRow(tr("Client &id:"), m_clientId);
    m_clientSecret = new QLineEdit(this);
    m_clientSecret->setObjectName(QStringLiteral("clientSecretEdit"));
    m_clientSecret->setAccessibleName(tr("Client secret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("Client &secret:"), m_clientSecret);
    right->addWidget(connection);

    auto *tls = new QGroupBox(tr("TLS"), this);
    auto *tlsForm = new QFormLayout(tls);
    auto *caRow = new QWidget(this);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    m_importCa = new QPushButton(tr("Import &CA certificate…"), caRow);
    m_importCa->setObjectName(QStringLiteral("importCaButton"));
    m_importCa->setAccessibleName(tr("Import CA certificate"));
    m_clearCa = new QPushButton(tr("Remove CA"), caRow);
    m_clearCa->setObjectName(QStringLiteral("clearCaButton"));
    m_clearCa->setAccessibleName(tr("Remove the CA certificate"));
    m_caLabel = new QLabel(caRow);
    m_caLabel->setObjectName(QStringLiteral("caLabel"));
    caLayout->addWidget(m_importCa);
    caLayout->addWidget(m_clearCa);
    caLayout->addWidget(m_caLabel, 1);
    tlsForm->addRow(tr("Private CA:"), caRow);
    auto *pinRow = new QWidget(this);
    auto *pinLayout = new QHBoxLayout(pinRow);
    pinLayout->setContentsMargins(0, 0, 0, 0);
    m_showCertificate = new QPushButton(tr("S&how certificate…"), pinRow);
    m_showCertificate->setObjectName(QStringLiteral("showCertificateButton"));
    m_showCertificate->setAccessibleName(tr("Show the server certificate"));
    m_removePin = new QPushButton(tr("Remove pin"), pinRow);
    m_removePin->setObjectName(QStringLiteral("removePinButton"));
    m_removePin->setAccessibleName(tr("Remove the pinned certificate"));
    m_pinLabel = new QLabel(pinRow);
    m_pinLabel->setObjectName(QStringLiteral("pinLabel"));
    m_pinLabel->setWordWrap(true);
    m_pinLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pinLayout->addWidget(m_showCertificate);
    pinLayout->addWidget(m_removePin);
    pinLayout->addWidget(m_pinLabel, 1);
    tlsForm->addRow(tr("Pinned certificate:"), pinRow);
    m_insecure = new QCheckBox(tr("Insecure: allow plain &http to a host that is not loopback"), this);
    m_insecure->setObjectName(QStringLiteral("insecureCheck"));
    m_insecure->setAccessibleName(tr("Insecure: allow plain http"));
    tlsForm->addRow(m_insecure);
    m_insecureWarning = new QLabel(tr("⚠ Tokens and keys for this profile may travel unencrypted. The profile shows "
                                      "this warning wherever it appears."),
                                   this);
    m_insecureWarning->setObjectName(QStringLiteral("insecureProfileWarning"));
    m_insecureWarning->setWordWrap(true);
    m_insecureWarning->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    tlsForm->addRow(m_insecureWarning);
    for (QPushButton *b : {m_importCa, m_clearCa, m_showCertificate, m_removePin})
        b->setAutoDefault(false);
    right->addWidget(tls);

    auto *actions = new QHBoxLayout;
    m_save = new QPushButton(tr("Sa&ve profile"), this);
    m_save->setObjectName(QStringLiteral("saveProfileButton"));
    m_save->setAccessibleName(tr("Save profile"));
    m_testButton = new QPushButton(tr("T&est connection"), this);
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testButton->setAccessibleName(tr("Test connection"));
    m_testButton->setAutoDefault(false);
    actions->addWidget(m_save);
    actions->addWidget(m_testButton);
    actions->addStretch(1);
    right->addLayout(actions);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profileMessageLabel"));
    m_message->setWordWrap(true);
    right->addWidget(m_message);

    auto *testBox = new QGroupBox(tr("Connection test"), this);
    auto *testLayout = new QVBoxLayout(testBox);
    m_testView = new ConnectionTestView(testBox);
    testLayout->addWidget(m_testView);
    right->addWidget(testBox);
    right->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("profilesDialogButtons"));
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    right->addWidget(buttons);
    layout->addLayout(right, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::onSelectionChanged);
    connect(m_add, &QPushButton::clicked, this, &ProfilesDialog::newProfile);
    connect(m_duplicate, &QPushButton::clicked, this, &ProfilesDialog::duplicate);
    connect(m_remove, &QPushButton::clicked, this, &ProfilesDialog::remove);
    connect(m_method, &QComboBox::currentIndexChanged, this, &ProfilesDialog::updateMethodRows);
    connect(m_importKey, &QPushButton::clicked, this, &ProfilesDialog::chooseKeyFile);
    connect(m_importCa, &QPushButton::clicked, this, &ProfilesDialog::chooseCaCertificate);
    connect(m_clearCa, &QPushButton::clicked, this, &ProfilesDialog::clearCaCertificate);
    connect(m_showCertificate, &QPushButton::clicked, this, &ProfilesDialog::showCertificate);
    connect(m_removePin, &QPushButton::clicked, this, &ProfilesDialog::removePin);
    connect(m_insecure, &QCheckBox::toggled, this, &ProfilesDialog::updateTlsLabels);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::save);
    connect(m_testButton, &QPushButton::clicked, this, &ProfilesDialog::testConnection);
    connect(m_name, &QLineEdit::returnPressed, this, &ProfilesDialog::save);
    // A new profile's marker follows its name and URL ("prod" → red) until the user picks one.
    connect(m_color, &QComboBox::activated, this, [this] { m_colorChosen = true; });
    auto guessColor = [this] {
        if (!m_editingId.isEmpty() || m_colorChosen)
            return;
        const auto guess = profiles::guessProfileColor(m_name->text(), QUrl::fromUserInput(m_url->text().trimmed()));
        m_color->setCurrentIndex(m_color->findData(int(guess)));
    };
    connect(m_name, &QLineEdit::textEdited, this, guessColor);
    connect(m_url, &QLineEdit::textEdited, this, guessColor);
    m_save->setDefault(true);
    resize(fontMetrics().averageCharWidth() * 130, sizeHint().height());
}

void ProfilesDialog::reload(const QString &selectId)
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int select = -1;
    for (const Profile &p : m_store->profiles()) {
        auto *item = new QListWidgetItem(listText(p), m_list);
        item->setData(Qt::UserRole, p.id);
        QPixmap swatch(12, 12);
        swatch.fill(QColor(profiles::profileColorHex(p.color)));
        item->setIcon(QIcon(swatch));
        if (p.id == selectId)
            select = m_list->count() - 1;
    }
    if (select < 0 && !selectId.isEmpty())
        select = 0;
    m_list->setCurrentRow(select);
    if (select >= 0)
        onSelectionChanged();
}

void ProfilesDialog::selectProfile(const QString &id)
{
    reload(id);
}

void ProfilesDialog::onSelectionChanged()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const auto profile = m_store->profile(item->data(Qt::UserRole).toString());
    if (profile)
        showProfile(*profile);
}

void ProfilesDialog::showProfile(const Profile &profile)
{
    m_loaded = profile;
    m_editingId = profile.id;
    m_colorChosen = false;
    clearSecretFields();
    m_name->setText(profile.name);
    m_url->setText(profile.builtInSandbox ? tr("(the local sandbox)") : profile.instanceUrl.toString());
    m_color->setCurrentIndex(m_color->findData(int(profile.color)));
    m_method->setCurrentIndex(m_method->findData(int(profile.method)));
    m_clientId->setText(profile.clientId);
    m_caPem = profile.caCertificatesPem;
    m_pin = profile.pinnedSha256;
    m_insecure->setChecked(profile.insecure);
    const QString keep = tr("Stored in the keychain; type to replace");
    m_token->setPlaceholderText(keep);
    m_clientSecret->setPlaceholderText(keep);
    m_keyLabel->setText(profile.method == auth::Method::ServiceUserKey ? profile.authSummary() : QString());
    m_testView->clear();
    setMessage(QString(), false);
    updateMethodRows();
    updateTlsLabels();
    updateEnabled();
}

void ProfilesDialog::newProfile()
{
    const QSignalBlocker blocker(m_list);
    m_list->setCurrentRow(-1);
    m_list->clearSelection();
    Profile empty;
    empty.name.clear();
    showProfile(empty);
    m_editingId.clear();
    m_colorChosen = false;
    m_url->clear();
    m_token->setPlaceholderText(tr("Paste the personal access token"));
    m_clientSecret->setPlaceholderText(QString());
    updateEnabled();
    m_name->setFocus();
}

Profile ProfilesDialog::formProfile() const
{
    Profile p = m_editingId.isEmpty() ? Profile() : m_loaded;
    p.id = m_editingId;
    p.name = m_name->text().trimmed();
    p.instanceUrl = QUrl::fromUserInput(m_url->text().trimmed());
    if (m_url->text().trimmed().isEmpty())
        p.instanceUrl = QUrl();
    p.method = auth::Method(m_method->currentData().toInt());
    p.color = profiles::ProfileColor(m_color->currentData().toInt());
    p.clientId = m_clientId->text().trimmed();
    p.caCertificatesPem = m_caPem;
    p.pinnedSha256 = m_pin;
    p.insecure = m_insecure->isChecked();
    return p;
}

std::optional<ProfileSecrets> ProfilesDialog::formSecrets() const
{
    switch (auth::Method(m_method->currentData().toInt())) {
    case auth::Method::PersonalAccessToken:
        if (!m_token->text().trimmed().isEmpty())
            return ProfileSecrets::token(m_token->text().trimmed());
        break;
    case auth::Method::ServiceUserKey:
        if (!m_keyFile.isEmpty())
            return ProfileSecrets::keyFile(m_keyFile);
        break;
    case auth::Method::ClientCredentials:
        if (!m_clientSecret->text().isEmpty())
            return ProfileSecrets::client(m_clientSecret->text());
        break;
    }
    return std::nullopt;
}

void ProfilesDialog::save()
{
    if (m_busy || m_loaded.builtInSandbox)
        return;
    Profile profile = formProfile();
    if (profile.name.isEmpty()) {
        setMessage(tr("Give the profile a name."), true);
        m_name->setFocus();
        return;
    }
    const bool adding = m_editingId.isEmpty();
    if (adding && m_color->currentIndex() < 0)
        profile.color = profiles::guessProfileColor(profile.name, profile.instanceUrl);
    const auto secrets = formSecrets();
    m_busy = true;
    updateEnabled();
    auto done = [this](ProfileResult<Profile> r) {
        m_busy = false;
        if (!r) {
            if (r.error().kind == ProfileError::Kind::InvalidUrl || r.error().kind == ProfileError::Kind::InsecureUrl)
                m_url->setFocus();
            finishOperation(false, r.error().message);
            return;
        }
        clearSecretFields();
        reload(r->id);
        finishOperation(true, tr("Saved \"%1\"; its secret is in the keychain.").arg(r->name));
    };
    if (adding)
        m_store->add(profile, secrets.value_or(ProfileSecrets()), this, done);
    else
        m_store->update(profile, secrets, this, done);
}

void ProfilesDialog::duplicate()
{
    if (m_busy || m_editingId.isEmpty() || m_loaded.builtInSandbox)
        return;
    m_busy = true;
    updateEnabled();
    m_store->duplicate(m_editingId, this, [this](ProfileResult<Profile> r) {
        m_busy = false;
        if (!r)
            return finishOperation(false, r.error().message);
        reload(r->id);
        finishOperation(true, tr("Duplicated as \"%1\".").arg(r->name));
    });
}

void ProfilesDialog::remove()
{
    if (m_busy || m_editingId.isEmpty() || m_loaded.builtInSandbox)
        return;
    Prompt prompt;
    prompt.id = QStringLiteral("removeProfile");
    prompt.tone = Prompt::Tone::Warning;
    prompt.title = tr("Remove Profile");
    prompt.text = tr("Remove the profile \"%1\"?").arg(m_loaded.name);
    prompt.informativeText = tr("Its secret is deleted from the keychain. Nothing changes on the instance.");
    prompt.acceptText = tr("Remove");
    prompt.rejectText = tr("Keep");
    prompt.destructive = true;
    if (!m_confirmer || !m_confirmer->confirm(this, prompt))
        return;
    m_busy = true;
    updateEnabled();
    m_store->remove(m_editingId, this, [this](ProfileResult<Profile> r) {
        m_busy = false;
        if (!r)
            return finishOperation(false, r.error().message);
        reload(m_store->lastUsedId());
        finishOperation(true, tr("Removed \"%1\".").arg(r->name));
    });
}

bool ProfilesDialog::importKeyFile(const QString &path)
{
    QString error;
    QByteArray json = readSmallFile(path, &error);
    const auto key = json.isEmpty() ? Result<auth::ServiceUserKey>(ApiError()) : auth::ServiceUserKey::fromJson(json);
    if (json.isEmpty() || !key) {
        setMessage(tr("Cannot use %1: %2").arg(path, error.isEmpty() ? key.error().message : error), true);
        return false;
    }
    m_keyFile = json;
    m_method->setCurrentIndex(m_method->findData(int(auth::Method::ServiceUserKey)));
    m_keyLabel->setText(tr("service user %1 (key %2), imported on save").arg(key->userId(), key->keyId()));
    setMessage(QString(), false);
    return true;
}

void ProfilesDialog::chooseKeyFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Service-User Key File"), QString(),
                                                      tr("ZITADEL key files (*.json);;All files (*)"));
    if (!path.isEmpty())
        importKeyFile(path);
}

bool ProfilesDialog::importCaCertificate(const QString &path)
{
    QString error;
    const QByteArray pem = readSmallFile(path, &error);
    if (error.isEmpty())
        (void)readPemCertificates(pem, &error);
    if (!error.isEmpty()) {
        setMessage(tr("Cannot use %1: %2").arg(path, error), true);
        return false;
    }
    m_caPem = pem;
    updateTlsLabels();
    setMessage(tr("The CA certificate is used once the profile is saved."), false);
    return true;
}

void ProfilesDialog::chooseCaCertificate()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import CA Certificate"), QString(),
                                                      tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        importCaCertificate(path);
}

void ProfilesDialog::clearCaCertificate()
{
    m_caPem.clear();
    updateTlsLabels();
}

void ProfilesDialog::removePin()
{
    m_pin.clear();
    updateTlsLabels();
}

void ProfilesDialog::showCertificate()
{
    const Profile profile = formProfile();
    if (profile.instanceUrl.scheme() != QLatin1String("https")) {
        setMessage(tr("Only an https instance URL has a certificate."), true);
        return;
    }
    const auto tls = profiles::ClientFactory::tlsOptions(profile);
    if (!tls)
        return setMessage(tls.error().message, true);
    auto *command = new FetchCertificateCommand(profile.instanceUrl, *tls, this);
    setMessage(tr("Fetching the certificate…"), false);
    m_showCertificate->setEnabled(false);
    connect(command, &Command::finished, this, [this, command] {
        m_showCertificate->setEnabled(true);
        if (const auto &error = command->error())
            return setMessage(tr("Cannot fetch the certificate: %1").arg(error->toString()), true);
        setMessage(QString(), false);
        m_certificateDialog = new CertificateDialog(command->certificate(), this);
        m_certificateDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_certificateDialog, &CertificateDialog::trustRequested, this, [this](const QByteArray &sha256) {
            m_pin = sha256;
            updateTlsLabels();
            setMessage(tr("The certificate is pinned once the profile is saved."), false);
        });
        m_certificateDialog->open();
    });
    command->start();
}

void ProfilesDialog::testConnection()
{
    if (m_loaded.builtInSandbox && !m_editingId.isEmpty())
        return;
    const Profile profile = formProfile();
    if (const auto secrets = formSecrets())
        return runTest(profile, *secrets);
    if (m_editingId.isEmpty())
        return setMessage(tr("Enter the secret first."), true);
    m_testView->showRunning();
    m_store->loadSecrets(m_editingId, this, [this, profile](ProfileResult<ProfileSecrets> r) {
        if (!r) {
            m_testView->clear();
            setMessage(r.error().message, true);
            Q_EMIT testFinished(false);
            return;
        }
        runTest(profile, *r);
    });
}

void ProfilesDialog::runTest(const Profile &profile, const ProfileSecrets &secrets)
{
    auto *command = new TestConnectionCommand(profile, secrets, this);
    if (!command->isReady()) {
        m_testView->clear();
        setMessage(command->errorMessage(), true);
        delete command;
        Q_EMIT testFinished(false);
        return;
    }
    if (m_test)
        m_test->cancel();
    delete m_test;
    m_test = command;
    m_testView->showRunning();
    setMessage(QString(), false);
    connect(command, &TestConnectionCommand::reportChanged, m_testView, &ConnectionTestView::setReport);
    connect(command, &Command::finished, this, [this, command] {
        m_testView->setReport(command->report());
        Q_EMIT testFinished(command->report().ok());
    });
    command->start();
}

void ProfilesDialog::updateMethodRows()
{
    const auto method = auth::Method(m_method->currentData().toInt());
    const bool sandbox = m_loaded.builtInSandbox && !m_editingId.isEmpty();
    m_form->setRowVisible(m_token, !sandbox && method == auth::Method::PersonalAccessToken);
    m_form->setRowVisible(m_importKey->parentWidget(), !sandbox && method == auth::Method::ServiceUserKey);
    m_form->setRowVisible(m_clientId, !sandbox && method == auth::Method::ClientCredentials);
    m_form->setRowVisible(m_clientSecret, !sandbox && method == auth::Method::ClientCredentials);
}

void ProfilesDialog::updateTlsLabels()
{
    QString error;
    const int count = m_caPem.isEmpty() ? 0 : int(readPemCertificates(m_caPem, &error).size());
    m_caLabel->setText(count == 0 ? tr("none (the system's CAs only)") : tr("%n certificate(s)", nullptr, count));
    m_clearCa->setEnabled(count > 0);
    m_pinLabel->setText(m_pin.isEmpty() ? tr("none") : formatSha256Fingerprint(m_pin));
    m_pinLabel->setAccessibleName(m_pinLabel->text());
    m_removePin->setEnabled(!m_pin.isEmpty());
    m_insecureWarning->setVisible(m_insecure->isChecked());
}

void ProfilesDialog::updateEnabled()
{
    const bool sandbox = m_loaded.builtInSandbox && !m_editingId.isEmpty();
    const bool editable = !sandbox && !m_busy;
    for (QWidget *w : std::initializer_list<QWidget *>{m_name, m_url, m_color, m_method, m_token, m_importKey,
                                                       m_clientId, m_clientSecret, m_importCa, m_showCertificate,
                                                       m_insecure, m_save, m_testButton})
        w->setEnabled(editable);
    m_duplicate->setEnabled(editable && !m_editingId.isEmpty());
    m_remove->setEnabled(editable && !m_editingId.isEmpty());
    m_add->setEnabled(!m_busy);
    if (sandbox)
        setMessage(tr("The built-in sandbox is always there and cannot be changed."), false);
}

void ProfilesDialog::clearSecretFields()
{
    // QLineEdit keeps no history of its text; clearing is what we can do.
    m_token->clear();
    m_clientSecret->clear();
    m_keyFile.fill('\0');
    m_keyFile.clear();
}

void ProfilesDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setAccessibleName(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
}

void ProfilesDialog::finishOperation(bool ok, const QString &message)
{
    updateEnabled();
    setMessage(message, !ok);
    Q_EMIT operationFinished(ok);
}

} // namespace targetdesk::gui
