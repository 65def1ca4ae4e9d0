#include "keys/auditlogview.h"

#include "keys/auditlogmodel.h"
#include "vault/auditlog.h"

#include <QAction>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace targetdesk::gui
{

AuditLogView::AuditLogView(vault::AuditLog *log, QWidget *parent)
    : QWidget(parent, Qt::Window), m_log(log), m_model(new AuditLogModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_search(new QLineEdit(this)), m_view(new QTableView(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("auditLogView"));
    setAccessibleName(tr("Audit log"));
    setWindowTitle(tr("Audit Log of Key Operations"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search->setObjectName(QStringLiteral("auditSearchField"));
    m_search->setAccessibleName(tr("Search the audit log"));
    m_search->setPlaceholderText(tr("Search: target, key id, fingerprint, operation, result…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });

    auto *reloadButton = new QPushButton(tr("&Reload"), this);
    reloadButton->setObjectName(QStringLiteral("auditReloadButton"));
    reloadButton->setAccessibleName(tr("Reload the audit log"));
    reloadButton->setShortcut(QKeySequence::Refresh);
    connect(reloadButton, &QPushButton::clicked, this, &AuditLogView::reload);

    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setAccessibleName(tr("Audit log entries"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setObjectName(QStringLiteral("auditTableHeader"));
    m_view->horizontalHeader()->setAccessibleName(tr("Audit log columns"));
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int ch = fontMetrics().averageCharWidth();
    // Widths from sample texts, so ids, times and fingerprints are not clipped.
    const auto fit = [this](const QString &sample, int extra = 16) {
        return m_view->fontMetrics().horizontalAdvance(sample) + extra;
    };
    const QString id = QStringLiteral("000000000000000000");
    m_view->setColumnWidth(AuditLogModel::TimeColumn, fit(QStringLiteral("2000-00-00 00:00:00")));
    m_view->setColumnWidth(AuditLogModel::OperationColumn,
                           fit(AuditLogModel::operationText(QStringLiteral("break-glass"))));
    m_view->setColumnWidth(AuditLogModel::ResultColumn, ch * 24);
    m_view->setColumnWidth(AuditLogModel::TargetColumn, fit(id));
    m_view->setColumnWidth(AuditLogModel::KeyIdColumn, fit(id));
    m_view->setColumnWidth(AuditLogModel::FingerprintColumn,
                           fit(QStringLiteral("SHA256:0000000000000000000000000000000000000000000")));
    m_view->setColumnWidth(AuditLogModel::InstanceColumn, fit(QStringLiteral("https://my-instance.zitadel.cloud")));

    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(reloadButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(find);

    if (m_log)
        connect(m_log, &vault::AuditLog::appended, this, [this](const vault::AuditEntry &e) {
            m_model->prepend(e);
            updateStatus();
        });
    resize(ch * 200, fontMetrics().lineSpacing() * 30);
    reload();
}

void AuditLogView::reload()
{
    m_error.clear();
    if (!m_log) {
        m_model->setEntries({});
        updateStatus();
        return;
    }
    auto entries = m_log->read();
    if (entries)
        m_model->setEntries(*entries);
    else
        m_error = entries.error().message;
    updateStatus();
}

void AuditLogView::updateStatus()
{
    QString text;
    if (!m_error.isEmpty())
        text = m_error;
    else if (!m_log || m_log->path().isEmpty())
        text = tr("No audit log is kept.");
    else if (m_proxy->rowCount() == m_model->rowCount())
        text = tr("%n entry(s) in %1", nullptr, m_model->rowCount()).arg(QDir::toNativeSeparators(m_log->path()));
    else
        text = tr("Showing %1 of %n entry(s) in %2", nullptr, m_model->rowCount())
                   .arg(m_proxy->rowCount())
                   .arg(QDir::toNativeSeparators(m_log->path()));
    m_status->setText(text);
    m_status->setAccessibleName(text);
}

} // namespace targetdesk::gui
