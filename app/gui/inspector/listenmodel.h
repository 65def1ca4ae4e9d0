#pragma once

#include "inspector/inspectionrunner.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <optional>

namespace targetdesk::gui
{

// One delivery that reached Listen mode: what arrived, and once inspected, its result.
struct ListenedDelivery {
    quint64 id = 0; // unique for the window's lifetime: results find their row even after older rows were dropped
    QDateTime receivedAt;
    QString peer;
    QString path;
    QByteArray capture;       // request line, headers, blank line, body: what the inspector reads
    QString signingKeySource; // where the key that checked the ZITADEL-Signature came from; empty: none
    std::optional<InspectionResult> result;
};

// The deliveries Listen mode received, newest last, at most maxRows (the oldest go first). Each row's outcome
// columns show a symbol and a word, so they read without colour.
class ListenModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, PathColumn, KindColumn, DecryptionColumn, SignatureColumn, WebhookColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, ToneRole };
    static constexpr int defaultMaxRows = 1000;

    explicit ListenModel(QObject *parent = nullptr);

    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    // Appends a delivery; drops the oldest when full. Returns its id.
    quint64 append(ListenedDelivery delivery);
    void setResult(quint64 id, const InspectionResult &result);
    void setSigningKeySource(quint64 id, const QString &source);
    void clear();
    int rowOf(quint64 id) const;
    const ListenedDelivery &delivery(int row) const { return m_rows.at(row); }
    const QList<ListenedDelivery> &deliveries() const { return m_rows; }

    // The word and tone (InspectorBadge::Tone as int) of an outcome column for a result.
    static QPair<QString, int> outcome(Column column, const InspectionResult &result);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ListenedDelivery> m_rows;
    quint64 m_nextId = 1;
    int m_maxRows = defaultMaxRows;
};

} // namespace targetdesk::gui
