#include "inspector/inspectorinput.h"

#include <QFontDatabase>
#include <QMimeData>
#include <QUrl>

namespace targetdesk::gui
{

InspectorInput::InspectorInput(QWidget *parent) : QPlainTextEdit(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // Tokens have no spaces: without this a JWE is one endless line.
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTabChangesFocus(true);
    setAcceptDrops(true);
}

bool InspectorInput::canInsertFromMimeData(const QMimeData *source) const
{
    return (source->hasUrls() && !source->urls().isEmpty() && source->urls().first().isLocalFile()) ||
           QPlainTextEdit::canInsertFromMimeData(source);
}

void InspectorInput::insertFromMimeData(const QMimeData *source)
{
    if (source->hasUrls() && !source->urls().isEmpty() && source->urls().first().isLocalFile()) {
        Q_EMIT fileDropped(source->urls().first().toLocalFile());
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace targetdesk::gui
