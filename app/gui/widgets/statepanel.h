#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace targetdesk::gui
{

// A full-size message in place of a list: "Loading…" with a busy indicator, an error with Retry, an empty list.
// One optional action button; what it does is up to the owner (actionTriggered()).
class StatePanel : public QWidget
{
    Q_OBJECT
public:
    enum class Tone { Neutral, Error };

    explicit StatePanel(QWidget *parent = nullptr);

    void showBusy(const QString &title);
    // An empty `actionText` hides the button.
    void showMessage(const QString &title, const QString &detail, const QString &actionText = {},
                     Tone tone = Tone::Neutral);

    QString title() const;
    QString detail() const;
    bool isBusy() const;
    QPushButton *actionButton() const { return m_button; }

Q_SIGNALS:
    void actionTriggered();

private:
    void setTexts(const QString &title, const QString &detail);

    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_detail;
    QProgressBar *m_busy;
    QPushButton *m_button;
};

} // namespace targetdesk::gui
