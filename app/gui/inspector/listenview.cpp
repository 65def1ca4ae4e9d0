#include "inspector/listenview.h"

#include "delivery/receiver.h"

#include <QFontMetrics>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace targetdesk::gui
{

namespace
{

const auto portKey = QLatin1String("inspector/listenPort");

} // namespace

ListenView::ListenView(QWidget *parent)
    : QWidget(parent), m_receiver(new delivery::Receiver(this)), m_model(new ListenModel(this))
{
    setObjectName(QStringLiteral("listenPage"));
    m_pool.setMaxThreadCount(1);

    auto *portLabel = new QLabel(tr("&Port:"), this);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("listenPortField"));
    m_port->setAccessibleName(tr("Port to listen on"));
    m_port->setRange(1, 65535);
    m_port->setValue(savedPort());
    m_port->setToolTip(tr("The port on 127.0.0.1 where deliveries are received; point a target's endpoint at it"));
    portLabel->setBuddy(m_port);

    m_start = new QPushButton(tr("&Start Listening"), this);
    m_start->setObjectName(QStringLiteral("listenStartButton"));
    m_start->setAccessibleName(tr("Start or stop listening"));
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (isListening())
            stopListening();
        else
            startListening(quint16(m_port->value()));
    });

    m_address = new QLabel(this);
    m_address->setObjectName(QStringLiteral("listenAddressLabel"));
    m_address->setAccessibleName(tr("Listening address"));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_address->setWordWrap(true);

    m_clear = new QPushButton(tr("C&lear List"), this);
    m_clear->setObjectName(QStringLiteral("listenClearButton"));
    m_clear->setAccessibleName(tr("Clear the received deliveries"));
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_shownId = 0;
        m_detail->clear(tr("Deliveries appear here as they arrive."));
        updateState();
    });

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("listenProblemLabel"));
    m_problem->setAccessibleName(tr("Listening problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: palette(text); font-weight: bold;"));
    m_problem->hide();

    auto *bar = new QHBoxLayout;
    bar->addWidget(portLabel);
    bar->addWidget(m_port);
    bar->addWidget(m_start);
    bar->addSpacing(fontMetrics().averageCharWidth() * 2);
    bar->addWidget(m_address, 1);
    bar->addWidget(m_clear);

    m_list = new QTableView(this);
    m_list->setObjectName(QStringLiteral("listenList"));
    m_list->setAccessibleName(tr("Received deliveries"));
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAlternatingRowColors(false);
    m_list->setWordWrap(false);
    m_list->verticalHeader()->hide();
    m_list->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_list->horizontalHeader()->setStretchLastSection(false);
    m_list->horizontalHeader()->setSectionResizeMode(ListenModel::KindColumn, QHeaderView::Stretch);
    // Every column at least as wide as its title and its widest usual value, so neither is cut off.
    const QFontMetrics metrics = m_list->horizontalHeader()->fontMetrics();
    const int padding = metrics.averageCharWidth() * 4;
    const QStringList widest = {
        QStringLiteral("00:00:00"),        QStringLiteral("/webhook/path"), QString(),
        QStringLiteral("✗ Not decrypted"), QStringLiteral("! Not checked"), QStringLiteral("✗ Malformed")};
    for (int column = 0; column < ListenModel::ColumnCount; ++column) {
        if (column == ListenModel::KindColumn)
            continue;
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        m_list->setColumnWidth(
            column, qMax(metrics.horizontalAdvance(title), metrics.horizontalAdvance(widest[column])) + padding);
    }
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ListenView::showSelected);

    m_detail = new InspectionView(this);
    m_detail->setObjectName(QStringLiteral("listenDetailView"));
    m_detail->clear(tr("Deliveries appear here as they arrive."));
    connect(m_detail, &InspectionView::statusMessage, this, &ListenView::statusMessage);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("listenSplitter"));
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addWidget(m_splitter, 1);

    connect(m_receiver, &delivery::Receiver::received, this, &ListenView::onReceived);
    connect(m_receiver, &delivery::Receiver::refused, this, [this](const QString &peer, const QString &reason) {
        Q_EMIT statusMessage(tr("Refused a request from %1: %2").arg(peer, reason));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ListenView::updateState);
    updateState();
}

ListenView::~ListenView()
{
    m_receiver->close();
    m_pool.waitForDone();
}

quint16 ListenView::savedPort()
{
    const int port = QSettings().value(portKey, int(defaultListenPort)).toInt();
    return port > 0 && port <= 65535 ? quint16(port) : defaultListenPort;
}

bool ListenView::startListening(quint16 port, QString *error)
{
    if (isListening())
        stopListening();
    m_port->setValue(port);
    QString reason;
    if (!m_receiver->listen(QHostAddress::LocalHost, port, &reason)) {
        const QString text =
            tr("Cannot listen on port %1: %2. Another program (or another Targetdesk) may be using it: stop it, "
               "or choose another port and point the target there.")
                .arg(port)
                .arg(reason.isEmpty() ? tr("the port is not available") : reason);
        m_problem->setText(text);
        m_problem->show();
        Q_EMIT statusMessage(text);
        if (error)
            *error = text;
        updateState();
        return false;
    }
    m_problem->hide();
    QSettings().setValue(portKey, int(m_receiver->port()));
    updateState();
    Q_EMIT listeningChanged(true);
    Q_EMIT statusMessage(tr("Listening on %1").arg(m_receiver->url().toString()));
    return true;
}

void ListenView::stopListening()
{
    if (!isListening())
        return;
    m_receiver->close();
    updateState();
    Q_EMIT listeningChanged(false);
    Q_EMIT statusMessage(tr("Stopped listening."));
}

bool ListenView::isListening() const
{
    return m_receiver->isListening();
}

quint16 ListenView::listeningPort() const
{
    return isListening() ? m_receiver->port() : 0;
}

void ListenView::updateState()
{
    const bool listening = isListening();
    m_start->setText(listening ? tr("&Stop Listening") : tr("&Start Listening"));
    m_port->setEnabled(!listening);
    if (listening) {
        const QString url = m_receiver->url().toString();
        m_address->setText(m_model->rowCount() == 0
                               ? tr("Listening on %1 — waiting for the first delivery. Answers 200 {}.").arg(url)
                               : tr("Listening on %1 — %Ln received.", nullptr, m_model->rowCount()).arg(url));
    } else {
        m_address->setText(tr("Not listening. Start, then send a test delivery to a target whose endpoint is "
                              "http://127.0.0.1:%1/.")
                               .arg(m_port->value()));
    }
    m_clear->setEnabled(m_model->rowCount() > 0);
}

void ListenView::onReceived(const delivery::ReceivedDelivery &received)
{
    ListenedDelivery delivery;
    delivery.receivedAt = received.receivedAt.isValid() ? received.receivedAt : QDateTime::currentDateTimeUtc();
    delivery.peer = received.peer;
    delivery.path = QString::fromUtf8(received.path);
    delivery.capture = received.captureText();
    const quint64 id = m_model->append(std::move(delivery));
    // The newest is shown unless the user is looking at another one.
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || current.row() == m_model->rowCount() - 2)
        m_list->setCurrentIndex(m_model->index(m_model->rowCount() - 1, 0));
    updateState();
    inspectRow(id);
}

void ListenView::inspectRow(quint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    ListenedDelivery delivery = m_model->delivery(row);
    const inspect::InspectOptions options = m_optionsFor ? m_optionsFor(delivery) : inspect::InspectOptions{};
    // The signing key's source goes with the row (the detail view names it).
    m_model->setSigningKeySource(id, delivery.signingKeySource);
    auto *watcher = new QFutureWatcher<InspectionResult>(this);
    connect(watcher, &QFutureWatcher<InspectionResult>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        onResult(id, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(
        &m_pool, [capture = delivery.capture, options] { return InspectionRunner::run(capture, options); }));
}

void ListenView::onResult(quint64 id, const InspectionResult &result)
{
    m_model->setResult(id, result);
    if (id == m_shownId)
        showSelected();
    if (m_after)
        m_after(result, [this, id] { inspectRow(id); });
}

void ListenView::reinspectAll()
{
    for (const ListenedDelivery &delivery : m_model->deliveries())
        inspectRow(delivery.id);
}

void ListenView::showSelected()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid()) {
        m_shownId = 0;
        return;
    }
    const ListenedDelivery &delivery = m_model->delivery(current.row());
    m_shownId = delivery.id;
    if (!delivery.result) {
        m_detail->clear(tr("Inspecting the delivery to %1…").arg(delivery.path));
        return;
    }
    m_detail->showResult(*delivery.result, m_contextFor ? m_contextFor(delivery) : InspectionContext{});
}

void ListenView::refreshContext()
{
    const int row = m_model->rowOf(m_shownId);
    if (row < 0 || !m_model->delivery(row).result || !m_contextFor)
        return;
    m_detail->setContext(m_contextFor(m_model->delivery(row)));
}

} // namespace targetdesk::gui
