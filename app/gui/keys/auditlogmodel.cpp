#include "keys/auditlogmodel.h"

#include <QApplication>
#include <QStyle>

#include <algorithm>

namespace targetdesk::gui
{

AuditLogModel::AuditLogModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void AuditLogModel::setEntries(const QList<vault::AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    std::reverse(m_entries.begin(), m_entries.end());
    endResetModel();
}

void AuditLogModel::prepend(const vault::AuditEntry &entry)
{
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
}

QString AuditLogModel::operationText(const QString &operation)
{
    using O = vault::AuditOperation;
    const auto known = vault::parseAuditOperation(operation);
    if (!known)
        return operation;
    switch (*known) {
    case O::Generate:
        return tr("Generate");
    case O::Add:
        return tr("Add");
    case O::Activate:
        return tr("Activate");
    case O::Deactivate:
        return tr("Deactivate");
    case O::BreakGlass:
        return tr("Break-glass deactivate");
    case O::Remove:
        return tr("Remove");
    case O::Export:
        return tr("Export private key");
    case O::Import:
        return tr("Import private key");
    case O::VaultStore:
        return tr("Vault: store");
    case O::VaultUpdate:
        return tr("Vault: bind");
    case O::VaultRemove:
        return tr("Vault: delete");
    }
    return operation;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const vault::AuditEntry &e = m_entries.at(index.row());
    if (role == SucceededRole)
        return e.succeeded();
    if (role == Qt::DecorationRole && index.column() == ResultColumn)
        return QApplication::style()->standardIcon(e.succeeded() ? QStyle::SP_DialogApplyButton
                                                                 : QStyle::SP_MessageBoxWarning);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        if (role == Qt::ToolTipRole)
            return e.time.toUTC().toString(Qt::ISODateWithMs);
        return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case OperationColumn:
        return role == Qt::ToolTipRole ? e.operation : operationText(e.operation);
    case ResultColumn:
        if (e.succeeded())
            return tr("ok");
        return role == Qt::AccessibleTextRole ? tr("Failed: %1").arg(e.result) : e.result;
    case TargetColumn:
        return e.targetId;
    case KeyIdColumn:
        return e.keyId;
    case FingerprintColumn:
        return e.fingerprint;
    case InstanceColumn:
        return e.instance;
    case DetailColumn:
        return e.detail;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case OperationColumn:
        return tr("Operation");
    case ResultColumn:
        return tr("Result");
    case TargetColumn:
        return tr("Target");
    case KeyIdColumn:
        return tr("Key ID");
    case FingerprintColumn:
        return tr("Fingerprint");
    case InstanceColumn:
        return tr("Instance");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}

} // namespace targetdesk::gui
