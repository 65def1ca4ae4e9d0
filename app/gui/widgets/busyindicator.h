#pragma once

#include <QString>

class QProgressBar;
class QWidget;

namespace targetdesk::gui
{

// The small "working…" bar beside a form's status text: an endless progress bar `widthInChars` wide, hidden until
// the form shows it. Owned by `parent`.
QProgressBar *createBusyIndicator(QWidget *parent, const QString &objectName, const QString &accessibleName,
                                  int widthInChars);

} // namespace targetdesk::gui
