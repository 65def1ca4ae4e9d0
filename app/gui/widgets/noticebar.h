#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace targetdesk::gui
{

// A one-line message above a list that still shows older data, e.g. "Refresh failed: … [Retry] [×]".
class NoticeBar : public QFrame
{
    Q_OBJECT
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    // An empty `actionText` hides the action button.
    void showNotice(const QString &text, const QString &actionText = {});
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

Q_SIGNALS:
    void actionTriggered();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void updateColors();

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
};

} // namespace targetdesk::gui
