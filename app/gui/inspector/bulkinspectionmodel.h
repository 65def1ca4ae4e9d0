#pragma once

#include "inspect/report.h"

#include <QAbstractTableModel>
#include <QList>
#include <QMap>

namespace targetdesk::gui
{

// The outcome of one line of a bulk file, small enough to keep for many thousands of lines. The full report is
// made again when the user selects the line.
struct BulkRow {
    int line = 0; // 1-based line number in the file
    inspect::ExitClass exitClass = inspect::ExitClass::Ok;
    inspect::PayloadKind kind = inspect::PayloadKind::Unknown;
    QString name;    // fullMethod, event type or function
    QString kid;     // the JWE kid, else the JWT kid
    QString keyUsed; // the key that decrypted it
    QString error;
    bool signatureVerified = false;

    [[nodiscard]] static BulkRow fromReport(int line, const inspect::Report &report);
};

// The rows of a bulk inspection in file order. Sorting and searching happen in a proxy: SortRole gives values that
// sort naturally (numbers as numbers).
class BulkInspectionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { LineColumn, ResultColumn, KindColumn, NameColumn, KidColumn, KeyColumn, ErrorColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, LineRole };

    explicit BulkInspectionModel(QObject *parent = nullptr);

    void append(const QList<BulkRow> &rows);
    void clear();
    const QList<BulkRow> &rows() const { return m_rows; }
    // How many rows ended in each exit class.
    QMap<inspect::ExitClass, int> counts() const { return m_counts; }

    static QString resultText(inspect::ExitClass exitClass);
    static QString kindText(inspect::PayloadKind kind);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<BulkRow> m_rows;
    QMap<inspect::ExitClass, int> m_counts;
};

} // namespace targetdesk::gui

Q_DECLARE_METATYPE(targetdesk::gui::BulkRow)
