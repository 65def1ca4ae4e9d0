#pragma once

#include "inspector/inspectionrunner.h"
#include "inspector/inspectionview.h"
#include "inspector/listenmodel.h"

#include <QThreadPool>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableView;

namespace targetdesk::delivery
{
class Receiver;
struct ReceivedDelivery;
} // namespace targetdesk::delivery

namespace targetdesk::gui
{

// The port Listen mode offers first (and the built-in sandbox's "local-receiver" target points at).
inline constexpr quint16 defaultListenPort = 8790;

// The inspector's Listen mode: a small HTTP server on 127.0.0.1 that accepts deliveries, lists them as they arrive
// (newest last, at most ListenModel::defaultMaxRows) with their outcome, and shows the selected one in the usual
// detail view. Each delivery is inspected on a worker thread with the options the window gives for it (keys, JWKS,
// the signing key of the target the delivery was meant for). The server answers every delivery 200 {}.
class ListenView : public QWidget
{
    Q_OBJECT
public:
    // The options one delivery is inspected with; may set `signingKeySource` of the delivery.
    using OptionsFor = std::function<inspect::InspectOptions(ListenedDelivery &delivery)>;
    // Called with each result: returns true when it started something (e.g. loading the vault key of the JWE kid)
    // after which the delivery should be inspected again; it calls `again` then.
    using AfterInspection = std::function<bool(const InspectionResult &result, std::function<void()> again)>;
    using ContextFor = std::function<InspectionContext(const ListenedDelivery &delivery)>;

    explicit ListenView(QWidget *parent = nullptr);
    ~ListenView() override;

    void setOptionsFor(OptionsFor options) { m_optionsFor = std::move(options); }
    void setAfterInspection(AfterInspection after) { m_after = std::move(after); }
    void setContextFor(ContextFor context) { m_contextFor = std::move(context); }

    // Starts listening on 127.0.0.1:`port`; false (and the reason shown and in *error) when it cannot.
    bool startListening(quint16 port, QString *error = nullptr);
    void stopListening();
    bool isListening() const;
    // The port listened on (0: not listening).
    quint16 listeningPort() const;
    // The port chosen last (settings), else defaultListenPort.
    static quint16 savedPort();

    // Inspects every listed delivery again (keys, JWKS or the signing key changed).
    void reinspectAll();
    // The detail view shows this context for its delivery again (lookups finished).
    void refreshContext();

    ListenModel *model() const { return m_model; }
    QSpinBox *portField() const { return m_port; }
    QPushButton *startButton() const { return m_start; }
    QLabel *addressLabel() const { return m_address; }
    QLabel *problemLabel() const { return m_problem; }
    QPushButton *clearButton() const { return m_clear; }
    QTableView *list() const { return m_list; }
    InspectionView *detailView() const { return m_detail; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void listeningChanged(bool listening);
    void statusMessage(const QString &text);

private:
    void onReceived(const delivery::ReceivedDelivery &received);
    void inspectRow(quint64 id);
    void onResult(quint64 id, const InspectionResult &result);
    void showSelected();
    void updateState();

    delivery::Receiver *m_receiver;
    ListenModel *m_model;
    QThreadPool m_pool;
    OptionsFor m_optionsFor;
    AfterInspection m_after;
    ContextFor m_contextFor;
    quint64 m_shownId = 0;

    QSpinBox *m_port;
    QPushButton *m_start;
    QLabel *m_address;
    QLabel *m_problem;
    QPushButton *m_clear;
    QTableView *m_list;
    InspectionView *m_detail;
    QSplitter *m_splitter;
};

} // namespace targetdesk::gui
