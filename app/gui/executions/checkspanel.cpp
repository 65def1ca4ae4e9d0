#include "executions/checkspanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{
constexpr int IndexRole = Qt::UserRole;

QString severityText(checks::Severity s)
{
    switch (s) {
    case checks::Severity::Error:
        return ChecksPanel::tr("Error");
    case checks::Severity::Warning:
        return ChecksPanel::tr("Warning");
    case checks::Severity::Info:
        break;
    }
    return ChecksPanel::tr("Note");
}
} // namespace

ChecksPanel::ChecksPanel(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_refresh(new QPushButton(tr("Check &Again"), this)),
      m_lookUpHosts(new QPushButton(tr("Look Up &Hosts"), this)), m_list(new QTreeWidget(this)),
      m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("checksPanel"));
    setAccessibleName(tr("Checks"));
    m_summary->setObjectName(QStringLiteral("checksSummary"));
    m_refresh->setObjectName(QStringLiteral("checksRefresh"));
    m_refresh->setAccessibleName(tr("Check again"));
    m_refresh->setToolTip(tr("F5"));
    m_lookUpHosts->setObjectName(QStringLiteral("checksLookUpHosts"));
    m_lookUpHosts->setAccessibleName(tr("Look up the endpoints' host names"));
    m_lookUpHosts->setToolTip(tr("Ask this machine's DNS whether every endpoint's host name resolves; a host that "
                                 "does not is reported. Only on request: it sends queries to your resolver."));

    m_list->setObjectName(QStringLiteral("checksList"));
    m_list->setAccessibleName(tr("Problems found"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    // A header and a few rows is enough to start with; the window may be small (200 % scale).
    m_list->setMinimumHeight(fontMetrics().height() * 4);
    m_list->setAlternatingRowColors(true);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Severity"), tr("Problem")});
    m_list->header()->setStretchLastSection(true);

    m_details->setObjectName(QStringLiteral("checkDetails"));
    m_details->setAccessibleName(tr("What happens and how to fix it"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_lookUpHosts);
    top->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    const int margin = fontMetrics().averageCharWidth();
    layout->setContentsMargins(margin, margin, margin, margin);
    layout->addLayout(top);
    // The explanation scrolls when the panel is short (small screens, 200 % scale) instead of making it taller.
    auto *detailsScroll = new QScrollArea(this);
    detailsScroll->setObjectName(QStringLiteral("checkDetailsScroll"));
    detailsScroll->setAccessibleName(tr("What happens and how to fix it"));
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    detailsScroll->setFocusPolicy(Qt::NoFocus);
    detailsScroll->setWidget(m_details);
    detailsScroll->setMinimumHeight(fontMetrics().height() * 2);
    layout->addWidget(m_list, 3);
    layout->addWidget(detailsScroll, 2);

    connect(m_refresh, &QPushButton::clicked, this, &ChecksPanel::refreshRequested);
    connect(m_lookUpHosts, &QPushButton::clicked, this, &ChecksPanel::lookUpHostsRequested);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &ChecksPanel::showDetails);
    connect(m_list, &QTreeWidget::itemClicked, this, &ChecksPanel::jump);
    connect(m_list, &QTreeWidget::itemActivated, this, &ChecksPanel::jump);
    setFindings({});
}

QString ChecksPanel::problemText(int count)
{
    return count == 0 ? tr("No problems") : tr("%n problem(s)", nullptr, count);
}

int ChecksPanel::problemCount() const
{
    return int(std::count_if(m_findings.cbegin(), m_findings.cend(),
                             [](const checks::Finding &f) { return f.severity != checks::Severity::Info; }));
}

void ChecksPanel::setFindings(const QList<checks::Finding> &findings)
{
    m_findings = findings;
    // Errors first, then warnings, then notes; stable within a level.
    std::stable_sort(m_findings.begin(), m_findings.end(),
                     [](const checks::Finding &a, const checks::Finding &b) { return a.severity > b.severity; });
    m_list->clear();
    for (qsizetype i = 0; i < m_findings.size(); ++i) {
        const checks::Finding &f = m_findings.at(i);
        auto *item = new QTreeWidgetItem(m_list, {severityText(f.severity), f.problem});
        item->setData(0, IndexRole, int(i));
        const QStyle::StandardPixmap icon = f.severity == checks::Severity::Error ? QStyle::SP_MessageBoxCritical
                                            : f.severity == checks::Severity::Warning
                                                ? QStyle::SP_MessageBoxWarning
                                                : QStyle::SP_MessageBoxInformation;
        item->setIcon(0, style()->standardIcon(icon));
        item->setToolTip(1, tr("%1: %2").arg(f.subject, f.problem));
    }
    m_list->resizeColumnToContents(0);
    const int notes = int(m_findings.size()) - problemCount();
    QString summary = problemText(problemCount());
    if (notes > 0)
        summary += tr(", %n note(s)", nullptr, notes);
    m_summary->setText(summary);
    m_summary->setAccessibleName(summary);
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    showDetails();
}

void ChecksPanel::showDetails()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item) {
        m_details->setText(m_findings.isEmpty() ? tr("Nothing found.") : QString());
        return;
    }
    const checks::Finding &f = m_findings.at(item->data(0, IndexRole).toInt());
    m_details->setText(tr("About %1: %2\nWhat ZITADEL does: %3\nFix: %4").arg(f.subject, f.problem, f.effect, f.fix));
    m_details->setAccessibleDescription(m_details->text());
}

void ChecksPanel::jump(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const checks::Finding &f = m_findings.at(item->data(0, IndexRole).toInt());
    if (f.condition)
        Q_EMIT executionRequested(*f.condition);
    else if (!f.targetId.isEmpty())
        Q_EMIT targetRequested(f.targetId);
}

} // namespace targetdesk::gui
