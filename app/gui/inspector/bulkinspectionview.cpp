#include "inspector/bulkinspectionview.h"

#include "inspector/inspectionview.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{
const auto headerKey = QLatin1String("inspector/bulkHeader");
const auto splitterKey = QLatin1String("inspector/bulkSplitter");
} // namespace

BulkInspectionView::BulkInspectionView(QWidget *parent)
    : QWidget(parent), m_job(new BulkInspection(this)), m_model(new BulkInspectionModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_open(new QPushButton(tr("&Open JSON-Lines File…"), this)),
      m_cancel(new QPushButton(tr("Cance&l"), this)), m_progress(new QProgressBar(this)), m_status(new QLabel(this)),
      m_search(new QLineEdit(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_table(new QTableView(this)),
      m_detail(new InspectionView(this))
{
    setObjectName(QStringLiteral("bulkInspectionView"));
    m_open->setObjectName(QStringLiteral("bulkOpenButton"));
    m_open->setAccessibleName(tr("Open a JSON-lines file for bulk inspection"));
    m_open->setToolTip(tr("One captured delivery per line: a token, or {\"headers\":{…},\"body\":\"…\"}"));
    m_cancel->setObjectName(QStringLiteral("bulkCancelButton"));
    m_cancel->setAccessibleName(tr("Cancel the bulk inspection"));
    m_cancel->setToolTip(tr("Stop inspecting (Esc); the lines done so far stay in the table"));
    m_cancel->setEnabled(false);
    m_progress->setObjectName(QStringLiteral("bulkProgress"));
    m_progress->setAccessibleName(tr("Bulk inspection progress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_status->setObjectName(QStringLiteral("bulkStatusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_search->setObjectName(QStringLiteral("bulkSearchField"));
    m_search->setAccessibleName(tr("Search the inspected lines"));
    m_search->setPlaceholderText(tr("Search lines: method, event, key id, problem…"));
    m_search->setClearButtonEnabled(true);

    m_proxy->setObjectName(QStringLiteral("bulkProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BulkInspectionModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_table->setObjectName(QStringLiteral("bulkTable"));
    m_table->setAccessibleName(tr("Inspected lines"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BulkInspectionModel::LineColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + fontMetrics().height() / 2);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int ch = fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {BulkInspectionModel::LineColumn, 8},  {BulkInspectionModel::ResultColumn, 20},
        {BulkInspectionModel::KindColumn, 10}, {BulkInspectionModel::NameColumn, 44},
        {BulkInspectionModel::KidColumn, 25},  {BulkInspectionModel::KeyColumn, 24}};
    for (const auto &[column, chars] : widths)
        m_table->horizontalHeader()->resizeSection(column, ch * chars);

    m_detail->setObjectName(QStringLiteral("bulkDetailView"));
    m_detail->clear(tr("Select a line to see it in full."));
    m_splitter->setObjectName(QStringLiteral("bulkSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_open);
    top->addWidget(m_cancel);
    top->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_search);
    layout->addWidget(m_splitter, 1);

    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &BulkInspectionView::cancel);

    connect(m_open, &QPushButton::clicked, this, &BulkInspectionView::openRequested);
    connect(m_cancel, &QPushButton::clicked, this, &BulkInspectionView::cancel);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_table->setFocus();
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_job, &BulkInspection::rowsReady, m_model, &BulkInspectionModel::append);
    connect(m_job, &BulkInspection::rowsReady, this, &BulkInspectionView::updateStatus);
    connect(m_job, &BulkInspection::progress, this, [this](int done, int total) {
        if (total == 0) {
            m_progress->setRange(0, 0); // reading the file
        } else {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
        }
    });
    connect(m_job, &BulkInspection::stateChanged, this, [this] {
        m_cancel->setEnabled(m_job->isRunning());
        if (!m_job->isRunning() && m_progress->maximum() == 0)
            m_progress->setRange(0, 1);
        updateStatus();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BulkInspectionView::onSelection);
    updateStatus();
}

void BulkInspectionView::start(const QString &path, BulkInspection::Prepare prepare)
{
    m_model->clear();
    m_detail->clear(tr("Select a line to see it in full."));
    m_job->start(path, std::move(prepare));
    m_cancel->setFocus();
}

void BulkInspectionView::cancel()
{
    m_job->cancel();
}

int BulkInspectionView::selectedLine() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(BulkInspectionModel::LineRole).toInt() : 0;
}

void BulkInspectionView::onSelection()
{
    const int line = selectedLine();
    if (line > 0)
        Q_EMIT lineSelected(line, m_job->input(line));
}

void BulkInspectionView::updateStatus()
{
    const QLocale locale;
    const QString file = QFileInfo(m_job->path()).fileName();
    const int total = m_job->total();
    QString text;
    switch (m_job->state()) {
    case BulkInspection::State::Idle:
        text = tr("Open a JSON-lines file of captured deliveries: one token, or {\"headers\":{…},\"body\":\"…\"}, "
                  "per line. Keys, the JWKS and the signing key from the left apply to every line.");
        break;
    case BulkInspection::State::Reading:
        text = tr("Reading %1…").arg(file);
        break;
    case BulkInspection::State::Preparing:
        text = tr("Loading the keys the lines of %1 ask for…").arg(file);
        break;
    case BulkInspection::State::Inspecting:
        text =
            tr("Inspecting %1: %2 of %3 lines…").arg(file, locale.toString(m_job->inspected()), locale.toString(total));
        break;
    case BulkInspection::State::Cancelled:
        text = tr("Cancelled: %1 of %2 lines of %3 inspected.")
                   .arg(locale.toString(m_model->rowCount()), locale.toString(total), file);
        break;
    case BulkInspection::State::Failed:
        text = m_job->errorText();
        break;
    case BulkInspection::State::Finished:
        text = tr("%1: %2 lines inspected.").arg(file, locale.toString(m_model->rowCount()));
        break;
    }
    if (m_model->rowCount() > 0) {
        const auto counts = m_model->counts();
        QStringList parts;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            parts.append(tr("%1 %2").arg(locale.toString(it.value()), BulkInspectionModel::resultText(it.key())));
        text += QLatin1Char(' ') + parts.join(QStringLiteral(" · "));
        if (!m_search->text().trimmed().isEmpty())
            text += QLatin1Char(' ') + tr("(%1 shown)").arg(locale.toString(m_proxy->rowCount()));
    }
    m_status->setText(text);
    m_progress->setFormat(m_job->state() == BulkInspection::State::Inspecting ? tr("%v of %m") : QString());
}

void BulkInspectionView::saveSettings(QSettings &settings) const
{
    settings.setValue(headerKey, m_table->horizontalHeader()->saveState());
    settings.setValue(splitterKey, m_splitter->saveState());
}

void BulkInspectionView::restoreSettings(const QSettings &settings)
{
    m_table->horizontalHeader()->restoreState(settings.value(headerKey).toByteArray());
    m_splitter->restoreState(settings.value(splitterKey).toByteArray());
}

} // namespace targetdesk::gui
