#include "widgets/actionbutton.h"

#include <QAction>
#include <QPushButton>

namespace targetdesk::gui
{

void bindButton(QPushButton *button, QAction *action)
{
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    auto sync = [button, action] {
        button->setEnabled(action->isEnabled());
        button->setToolTip(action->toolTip());
    };
    QObject::connect(action, &QAction::changed, button, sync);
    sync();
}

} // namespace targetdesk::gui
