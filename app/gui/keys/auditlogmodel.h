#pragma once

#include "vault/auditlog.h"

#include <QAbstractTableModel>
#include <QList>

namespace targetdesk::gui
{

// The audit log as a table, newest first.
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        OperationColumn,
        ResultColumn,
        TargetColumn,
        KeyIdColumn,
        FingerprintColumn,
        InstanceColumn,
        DetailColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { SucceededRole = Qt::UserRole + 1 };

    explicit AuditLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Entries oldest first, as AuditLog::read() delivers them.
    void setEntries(const QList<vault::AuditEntry> &entries);
    // A new entry goes on top.
    void prepend(const vault::AuditEntry &entry);
    const vault::AuditEntry &entry(int row) const { return m_entries.at(row); }

    static QString operationText(const QString &operation);

private:
    QList<vault::AuditEntry> m_entries; // newest first
};

} // namespace targetdesk::gui
