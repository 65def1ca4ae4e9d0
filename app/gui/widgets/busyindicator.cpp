#include "widgets/busyindicator.h"

#include <QProgressBar>

namespace targetdesk::gui
{

QProgressBar *createBusyIndicator(QWidget *parent, const QString &objectName, const QString &accessibleName,
                                  int widthInChars)
{
    auto *bar = new QProgressBar(parent);
    bar->setObjectName(objectName);
    bar->setAccessibleName(accessibleName);
    bar->setRange(0, 0);
    bar->setTextVisible(false);
    bar->setMaximumWidth(parent->fontMetrics().averageCharWidth() * widthInChars);
    bar->hide();
    return bar;
}

} // namespace targetdesk::gui
