#include "keys/breakglassview.h"

#include "keys/breakglass.h"
#include "keys/keystatestyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{
enum ColumnIndex { NameColumn, IdColumn, ResultColumn };
} // namespace

BreakGlassView::BreakGlassView(keys::BreakGlass *command, QWidget *parent)
    : QWidget(parent, Qt::Window), m_command(command), m_summary(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_list(new QTreeWidget(this)), m_retry(new QPushButton(tr("&Retry Failed"), this)),
      m_close(new QPushButton(tr("&Close"), this))
{
    m_command->setParent(this);
    setObjectName(QStringLiteral("emergencyDeactivationView"));
    setAccessibleName(tr("Emergency deactivation"));
    setWindowTitle(tr("Emergency: Deactivate All Active Keys"));
    setAttribute(Qt::WA_DeleteOnClose);

    auto *intro = new QLabel(tr("Every active public key of every target of this instance is being deactivated. "
                                "JWE payloads stop until new keys are active."),
                             this);
    intro->setObjectName(QStringLiteral("emergencyIntro"));
    intro->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("emergencySummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setText(tr("Listing the targets…"));
    m_progress->setObjectName(QStringLiteral("emergencyProgress"));
    m_progress->setAccessibleName(tr("Deactivation progress"));
    m_progress->setRange(0, 0);

    m_list->setObjectName(QStringLiteral("emergencyResults"));
    m_list->setAccessibleName(tr("Results per target"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Target"), tr("ID"), tr("Result")});
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(NameColumn, fontMetrics().averageCharWidth() * 28);
    m_list->setColumnWidth(IdColumn, fontMetrics().horizontalAdvance(QStringLiteral("000000000000000000")) + 24);

    m_retry->setObjectName(QStringLiteral("emergencyRetryButton"));
    m_retry->setAccessibleName(tr("Retry the failed targets"));
    m_retry->setEnabled(false);
    m_close->setObjectName(QStringLiteral("emergencyCloseButton"));
    m_close->setAccessibleName(tr("Close"));
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_retry->setEnabled(false);
        m_command->retryFailed();
        updateSummary();
    });
    connect(m_close, &QPushButton::clicked, this, &QWidget::close);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_command, &keys::BreakGlass::targetsListed, this, &BreakGlassView::onListed);
    connect(m_command, &keys::BreakGlass::resultChanged, this, &BreakGlassView::updateRow);
    connect(m_command, &keys::BreakGlass::finished, this, &BreakGlassView::updateSummary);
    resize(fontMetrics().averageCharWidth() * 130, fontMetrics().lineSpacing() * 28);
}

void BreakGlassView::onListed(int count)
{
    m_list->clear();
    for (int i = 0; i < count; ++i) {
        new QTreeWidgetItem(m_list);
        updateRow(i);
    }
    m_progress->setRange(0, std::max(1, count));
    updateSummary();
}

void BreakGlassView::updateRow(int index)
{
    QTreeWidgetItem *item = m_list->topLevelItem(index);
    if (!item || index >= m_command->results().size())
        return;
    const keys::BreakGlass::TargetResult &r = m_command->results().at(index);
    using S = keys::BreakGlass::Status;
    QString text;
    QIcon icon;
    QBrush brush;
    switch (r.status) {
    case S::Waiting:
        text = tr("Waiting");
        break;
    case S::Running:
        text = tr("Deactivating…");
        break;
    case S::NoActiveKey:
        text = tr("No active key");
        icon = KeyStateStyle::icon(PublicKey::State::Inactive, palette());
        break;
    case S::Deactivated:
        text = tr("Deactivated key %1").arg(r.deactivated.join(QStringLiteral(", ")));
        icon = style()->standardIcon(QStyle::SP_DialogApplyButton);
        break;
    case S::Failed:
        text = tr("FAILED: %1").arg(r.errors.join(QStringLiteral("; ")));
        if (!r.deactivated.isEmpty())
            text += tr(" (deactivated %1)").arg(r.deactivated.join(QStringLiteral(", ")));
        icon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
        brush = QBrush(KeyStateStyle::color(PublicKey::State::Expired, palette()));
        break;
    }
    item->setText(NameColumn, r.name);
    item->setText(IdColumn, r.targetId);
    item->setText(ResultColumn, text);
    item->setIcon(ResultColumn, icon);
    item->setForeground(ResultColumn, brush.style() == Qt::NoBrush ? palette().text() : brush);
    item->setData(ResultColumn, Qt::UserRole, int(r.status));
    item->setToolTip(ResultColumn, text);
    updateSummary();
}

void BreakGlassView::updateSummary()
{
    using S = keys::BreakGlass::Status;
    const int total = int(m_command->results().size());
    const int failed = m_command->count(S::Failed);
    const int done = m_command->count(S::Deactivated) + m_command->count(S::NoActiveKey) + failed;
    if (!m_command->listingError().isEmpty()) {
        m_summary->setText(
            tr("The targets could not be listed, nothing was deactivated: %1").arg(m_command->listingError()));
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_retry->setEnabled(!m_command->isRunning());
        return;
    }
    m_progress->setValue(done);
    QString text = tr("Targets done: %1 of %2. Keys deactivated: %3. Targets without an active key: %4. Failed: %5.")
                       .arg(done)
                       .arg(total)
                       .arg(m_command->deactivatedKeyCount())
                       .arg(m_command->count(S::NoActiveKey))
                       .arg(failed);
    if (!m_command->isRunning() && failed > 0)
        text += QLatin1Char(' ') + tr("Retry the failed targets: only keys still active are touched.");
    else if (!m_command->isRunning())
        text += QLatin1Char(' ') + tr("Finished.");
    m_summary->setText(text);
    m_summary->setAccessibleName(text);
    m_retry->setEnabled(!m_command->isRunning() && failed > 0);
}

} // namespace targetdesk::gui
