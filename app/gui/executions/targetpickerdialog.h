#pragma once

#include "model/target.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QLineEdit;
class QListWidget;

namespace targetdesk::gui
{

// Picks targets to add to an execution: a search field over name, id, endpoint and type, and the matching targets
// (those already in the execution are left out). Enter or double-click takes the selected ones.
class TargetPickerDialog : public QDialog
{
    Q_OBJECT
public:
    TargetPickerDialog(const QList<Target> &targets, const QStringList &exclude, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    QListWidget *list() const { return m_list; }
    // The ids of the selected targets, in list order.
    QStringList selectedIds() const;

    // "crm-sync  (webhook · JWT)".
    static QString describe(const Target &target);

private:
    void applyFilter();

    QLineEdit *m_search;
    QListWidget *m_list;
};

} // namespace targetdesk::gui
