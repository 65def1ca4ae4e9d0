#pragma once

class QLineEdit;
class QString;

namespace targetdesk::gui
{

// Gives a line edit (a search field, mostly) Qt's clear button, named for screen readers (`objectName`,
// `accessibleName`, `toolTip` on the button). The button is made when the field first holds text: it is hidden while
// the field is empty anyway, and making it has Qt's style load the desktop's icon theme for its icon (about 4 ms on a
// bare X server), which the main window's start-up should not pay for a button nobody sees yet.
void addClearButtonWhenFilled(QLineEdit *field, const QString &objectName, const QString &accessibleName,
                              const QString &toolTip);

} // namespace targetdesk::gui
