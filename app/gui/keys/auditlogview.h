#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace targetdesk::vault
{
class AuditLog;
}

namespace targetdesk::gui
{

class AuditLogModel;

// The local audit log of key operations, newest first, searchable over every column. New entries appear as they
// are written by this window; Reload also picks up what the command-line tool wrote.
class AuditLogView : public QWidget
{
    Q_OBJECT
public:
    explicit AuditLogView(vault::AuditLog *log, QWidget *parent = nullptr);

    void reload();
    AuditLogModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *statusLabel() const { return m_status; }

private:
    void updateStatus();

    QPointer<vault::AuditLog> m_log;
    AuditLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QTableView *m_view;
    QLabel *m_status;
    QString m_error;
};

} // namespace targetdesk::gui
