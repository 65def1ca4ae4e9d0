#include "keys/keypanel.h"

#include "keys/addkeyform.h"
#include "keys/keystatestyle.h"
#include "keys/keytimeline.h"
#include "model/publickeylistmodel.h"
#include "widgets/actionbutton.h"
#include "widgets/confirmer.h"
#include "widgets/noticebar.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace targetdesk::gui
{

namespace
{

QAction *makeAction(QObject *parent, const char *name, const QString &text, const QString &toolTip)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(QLatin1String(name));
    action->setToolTip(toolTip);
    return action;
}

} // namespace

KeyPanel::KeyPanel(KeyOperations *operations, QWidget *parent)
    : QWidget(parent), m_operations(operations), m_model(new PublicKeyListModel(this)),
      m_decoration(new KeyStateDecoration(this, this)), m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("keyPanel"));
    setAccessibleName(tr("Public keys"));
    m_decoration->setSourceModel(m_model);
    createActions();

    m_placeholder = new QWidget(this);
    m_placeholder->setObjectName(QStringLiteral("keyPanelPlaceholder"));
    m_placeholderText = new QLabel(m_placeholder);
    m_placeholderText->setObjectName(QStringLiteral("keyPanelPlaceholderText"));
    m_placeholderText->setAlignment(Qt::AlignCenter);
    m_placeholderText->setWordWrap(true);
    m_placeholderText->setForegroundRole(QPalette::PlaceholderText);
    auto *placeholderLayout = new QVBoxLayout(m_placeholder);
    placeholderLayout->addWidget(m_placeholderText);

    m_stack->addWidget(m_placeholder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_operations, &KeyOperations::keysLoaded, this, &KeyPanel::onKeysLoaded);
    connect(m_operations, &KeyOperations::loadFailed, this, &KeyPanel::onLoadFailed);
    connect(m_operations, &KeyOperations::finished, this, &KeyPanel::onFinished);
    connect(m_operations, &KeyOperations::keychainStateChanged, this, &KeyPanel::onKeychainChanged);
    connect(m_operations, &KeyOperations::keysChanged, this, [this](const QString &id) {
        if (id == m_target.id)
            reload();
    });
    connect(m_operations, &KeyOperations::progress, this, [this](const QString &id, const QString &text) {
        ensureKeysPage();
        m_addForm->setBusy(m_operations->isGenerating() || m_pending > 0,
                           id == m_target.id ? text : tr("Another target: %1").arg(text));
    });
    connect(m_operations, &KeyOperations::generatingChanged, this, [this] { updateActions(); });

    // States and "expires in" move with the clock.
    m_clock.setInterval(60'000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        m_model->refreshTimes();
        updateBanner();
    });
    m_clock.start();

    showNoTarget(0);
}

void KeyPanel::ensureKeysPage()
{
    if (m_keysPage)
        return;
    m_keysPage = buildKeysPage();
    m_stack->addWidget(m_keysPage);
    connect(m_addForm, &AddKeyForm::generateRequested, this,
            [this](crypto::KeyType type, const QDateTime &expiration, bool activate) {
                ++m_pending;
                m_addForm->setBusy(true, QString());
                m_operations->generateAndAdd(m_target.id, type, expiration, activate);
                updateActions();
            });
    connect(m_addForm, &AddKeyForm::addRequested, this,
            [this](const crypto::PublicKeyImport &key, const QDateTime &expiration, bool activate) {
                ++m_pending;
                m_addForm->setBusy(true, QString());
                m_operations->addPublicKey(m_target.id, key, expiration, activate);
                updateActions();
            });
    m_addForm->setTargetAvailable(!m_target.id.isEmpty());
    onKeychainChanged();
    updateBanner();
}

KeyPanel *KeyPanel::keysPage() const
{
    auto *self = const_cast<KeyPanel *>(this);
    self->ensureKeysPage();
    return self;
}

KeyPanel::~KeyPanel() = default;

QSize KeyPanel::sizeHint() const
{
    // Room for the banner and a handful of keys; the target list above keeps most of the height.
    const int line = fontMetrics().lineSpacing();
    return {fontMetrics().averageCharWidth() * 140, line * 20};
}

void KeyPanel::createActions()
{
    m_breakGlassAction = makeAction(this, "breakGlassAction", tr("&Deactivate Active Key Now"),
                                    tr("Deactivate the target's active key at once, without a question (break-glass)"));
    m_breakGlassAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_breakGlassAction, &QAction::triggered, this, &KeyPanel::deactivateActiveKeyNow);

    m_activateAction = makeAction(this, "activateKeyAction", tr("&Activate Key…"),
                                  tr("Make the selected key the active key; the key active now is deactivated in the "
                                     "same step"));
    connect(m_activateAction, &QAction::triggered, this, &KeyPanel::activateSelected);

    m_removeAction =
        makeAction(this, "removeKeyAction", tr("&Remove Key…"), tr("Remove the selected key from ZITADEL"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_removeAction, &QAction::triggered, this, &KeyPanel::removeSelected);

    m_rotateAction =
        makeAction(this, "rotateKeyAction", tr("R&otate Key…"),
                   tr("Generate a new key, add and activate it; the old key stays inactive until you remove it"));
    connect(m_rotateAction, &QAction::triggered, this, &KeyPanel::startRotation);

    m_generateAction = makeAction(this, "generateKeyAction", tr("&Generate Key…"),
                                  tr("Generate a key pair here; the private key goes to this machine's vault"));
    connect(m_generateAction, &QAction::triggered, this, [this] { keysPage()->m_addForm->showGenerate(); });

    m_pasteAction = makeAction(this, "pasteKeyAction", tr("Add Public Key from &PEM…"),
                               tr("Paste or drop a public key made elsewhere"));
    connect(m_pasteAction, &QAction::triggered, this, [this] { keysPage()->m_addForm->showPaste(); });

    m_copyKeyIdAction = makeAction(this, "copyKeyIdAction", tr("Copy Key &ID"), tr("Copy the key id (the JWE kid)"));
    connect(m_copyKeyIdAction, &QAction::triggered, this, [this] {
        if (const PublicKey *k = selectedKey())
            QGuiApplication::clipboard()->setText(k->keyId);
    });
    m_copyFingerprintAction =
        makeAction(this, "copyFingerprintAction", tr("Copy &Fingerprint"), tr("Copy the SHA-256 fingerprint"));
    connect(m_copyFingerprintAction, &QAction::triggered, this, [this] {
        if (const PublicKey *k = selectedKey())
            QGuiApplication::clipboard()->setText(k->fingerprint);
    });
    m_reloadAction = makeAction(this, "reloadKeysAction", tr("Re&load Keys"), tr("List the target's keys again"));
    connect(m_reloadAction, &QAction::triggered, this, &KeyPanel::reload);
    for (QAction *a : keyActions())
        addAction(a);
}

QList<QAction *> KeyPanel::keyActions() const
{
    return {m_breakGlassAction, m_activateAction,  m_removeAction,          m_rotateAction, m_generateAction,
            m_pasteAction,      m_copyKeyIdAction, m_copyFingerprintAction, m_reloadAction};
}

void KeyPanel::buildBanner()
{
    m_banner = new QFrame(m_keysPage);
    m_banner->setObjectName(QStringLiteral("breakGlassBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAccessibleName(tr("Active key"));
    m_bannerIcon = new QLabel(m_banner);
    m_bannerIcon->setObjectName(QStringLiteral("breakGlassIcon"));
    m_breakGlassText = new QLabel(m_banner);
    m_breakGlassText->setObjectName(QStringLiteral("breakGlassText"));
    m_breakGlassText->setWordWrap(true);
    m_breakGlassText->setTextFormat(Qt::PlainText);
    m_breakGlassText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_breakGlassButton = new QPushButton(tr("Deactivate key now"), m_banner);
    m_breakGlassButton->setObjectName(QStringLiteral("breakGlassButton"));
    m_breakGlassButton->setAccessibleName(tr("Deactivate the active key now"));
    m_breakGlassButton->setAccessibleDescription(
        tr("Acts at once, without a question. JWE payloads to this target stop until a new key is active."));
    QFont bold = m_breakGlassButton->font();
    bold.setBold(true);
    m_breakGlassButton->setFont(bold);
    m_breakGlassButton->setMinimumHeight(m_breakGlassButton->sizeHint().height() * 5 / 4);
    connect(m_breakGlassButton, &QPushButton::clicked, this, &KeyPanel::deactivateActiveKeyNow);

    m_resultIcon = new QLabel(m_banner);
    m_resultIcon->setObjectName(QStringLiteral("breakGlassResultIcon"));
    m_result = new QLabel(m_banner);
    m_result->setObjectName(QStringLiteral("keyResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_resultIcon->hide();
    m_result->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_bannerIcon, 0, Qt::AlignTop);
    top->addWidget(m_breakGlassText, 1);
    top->addWidget(m_breakGlassButton, 0, Qt::AlignVCenter);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_resultIcon, 0, Qt::AlignTop);
    bottom->addWidget(m_result, 1);
    auto *layout = new QVBoxLayout(m_banner);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addLayout(bottom);
}

QWidget *KeyPanel::buildKeysPage()
{
    m_keysPage = new QWidget(this);
    m_keysPage->setObjectName(QStringLiteral("keyPanelKeys"));
    m_title = new QLabel(m_keysPage);
    m_title->setObjectName(QStringLiteral("keyPanelTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    buildBanner();

    m_vaultNotice = new NoticeBar(m_keysPage);
    m_vaultNotice->setObjectName(QStringLiteral("vaultNotice"));
    m_vaultNotice->setAccessibleName(tr("Vault notice"));
    m_privateKeyNotice = new NoticeBar(m_keysPage);
    m_privateKeyNotice->setObjectName(QStringLiteral("privateKeyNotice"));
    m_privateKeyNotice->setAccessibleName(tr("Private key notice"));
    m_privateKeyNotice->actionButton()->setObjectName(QStringLiteral("deletePrivateKeyButton"));
    connect(m_privateKeyNotice, &NoticeBar::actionTriggered, this, [this] {
        const QString fingerprint = m_orphanFingerprint;
        Prompt prompt;
        prompt.id = QStringLiteral("removePrivateKey");
        prompt.tone = Prompt::Tone::Warning;
        prompt.title = tr("Delete Private Key");
        prompt.text = tr("Delete the private key of removed key %1 from this machine's vault?").arg(m_orphanKeyId);
        prompt.informativeText = tr("Payloads captured earlier that were encrypted to this key can then no longer be "
                                    "decrypted here. This cannot be undone.");
        prompt.acceptText = tr("Delete Private Key");
        prompt.rejectText = tr("Keep It");
        prompt.destructive = true;
        if (!confirmer() || !confirmer()->confirm(window(), prompt))
            return;
        m_privateKeyNotice->hide();
        m_operations->removePrivateKey(m_target.id, fingerprint);
    });

    m_view = new QTableView(m_keysPage);
    m_view->setObjectName(QStringLiteral("keyTable"));
    m_view->setAccessibleName(tr("Public keys of the target"));
    m_view->setModel(m_decoration);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setObjectName(QStringLiteral("keyTableHeader"));
    m_view->horizontalHeader()->setAccessibleName(tr("Key columns"));
    m_view->horizontalHeader()->setStretchLastSection(false); // fitColumns() gives the last column the rest
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setTabKeyNavigation(false);
    const int ch = fontMetrics().averageCharWidth();
    m_view->viewport()->installEventFilter(this);
    connect(m_decoration, &QAbstractItemModel::modelReset, this, &KeyPanel::fitColumns);
    connect(m_decoration, &QAbstractItemModel::layoutChanged, this, &KeyPanel::fitColumns);
    connect(m_decoration, &QAbstractItemModel::rowsInserted, this, &KeyPanel::fitColumns);
    connect(m_decoration, &QAbstractItemModel::rowsRemoved, this, &KeyPanel::fitColumns);
    connect(m_decoration, &QAbstractItemModel::dataChanged, this, &KeyPanel::fitColumns);
    fitColumns();
    m_view->addAction(m_removeAction);
    connect(m_view, &QWidget::customContextMenuRequested, this, &KeyPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeyPanel::updateActions);
    connect(m_view, &QAbstractItemView::activated, this, [this] { updateActions(); });

    // The timeline wraps onto further lines where it is narrow: its height follows the width it gets.
    m_timeline = new KeyTimeline(m_keysPage);
    auto *timelineTitle = new QLabel(tr("Timeline:"), m_keysPage);
    timelineTitle->setObjectName(QStringLiteral("keyTimelineTitle"));
    auto *timelineRow = new QHBoxLayout;
    timelineRow->addWidget(timelineTitle, 0, Qt::AlignTop);
    timelineRow->addWidget(m_timeline, 1);

    m_activateButton = new QPushButton(tr("Activate…"), m_keysPage);
    m_activateButton->setObjectName(QStringLiteral("activateKeyButton"));
    m_activateButton->setAccessibleName(tr("Activate the selected key"));
    bindButton(m_activateButton, m_activateAction);
    m_removeButton = new QPushButton(tr("Remove…"), m_keysPage);
    m_removeButton->setObjectName(QStringLiteral("removeKeyButton"));
    m_removeButton->setAccessibleName(tr("Remove the selected key"));
    bindButton(m_removeButton, m_removeAction);
    m_rotateButton = new QPushButton(tr("Rotate…"), m_keysPage);
    m_rotateButton->setObjectName(QStringLiteral("rotateKeyButton"));
    m_rotateButton->setAccessibleName(tr("Rotate the key"));
    bindButton(m_rotateButton, m_rotateAction);
    m_listStatus = new QLabel(m_keysPage);
    m_listStatus->setObjectName(QStringLiteral("keyListStatus"));
    m_listStatus->setForegroundRole(QPalette::PlaceholderText);
    m_listStatus->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_activateButton);
    buttons->addWidget(m_removeButton);
    buttons->addWidget(m_rotateButton);
    buttons->addWidget(m_listStatus, 1);

    auto *left = new QWidget(m_keysPage);
    left->setObjectName(QStringLiteral("keyListSide"));
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_view, 1);
    leftLayout->addLayout(timelineRow);
    leftLayout->addLayout(buttons);

    m_addForm = new AddKeyForm(m_keysPage);
    auto *splitter = m_splitter = new QSplitter(Qt::Horizontal, m_keysPage);
    splitter->setObjectName(QStringLiteral("keyPanelSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_addForm);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    m_addForm->setMinimumWidth(ch * 40);
    splitter->installEventFilter(this);

    // Title and break-glass banner always in view; the rest scrolls when the dock is made small.
    auto *body = new QWidget;
    body->setObjectName(QStringLiteral("keyPanelBody"));
    auto *bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_vaultNotice);
    bodyLayout->addWidget(m_privateKeyNotice);
    bodyLayout->addWidget(splitter, 1);
    auto *scroll = new QScrollArea(m_keysPage);
    scroll->setObjectName(QStringLiteral("keyPanelScrollArea"));
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    // The body at least as high as it needs at the viewport's width (the timeline wraps): otherwise the scroll area
    // squeezes it to its plain minimum and cuts the timeline's lines.
    m_bodyScroll = scroll;
    scroll->viewport()->installEventFilter(this);

    auto *layout = new QVBoxLayout(m_keysPage);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_banner);
    layout->addWidget(scroll, 1);
    return m_keysPage;
}

Confirmer *KeyPanel::confirmer() const
{
    return m_confirmerSource ? m_confirmerSource() : nullptr;
}

void KeyPanel::showTarget(const Target &target)
{
    ensureKeysPage();
    const bool same = target.id == m_target.id && m_stack->currentWidget() == m_keysPage;
    m_target = target;
    m_title->setText(tr("Public keys of “%1”").arg(target.name));
    m_stack->setCurrentWidget(m_keysPage);
    m_addForm->setTargetAvailable(true);
    if (!same) {
        m_loaded = false;
        m_model->clear();
        m_timeline->setKeys({}, {}, m_model->now());
        fitBodyHeight();
        m_result->hide();
        m_resultIcon->hide();
        m_privateKeyNotice->hide();
        m_listStatus->setText(tr("Loading the keys…"));
        reload();
    }
    updateBanner();
    updateActions();
}

void KeyPanel::showNoTarget(int selectedCount)
{
    m_target = Target();
    m_loaded = false;
    m_model->clear();
    m_placeholderText->setText(selectedCount > 1 ? tr("Select a single target to see its public keys.")
                                                 : tr("Select a target to see its public keys."));
    m_stack->setCurrentWidget(m_placeholder);
    if (m_addForm)
        m_addForm->setTargetAvailable(false);
    updateActions();
}

void KeyPanel::reload()
{
    if (!m_target.id.isEmpty())
        m_operations->load(m_target.id);
}

void KeyPanel::onKeysLoaded(const QString &targetId, const QList<PublicKey> &keys)
{
    if (targetId != m_target.id || !m_keysPage)
        return;
    const QString selected = selectedKeyId();
    m_loaded = true;
    m_model->setKeys(keys);
    updateHeld();
    m_listStatus->setText(tr("%n key(s)", nullptr, int(keys.size())));
    if (!m_pendingSelect.isEmpty() && selectKey(m_pendingSelect))
        m_pendingSelect.clear();
    else if (!selected.isEmpty())
        selectKey(selected);
    // The active key first: the one an incident is about, reachable with the keyboard at once.
    if (!selectedKey() && m_model->rowCount() > 0)
        selectKey(m_model->key(m_model->activeRow() >= 0 ? m_model->activeRow() : 0).keyId);
    updateBanner();
    updateActions();
}

void KeyPanel::onLoadFailed(const QString &targetId, const QString &error)
{
    if (targetId != m_target.id || !m_keysPage)
        return;
    m_listStatus->setText(tr("Could not list the keys: %1").arg(error));
    updateBanner();
}

void KeyPanel::updateHeld()
{
    if (!m_keysPage)
        return;
    QSet<QString> held;
    for (const PublicKey &k : m_model->keys()) {
        if (m_operations->holdsPrivateKey(k.fingerprint))
            held.insert(k.fingerprint);
    }
    m_model->setHeldFingerprints(held);
    m_timeline->setKeys(m_model->keys(), held, m_model->now());
    fitBodyHeight();
}

const PublicKey *KeyPanel::selectedKey() const
{
    if (!m_view)
        return nullptr;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_model->rowCount())
        return nullptr;
    return &m_model->key(rows.first().row());
}

const PublicKey *KeyPanel::activeKey() const
{
    const int row = m_model->activeRow();
    return row >= 0 ? &m_model->key(row) : nullptr;
}

QString KeyPanel::selectedKeyId() const
{
    const PublicKey *k = selectedKey();
    return k ? k->keyId : QString();
}

bool KeyPanel::selectKey(const QString &keyId)
{
    ensureKeysPage();
    const int row = m_model->rowOfKeyId(keyId);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    m_view->setCurrentIndex(m_decoration->index(row, 0));
    return true;
}

QString KeyPanel::resultText() const
{
    return !m_result || m_result->isHidden() ? QString() : m_result->text();
}

void KeyPanel::showResult(bool ok, const QString &text)
{
    ensureKeysPage();
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_resultIcon->setPixmap((ok ? style()->standardIcon(QStyle::SP_DialogApplyButton)
                                : style()->standardIcon(QStyle::SP_MessageBoxCritical))
                                .pixmap(size, size));
    const QString prefixed = ok ? text : tr("Failed: %1").arg(text);
    m_result->setText(prefixed);
    m_result->setAccessibleName(prefixed);
    m_resultIcon->show();
    m_result->show();
    Q_EMIT statusMessage(prefixed);
}

void KeyPanel::updateBanner()
{
    if (!m_keysPage)
        return;
    const PublicKey *active = activeKey();
    const QDateTime now = m_model->now();
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2 / 3;
    PublicKey::State state = PublicKey::State::Inactive;
    QString text;
    if (!m_loaded) {
        text = tr("Reading the keys…");
    } else if (!active) {
        text = m_target.effectivePayloadType() == PayloadType::Jwe
                   ? tr("No active key: ZITADEL sends nothing to this JWE target until a key is activated.")
                   : tr("No active key. ZITADEL needs one only when the payload type is JWE.");
    } else {
        state = active->state(now);
        const QString type = PublicKeyListModel::keyTypeText(*active);
        const QString name = type.isEmpty() ? active->keyId : tr("%1 (%2)").arg(active->keyId, type);
        if (state == PublicKey::State::ActiveButExpired)
            text = tr("Key %1 is marked active but has expired: ZITADEL no longer uses it and sends this target "
                      "nothing.")
                       .arg(name);
        else
            text = tr("Key %1 is active: ZITADEL encrypts this target's payloads with it. If it is compromised, "
                      "deactivate it now; JWE payloads to this target then stop until a new key is active.")
                       .arg(name);
        if (PublicKeyListModel::expiresSoon(*active, now, m_model->warningDays()))
            text += QLatin1Char(' ') + tr("It expires %1.").arg(PublicKeyListModel::expiryText(*active, now));
    }
    m_breakGlassText->setText(text);
    m_breakGlassText->setAccessibleName(text);
    m_bannerIcon->setPixmap(KeyStateStyle::icon(state, palette()).pixmap(size, size));
    m_breakGlassButton->setEnabled(active && !m_breakGlassBusy);
    m_breakGlassButton->setText(m_breakGlassBusy ? tr("Deactivating…") : tr("Deactivate key now"));

    // A red button that stays readable: white on a dark red in both palettes; grey text when disabled.
    const bool dark = KeyStateStyle::isDark(palette());
    const QString red = dark ? QStringLiteral("#c62828") : QStringLiteral("#b00020");
    const QString redHover = dark ? QStringLiteral("#e53935") : QStringLiteral("#8e0019");
    m_breakGlassButton->setStyleSheet(
        QStringLiteral("QPushButton#breakGlassButton { background: %1; color: white; border: 1px solid %2; "
                       "border-radius: 4px; padding: 4px 16px; }"
                       "QPushButton#breakGlassButton:hover { background: %2; }"
                       "QPushButton#breakGlassButton:focus { border: 2px solid palette(highlight); }"
                       "QPushButton#breakGlassButton:disabled { background: palette(button); "
                       "color: palette(mid); border: 1px solid palette(mid); }")
            .arg(red, redHover));
    // The banner is tinted like a warning while a key is active: this is where an incident starts.
    QPalette p = m_banner->palette();
    const QColor base = palette().color(QPalette::Window);
    const QColor tintSource = active ? QColor(220, 60, 60) : palette().color(QPalette::Mid);
    QColor tint;
    tint.setRgbF(base.redF() * 0.88f + tintSource.redF() * 0.12f, base.greenF() * 0.88f + tintSource.greenF() * 0.12f,
                 base.blueF() * 0.88f + tintSource.blueF() * 0.12f);
    p.setColor(QPalette::Window, tint);
    m_banner->setPalette(p);
    m_banner->setAutoFillBackground(true);
    m_addForm->setActiveKeyId(active && state == PublicKey::State::Active ? active->keyId : QString());
}

void KeyPanel::updateActions()
{
    const bool hasTarget = !m_target.id.isEmpty();
    const PublicKey *k = hasTarget ? selectedKey() : nullptr;
    const PublicKey *active = hasTarget ? activeKey() : nullptr;
    m_breakGlassAction->setEnabled(hasTarget && active && !m_breakGlassBusy);
    m_activateAction->setEnabled(k != nullptr && !k->active);
    m_activateAction->setToolTip(!k               ? tr("Select a key to activate")
                                 : k->active      ? tr("This key is already active")
                                 : k->isExpired() ? tr("Expired keys cannot be activated")
                                                  : tr("Make key %1 the active key; any key active now is deactivated "
                                                       "in the same step")
                                                        .arg(k->keyId));
    // Enabled for the active key too: triggering it says why it cannot be removed.
    m_removeAction->setEnabled(k != nullptr);
    m_removeAction->setToolTip(k && k->active ? tr("The active key cannot be removed; deactivate it or activate "
                                                   "another key first")
                                              : tr("Remove the selected key from ZITADEL"));
    const bool canGenerate = m_operations->canKeepPrivateKeys() && !m_operations->isGenerating();
    m_rotateAction->setEnabled(hasTarget && canGenerate);
    m_rotateAction->setToolTip(m_operations->canKeepPrivateKeys()
                                   ? tr("Generate a new key, add and activate it; the old key stays inactive")
                                   : m_operations->keychainProblem());
    m_generateAction->setEnabled(hasTarget);
    m_pasteAction->setEnabled(hasTarget);
    m_copyKeyIdAction->setEnabled(k != nullptr);
    m_copyFingerprintAction->setEnabled(k != nullptr);
    m_reloadAction->setEnabled(hasTarget);
}

void KeyPanel::onKeychainChanged()
{
    if (!m_keysPage) {
        updateActions(); // the page catches up when it is built
        return;
    }
    const bool available = m_operations->canKeepPrivateKeys();
    const QString problem = m_operations->keychainProblem();
    m_addForm->setGenerationAvailable(
        available,
        available ? QString()
                  : tr("Generating is off: %1 Generate the key pair elsewhere and paste its public key.").arg(problem));
    if (available || m_operations->keychainState() == KeyOperations::KeychainState::Checking)
        m_vaultNotice->hide();
    else
        m_vaultNotice->showNotice(tr("%1 Server-side key operations work; generating keys here is off.").arg(problem));
    if (m_loaded)
        updateHeld();
    updateActions();
}

void KeyPanel::deactivateActiveKeyNow()
{
    // Break-glass: no question, no dialog. The one click is the decision.
    const PublicKey *active = activeKey();
    if (!active || m_breakGlassBusy)
        return;
    m_breakGlassBusy = true;
    m_operations->deactivate(m_target.id, active->keyId, active->fingerprint, true);
    updateBanner();
    updateActions();
}

void KeyPanel::activateSelected()
{
    const PublicKey *k = selectedKey();
    if (!k)
        return;
    if (k->active) {
        showResult(true, tr("Key %1 is already active.").arg(k->keyId));
        return;
    }
    if (k->isExpired()) {
        showResult(false, tr("Key %1 has expired; ZITADEL refuses to activate expired keys.").arg(k->keyId));
        return;
    }
    const PublicKey *current = activeKey();
    const bool held = m_operations->holdsPrivateKey(k->fingerprint);
    Prompt prompt;
    prompt.id = QStringLiteral("activatePublicKey");
    prompt.tone = Prompt::Tone::Question;
    prompt.title = tr("Activate Key");
    prompt.text = tr("Activate key %1 for “%2”?").arg(k->keyId, m_target.name);
    QStringList info;
    if (current)
        info << tr("Key %1, active now, is deactivated in the same step (it is kept, inactive).").arg(current->keyId);
    info << tr("From then on ZITADEL encrypts payloads with key %1: the receiver must be able to decrypt with its "
               "private key.")
                .arg(k->keyId);
    if (!held)
        info << tr("This machine's vault does not hold its private key.");
    prompt.informativeText = info.join(QLatin1Char(' '));
    prompt.acceptText = tr("Activate Key %1").arg(k->keyId);
    // Only a switch from one key to another can break a working receiver; with no active key there is nothing to
    // lose, so no question.
    if (current && (!confirmer() || !confirmer()->confirm(window(), prompt)))
        return;
    ++m_pending;
    m_operations->activate(m_target.id, k->keyId, k->fingerprint);
}

void KeyPanel::removeSelected()
{
    const PublicKey *k = selectedKey();
    if (!k)
        return;
    if (k->active) {
        // Refused before asking: ZITADEL would refuse it anyway (Errors.Target.PublicKeyActive).
        showResult(false, tr("Key %1 is the active key and cannot be removed: ZITADEL refuses to remove an active "
                             "key. Activate another key first, or deactivate it (Deactivate key now).")
                              .arg(k->keyId));
        return;
    }
    const bool held = m_operations->holdsPrivateKey(k->fingerprint);
    Prompt prompt;
    prompt.id = QStringLiteral("removePublicKey");
    prompt.tone = Prompt::Tone::Warning;
    prompt.title = tr("Remove Key");
    prompt.text = tr("Remove key %1 from “%2”?").arg(k->keyId, m_target.name);
    prompt.informativeText = held ? tr("The vault on this machine keeps its private key, so payloads captured "
                                       "earlier can still be decrypted; deleting it is a separate step.")
                                  : tr("This machine does not hold its private key.");
    prompt.acceptText = tr("Remove Key");
    prompt.rejectText = tr("Cancel");
    prompt.destructive = true;
    if (!confirmer() || !confirmer()->confirm(window(), prompt))
        return;
    ++m_pending;
    m_operations->remove(m_target.id, k->keyId, k->fingerprint);
}

void KeyPanel::startRotation()
{
    ensureKeysPage();
    crypto::KeyType type = AddKeyForm::defaultKeyType;
    // Keep the kind of key the receiver already handles.
    if (const PublicKey *current = activeKey()) {
        const QString text = PublicKeyListModel::keyTypeText(*current);
        for (crypto::KeyType t : crypto::allKeyTypes()) {
            if (crypto::keyTypeDescription(t) == text)
                type = t;
        }
    }
    m_addForm->startRotation(type);
}

void KeyPanel::offerPrivateKeyRemoval(const QString &keyId, const QString &fingerprint)
{
    m_orphanKeyId = keyId;
    m_orphanFingerprint = fingerprint;
    m_privateKeyNotice->showNotice(tr("Key %1 is gone from ZITADEL; this machine's vault still holds its private key "
                                      "so payloads captured earlier can be decrypted.")
                                       .arg(keyId),
                                   tr("Delete Private Key…"));
}

void KeyPanel::onFinished(const KeyOperations::Outcome &o)
{
    ensureKeysPage();
    using Op = KeyOperations::Operation;
    if (o.operation == Op::BreakGlass && o.targetId == m_target.id)
        m_breakGlassBusy = false;
    if (o.operation != Op::BreakGlass && o.operation != Op::RemovePrivateKey && m_pending > 0)
        --m_pending;
    m_addForm->setBusy(m_operations->isGenerating() || m_pending > 0, QString());
    if (o.targetId != m_target.id) {
        Q_EMIT statusMessage(o.message);
        updateActions();
        return;
    }
    showResult(o.ok, o.message);
    if (o.ok && o.operation == Op::Remove && m_operations->holdsPrivateKey(o.targetId, o.fingerprint))
        offerPrivateKeyRemoval(o.keyId, o.fingerprint);
    if (o.ok && (o.operation == Op::Add || o.operation == Op::Activate)) {
        m_addForm->clearPaste();
        m_pendingSelect = o.keyId;
    }
    if (o.operation == Op::RemovePrivateKey || o.operation == Op::Generate)
        updateHeld();
    updateBanner();
    updateActions();
}

void KeyPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (index.isValid())
        m_view->selectRow(index.row());
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("keyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_activateAction);
    menu->addAction(m_breakGlassAction);
    menu->addAction(m_removeAction);
    menu->addSeparator();
    menu->addAction(m_copyKeyIdAction);
    menu->addAction(m_copyFingerprintAction);
    menu->addSeparator();
    menu->addAction(m_generateAction);
    menu->addAction(m_pasteAction);
    menu->addAction(m_rotateAction);
    menu->addSeparator();
    menu->addAction(m_reloadAction);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

bool KeyPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_keysPage) {
        if (m_bodyScroll && watched == m_bodyScroll->viewport()) {
            fitBodyHeight();
        } else if (watched == m_view->viewport()) {
            fitColumns();
        } else if (watched == m_splitter && !m_splitterSized && m_splitter->width() > 0) {
            // The first time it has a width: the add form gets what it needs and at most three tenths, the key
            // list the rest (the form's wrapped help text would otherwise claim half).
            m_splitterSized = true;
            const int ch = fontMetrics().averageCharWidth();
            const int width = m_splitter->width() - m_splitter->handleWidth();
            const int form = std::max(m_addForm->minimumSizeHint().width(),
                                      std::clamp(width * 3 / 10, m_addForm->minimumWidth(), ch * 50));
            m_splitter->setSizes({width - form, form});
        }
    }
    return QWidget::eventFilter(watched, event);
}

void KeyPanel::fitBodyHeight()
{
    if (!m_keysPage)
        return;
    QWidget *body = m_bodyScroll ? m_bodyScroll->widget() : nullptr;
    if (body && body->layout() && body->layout()->hasHeightForWidth())
        body->setMinimumHeight(body->layout()->totalHeightForWidth(m_bodyScroll->viewport()->width()));
}

void KeyPanel::fitColumns()
{
    if (!m_keysPage)
        return;
    using Model = PublicKeyListModel;
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics metrics = m_view->fontMetrics();
    const int pad = 16;
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize) + 8;
    // What each column needs: its texts once there are keys, sample texts before (so the first keys fit); never
    // less than the header's label. Key ids are 18 digits.
    QList<int> samples(Model::ColumnCount, 0);
    samples[Model::StateColumn] = metrics.horizontalAdvance(tr("Active but expired")) + icon + pad;
    samples[Model::TypeColumn] = metrics.horizontalAdvance(QStringLiteral("EC P-521")) + pad;
    samples[Model::FingerprintColumn] =
        metrics.horizontalAdvance(Model::shortFingerprint(QStringLiteral("SHA256:") + QString(43, u'W'))) + pad;
    samples[Model::ExpiresColumn] =
        metrics.horizontalAdvance(tr("expired 365 days ago (2000-00-00 00:00)")) + icon + pad;
    samples[Model::CreatedColumn] = metrics.horizontalAdvance(QStringLiteral("2000-00-00 00:00")) + pad;
    samples[Model::PrivateKeyColumn] = metrics.horizontalAdvance(tr("On this machine")) + pad;
    samples[Model::KeyIdColumn] = metrics.horizontalAdvance(QStringLiteral("000000000000000000")) + pad;
    const bool hasRows = m_decoration->rowCount() > 0;
    const QAbstractItemView *view = m_view; // sizeHintForColumn is public there
    QList<int> widths(Model::ColumnCount, 0);
    QList<int> minimums(Model::ColumnCount, 0);
    for (int c = 0; c < Model::ColumnCount; ++c) {
        const int label = header->sectionSizeHint(c);
        widths[c] = std::max(hasRows ? view->sizeHintForColumn(c) : samples[c], label);
        minimums[c] = std::min(widths[c], std::max(label, metrics.averageCharWidth() * 8));
    }
    // Narrower than that (a long translation, a narrow dock): the columns further back give way first, down to
    // their label; their texts are elided, the tooltips hold them whole. No sideways scrolling at the sizes the
    // window opens with.
    int overflow = int(std::accumulate(widths.cbegin(), widths.cend(), 0)) - m_view->viewport()->width();
    for (int c : {Model::KeyIdColumn, Model::CreatedColumn, Model::PrivateKeyColumn, Model::ExpiresColumn,
                  Model::FingerprintColumn, Model::StateColumn, Model::TypeColumn}) {
        if (overflow <= 0)
            break;
        const int cut = std::min(overflow, widths[c] - minimums[c]);
        widths[c] -= cut;
        overflow -= cut;
    }
    // The last column (key id) takes what is left. Not the header's stretch: that keeps a minimum of its own and
    // would scroll by a few pixels.
    widths[Model::KeyIdColumn] += std::max(0, -overflow);
    for (int c = 0; c < Model::ColumnCount; ++c)
        m_view->setColumnWidth(c, widths[c]);
}

void KeyPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateBanner();
}

} // namespace targetdesk::gui
