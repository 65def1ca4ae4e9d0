#pragma once

class QLabel;
class QWidget;

namespace targetdesk::gui
{

// A line of help below a form field: plain, wrapped text in the palette's placeholder colour, which follows palette
// changes (light and dark themes). Owned by `parent`; `objectName` names it for tests.
QLabel *createHelpLabel(QWidget *parent, const char *objectName);

} // namespace targetdesk::gui
