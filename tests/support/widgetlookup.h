#pragma once

// Finding widgets in widget tests: by object name below a parent, among the visible top-level windows, and whether
// any dialog is up.

#include <QApplication>
#include <QDialog>
#include <QWidget>

namespace targetdesk::test
{

// The child of `parent` of type T named `objectName`; null (with a warning naming it) when there is none.
template <typename T>
T *child(QWidget *parent, const char *objectName)
{
    T *w = parent->findChild<T *>(QLatin1String(objectName));
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), objectName);
    return w;
}

// The visible top-level widget of type T named `objectName` (a dialog the window opened), or null.
template <typename T>
T *topLevel(const char *objectName)
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *t = qobject_cast<T *>(w); t && t->objectName() == QLatin1String(objectName) && t->isVisible())
            return t;
    }
    return nullptr;
}

// Whatever a modal or message box would look like.
inline bool anyDialogVisible()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w->isVisible() && (qobject_cast<QDialog *>(w) || w->isModal()))
            return true;
    }
    return QApplication::activeModalWidget() != nullptr;
}

} // namespace targetdesk::test
