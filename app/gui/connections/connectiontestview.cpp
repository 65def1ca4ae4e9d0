#include "connections/connectiontestview.h"

#include <QGridLayout>
#include <QLabel>

namespace targetdesk::gui
{

namespace
{

QString checkName(ConnectionTestView::Check check)
{
    switch (check) {
    case ConnectionTestView::Reachable:
        return ConnectionTestView::tr("Reachable");
    case ConnectionTestView::Tls:
        return ConnectionTestView::tr("TLS certificate");
    case ConnectionTestView::Token:
        return ConnectionTestView::tr("Token accepted");
    case ConnectionTestView::Read:
        return ConnectionTestView::tr("Read targets");
    case ConnectionTestView::Write:
        return ConnectionTestView::tr("Change targets");
    case ConnectionTestView::CheckCount:
        break;
    }
    return {};
}

const char *const kObjectNames[] = {"reachable", "tls", "token", "read", "write"};

} // namespace

ConnectionTestView::ConnectionTestView(QWidget *parent) : QWidget(parent), m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionTestView"));
    setAccessibleName(tr("Connection test results"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    m_summary->setObjectName(QStringLiteral("connectionTestSummary"));
    m_summary->setWordWrap(true);
    grid->addWidget(m_summary, 0, 0, 1, 3);
    for (int i = 0; i < CheckCount; ++i) {
        const auto check = Check(i);
        auto *name = new QLabel(checkName(check), this);
        m_state[i] = new QLabel(this);
        m_state[i]->setObjectName(QStringLiteral("%1State").arg(QLatin1String(kObjectNames[i])));
        m_state[i]->setMinimumWidth(fontMetrics().horizontalAdvance(tr("✘ Failed")) + 8);
        m_detail[i] = new QLabel(this);
        m_detail[i]->setObjectName(QStringLiteral("%1Detail").arg(QLatin1String(kObjectNames[i])));
        m_detail[i]->setWordWrap(true);
        m_detail[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(name, i + 1, 0);
        grid->addWidget(m_state[i], i + 1, 1);
        grid->addWidget(m_detail[i], i + 1, 2);
    }
    grid->setColumnStretch(2, 1);
    clear();
}

void ConnectionTestView::clear()
{
    m_summary->setText(tr("Not tested yet."));
    for (int i = 0; i < CheckCount; ++i)
        setCheck(Check(i), {});
}

void ConnectionTestView::showRunning()
{
    clear();
    m_summary->setText(tr("Testing the connection…"));
}

void ConnectionTestView::setReport(const auth::ConnectionReport &report)
{
    setCheck(Reachable, report.reachable);
    setCheck(Tls, report.tls);
    setCheck(Token, report.token);
    setCheck(Read, report.read);
    setCheck(Write, report.write);
    m_summary->setText(report.ok() ? tr("Everything works.") : tr("Some checks failed; see the reasons below."));
    m_summary->setAccessibleName(m_summary->text());
}

void ConnectionTestView::setCheck(Check check, const auth::ConnectionReport::Check &result)
{
    using State = auth::ConnectionReport::State;
    QString text;
    QString color;
    switch (result.state) {
    case State::Ok:
        text = tr("✔ OK");
        color = QStringLiteral("#1b7a2f");
        break;
    case State::Failed:
        text = tr("✘ Failed");
        color = QStringLiteral("#b00020");
        break;
    case State::NotChecked:
        text = tr("– Not checked");
        break;
    }
    QLabel *state = m_state[check];
    state->setText(text);
    state->setStyleSheet(color.isEmpty() ? QString()
                                         : QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(color));
    state->setAccessibleName(tr("%1: %2").arg(checkName(check), text));
    m_detail[check]->setText(result.detail);
    m_detail[check]->setAccessibleName(result.detail);
}

} // namespace targetdesk::gui
