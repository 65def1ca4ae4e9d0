#pragma once

#include "model/publickey.h"
#include "model/target.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace targetdesk
{

// What the list knows about a target's public keys. Fetching them costs one ListPublicKeys call per target, so the
// list learns them lazily: Unknown until fetched.
struct TargetKeySummary {
    enum class State { Unknown, Known, Failed };
    State state = State::Unknown;
    QString usableKeyId;        // the active, unexpired key ZITADEL encrypts with; empty when there is none
    QString expiredActiveKeyId; // a key marked active but expired: ZITADEL does not use it
    int keyCount = 0;
    QString error; // why the keys could not be read (Failed)

    bool isKnown() const { return state == State::Known; }
    bool hasUsableKey() const { return !usableKeyId.isEmpty(); }
    static TargetKeySummary fromKeys(const QList<PublicKey> &keys,
                                     const QDateTime &now = QDateTime::currentDateTimeUtc());
    static TargetKeySummary failed(const QString &error);
    bool operator==(const TargetKeySummary &) const = default;
};

// The targets of one instance as a table. Rows keep the order in which targets arrived; sorting and searching
// belong to TargetFilterProxyModel. Typed accessors let views and commands work with Target values instead of
// display strings.
class TargetListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Append new columns before ColumnCount; views address columns by these names, never by number.
    enum Column {
        NameColumn,
        TypeColumn,
        EndpointColumn,
        TimeoutColumn,
        InterruptOnErrorColumn,
        PayloadTypeColumn,
        ActiveKeyColumn,
        CreatedColumn,
        ChangedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // A value that orders correctly: durations as nanoseconds, dates as QDateTime, enums as numbers.
        SortRole = Qt::UserRole + 1,
        IdRole,
        // True on cells that warn: a JWE target without a usable key (ZITADEL sends it nothing).
        WarningRole,
    };
    Q_ENUM(Role)

    explicit TargetListModel(QObject *parent = nullptr);
    ~TargetListModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The target in `row`; `row` must be valid.
    const Target &target(int row) const;
    const QList<Target> &targets() const { return m_targets; }
    // The row of the target with this id, or -1.
    int indexOfId(const QString &id) const;
    bool containsId(const QString &id) const { return indexOfId(id) >= 0; }

    // Replaces everything (one model reset). Later duplicates of an id replace earlier ones.
    void setTargets(QList<Target> targets);
    // Adds one page of targets: ids already present are updated in place, the others are appended in one
    // insertion. Returns how many rows were appended.
    int appendTargets(const QList<Target> &targets);
    // Updates the target with the same id or appends it. Returns its row.
    int upsert(const Target &target);
    // Removes the target with this id; false when there is none.
    bool removeId(const QString &id);
    // Removes every target whose id is not in `ids` (what a completed reload did not see). Returns how many.
    int retainIds(const QSet<QString> &ids);
    void clear();

    // Public-key summaries by target id; they survive reloads (a refresh marks them stale elsewhere, and they are
    // replaced when fetched again) and are dropped with their target.
    TargetKeySummary keySummary(const QString &id) const { return m_keys.value(id); }
    void setKeySummary(const QString &id, const TargetKeySummary &summary);
    void clearKeySummaries();
    // True when ZITADEL will send nothing to this target: JWE payloads and no usable key (known for sure).
    static bool lacksUsableKey(const Target &target, const TargetKeySummary &summary);

    // Display texts shared with views and tests.
    static QString typeText(TargetType type);
    static QString payloadTypeText(PayloadType payloadType);
    static QString timeoutText(Duration timeout);
    static QString dateText(const QDateTime &date);
    static QString keyText(const Target &target, const TargetKeySummary &summary);
    static QString keyToolTip(const Target &target, const TargetKeySummary &summary);

private:
    QVariant displayData(const Target &t, int column) const;
    QVariant sortData(const Target &t, int column) const;
    QVariant toolTipData(const Target &t, int column) const;
    QVariant accessibleData(const Target &t, int column) const;
    static QVariant alignment(int column);
    void ensureIndex() const;
    void keyCellChanged(const QString &id);

    QList<Target> m_targets;
    QHash<QString, TargetKeySummary> m_keys;
    // id → row; rebuilt lazily after removals so that removing many rows stays linear.
    mutable QHash<QString, int> m_rowById;
    mutable bool m_indexDirty = false;
};

// Sorting and searching over a TargetListModel. Sorting compares the Target values themselves (fast and
// independent of display text); the search matches every word of the text against name or endpoint, ignoring case.
class TargetFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TargetFilterProxyModel(QObject *parent = nullptr);

    // Only a TargetListModel (or nullptr) is accepted as source.
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    TargetListModel *targetModel() const { return m_model; }

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    bool isSearching() const { return !m_terms.isEmpty(); }

    // The target shown in this proxy row / at this proxy index; nullptr when out of range.
    const Target *target(int proxyRow) const;
    const Target *target(const QModelIndex &proxyIndex) const;
    // The proxy row of the target with this id, or -1 (also when it is filtered out).
    int rowOfId(const QString &id) const;
    // How many targets the source holds, filtered or not.
    int totalCount() const;

Q_SIGNALS:
    void searchTextChanged(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    TargetListModel *m_model = nullptr;
    QString m_searchText;
    QStringList m_terms;
};

} // namespace targetdesk
