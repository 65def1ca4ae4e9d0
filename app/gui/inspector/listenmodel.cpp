#include "inspector/listenmodel.h"

#include "inspector/bulkinspectionmodel.h"
#include "inspector/inspectorbadge.h"

#include <QGuiApplication>
#include <QLocale>

namespace targetdesk::gui
{

namespace
{

using Tone = InspectorBadge::Tone;

QString symbol(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QStringLiteral("✓");
    case Tone::Bad:
        return QStringLiteral("✗");
    case Tone::Warning:
        return QStringLiteral("!");
    case Tone::Neutral:
        break;
    }
    return QStringLiteral("–");
}

} // namespace

ListenModel::ListenModel(QObject *parent) : QAbstractTableModel(parent) {}

void ListenModel::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
    if (m_rows.size() > m_maxRows) {
        const int drop = int(m_rows.size()) - m_maxRows;
        beginRemoveRows({}, 0, drop - 1);
        m_rows.remove(0, drop);
        endRemoveRows();
    }
}

quint64 ListenModel::append(ListenedDelivery delivery)
{
    if (m_rows.size() >= m_maxRows) {
        const int drop = int(m_rows.size()) - m_maxRows + 1;
        beginRemoveRows({}, 0, drop - 1);
        m_rows.remove(0, drop);
        endRemoveRows();
    }
    delivery.id = m_nextId++;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(std::move(delivery));
    endInsertRows();
    return m_rows.last().id;
}

void ListenModel::setResult(quint64 id, const InspectionResult &result)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].result = result;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ListenModel::setSigningKeySource(quint64 id, const QString &source)
{
    const int row = rowOf(id);
    if (row >= 0)
        m_rows[row].signingKeySource = source;
}

void ListenModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ListenModel::rowOf(quint64 id) const
{
    // Ids grow with the rows: a binary search would do, but the list is short and this runs once per result.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

QPair<QString, int> ListenModel::outcome(Column column, const InspectionResult &result)
{
    const inspect::Report &report = result.report;
    switch (column) {
    case DecryptionColumn: {
        const inspect::Check *check = report.check(inspect::Check::Kind::Decryption);
        if (!check)
            return {tr("not encrypted"), int(Tone::Neutral)};
        if (check->status == inspect::Check::Status::Passed)
            return {tr("Decrypted"), int(Tone::Good)};
        return {tr("Not decrypted"), int(Tone::Bad)};
    }
    case SignatureColumn: {
        const inspect::Check *check = report.check(inspect::Check::Kind::Signature);
        if (!check)
            return {tr("no JWT"), int(Tone::Neutral)};
        if (check->status == inspect::Check::Status::Passed)
            return {tr("Verified"), int(Tone::Good)};
        if (check->status == inspect::Check::Status::Failed)
            return {tr("Invalid"), int(Tone::Bad)};
        return {tr("Not checked"), int(Tone::Warning)};
    }
    case WebhookColumn: {
        if (!result.capture.header("ZITADEL-Signature"))
            return {tr("none"), int(Tone::Warning)};
        if (!result.webhook)
            return {tr("No key"), int(Tone::Warning)};
        switch (result.webhook->outcome) {
        case crypto::WebhookSignatureCheck::Outcome::Valid:
            return {tr("Valid"), int(Tone::Good)};
        case crypto::WebhookSignatureCheck::Outcome::OutsideTolerance:
            return {tr("Too old"), int(Tone::Bad)};
        case crypto::WebhookSignatureCheck::Outcome::Malformed:
            return {tr("Malformed"), int(Tone::Bad)};
        case crypto::WebhookSignatureCheck::Outcome::Invalid:
            break;
        }
        return {tr("Invalid"), int(Tone::Bad)};
    }
    default:
        break;
    }
    return {};
}

int ListenModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ListenModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ListenModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ListenedDelivery &d = m_rows.at(index.row());
    if (role == IdRole)
        return d.id;
    const auto column = Column(index.column());
    const bool outcomeColumn = column == DecryptionColumn || column == SignatureColumn || column == WebhookColumn;
    if (outcomeColumn && (role == Qt::DisplayRole || role == ToneRole || role == Qt::BackgroundRole)) {
        if (!d.result)
            return role == Qt::DisplayRole ? QVariant(tr("…")) : QVariant();
        const auto [word, tone] = outcome(column, *d.result);
        if (role == ToneRole)
            return tone;
        if (role == Qt::BackgroundRole)
            return Tone(tone) == Tone::Neutral
                       ? QVariant()
                       : QVariant(InspectorBadge::fillColor(Tone(tone), QGuiApplication::palette()));
        return QStringLiteral("%1 %2").arg(symbol(Tone(tone)), word);
    }
    if (role == Qt::ToolTipRole) {
        if (d.result && !d.result->report.error.isEmpty())
            return d.result->report.error;
        return tr("From %1").arg(d.peer);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case TimeColumn:
        return QLocale().toString(d.receivedAt.toLocalTime().time(), QStringLiteral("HH:mm:ss"));
    case PathColumn:
        return d.path;
    case KindColumn:
        if (!d.result)
            return tr("inspecting…");
        {
            // The kind names of the bulk table, so both tables speak the same (translated) words.
            const inspect::Report &report = d.result->report;
            const QString kind = BulkInspectionModel::kindText(report.kind);
            if (!report.kindName.isEmpty())
                return kind.isEmpty() ? report.kindName : QStringLiteral("%1 · %2").arg(kind, report.kindName);
            if (!report.error.isEmpty())
                return report.error;
            return kind.isEmpty() ? tr("unknown") : kind;
        }
    default:
        break;
    }
    return {};
}

QVariant ListenModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case PathColumn:
        return tr("Path");
    case KindColumn:
        return tr("Delivery");
    case DecryptionColumn:
        return tr("Decryption");
    case SignatureColumn:
        return tr("JWT signature");
    case WebhookColumn:
        return tr("ZITADEL-Signature");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace targetdesk::gui
