#pragma once

class QAction;
class QPushButton;

namespace targetdesk::gui
{

// A push button that mirrors an action: clicking triggers it, and it is enabled (and has the tool tip) when the action
// is. Forms put the actions of a screen on buttons this way, so the menu, the shortcut and the button never disagree.
// The connections live as long as both objects.
void bindButton(QPushButton *button, QAction *action);

} // namespace targetdesk::gui
