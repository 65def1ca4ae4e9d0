#include "widgets/helplabel.h"

#include <QLabel>

namespace targetdesk::gui
{

QLabel *createHelpLabel(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace targetdesk::gui
