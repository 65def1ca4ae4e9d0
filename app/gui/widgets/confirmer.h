#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace targetdesk::gui
{

// A question or a piece of news for the user. `id` names the situation ("deleteTargets", "discardChanges", ...)
// so tests can tell prompts apart without matching translated text.
struct Prompt {
    enum class Tone { Question, Warning, Information };

    QString id;
    Tone tone = Tone::Question;
    QString title;
    QString text;
    QString informativeText;
    QStringList items; // listed under the text, e.g. the executions that call a target
    QString acceptText;
    QString rejectText;
    bool destructive = false; // the accept button destroys something; the safe answer is the default
};

// Asks the user to confirm or tells them something. The window asks through this interface so that tests can
// answer in advance instead of facing a blocking message box.
class Confirmer
{
public:
    virtual ~Confirmer() = default;
    // True when the user accepts.
    virtual bool confirm(QWidget *parent, const Prompt &prompt) = 0;
    virtual void inform(QWidget *parent, const Prompt &prompt) = 0;
};

} // namespace targetdesk::gui
