#include "executions/targetpickerdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace targetdesk::gui
{

TargetPickerDialog::TargetPickerDialog(const QList<Target> &targets, const QStringList &exclude, QWidget *parent)
    : QDialog(parent), m_search(new QLineEdit(this)), m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("targetPickerDialog"));
    setWindowTitle(tr("Add Targets"));
    setAccessibleName(tr("Add targets to the execution"));

    auto *label = new QLabel(tr("&Find a target:"), this);
    label->setBuddy(m_search);
    m_search->setObjectName(QStringLiteral("targetPickerSearch"));
    m_search->setAccessibleName(tr("Find a target"));
    m_search->setPlaceholderText(tr("Name, id, endpoint or type"));
    m_search->setClearButtonEnabled(true);

    m_list->setObjectName(QStringLiteral("targetPickerList"));
    m_list->setAccessibleName(tr("Targets to add"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    for (const Target &t : targets) {
        if (exclude.contains(t.id))
            continue;
        auto *item = new QListWidgetItem(describe(t), m_list);
        item->setData(Qt::UserRole, t.id);
        item->setData(Qt::UserRole + 1, QStringList{t.name, t.id, t.endpoint, targetTypeName(t.type),
                                                    payloadTypeName(t.effectivePayloadType())}
                                            .join(QLatin1Char('\n')));
        item->setToolTip(tr("%1\nid %2").arg(t.endpoint, t.id));
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("targetPickerButtons"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("targetPickerAdd"));
    buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Add the selected targets"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("targetPickerCancel"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    connect(m_search, &QLineEdit::textChanged, this, &TargetPickerDialog::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 70, fontMetrics().height() * 24);
}

QStringList TargetPickerDialog::selectedIds() const
{
    QStringList ids;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        if (!item->isHidden() && item->isSelected())
            ids.append(item->data(Qt::UserRole).toString());
    }
    if (ids.isEmpty() && m_list->currentItem() && !m_list->currentItem()->isHidden())
        ids.append(m_list->currentItem()->data(Qt::UserRole).toString());
    return ids;
}

QString TargetPickerDialog::describe(const Target &target)
{
    return tr("%1  (%2 · %3)")
        .arg(target.name, targetTypeName(target.type), payloadTypeName(target.effectivePayloadType()).toUpper());
}

void TargetPickerDialog::applyFilter()
{
    const QString needle = m_search->text().trimmed();
    QListWidgetItem *first = nullptr;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const bool match =
            needle.isEmpty() || item->data(Qt::UserRole + 1).toString().contains(needle, Qt::CaseInsensitive);
        item->setHidden(!match);
        if (!match)
            item->setSelected(false);
        if (match && !first)
            first = item;
    }
    if (first && (!m_list->currentItem() || m_list->currentItem()->isHidden()))
        m_list->setCurrentItem(first);
}

} // namespace targetdesk::gui
