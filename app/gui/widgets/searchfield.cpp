#include "widgets/searchfield.h"

#include <QLineEdit>
#include <QPointer>
#include <QString>
#include <QToolButton>

#include <memory>

namespace targetdesk::gui
{

void addClearButtonWhenFilled(QLineEdit *field, const QString &objectName, const QString &accessibleName,
                              const QString &toolTip)
{
    auto enable = [field, objectName, accessibleName, toolTip] {
        field->setClearButtonEnabled(true);
        // Qt's clear button has no name of its own: a screen reader would announce an unnamed button.
        for (QToolButton *button : field->findChildren<QToolButton *>()) {
            button->setObjectName(objectName);
            button->setAccessibleName(accessibleName);
            button->setToolTip(toolTip);
        }
    };
    if (!field->text().isEmpty()) {
        enable();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(field, &QLineEdit::textChanged, field, [enable, connection](const QString &text) {
        if (text.isEmpty())
            return;
        QObject::disconnect(*connection);
        enable();
    });
}

} // namespace targetdesk::gui
