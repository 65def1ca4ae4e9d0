#pragma once

#include <QList>
#include <QStringList>

namespace targetdesk::cli
{

// A left-aligned text table with a header row; columns are as wide as their widest cell.
class TextTable
{
public:
    explicit TextTable(const QStringList &header);
    void addRow(const QStringList &cells);
    int rowCount() const { return int(m_rows.size()); }
    // One line per row, columns separated by two spaces, the last column not padded.
    QString toString() const;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace targetdesk::cli
