#pragma once

#include "inspector/bulkinspection.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace targetdesk::gui
{

class InspectionView;

// Bulk mode: a JSON-lines file of captured deliveries inspected in the background, with progress and cancel, into
// a searchable, sortable table; the selected line is shown in full below it.
class BulkInspectionView : public QWidget
{
    Q_OBJECT
public:
    explicit BulkInspectionView(QWidget *parent = nullptr);

    // Inspects the file; `prepare` supplies the options once the key ids in the file are known.
    void start(const QString &path, BulkInspection::Prepare prepare);
    void cancel();

    BulkInspection *job() const { return m_job; }
    BulkInspectionModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *openButton() const { return m_open; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLabel *statusLabel() const { return m_status; }
    InspectionView *detailView() const { return m_detail; }

    // The 1-based file line of the selected row; 0 when none.
    int selectedLine() const;

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

Q_SIGNALS:
    void openRequested();
    // The user selected a line: show `input` in the detail view.
    void lineSelected(int line, const QByteArray &input);

private:
    void updateStatus();
    void onSelection();

    BulkInspection *m_job;
    BulkInspectionModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QPushButton *m_open;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLineEdit *m_search;
    QSplitter *m_splitter;
    QTableView *m_table;
    InspectionView *m_detail;
};

} // namespace targetdesk::gui
