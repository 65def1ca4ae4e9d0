#pragma once

#include <QPlainTextEdit>

namespace targetdesk::gui
{

// The paste area of the inspector: monospace, wraps tokens anywhere, and takes dropped files (their content is
// inspected, not their path).
class InspectorInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit InspectorInput(QWidget *parent = nullptr);

Q_SIGNALS:
    void fileDropped(const QString &path);

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace targetdesk::gui
