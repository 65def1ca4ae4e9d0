#pragma once

// A Confirmer for widget tests: answers the questions in advance and remembers what was asked and told, so a test can
// check which prompts (by id) came up without a message box ever showing.

#include "widgets/confirmer.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace targetdesk::test
{

class FakeConfirmer : public gui::Confirmer
{
public:
    // `answer`: what prompts not listed in `answers` get.
    explicit FakeConfirmer(bool answer = true) : answer(answer) {}

    QList<gui::Prompt> asked;
    QList<gui::Prompt> told;
    bool answer = true;
    QHash<QString, bool> answers; // by prompt id

    bool confirm(QWidget *, const gui::Prompt &prompt) override
    {
        asked.append(prompt);
        return answers.value(prompt.id, answer);
    }
    void inform(QWidget *, const gui::Prompt &prompt) override { told.append(prompt); }
    QStringList askedIds() const
    {
        QStringList ids;
        for (const gui::Prompt &p : asked)
            ids.append(p.id);
        return ids;
    }
};

} // namespace targetdesk::test
