#include "targetlistmodel.h"

#include <QLocale>

#include <algorithm>
#include <chrono>

namespace targetdesk
{

TargetKeySummary TargetKeySummary::fromKeys(const QList<PublicKey> &keys, const QDateTime &now)
{
    TargetKeySummary s;
    s.state = State::Known;
    s.keyCount = int(keys.size());
    for (const PublicKey &k : keys) {
        // Honest state: "active" alone is not enough, ZITADEL skips an expired active key.
        switch (k.state(now)) {
        case PublicKey::State::Active:
            s.usableKeyId = k.keyId;
            break;
        case PublicKey::State::ActiveButExpired:
            s.expiredActiveKeyId = k.keyId;
            break;
        default:
            break;
        }
    }
    return s;
}

TargetKeySummary TargetKeySummary::failed(const QString &error)
{
    TargetKeySummary s;
    s.state = State::Failed;
    s.error = error;
    return s;
}

TargetListModel::TargetListModel(QObject *parent) : QAbstractTableModel(parent) {}

TargetListModel::~TargetListModel() = default;

int TargetListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

int TargetListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TargetListModel::typeText(TargetType type)
{
    switch (type) {
    case TargetType::Webhook:
        return tr("Webhook");
    case TargetType::Call:
        return tr("Call");
    case TargetType::Async:
        return tr("Async");
    }
    return {};
}

QString TargetListModel::payloadTypeText(PayloadType payloadType)
{
    switch (payloadType) {
    case PayloadType::Unspecified:
    case PayloadType::Json:
        return tr("JSON");
    case PayloadType::Jwt:
        return tr("JWT");
    case PayloadType::Jwe:
        return tr("JWE");
    }
    return {};
}

QString TargetListModel::timeoutText(Duration timeout)
{
    // Same notation as the CLI and the API ("10s", "1.5s"), so users can copy it between them.
    return protojson::formatDurationShort(timeout);
}

bool TargetListModel::lacksUsableKey(const Target &target, const TargetKeySummary &summary)
{
    return target.effectivePayloadType() == PayloadType::Jwe && summary.isKnown() && !summary.hasUsableKey();
}

QString TargetListModel::keyText(const Target &target, const TargetKeySummary &summary)
{
    switch (summary.state) {
    case TargetKeySummary::State::Unknown:
        return tr("…");
    case TargetKeySummary::State::Failed:
        return tr("?");
    case TargetKeySummary::State::Known:
        break;
    }
    if (summary.hasUsableKey())
        return summary.usableKeyId;
    if (target.effectivePayloadType() != PayloadType::Jwe)
        return tr("—");
    if (!summary.expiredActiveKeyId.isEmpty())
        return tr("Expired (%1)").arg(summary.expiredActiveKeyId);
    return tr("No active key");
}

QString TargetListModel::keyToolTip(const Target &target, const TargetKeySummary &summary)
{
    switch (summary.state) {
    case TargetKeySummary::State::Unknown:
        return tr("Not checked yet");
    case TargetKeySummary::State::Failed:
        return tr("Could not read the public keys: %1").arg(summary.error);
    case TargetKeySummary::State::Known:
        break;
    }
    const bool jwe = target.effectivePayloadType() == PayloadType::Jwe;
    if (summary.hasUsableKey())
        return jwe ? tr("ZITADEL encrypts payloads with key %1").arg(summary.usableKeyId)
                   : tr("Key %1 is active; it is used only with JWE payloads").arg(summary.usableKeyId);
    if (!jwe)
        return tr("No active key; JSON and JWT payloads do not need one");
    if (!summary.expiredActiveKeyId.isEmpty())
        return tr("The active key %1 has expired: ZITADEL sends nothing to this target until a valid key is active")
            .arg(summary.expiredActiveKeyId);
    return tr("No active key: ZITADEL sends nothing to this target until a key is active");
}

QString TargetListModel::dateText(const QDateTime &date)
{
    if (!date.isValid())
        return {};
    // ISO-like and minute precision: unambiguous in every locale and readable in a narrow column.
    return date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

namespace
{

QString longDateText(const QDateTime &date)
{
    if (!date.isValid())
        return {};
    return QLocale().toString(date.toLocalTime(), QLocale::LongFormat);
}

double seconds(Duration d)
{
    return std::chrono::duration<double>(d).count();
}

} // namespace

QVariant TargetListModel::displayData(const Target &t, int column) const
{
    switch (column) {
    case NameColumn:
        return t.name;
    case TypeColumn:
        return typeText(t.type);
    case EndpointColumn:
        return t.endpoint;
    case TimeoutColumn:
        return timeoutText(t.timeout);
    case InterruptOnErrorColumn:
        // Async targets never interrupt; "No" would suggest it could be switched on.
        if (t.type == TargetType::Async)
            return tr("—");
        return t.interruptOnError ? tr("Yes") : tr("No");
    case PayloadTypeColumn:
        return payloadTypeText(t.payloadType);
    case ActiveKeyColumn:
        return keyText(t, m_keys.value(t.id));
    case CreatedColumn:
        return dateText(t.creationDate);
    case ChangedColumn:
        return dateText(t.changeDate);
    }
    return {};
}

QVariant TargetListModel::sortData(const Target &t, int column) const
{
    switch (column) {
    case NameColumn:
        return t.name;
    case TypeColumn:
        return int(t.type);
    case EndpointColumn:
        return t.endpoint;
    case TimeoutColumn:
        return qint64(t.timeout.count());
    case InterruptOnErrorColumn:
        return t.type == TargetType::Async ? -1 : int(t.interruptOnError);
    case PayloadTypeColumn:
        return int(t.effectivePayloadType());
    case ActiveKeyColumn:
        return keyText(t, m_keys.value(t.id));
    case CreatedColumn:
        return t.creationDate;
    case ChangedColumn:
        return t.changeDate;
    }
    return {};
}

QVariant TargetListModel::toolTipData(const Target &t, int column) const
{
    switch (column) {
    case NameColumn:
        return tr("%1\nID: %2").arg(t.name, t.id);
    case TypeColumn:
        switch (t.type) {
        case TargetType::Webhook:
            return tr("Webhook: ZITADEL waits for the answer but ignores its body");
        case TargetType::Call:
            return tr("Call: the answer replaces the request or response");
        case TargetType::Async:
            return tr("Async: fire and forget, never interrupts");
        }
        break;
    case EndpointColumn:
        return t.endpoint;
    case TimeoutColumn:
        return tr("%1 seconds").arg(QLocale().toString(seconds(t.timeout)));
    case InterruptOnErrorColumn:
        if (t.type == TargetType::Async)
            return tr("Async targets never interrupt");
        return t.interruptOnError ? tr("An error from this target stops the request")
                                  : tr("Errors from this target are ignored");
    case PayloadTypeColumn:
        if (t.payloadType == PayloadType::Unspecified)
            return tr("Not specified: ZITADEL sends JSON");
        switch (t.payloadType) {
        case PayloadType::Jwt:
            return tr("JSON signed as a JWT with the instance key");
        case PayloadType::Jwe:
            return tr("A signed JWT encrypted with the target's active public key");
        default:
            return tr("Plain JSON");
        }
    case ActiveKeyColumn:
        return keyToolTip(t, m_keys.value(t.id));
    case CreatedColumn:
        return longDateText(t.creationDate);
    case ChangedColumn:
        return longDateText(t.changeDate);
    }
    return {};
}

QVariant TargetListModel::accessibleData(const Target &t, int column) const
{
    switch (column) {
    case TimeoutColumn:
        return tr("%1 seconds").arg(QLocale().toString(seconds(t.timeout)));
    case InterruptOnErrorColumn:
        if (t.type == TargetType::Async)
            return tr("Not applicable");
        return t.interruptOnError ? tr("Interrupts on error") : tr("Does not interrupt on error");
    case ActiveKeyColumn:
        return keyToolTip(t, m_keys.value(t.id));
    case CreatedColumn:
        return t.creationDate.isValid() ? longDateText(t.creationDate) : tr("Unknown");
    case ChangedColumn:
        return t.changeDate.isValid() ? longDateText(t.changeDate) : tr("Never changed");
    default:
        return displayData(t, column);
    }
}

QVariant TargetListModel::alignment(int column)
{
    // Numbers line up on the right; the short Yes/No column reads best centred under its long title.
    // An int is what every Qt 6 view reads.
    switch (column) {
    case TimeoutColumn:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case InterruptOnErrorColumn:
        return int(Qt::AlignCenter);
    default:
        return {};
    }
}

QVariant TargetListModel::data(const QModelIndex &index, int role) const
{
    // Views and proxies may ask about stale indexes; answer with nothing rather than a warning.
    if (!index.isValid() || index.model() != this || index.row() >= m_targets.size() || index.column() >= ColumnCount)
        return {};
    const Target &t = m_targets.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(t, index.column());
    case Qt::ToolTipRole:
        return toolTipData(t, index.column());
    case Qt::AccessibleTextRole:
        return accessibleData(t, index.column());
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case SortRole:
        return sortData(t, index.column());
    case IdRole:
        return t.id;
    case WarningRole:
        return index.column() == ActiveKeyColumn && lacksUsableKey(t, m_keys.value(t.id));
    default:
        return {};
    }
}

QVariant TargetListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case TypeColumn:
            return tr("Type");
        case EndpointColumn:
            return tr("Endpoint");
        case TimeoutColumn:
            return tr("Timeout");
        case InterruptOnErrorColumn:
            return tr("Interrupt on error");
        case PayloadTypeColumn:
            return tr("Payload");
        case ActiveKeyColumn:
            return tr("Active key");
        case CreatedColumn:
            return tr("Created");
        case ChangedColumn:
            return tr("Changed");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TypeColumn:
            return tr("Webhook, call or async");
        case TimeoutColumn:
            return tr("How long ZITADEL waits for the target");
        case InterruptOnErrorColumn:
            return tr("Whether an error from the target stops the request");
        case PayloadTypeColumn:
            return tr("How ZITADEL encodes what it sends: JSON, JWT or JWE");
        case ActiveKeyColumn:
            return tr("The public key ZITADEL encrypts JWE payloads with");
        default:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> TargetListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, QByteArrayLiteral("sortValue"));
    names.insert(IdRole, QByteArrayLiteral("targetId"));
    names.insert(WarningRole, QByteArrayLiteral("warning"));
    return names;
}

const Target &TargetListModel::target(int row) const
{
    Q_ASSERT(row >= 0 && row < m_targets.size());
    return m_targets.at(row);
}

void TargetListModel::ensureIndex() const
{
    if (!m_indexDirty)
        return;
    m_rowById.clear();
    m_rowById.reserve(m_targets.size());
    for (int row = 0; row < int(m_targets.size()); ++row)
        m_rowById.insert(m_targets.at(row).id, row);
    m_indexDirty = false;
}

int TargetListModel::indexOfId(const QString &id) const
{
    ensureIndex();
    return m_rowById.value(id, -1);
}

void TargetListModel::setTargets(QList<Target> targets)
{
    beginResetModel();
    m_targets.clear();
    m_targets.reserve(targets.size());
    m_rowById.clear();
    m_indexDirty = false;
    for (Target &t : targets) {
        const auto it = m_rowById.constFind(t.id);
        if (it != m_rowById.constEnd()) {
            m_targets[*it] = std::move(t);
            continue;
        }
        m_rowById.insert(t.id, int(m_targets.size()));
        m_targets.append(std::move(t));
    }
    endResetModel();
}

int TargetListModel::appendTargets(const QList<Target> &targets)
{
    ensureIndex();
    // Split the page into updates of known rows and new targets (deduplicated within the page as well).
    QList<Target> added;
    QHash<QString, qsizetype> addedById;
    int firstChanged = -1;
    int lastChanged = -1;
    for (const Target &t : targets) {
        const int row = m_rowById.value(t.id, -1);
        if (row >= 0) {
            if (m_targets.at(row) == t)
                continue;
            m_targets[row] = t;
            firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
            lastChanged = std::max(lastChanged, row);
            continue;
        }
        const auto it = addedById.constFind(t.id);
        if (it != addedById.constEnd()) {
            added[*it] = t;
            continue;
        }
        addedById.insert(t.id, added.size());
        added.append(t);
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (added.isEmpty())
        return 0;

    const int first = int(m_targets.size());
    beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
    m_targets.reserve(m_targets.size() + added.size());
    for (Target &t : added) {
        m_rowById.insert(t.id, int(m_targets.size()));
        m_targets.append(std::move(t));
    }
    endInsertRows();
    return int(added.size());
}

int TargetListModel::upsert(const Target &target)
{
    const int row = indexOfId(target.id);
    if (row >= 0) {
        if (!(m_targets.at(row) == target)) {
            m_targets[row] = target;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        return row;
    }
    appendTargets({target});
    return int(m_targets.size()) - 1;
}

bool TargetListModel::removeId(const QString &id)
{
    const int row = indexOfId(id);
    if (row < 0)
        return false;
    beginRemoveRows(QModelIndex(), row, row);
    m_targets.removeAt(row);
    m_rowById.remove(id);
    m_keys.remove(id);
    // Rows after it moved up by one; rebuild on the next lookup instead of now.
    m_indexDirty = row < m_targets.size();
    endRemoveRows();
    return true;
}

int TargetListModel::retainIds(const QSet<QString> &ids)
{
    // Contiguous runs of rows to remove, collected bottom-up so earlier rows keep their numbers.
    QList<std::pair<int, int>> runs;
    int removed = 0;
    for (int row = int(m_targets.size()) - 1; row >= 0; --row) {
        if (ids.contains(m_targets.at(row).id))
            continue;
        ++removed;
        if (!runs.isEmpty() && runs.last().first == row + 1)
            runs.last().first = row;
        else
            runs.append({row, row});
    }
    if (removed == 0)
        return 0;
    m_keys.removeIf([&ids](QHash<QString, TargetKeySummary>::iterator it) { return !ids.contains(it.key()); });

    // Many scattered runs would mean many signals (and proxy work); one reset is cheaper then.
    constexpr int maxRunsBeforeReset = 64;
    if (runs.size() > maxRunsBeforeReset) {
        beginResetModel();
        m_targets.removeIf([&ids](const Target &t) { return !ids.contains(t.id); });
        m_indexDirty = true;
        endResetModel();
        return removed;
    }
    for (const auto &[first, last] : runs) {
        beginRemoveRows(QModelIndex(), first, last);
        m_targets.remove(first, last - first + 1);
        m_indexDirty = true;
        endRemoveRows();
    }
    return removed;
}

void TargetListModel::clear()
{
    if (m_targets.isEmpty())
        return;
    beginRemoveRows(QModelIndex(), 0, int(m_targets.size()) - 1);
    m_targets.clear();
    m_rowById.clear();
    m_keys.clear();
    m_indexDirty = false;
    endRemoveRows();
}

void TargetListModel::keyCellChanged(const QString &id)
{
    const int row = indexOfId(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, ActiveKeyColumn), index(row, ActiveKeyColumn));
}

void TargetListModel::setKeySummary(const QString &id, const TargetKeySummary &summary)
{
    const auto it = m_keys.constFind(id);
    if (it != m_keys.constEnd() && *it == summary)
        return;
    m_keys.insert(id, summary);
    keyCellChanged(id);
}

void TargetListModel::clearKeySummaries()
{
    if (m_keys.isEmpty())
        return;
    m_keys.clear();
    if (!m_targets.isEmpty())
        Q_EMIT dataChanged(index(0, ActiveKeyColumn), index(int(m_targets.size()) - 1, ActiveKeyColumn));
}

// --- TargetFilterProxyModel ---

TargetFilterProxyModel::TargetFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TargetListModel::SortRole);
    // New pages and updates must land in sorted, filtered positions without a manual re-sort.
    setDynamicSortFilter(true);
}

void TargetFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    auto *model = qobject_cast<TargetListModel *>(sourceModel);
    Q_ASSERT_X(sourceModel == nullptr || model != nullptr, "TargetFilterProxyModel::setSourceModel",
               "the source must be a TargetListModel");
    m_model = model;
    QSortFilterProxyModel::setSourceModel(model);
}

void TargetFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    const QStringList terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (terms != m_terms) {
        m_terms = terms;
        invalidateFilter();
    }
    Q_EMIT searchTextChanged(m_searchText);
}

const Target *TargetFilterProxyModel::target(int proxyRow) const
{
    if (proxyRow < 0 || proxyRow >= rowCount())
        return nullptr;
    return target(index(proxyRow, 0));
}

const Target *TargetFilterProxyModel::target(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this)
        return nullptr;
    const QModelIndex source = mapToSource(proxyIndex);
    if (!source.isValid())
        return nullptr;
    return &m_model->target(source.row());
}

int TargetFilterProxyModel::rowOfId(const QString &id) const
{
    if (!m_model)
        return -1;
    const int sourceRow = m_model->indexOfId(id);
    if (sourceRow < 0)
        return -1;
    return mapFromSource(m_model->index(sourceRow, 0)).row();
}

int TargetFilterProxyModel::totalCount() const
{
    return m_model ? m_model->rowCount() : 0;
}

bool TargetFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty() || !m_model || sourceParent.isValid())
        return true;
    const Target &t = m_model->target(sourceRow);
    for (const QString &term : m_terms) {
        if (!t.name.contains(term, Qt::CaseInsensitive) && !t.endpoint.contains(term, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

namespace
{

template <typename T>
int compareValues(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareDates(const QDateTime &a, const QDateTime &b)
{
    // Invalid (unknown) dates sort before every real one.
    if (a.isValid() != b.isValid())
        return a.isValid() ? 1 : -1;
    return compareValues(a.toMSecsSinceEpoch(), b.toMSecsSinceEpoch());
}

// Warnings first (what needs attention), then key ids, then targets that need no key; unknown and unreadable last,
// so rows learn their key without jumping above the ones already known.
int keyRank(const Target &t, const TargetKeySummary &s)
{
    switch (s.state) {
    case TargetKeySummary::State::Unknown:
        return 4;
    case TargetKeySummary::State::Failed:
        return 3;
    case TargetKeySummary::State::Known:
        break;
    }
    if (TargetListModel::lacksUsableKey(t, s))
        return 0;
    return s.hasUsableKey() ? 1 : 2;
}

int compareKeys(const Target &a, const TargetKeySummary &sa, const Target &b, const TargetKeySummary &sb)
{
    const int c = compareValues(keyRank(a, sa), keyRank(b, sb));
    if (c != 0)
        return c;
    // Numeric ids of equal length compare like numbers.
    return compareValues(std::pair(sa.usableKeyId.size(), sa.usableKeyId),
                         std::pair(sb.usableKeyId.size(), sb.usableKeyId));
}

} // namespace

bool TargetFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    const Target &a = m_model->target(left.row());
    const Target &b = m_model->target(right.row());
    int c = 0;
    switch (left.column()) {
    case TargetListModel::NameColumn:
        break;
    case TargetListModel::TypeColumn:
        c = compareValues(int(a.type), int(b.type));
        break;
    case TargetListModel::EndpointColumn:
        c = a.endpoint.compare(b.endpoint, Qt::CaseInsensitive);
        break;
    case TargetListModel::TimeoutColumn:
        c = compareValues(a.timeout.count(), b.timeout.count());
        break;
    case TargetListModel::InterruptOnErrorColumn:
        c = compareValues(m_model->data(left, TargetListModel::SortRole).toInt(),
                          m_model->data(right, TargetListModel::SortRole).toInt());
        break;
    case TargetListModel::PayloadTypeColumn:
        c = compareValues(int(a.effectivePayloadType()), int(b.effectivePayloadType()));
        break;
    case TargetListModel::ActiveKeyColumn:
        c = compareKeys(a, m_model->keySummary(a.id), b, m_model->keySummary(b.id));
        break;
    case TargetListModel::CreatedColumn:
        c = compareDates(a.creationDate, b.creationDate);
        break;
    case TargetListModel::ChangedColumn:
        c = compareDates(a.changeDate, b.changeDate);
        break;
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
    // Ties fall back to the name and then the id, so the order is total and stable across reloads.
    if (c == 0)
        c = a.name.compare(b.name, Qt::CaseInsensitive);
    if (c == 0)
        c = a.name.compare(b.name, Qt::CaseSensitive);
    if (c == 0)
        c = a.id.compare(b.id);
    return c < 0;
}

} // namespace targetdesk
