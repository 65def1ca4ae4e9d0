#include "inspector/bulkinspectionmodel.h"

#include "inspector/inspectorbadge.h"

#include <QColor>

namespace targetdesk::gui
{

BulkRow BulkRow::fromReport(int line, const inspect::Report &report)
{
    BulkRow row;
    row.line = line;
    row.exitClass = report.exitClass;
    row.kind = report.kind;
    row.name = report.kindName;
    for (const inspect::Layer &layer : report.layers) {
        const QString kid = layer.header.value(QLatin1String("kid")).toString();
        if (!kid.isEmpty() && row.kid.isEmpty())
            row.kid = kid; // the outer layer first: the JWE kid names the target's key
    }
    row.keyUsed = report.decryptedWith;
    row.error = report.error;
    row.signatureVerified = report.signatureVerified;
    return row;
}

BulkInspectionModel::BulkInspectionModel(QObject *parent) : QAbstractTableModel(parent) {}

void BulkInspectionModel::append(const QList<BulkRow> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    m_rows.append(rows);
    for (const BulkRow &row : rows)
        ++m_counts[row.exitClass];
    endInsertRows();
}

void BulkInspectionModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_counts.clear();
    endResetModel();
}

QString BulkInspectionModel::resultText(inspect::ExitClass exitClass)
{
    switch (exitClass) {
    case inspect::ExitClass::Ok:
        return tr("OK");
    case inspect::ExitClass::Malformed:
        return tr("Malformed");
    case inspect::ExitClass::CannotDecrypt:
        return tr("Cannot decrypt");
    case inspect::ExitClass::SignatureInvalid:
        return tr("Signature invalid");
    }
    return {};
}

QString BulkInspectionModel::kindText(inspect::PayloadKind kind)
{
    switch (kind) {
    case inspect::PayloadKind::Unknown:
        return {};
    case inspect::PayloadKind::Request:
        return tr("request");
    case inspect::PayloadKind::Response:
        return tr("response");
    case inspect::PayloadKind::Event:
        return tr("event");
    case inspect::PayloadKind::Function:
        return tr("function");
    }
    return {};
}

int BulkInspectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BulkInspectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BulkInspectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const BulkRow &row = m_rows.at(index.row());
    if (role == LineRole)
        return row.line;
    if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case LineColumn:
            return role == SortRole ? QVariant(row.line) : QVariant(QString::number(row.line));
        case ResultColumn:
            if (role == SortRole)
                return int(row.exitClass);
            return row.exitClass == inspect::ExitClass::Ok && row.signatureVerified ? tr("OK, signed")
                                                                                    : resultText(row.exitClass);
        case KindColumn:
            return kindText(row.kind);
        case NameColumn:
            return row.name;
        case KidColumn:
            return row.kid;
        case KeyColumn:
            return row.keyUsed;
        case ErrorColumn:
            return row.error;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == ResultColumn && row.exitClass != inspect::ExitClass::Ok)
        return InspectorBadge::accentColor(InspectorBadge::Tone::Bad);
    if (role == Qt::TextAlignmentRole && index.column() == LineColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant BulkInspectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LineColumn:
        return tr("Line");
    case ResultColumn:
        return tr("Result");
    case KindColumn:
        return tr("Kind");
    case NameColumn:
        return tr("Method / event / function");
    case KidColumn:
        return tr("Key id");
    case KeyColumn:
        return tr("Decrypted with");
    case ErrorColumn:
        return tr("Problem");
    default:
        return {};
    }
}

} // namespace targetdesk::gui
