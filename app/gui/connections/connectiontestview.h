#pragma once

#include "api/auth/connectiontest.h"

#include <QWidget>

class QLabel;

namespace targetdesk::gui
{

// The result of "Test connection": one row per check (reachable, TLS, token, read, write) with ok / failed / not
// checked in words and an icon, and the reason.
class ConnectionTestView : public QWidget
{
    Q_OBJECT
public:
    enum Check { Reachable, Tls, Token, Read, Write, CheckCount };

    explicit ConnectionTestView(QWidget *parent = nullptr);

    void clear();
    void showRunning();
    void setReport(const auth::ConnectionReport &report);
    // The state label of a check ("OK", "Failed", ...), for tests and screen readers.
    QLabel *stateLabel(Check check) const { return m_state[check]; }
    QLabel *detailLabel(Check check) const { return m_detail[check]; }
    QLabel *summaryLabel() const { return m_summary; }

private:
    void setCheck(Check check, const auth::ConnectionReport::Check &result);

    QLabel *m_summary;
    QLabel *m_state[CheckCount] = {};
    QLabel *m_detail[CheckCount] = {};
};

} // namespace targetdesk::gui
