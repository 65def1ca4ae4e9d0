#include "connections/profileswitcher.h"

#include "commands/switchconnectioncommand.h"
#include "profiles/profilestore.h"

#include <QColor>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QToolButton>

#include <utility>

namespace targetdesk::gui
{

namespace
{

// An entry for the connection given on the command line (not a saved profile).
const QString kCommandLineId = QStringLiteral("command-line");

QIcon colorIcon(profiles::ProfileColor color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(QColor(profiles::profileColorHex(color)));
    painter.setPen(QColor(0, 0, 0, 90));
    painter.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    return QIcon(pixmap);
}

// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor &background)
{
    const double luminance = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    return luminance > 0.6 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

ProfileSwitcher::ProfileSwitcher(profiles::ProfileStore *store, ZitadelClient *client, const ConnectionInfo &initial,
                                 QWidget *parent)
    : QWidget(parent), m_store(store), m_client(client), m_initial(initial), m_combo(new QComboBox(this)),
      m_marker(new QLabel(this)), m_insecure(new QLabel(this)), m_manage(new QToolButton(this))
{
    setObjectName(QStringLiteral("profileSwitcher"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(6);

    auto *label = new QLabel(tr("&Connection:"), this);
    label->setBuddy(m_combo);
    m_combo->setObjectName(QStringLiteral("profileCombo"));
    m_combo->setAccessibleName(tr("Connection profile"));
    m_combo->setToolTip(tr("The ZITADEL instance this window acts on (Ctrl+Shift+P)"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_combo->setMinimumContentsLength(16);

    m_marker->setObjectName(QStringLiteral("profileMarker"));
    m_marker->setAlignment(Qt::AlignCenter);
    m_marker->setMargin(4);
    m_insecure->setObjectName(QStringLiteral("insecureWarning"));
    m_insecure->setText(tr("⚠ Insecure: plain http"));
    m_insecure->setAccessibleName(tr("Warning: this profile allows plain http"));
    m_insecure->setToolTip(tr("Tokens and keys travel unencrypted to this instance."));
    m_insecure->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));

    m_manage->setObjectName(QStringLiteral("manageProfilesButton"));
    m_manage->setText(tr("Profiles…"));
    m_manage->setAccessibleName(tr("Manage connection profiles"));
    m_manage->setToolTip(tr("Add, edit, test and remove connection profiles"));
    m_manage->setToolButtonStyle(Qt::ToolButtonTextOnly);

    layout->addWidget(m_marker);
    layout->addWidget(label);
    layout->addWidget(m_combo);
    layout->addWidget(m_manage);
    layout->addWidget(m_insecure);

    if (m_initial.isSandbox()) {
        m_current = profiles::Profile::sandbox(m_initial.url);
    } else {
        m_current = profiles::Profile::create(m_initial.displayName(), m_initial.url);
        m_current.id = kCommandLineId;
    }

    connect(m_combo, &QComboBox::activated, this, &ProfileSwitcher::onActivated);
    connect(m_manage, &QToolButton::clicked, this, &ProfileSwitcher::manageRequested);
    connect(m_store, &profiles::ProfileStore::profilesChanged, this, &ProfileSwitcher::reload);
    reload();
    updateMarker();
}

QString ProfileSwitcher::displayName() const
{
    if (m_current.builtInSandbox || m_current.id == kCommandLineId)
        return m_initial.displayName();
    return tr("%1 (%2)").arg(m_current.name, m_current.instanceUrl.toDisplayString(QUrl::RemoveUserInfo));
}

void ProfileSwitcher::reload()
{
    m_combo->clear();
    if (!m_initial.isSandbox())
        m_combo->addItem(m_current.id == kCommandLineId ? m_current.name : m_initial.displayName(), kCommandLineId);
    for (const profiles::Profile &p : m_store->profiles()) {
        QString text = p.name;
        if (p.insecure)
            text = tr("%1 — insecure").arg(text);
        m_combo->addItem(colorIcon(p.color), text, p.id);
        if (p.builtInSandbox && !m_initial.isSandbox()) {
            // The window was started against an instance: no local sandbox runs.
            const int row = m_combo->count() - 1;
            m_combo->setItemData(row, tr("No local sandbox runs in this window"), Qt::ToolTipRole);
            m_combo->setItemData(row, 0, Qt::UserRole - 1); // disabled
        }
        // A renamed or recoloured current profile shows its new look at once.
        if (p.id == m_current.id && !p.builtInSandbox) {
            m_current.name = p.name;
            m_current.color = p.color;
            m_current.insecure = p.insecure;
        }
    }
    selectCurrent();
    updateMarker();
}

void ProfileSwitcher::selectCurrent()
{
    const int index = m_combo->findData(m_current.id);
    m_combo->setCurrentIndex(index);
}

void ProfileSwitcher::onActivated(int index)
{
    const QString id = m_combo->itemData(index).toString();
    if (id == m_current.id)
        return;
    if (m_guard && !m_guard()) {
        selectCurrent();
        return;
    }
    switchTo(id);
}

void ProfileSwitcher::switchTo(const QString &id)
{
    if (id == kCommandLineId) {
        (new SwitchConnectionCommand(m_client, m_initial, this))->start();
        profiles::Profile p = m_current;
        p.id = kCommandLineId;
        return apply(p);
    }
    const auto profile = m_store->profile(id);
    if (!profile) {
        selectCurrent();
        Q_EMIT switchFailed(tr("There is no profile with this id any more."));
        return;
    }
    if (profile->builtInSandbox) {
        if (!m_initial.isSandbox()) {
            selectCurrent();
            return;
        }
        if (m_initial.url.isEmpty()) {
            if (m_waitingForSandbox.isEmpty()) {
                m_waitingForSandbox = profile->id;
                ++m_switching;
                m_combo->setEnabled(false);
                Q_EMIT sandboxNeeded();
            }
            return;
        }
        (new SwitchConnectionCommand(m_client, m_initial, this))->start();
        m_store->setLastUsed(profile->id);
        return apply(profiles::Profile::sandbox(m_initial.url));
    }
    ++m_switching;
    m_combo->setEnabled(false);
    auto *command = new SwitchConnectionCommand(m_client, m_store, *profile, this);
    connect(command, &Command::finished, this, [this, command] {
        --m_switching;
        m_combo->setEnabled(true);
        const profiles::Profile &p = command->profile();
        if (!command->succeeded()) {
            selectCurrent();
            Q_EMIT switchFailed(tr("Cannot switch to \"%1\": %2").arg(p.name, command->errorMessage()));
            return;
        }
        m_store->setLastUsed(p.id);
        apply(p);
    });
    command->start();
}

bool ProfileSwitcher::sandboxReady(const ConnectionInfo &sandbox)
{
    m_initial = sandbox;
    if (m_current.builtInSandbox)
        m_current = profiles::Profile::sandbox(sandbox.url);
    if (m_waitingForSandbox.isEmpty())
        return false;
    const QString id = std::exchange(m_waitingForSandbox, QString());
    --m_switching;
    m_combo->setEnabled(true);
    switchTo(id);
    return true;
}

void ProfileSwitcher::sandboxFailed(const QString &message)
{
    if (m_waitingForSandbox.isEmpty())
        return;
    m_waitingForSandbox.clear();
    --m_switching;
    m_combo->setEnabled(true);
    selectCurrent();
    Q_EMIT switchFailed(tr("Cannot switch to the sandbox: %1").arg(message));
}

void ProfileSwitcher::apply(const profiles::Profile &profile)
{
    m_current = profile;
    selectCurrent();
    updateMarker();
    Q_EMIT switched(m_current);
}

void ProfileSwitcher::updateMarker()
{
    const QColor background(profiles::profileColorHex(m_current.color));
    const QColor text = textColorOn(background);
    // The name is on the badge, so the colour is never the only clue.
    m_marker->setText(m_current.name);
    m_marker->setAccessibleName(tr("Acting on %1").arg(m_current.name));
    m_marker->setToolTip(tr("%1, %2").arg(displayName(), profiles::profileColorDisplayName(m_current.color)));
    m_marker->setStyleSheet(QStringLiteral("QLabel#profileMarker { background: %1; color: %2; font-weight: bold; "
                                           "border-radius: 3px; padding: 2px 10px; }")
                                .arg(background.name(), text.name()));
    m_insecure->setVisible(m_current.insecure);
}

} // namespace targetdesk::gui
