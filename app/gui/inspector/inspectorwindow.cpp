#include "inspector/inspectorwindow.h"

#include "inspector/bulkinspectionview.h"
#include "inspector/inspectorinput.h"
#include "inspector/inspectorinstance.h"
#include "inspector/inspectorkeyring.h"
#include "inspector/jsontreeview.h"
#include "inspector/listenview.h"
#include "widgets/busyindicator.h"
#include "widgets/noticebar.h"

#include "api/zitadelclient.h"
#include "crypto/jwk.h"
#include "crypto/privatekeyreader.h"
#include "crypto/securememory.h"
#include "vault/vault.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace targetdesk::gui
{

namespace
{

const auto geometryKey = QLatin1String("inspector/geometry");
const auto splitterKey = QLatin1String("inspector/splitter");
const auto singleSplitterKey = QLatin1String("inspector/singleSplitter");
const auto listenSplitterKey = QLatin1String("inspector/listenSplitter");
const auto lastDirKey = QLatin1String("inspector/lastDirectory");

// Larger files are inspected without being put into the paste area (a text widget slows down on huge lines).
constexpr qint64 maxShownInput = 2 * 1024 * 1024;
constexpr qint64 maxKeyFileSize = 1024 * 1024;
constexpr int debounceMs = 250;

const auto automaticTarget = QLatin1String("auto");
const auto manualTarget = QLatin1String("manual");

} // namespace

InspectorWindow::InspectorWindow(ZitadelClient *client, vault::Vault *vault, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_keys(new InspectorKeyRing(vault, this)),
      m_instance(new InspectorInstance(client, vault, this)), m_runner(new InspectionRunner(this)),
      m_bulkRunner(new InspectionRunner(this))
{
    setObjectName(QStringLiteral("inspectorWindow"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setWindowTitle(client ? tr("Payload Inspector — %1").arg(m_instance->instanceName())
                          : tr("Payload Inspector (offline)"));
    setAccessibleName(tr("Payload Inspector"));

    m_prompt = [this](const QString &fileName, bool again) -> std::optional<QByteArray> {
        bool ok = false;
        QString text = QInputDialog::getText(this, tr("Passphrase"),
                                             again ? tr("The passphrase was wrong. Passphrase of %1:").arg(fileName)
                                                   : tr("%1 is encrypted. Passphrase:").arg(fileName),
                                             QLineEdit::Password, QString(), &ok);
        QByteArray bytes = text.toUtf8();
        crypto::wipe(text);
        if (!ok)
            return std::nullopt;
        return bytes;
    };

    m_notice = new NoticeBar(this);
    m_notice->setObjectName(QStringLiteral("inspectorNotice"));
    m_notice->hide();

    m_modes = new QTabWidget(this);
    m_modes->setObjectName(QStringLiteral("inspectorModes"));
    m_modes->setDocumentMode(true);
    m_modes->addTab(createSinglePage(), tr("&Single Delivery"));
    m_bulk = new BulkInspectionView(this);
    m_modes->addTab(m_bulk, tr("&Bulk"));
    m_listen = new ListenView(this);
    m_modes->addTab(m_listen, tr("&Listen"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("inspectorSplitter"));
    m_splitter->addWidget(createSettingsPanel());
    m_splitter->addWidget(m_modes);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_notice);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    createActions();

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &InspectorWindow::inspectNow);
    connect(m_input, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_input->isReadOnly())
            m_debounce.start();
    });
    connect(m_input, &InspectorInput::fileDropped, this, &InspectorWindow::openFile);
    connect(m_runner, &InspectionRunner::finished, this, &InspectorWindow::onResult);
    connect(m_runner, &InspectionRunner::busyChanged, m_view, &InspectionView::setBusy);
    connect(m_bulkRunner, &InspectionRunner::finished, this, &InspectorWindow::onBulkDetail);
    connect(m_view, &InspectionView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_bulk->detailView(), &InspectionView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_bulk, &BulkInspectionView::openRequested, m_openBulkAction, &QAction::trigger);
    connect(m_bulk, &BulkInspectionView::lineSelected, this,
            [this](int, const QByteArray &input) { m_bulkRunner->inspect(input, currentOptions()); });

    connect(m_keys, &InspectorKeyRing::keysChanged, this, [this] {
        refreshKeyList();
        inspectNow();
    });
    connect(m_keys, &InspectorKeyRing::vaultError, this, &InspectorWindow::showProblem);
    connect(m_instance, &InspectorInstance::jwksChanged, this, [this] {
        m_jwksLabel->setText(m_instance->jwksStatus());
        m_fetchJwksButton->setEnabled(m_instance->isConnected() && !m_instance->isFetchingJwks());
        if (m_instance->jwks())
            inspectNow();
    });
    connect(m_instance, &InspectorInstance::targetsChanged, this, &InspectorWindow::refreshTargets);
    connect(m_instance, &InspectorInstance::keyOwnerChanged, this, &InspectorWindow::onKeyOwner);

    setUpListen();

    m_view->clear(tr("Paste what your webhook received — a token, the JSON body or the whole HTTP request — or "
                     "drop a file here."));
    refreshKeyList();
    refreshTargets();
    restoreSettings();
    // While the built-in sandbox starts there is no address yet: connectionChanged() asks once it listens.
    if (m_instance->hasInstance()) {
        m_instance->fetchJwks();
        m_instance->loadTargets();
    }
    m_input->setFocus();
}

InspectorWindow::~InspectorWindow() = default;

QWidget *InspectorWindow::createSinglePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("singlePage"));

    auto *inputLabel = new QLabel(tr("&Input: paste a token, a JSON body or a captured HTTP request"), page);
    inputLabel->setObjectName(QStringLiteral("inputLabel"));
    m_input = new InspectorInput(page);
    m_input->setObjectName(QStringLiteral("inspectorInput"));
    m_input->setAccessibleName(tr("Payload to inspect"));
    m_input->setPlaceholderText(tr("eyJhbGciOiJSU0EtT0FFUC0yNTYi…   or   POST /webhook HTTP/1.1 …   or drop a file"));
    inputLabel->setBuddy(m_input);

    m_openButton = new QPushButton(tr("&Open File…"), page);
    m_openButton->setObjectName(QStringLiteral("openFileButton"));
    m_clearButton = new QPushButton(tr("Clea&r"), page);
    m_clearButton->setObjectName(QStringLiteral("clearInputButton"));
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        m_largeInput.clear();
        m_input->setReadOnly(false);
        m_input->clear();
        inspectNow();
        m_input->setFocus();
    });

    auto *inputHeader = new QHBoxLayout;
    inputHeader->addWidget(inputLabel, 1);
    inputHeader->addWidget(m_openButton);
    inputHeader->addWidget(m_clearButton);
    auto *inputPane = new QWidget(page);
    auto *inputLayout = new QVBoxLayout(inputPane);
    inputLayout->setContentsMargins(0, 0, 0, 0);
    inputLayout->addLayout(inputHeader);
    inputLayout->addWidget(m_input, 1);

    m_view = new InspectionView(page);
    m_view->setObjectName(QStringLiteral("resultView"));

    m_singleSplitter = new QSplitter(Qt::Vertical, page);
    m_singleSplitter->setObjectName(QStringLiteral("singleSplitter"));
    m_singleSplitter->addWidget(inputPane);
    m_singleSplitter->addWidget(m_view);
    m_singleSplitter->setStretchFactor(0, 1);
    m_singleSplitter->setStretchFactor(1, 3);
    m_singleSplitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_singleSplitter);
    return page;
}

QWidget *InspectorWindow::createSettingsPanel()
{
    auto *panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("inspectorSettings"));
    const int ch = fontMetrics().averageCharWidth();
    panel->setMinimumWidth(ch * 40);

    // Keys.
    auto *keys = new QGroupBox(tr("Private keys"), panel);
    keys->setObjectName(QStringLiteral("keysGroup"));
    m_vaultLabel = new QLabel(keys);
    m_vaultLabel->setObjectName(QStringLiteral("vaultLabel"));
    m_vaultLabel->setWordWrap(true);
    auto *filesLabel = new QLabel(tr("Key &files, tried in turn:"), keys);
    filesLabel->setWordWrap(true);
    m_keyList = new QListWidget(keys);
    m_keyList->setObjectName(QStringLiteral("keyList"));
    m_keyList->setAccessibleName(tr("Key files"));
    m_keyList->setMaximumHeight(fontMetrics().height() * 6);
    filesLabel->setBuddy(m_keyList);
    m_addKeyButton = new QPushButton(tr("&Add Key File…"), keys);
    m_addKeyButton->setObjectName(QStringLiteral("addKeyButton"));
    m_removeKeyButton = new QPushButton(tr("Remo&ve"), keys);
    m_removeKeyButton->setObjectName(QStringLiteral("removeKeyButton"));
    m_removeKeyButton->setToolTip(tr("Forget the selected key file (Delete)"));
    connect(m_removeKeyButton, &QPushButton::clicked, this, &InspectorWindow::removeSelectedKey);
    connect(m_keyList, &QListWidget::currentRowChanged, this,
            [this](int row) { m_removeKeyButton->setEnabled(row >= 0); });
    auto *removeShortcut = new QAction(m_keyList);
    removeShortcut->setShortcut(QKeySequence::Delete);
    removeShortcut->setShortcutContext(Qt::WidgetShortcut);
    connect(removeShortcut, &QAction::triggered, this, &InspectorWindow::removeSelectedKey);
    m_keyList->addAction(removeShortcut);
    auto *keyButtons = new QHBoxLayout;
    keyButtons->addWidget(m_addKeyButton);
    keyButtons->addWidget(m_removeKeyButton);
    keyButtons->addStretch(1);
    // While a key file is read (an encrypted one runs its own key derivation on a worker).
    m_keyBusy = createBusyIndicator(keys, QStringLiteral("keyFileBusyIndicator"), tr("Reading the key file"), 6);
    m_keyBusyText = new QLabel(keys);
    m_keyBusyText->setObjectName(QStringLiteral("keyFileBusyText"));
    m_keyBusyText->setWordWrap(true);
    m_keyBusyText->hide();
    auto *keyBusyRow = new QHBoxLayout;
    keyBusyRow->addWidget(m_keyBusy);
    keyBusyRow->addWidget(m_keyBusyText, 1);
    auto *keysLayout = new QVBoxLayout(keys);
    keysLayout->addWidget(m_vaultLabel);
    keysLayout->addWidget(filesLabel);
    keysLayout->addWidget(m_keyList);
    keysLayout->addLayout(keyButtons);
    keysLayout->addLayout(keyBusyRow);

    // ZITADEL-Signature.
    auto *signature = new QGroupBox(tr("ZITADEL-Signature"), panel);
    signature->setObjectName(QStringLiteral("signatureGroup"));
    m_targetCombo = new QComboBox(signature);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->setAccessibleName(tr("Target whose signing key checks the signature"));
    m_targetCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_targetCombo->setMinimumContentsLength(16);
    m_signingKey = new QLineEdit(signature);
    m_signingKey->setObjectName(QStringLiteral("signingKeyField"));
    m_signingKey->setAccessibleName(tr("Signing key"));
    m_signingKey->setEchoMode(QLineEdit::Password);
    m_signingKey->setPlaceholderText(tr("the target's signing key"));
    // The check box below shows and hides it (an action inside the field would need an icon to be seen at all).
    auto *revealBox = new QCheckBox(tr("Sho&w key"), signature);
    revealBox->setObjectName(QStringLiteral("revealSigningKeyCheck"));
    revealBox->setToolTip(tr("Show or hide the signing key"));
    connect(revealBox, &QCheckBox::toggled, this,
            [this](bool shown) { m_signingKey->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
    m_ignoreAge = new QCheckBox(tr("Don't enforce the 300 s a&ge"), signature);
    m_ignoreAge->setObjectName(QStringLiteral("ignoreAgeCheck"));
    m_ignoreAge->setToolTip(tr("Receivers refuse signatures older than 300 s. For an old capture, turn this on: "
                               "the age is still shown."));
    connect(m_ignoreAge, &QCheckBox::toggled, this, &InspectorWindow::inspectNow);
    connect(m_targetCombo, &QComboBox::activated, this, &InspectorWindow::onTargetChosen);
    connect(m_signingKey, &QLineEdit::textEdited, this, [this] {
        // Typed by hand: no longer the chosen target's key.
        const int manual = m_targetCombo->findData(manualTarget);
        if (manual >= 0)
            m_targetCombo->setCurrentIndex(manual);
        m_signingKeySource = m_signingKey->text().isEmpty() ? QString() : tr("entered by hand");
        m_debounce.start();
    });
    auto *form = new QFormLayout(signature);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto *targetLabel = new QLabel(tr("&Target:"), signature);
    targetLabel->setBuddy(m_targetCombo);
    auto *keyLabel = new QLabel(tr("Signing &key:"), signature);
    keyLabel->setBuddy(m_signingKey);
    form->addRow(targetLabel, m_targetCombo);
    form->addRow(keyLabel, m_signingKey);
    form->addRow(QString(), revealBox);
    form->addRow(m_ignoreAge);

    // JWKS.
    auto *jwks = new QGroupBox(tr("Instance JWKS (JWT signatures)"), panel);
    jwks->setObjectName(QStringLiteral("jwksGroup"));
    m_jwksLabel = new QLabel(m_instance->jwksStatus(), jwks);
    m_jwksLabel->setObjectName(QStringLiteral("jwksLabel"));
    m_jwksLabel->setWordWrap(true);
    m_jwksLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fetchJwksButton = new QPushButton(tr("F&etch JWKS"), jwks);
    m_fetchJwksButton->setObjectName(QStringLiteral("fetchJwksButton"));
    m_fetchJwksButton->setEnabled(m_instance->isConnected());
    m_fetchJwksButton->setToolTip(tr("Fetch /oauth/v2/keys from the instance again (F5)"));
    m_loadJwksButton = new QPushButton(tr("Load &JWKS File…"), jwks);
    m_loadJwksButton->setObjectName(QStringLiteral("loadJwksButton"));
    auto *jwksButtons = new QHBoxLayout;
    jwksButtons->addWidget(m_fetchJwksButton);
    jwksButtons->addWidget(m_loadJwksButton);
    jwksButtons->addStretch(1);
    auto *jwksLayout = new QVBoxLayout(jwks);
    jwksLayout->addWidget(m_jwksLabel);
    jwksLayout->addLayout(jwksButtons);

    auto *layout = new QVBoxLayout(panel);
    layout->addWidget(keys);
    layout->addWidget(signature);
    layout->addWidget(jwks);
    layout->addStretch(1);
    // Never narrower than its buttons and check boxes need (they do not wrap; German ones are long): the splitter
    // gives the panel its minimum.
    panel->setMinimumWidth(std::max(ch * 40, layout->minimumSize().width()));
    return panel;
}

void InspectorWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("inspectorFileMenu"));
    m_openFileAction = file->addAction(tr("&Open Capture…"));
    m_openFileAction->setObjectName(QStringLiteral("openCaptureAction"));
    m_openFileAction->setShortcut(QKeySequence::Open);
    connect(m_openFileAction, &QAction::triggered, this, [this] {
        chooseFile(tr("Open a captured payload"), tr("Captures (*.http *.txt *.jwe *.jwt *.json);;All files (*)"),
                   [this](const QString &path) { openFile(path); });
    });
    connect(m_openButton, &QPushButton::clicked, m_openFileAction, &QAction::trigger);

    m_openBulkAction = file->addAction(tr("Open &JSON-Lines File for Bulk…"));
    m_openBulkAction->setObjectName(QStringLiteral("openBulkAction"));
    m_openBulkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_openBulkAction, &QAction::triggered, this, [this] {
        chooseFile(tr("Open captured deliveries, one per line"),
                   tr("JSON lines (*.jsonl *.ndjson *.txt);;All files (*)"),
                   [this](const QString &path) { openBulkFile(path); });
    });
    file->addSeparator();

    m_addKeyAction = file->addAction(tr("Add Private &Key File…"));
    m_addKeyAction->setObjectName(QStringLiteral("addKeyAction"));
    m_addKeyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_addKeyAction, &QAction::triggered, this, [this] {
        chooseFile(tr("Add a private key file"), tr("Private keys (*.pem *.key *.json);;All files (*)"),
                   [this](const QString &path) { addKeyFile(path); });
    });
    connect(m_addKeyButton, &QPushButton::clicked, m_addKeyAction, &QAction::trigger);

    m_loadJwksAction = file->addAction(tr("Load J&WKS File…"));
    m_loadJwksAction->setObjectName(QStringLiteral("loadJwksAction"));
    connect(m_loadJwksAction, &QAction::triggered, this, [this] {
        chooseFile(tr("Load the instance's JWKS"), tr("JWKS (*.json);;All files (*)"),
                   [this](const QString &path) { loadJwksFile(path); });
    });
    connect(m_loadJwksButton, &QPushButton::clicked, m_loadJwksAction, &QAction::trigger);

    m_fetchJwksAction = file->addAction(tr("&Fetch JWKS from the Instance"));
    m_fetchJwksAction->setObjectName(QStringLiteral("fetchJwksAction"));
    m_fetchJwksAction->setShortcut(QKeySequence::Refresh);
    m_fetchJwksAction->setEnabled(m_instance->isConnected());
    connect(m_fetchJwksAction, &QAction::triggered, m_instance, &InspectorInstance::fetchJwks);
    connect(m_fetchJwksButton, &QPushButton::clicked, m_instance, &InspectorInstance::fetchJwks);
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close"), this, &QWidget::close);
    close->setObjectName(QStringLiteral("closeInspectorAction"));
    close->setShortcut(QKeySequence::Close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("inspectorViewMenu"));
    QAction *focusInput = view->addAction(tr("Go to &Input"));
    focusInput->setObjectName(QStringLiteral("focusInputAction"));
    focusInput->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(focusInput, &QAction::triggered, this, [this] {
        m_modes->setCurrentIndex(0);
        m_input->setFocus();
    });
    QAction *find = view->addAction(tr("&Search"));
    find->setObjectName(QStringLiteral("inspectorFindAction"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        QLineEdit *field =
            m_modes->currentWidget() == m_bulk ? m_bulk->searchField() : m_view->jsonView()->searchField();
        if (m_modes->currentWidget() != m_bulk)
            m_view->tabs()->setCurrentIndex(0);
        field->setFocus();
        field->selectAll();
    });
    QAction *single = view->addAction(tr("&Single Delivery"));
    single->setObjectName(QStringLiteral("singleModeAction"));
    single->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(single, &QAction::triggered, this, [this] { m_modes->setCurrentIndex(0); });
    QAction *bulk = view->addAction(tr("&Bulk"));
    bulk->setObjectName(QStringLiteral("bulkModeAction"));
    bulk->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(bulk, &QAction::triggered, this, [this] { m_modes->setCurrentIndex(1); });
    QAction *listen = view->addAction(tr("&Listen"));
    listen->setObjectName(QStringLiteral("listenModeAction"));
    listen->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(listen, &QAction::triggered, this, [this] {
        m_modes->setCurrentWidget(m_listen);
        // While listening the port is fixed: Stop is what the keyboard wants.
        if (m_listen->portField()->isEnabled())
            m_listen->portField()->setFocus();
        else
            m_listen->startButton()->setFocus();
    });
}

void InspectorWindow::setUpListen()
{
    connect(m_listen, &ListenView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    m_listen->setOptionsFor([this](ListenedDelivery &delivery) { return listenOptions(delivery); });
    m_listen->setContextFor([this](const ListenedDelivery &delivery) {
        InspectionContext context = contextFor(*delivery.result);
        context.signingKeySource = delivery.signingKeySource;
        return context;
    });
    m_listen->setAfterInspection([this](const InspectionResult &result, std::function<void()> again) {
        if (result.jweKid.isEmpty())
            return false;
        m_instance->lookUpKeyId(result.jweKid);
        // The vault key with this kid is loaded once; the delivery is then inspected again with it.
        if (!m_keys->vaultHasUnloadedKey(result.jweKid))
            return false;
        m_keys->loadVaultKeys({result.jweKid}, std::move(again));
        return true;
    });
    // Listening is when targets get pointed at this port: the signing keys are looked up fresh.
    connect(m_listen, &ListenView::listeningChanged, this, [this](bool listening) {
        if (listening && m_instance->isConnected())
            m_instance->loadTargets(true);
    });
    connect(m_instance, &InspectorInstance::targetsChanged, m_listen, &ListenView::reinspectAll);
    connect(m_instance, &InspectorInstance::keyOwnerChanged, m_listen, &ListenView::refreshContext);
}

bool InspectorWindow::startListening(quint16 port)
{
    m_modes->setCurrentWidget(m_listen);
    return m_listen->startListening(port ? port : ListenView::savedPort());
}

inspect::InspectOptions InspectorWindow::listenOptions(ListenedDelivery &delivery) const
{
    inspect::InspectOptions options = currentOptions();
    delivery.signingKeySource = m_signingKey->text().isEmpty() ? QString() : m_signingKeySource;
    if (m_targetCombo->currentData().toString() != automaticTarget)
        return options;
    // Automatic: the target whose endpoint is this port and path sent it; when several share the endpoint, the one
    // whose signing key matches the signature.
    const quint16 port = m_listen->listeningPort();
    const inspect::Capture capture = inspect::parseCapture(delivery.capture);
    const QByteArray signature = capture.header("ZITADEL-Signature").value_or(QByteArray());
    std::optional<Target> chosen;
    for (const Target &target : m_instance->targets()) {
        const QUrl url(target.endpoint);
        const QString path = url.path().isEmpty() ? QStringLiteral("/") : url.path();
        const bool local = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost") ||
                           url.host() == QLatin1String("[::1]") || url.host() == QLatin1String("::1");
        if (!local || url.port(80) != port || path != delivery.path || target.signingKey.isEmpty())
            continue;
        const bool matches =
            !signature.isEmpty() && crypto::verifyWebhookSignature(signature, capture.body, target.signingKey.toUtf8(),
                                                                   QDateTime::currentSecsSinceEpoch(), -1)
                                            .outcome == crypto::WebhookSignatureCheck::Outcome::Valid;
        if (!chosen || matches)
            chosen = target;
        if (matches)
            break;
    }
    if (chosen) {
        options.signingKey = chosen->signingKey.toUtf8();
        delivery.signingKeySource = tr("target “%1”, whose endpoint is %2").arg(chosen->name, chosen->endpoint);
    }
    return options;
}

void InspectorWindow::chooseFile(const QString &title, const QString &filter,
                                 const std::function<void(const QString &)> &use)
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, title, settings.value(lastDirKey).toString(), filter);
    if (path.isEmpty())
        return;
    settings.setValue(lastDirKey, QFileInfo(path).absolutePath());
    use(path);
}

inspect::InspectOptions InspectorWindow::currentOptions() const
{
    inspect::InspectOptions options;
    options.keys = m_keys->snapshot();
    options.jwks = m_instance->jwks();
    options.signingKey = m_signingKey->text().toUtf8();
    options.now = m_now;
    options.signatureTolerance = m_ignoreAge->isChecked() ? -1 : crypto::defaultWebhookTolerance;
    return options;
}

void InspectorWindow::setInput(const QString &text)
{
    m_largeInput.clear();
    m_input->setReadOnly(false);
    m_input->setPlainText(text);
    inspectNow();
}

bool InspectorWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showProblem(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    if (file.size() > inspect::maxCaptureSize) {
        showProblem(tr("%1 is larger than 16 MiB: that is not one delivery. Open it in bulk mode if it holds one "
                       "per line.")
                        .arg(QFileInfo(path).fileName()));
        return false;
    }
    m_modes->setCurrentIndex(0);
    const QByteArray data = file.readAll();
    if (data.size() > maxShownInput) {
        m_largeInput = data;
        m_input->setReadOnly(true);
        m_input->setPlainText(tr("%1 (%2) is inspected in full but not shown here. Clear to paste something else.")
                                  .arg(QFileInfo(path).fileName(), QLocale().formattedDataSize(data.size())));
        inspectNow();
    } else {
        setInput(QString::fromUtf8(data));
    }
    statusBar()->showMessage(tr("Opened %1.").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void InspectorWindow::inspectNow()
{
    m_debounce.stop();
    const QByteArray input = m_largeInput.isEmpty() ? m_input->toPlainText().toUtf8() : m_largeInput;
    if (input.trimmed().isEmpty()) {
        m_runner->clear();
        m_view->clear(tr("Paste what your webhook received — a token, the JSON body or the whole HTTP request — "
                         "or drop a file here."));
        return;
    }
    m_runner->inspect(input, currentOptions());
}

void InspectorWindow::onResult(const InspectionResult &result)
{
    m_view->showResult(result, contextFor(result));
    statusBar()->showMessage(tr("Inspected in %1 ms.").arg(result.elapsedMs), 3000);
    if (!result.jweKid.isEmpty()) {
        // The vault key with this kid is loaded once; the inspection then runs again with it.
        if (m_keys->vaultHasUnloadedKey(result.jweKid))
            m_keys->loadVaultKeys({result.jweKid});
        m_instance->lookUpKeyId(result.jweKid);
    }
}

void InspectorWindow::onBulkDetail(const InspectionResult &result)
{
    m_bulk->detailView()->showResult(result, contextFor(result));
    if (!result.jweKid.isEmpty())
        m_instance->lookUpKeyId(result.jweKid);
}

InspectionContext InspectorWindow::contextFor(const InspectionResult &result) const
{
    InspectionContext context;
    context.connected = m_instance->isConnected();
    context.instanceName = m_instance->instanceName();
    const std::optional<crypto::Jwks> &jwks = m_instance->jwks();
    context.jwksLoaded = jwks.has_value();
    context.jwtKidInJwks = !jwks || result.jwtKid.isEmpty() || !jwks->keysWithKid(result.jwtKid).isEmpty();
    context.vaultKnowsJweKid =
        m_keys->vault() && !result.jweKid.isEmpty() && !m_keys->vault()->findByKeyId(result.jweKid).isEmpty();
    context.jweKeyOwner = m_instance->keyOwner(result.jweKid);
    context.ageEnforced = !m_ignoreAge->isChecked();
    context.signingKeySource = m_signingKey->text().isEmpty() ? QString() : m_signingKeySource;
    return context;
}

void InspectorWindow::refreshContexts()
{
    if (const std::optional<InspectionResult> &result = m_view->result())
        m_view->setContext(contextFor(*result));
    if (const std::optional<InspectionResult> &result = m_bulk->detailView()->result())
        m_bulk->detailView()->setContext(contextFor(*result));
}

void InspectorWindow::onKeyOwner(const QString &kid)
{
    refreshContexts();
    applyAutomaticSigningKey(kid);
}

void InspectorWindow::applyAutomaticSigningKey(const QString &kid)
{
    if (m_targetCombo->currentData().toString() != automaticTarget)
        return;
    const std::optional<InspectionResult> &result = m_view->result();
    if (!result || result->jweKid != kid)
        return;
    const InspectorInstance::KeyOwner owner = m_instance->keyOwner(kid);
    if (!owner.found)
        return;
    const std::optional<Target> target = m_instance->target(owner.targetId);
    if (!target || target->signingKey.isEmpty())
        return;
    setSigningKey(target->signingKey, tr("target “%1”, found by the key id %2").arg(target->name, kid));
}

void InspectorWindow::setSigningKey(const QString &key, const QString &source)
{
    m_signingKeySource = source;
    if (m_signingKey->text() == key) {
        refreshContexts();
        return;
    }
    m_signingKey->setText(key);
    inspectNow();
}

void InspectorWindow::onTargetChosen()
{
    const QString choice = m_targetCombo->currentData().toString();
    if (choice == automaticTarget) {
        if (const std::optional<InspectionResult> &result = m_view->result())
            applyAutomaticSigningKey(result->jweKid);
        return;
    }
    if (choice == manualTarget) {
        m_signingKey->setFocus();
        return;
    }
    const std::optional<Target> target = m_instance->target(choice);
    if (!target)
        return;
    if (target->signingKey.isEmpty())
        statusBar()->showMessage(tr("The instance did not return a signing key for “%1”.").arg(target->name), 6000);
    setSigningKey(target->signingKey, tr("target “%1”").arg(target->name));
}

void InspectorWindow::refreshTargets()
{
    const QString current = m_targetCombo->currentData().toString();
    m_targetCombo->clear();
    if (m_instance->isConnected()) {
        m_targetCombo->addItem(tr("Automatic (by key id)"), QString(automaticTarget));
        m_targetCombo->setItemData(0, tr("For encrypted payloads, the target whose public key has the JWE key id"),
                                   Qt::ToolTipRole);
    }
    m_targetCombo->addItem(tr("Entered by hand"), QString(manualTarget));
    for (const Target &target : m_instance->targets())
        m_targetCombo->addItem(target.name, target.id);
    if (m_instance->isLoadingTargets())
        m_targetCombo->addItem(tr("Loading targets…"));
    else if (!m_instance->targetsError().isEmpty())
        m_targetCombo->addItem(tr("Could not load the targets"));
    if (m_targetCombo->count() > 0) {
        const int last = m_targetCombo->count() - 1;
        if (m_targetCombo->itemData(last).toString().isEmpty()) {
            m_targetCombo->setItemData(last, 0, Qt::UserRole - 1); // not selectable
            m_targetCombo->setItemData(last, m_instance->targetsError(), Qt::ToolTipRole);
        }
    }
    const int index = m_targetCombo->findData(current);
    m_targetCombo->setCurrentIndex(index >= 0 ? index : 0);
}

void InspectorWindow::refreshKeyList()
{
    m_keyList->clear();
    for (const QString &label : m_keys->keyFileLabels())
        m_keyList->addItem(label);
    m_removeKeyButton->setEnabled(m_keyList->currentRow() >= 0);
    if (!m_keys->vault())
        m_vaultLabel->setText(tr("No vault: add the target's private key file."));
    else if (m_keys->vaultKeyCount() == 0)
        m_vaultLabel->setText(tr("Vault: the key whose key id is the JWE kid is used by itself."));
    else
        m_vaultLabel->setText(tr("Vault: the key whose key id is the JWE kid is used by itself (%1 loaded).")
                                  .arg(m_keys->vaultKeyCount()));
}

void InspectorWindow::removeSelectedKey()
{
    m_keys->removeKey(m_keyList->currentRow());
}

struct InspectorWindow::KeyFileRead {
    QString name;
    QByteArray text; // secret: wiped when the read ends
    std::function<void(bool)> done;
    bool asked = false; // a passphrase was asked for already: another request means it was wrong

    ~KeyFileRead() { crypto::wipe(text); }
};

void InspectorWindow::addKeyFile(const QString &path, std::function<void(bool added)> done)
{
    const QString name = QFileInfo(path).fileName();
    auto refuse = [this, &done](const QString &problem) {
        showProblem(problem);
        if (done)
            QMetaObject::invokeMethod(
                this, [done] { done(false); }, Qt::QueuedConnection);
    };
    if (m_keyFileRead) {
        return refuse(tr("%1 was not added: %2 is still being read; add the next key file once it is done.")
                          .arg(name, m_keyFileRead->name));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(tr("Cannot open %1: %2").arg(path, file.errorString()));
    if (file.size() > maxKeyFileSize)
        return refuse(tr("%1 is too large to be a key file.").arg(name));
    m_keyFileRead = std::make_unique<KeyFileRead>();
    m_keyFileRead->name = name;
    m_keyFileRead->done = std::move(done);
    m_keyFileRead->text = file.read(maxKeyFileSize);
    if (m_keyFileRead->text.trimmed().startsWith('{')) {
        // A private JWK, as in the JOSE test vectors: nothing to decrypt, so no worker.
        const crypto::JoseResult<crypto::PrivateKey> jwk =
            crypto::privateKeyFromJwk(QJsonDocument::fromJson(m_keyFileRead->text).object());
        finishKeyFile(jwk ? &jwk.value() : nullptr, jwk ? QString() : jwk.error().message);
        return;
    }
    setKeyFileBusy(true, tr("Reading %1…").arg(name));
    decryptKeyFile({});
}

void InspectorWindow::decryptKeyFile(const QByteArray &passphrase)
{
    crypto::PrivateKeyReader::start(m_keyFileRead->text, passphrase, this,
                                    [this](crypto::CryptoResult<crypto::PrivateKey> key) { onKeyFileRead(key); });
}

void InspectorWindow::onKeyFileRead(const crypto::CryptoResult<crypto::PrivateKey> &key)
{
    if (!m_keyFileRead)
        return;
    if (key) {
        finishKeyFile(&key.value(), QString());
        return;
    }
    const auto kind = key.error().kind;
    if (kind == crypto::CryptoError::Kind::PassphraseRequired || kind == crypto::CryptoError::Kind::WrongPassphrase) {
        const QString name = m_keyFileRead->name;
        std::optional<QByteArray> passphrase = m_prompt(name, m_keyFileRead->asked);
        if (passphrase && m_keyFileRead) {
            m_keyFileRead->asked = true;
            setKeyFileBusy(true, tr("Decrypting %1…").arg(name));
            decryptKeyFile(*passphrase);
            crypto::wipe(*passphrase);
            return;
        }
        if (passphrase)
            crypto::wipe(*passphrase);
    }
    finishKeyFile(nullptr, key.error().message);
}

void InspectorWindow::finishKeyFile(const crypto::PrivateKey *key, const QString &error)
{
    const std::unique_ptr<KeyFileRead> read = std::move(m_keyFileRead);
    setKeyFileBusy(false);
    if (!key) {
        showProblem(tr("%1 was not added: %2").arg(read->name, error));
    } else {
        m_notice->hide();
        m_keys->addKey(*key, read->name);
        statusBar()->showMessage(tr("Added %1 (%2).").arg(read->name, key->description()), 5000);
    }
    if (read->done) {
        QMetaObject::invokeMethod(
            this, [done = read->done, added = key != nullptr] { done(added); }, Qt::QueuedConnection);
    }
}

void InspectorWindow::setKeyFileBusy(bool busy, const QString &text)
{
    // No second file while one is read (the passphrase prompt included): the action and its button wait.
    m_addKeyAction->setEnabled(!busy);
    m_addKeyButton->setEnabled(!busy);
    m_keyBusy->setVisible(busy);
    m_keyBusyText->setVisible(busy);
    m_keyBusyText->setText(text);
    m_keyBusyText->setAccessibleName(text);
    if (busy)
        statusBar()->showMessage(text);
    else
        statusBar()->clearMessage();
}

bool InspectorWindow::loadJwksFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showProblem(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    crypto::JoseResult<crypto::Jwks> jwks = crypto::Jwks::parse(file.read(maxKeyFileSize));
    if (!jwks) {
        showProblem(tr("%1 is not a usable JWKS: %2").arg(QFileInfo(path).fileName(), jwks.error().message));
        return false;
    }
    m_notice->hide();
    m_instance->setJwks(jwks.value(), QFileInfo(path).fileName());
    return true;
}

void InspectorWindow::openBulkFile(const QString &path)
{
    m_modes->setCurrentIndex(1);
    m_bulk->start(path, [this](const QStringList &kids, std::function<void(inspect::InspectOptions)> go) {
        // The vault keys the lines ask for are loaded first: workers never touch the keychain.
        m_keys->loadVaultKeys(kids, [this, go] { go(currentOptions()); });
    });
}

void InspectorWindow::showProblem(const QString &text)
{
    m_notice->showNotice(text);
    m_notice->show();
    statusBar()->showMessage(text, 8000);
}

void InspectorWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_bulk->cancel();
    QMainWindow::closeEvent(event);
}

void InspectorWindow::saveSettings() const
{
    // Layout only: never keys, passphrases or the signing key.
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(splitterKey, m_splitter->saveState());
    settings.setValue(singleSplitterKey, m_singleSplitter->saveState());
    settings.setValue(listenSplitterKey, m_listen->splitter()->saveState());
    m_bulk->saveSettings(settings);
}

void InspectorWindow::restoreSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(geometryKey).toByteArray())) {
        QSize size(1300, 820);
        if (const QScreen *s = screen())
            size = size.boundedTo(s->availableSize() * 0.9);
        resize(size);
        const int ch = fontMetrics().averageCharWidth();
        m_splitter->setSizes({ch * 46, size.width() - ch * 46});
        m_singleSplitter->setSizes({size.height() / 4, size.height() * 3 / 4});
    }
    m_splitter->restoreState(settings.value(splitterKey).toByteArray());
    m_singleSplitter->restoreState(settings.value(singleSplitterKey).toByteArray());
    m_listen->splitter()->restoreState(settings.value(listenSplitterKey).toByteArray());
    m_bulk->restoreSettings(settings);
}

} // namespace targetdesk::gui
