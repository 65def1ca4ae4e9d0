#include "widgets/messageboxconfirmer.h"

#include <QMessageBox>
#include <QPushButton>

namespace targetdesk::gui
{

namespace
{

void fill(QMessageBox &box, const Prompt &prompt)
{
    box.setObjectName(prompt.id + QLatin1String("Prompt"));
    box.setWindowTitle(prompt.title);
    box.setTextFormat(Qt::PlainText);
    box.setText(prompt.text);
    QString informative = prompt.informativeText;
    // A short list reads best inline; a long one goes into the expandable details.
    constexpr int inlineItems = 12;
    if (!prompt.items.isEmpty() && prompt.items.size() <= inlineItems) {
        QStringList lines;
        for (const QString &item : prompt.items)
            lines.append(QStringLiteral("•  ") + item);
        informative =
            lines.join(QLatin1Char('\n')) + (informative.isEmpty() ? QString() : QLatin1String("\n\n")) + informative;
    } else if (!prompt.items.isEmpty()) {
        box.setDetailedText(prompt.items.join(QLatin1Char('\n')));
    }
    box.setInformativeText(informative);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    switch (prompt.tone) {
    case Prompt::Tone::Question:
        box.setIcon(QMessageBox::Question);
        break;
    case Prompt::Tone::Warning:
        box.setIcon(QMessageBox::Warning);
        break;
    case Prompt::Tone::Information:
        box.setIcon(QMessageBox::Information);
        break;
    }
}

} // namespace

bool MessageBoxConfirmer::confirm(QWidget *parent, const Prompt &prompt)
{
    QMessageBox box(parent);
    fill(box, prompt);
    QPushButton *accept =
        box.addButton(prompt.acceptText, prompt.destructive ? QMessageBox::DestructiveRole : QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptButton"));
    QPushButton *reject = box.addButton(prompt.rejectText.isEmpty() ? QMessageBox::tr("Cancel") : prompt.rejectText,
                                        QMessageBox::RejectRole);
    reject->setObjectName(QStringLiteral("rejectButton"));
    box.setDefaultButton(prompt.destructive ? reject : accept);
    box.setEscapeButton(reject);
    box.exec();
    return box.clickedButton() == accept;
}

void MessageBoxConfirmer::inform(QWidget *parent, const Prompt &prompt)
{
    QMessageBox box(parent);
    fill(box, prompt);
    box.setStandardButtons(QMessageBox::Ok);
    box.exec();
}

} // namespace targetdesk::gui
