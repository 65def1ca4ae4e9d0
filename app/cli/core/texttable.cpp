#include "texttable.h"

#include <algorithm>

namespace targetdesk::cli
{

TextTable::TextTable(const QStringList &header) : m_header(header) {}

void TextTable::addRow(const QStringList &cells)
{
    m_rows.append(cells);
}

QString TextTable::toString() const
{
    const qsizetype columns = m_header.size();
    QList<qsizetype> widths(columns, 0);
    auto measure = [&](const QStringList &row) {
        for (qsizetype c = 0; c < columns && c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    };
    measure(m_header);
    for (const QStringList &row : m_rows)
        measure(row);

    QString text;
    auto appendLine = [&](const QStringList &row) {
        QString line;
        for (qsizetype c = 0; c < columns; ++c) {
            const QString cell = c < row.size() ? row.at(c) : QString();
            if (c + 1 < columns)
                line += cell.leftJustified(widths[c]) + QLatin1String("  ");
            else
                line += cell;
        }
        // Trailing blanks from empty last cells only get in the way of diff and grep.
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    };
    appendLine(m_header);
    for (const QStringList &row : m_rows)
        appendLine(row);
    return text;
}

} // namespace targetdesk::cli
