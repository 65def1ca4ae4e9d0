#pragma once

#include <QHash>
#include <QTimer>
#include <QWidget>

class QAction;
class QMenu;
class QLineEdit;
class QSettings;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace targetdesk
{
class TargetFilterProxyModel;
class TargetListModel;
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

class ActiveKeyFetcher;
class NoticeBar;
class StatePanel;
class TargetListLoader;

// The target list of one instance: search field, table, and the loading / error / empty states around it.
// It owns the model, the sort-and-search proxy, the loader and the fetcher of key summaries; its actions (Refresh,
// Find) are placed in menus by the main window.
//
// Sorting: columns ZITADEL can sort by (name, type, endpoint, timeout, interrupt on error, created, changed) are
// also requested in that order from the server, so the first page holds the top rows and later pages extend the
// list below what is already on screen. The proxy sorts locally as well (the same order, instantly, and the only
// order for payload type and active key). Changing the sort of a fully loaded list costs no request; changing it
// while pages are still arriving starts the load over in the new order, keeping the rows already shown.
class TargetListPanel : public QWidget
{
    Q_OBJECT
public:
    enum class State {
        Loading, // nothing to show yet, the first page is on its way
        Error,   // nothing to show, the last load failed
        Empty,   // the instance has no targets
        NoMatch, // targets exist but the search hides all of them
        List,    // the table (possibly still receiving pages, possibly with a failed-refresh notice)
    };
    Q_ENUM(State)

    explicit TargetListPanel(ZitadelClient *client, QWidget *parent = nullptr);
    ~TargetListPanel() override;

    State state() const { return m_state; }
    bool isLoading() const;
    int shownCount() const;
    int totalCount() const;
    // "42 targets" or "Showing 3 of 42 targets".
    QString countText() const;

    TargetListModel *model() const { return m_model; }
    TargetFilterProxyModel *proxy() const { return m_proxy; }
    TargetListLoader *loader() const { return m_loader; }
    ActiveKeyFetcher *keyFetcher() const { return m_keyFetcher; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QAction *refreshAction() const { return m_refreshAction; }
    QAction *findAction() const { return m_findAction; }
    // Show or hide columns; also the header's context menu. Hidden columns are remembered with the header state.
    QMenu *columnsMenu() const { return m_columnsMenu; }

    // Target ids of the selected rows, in view order.
    QStringList selectedIds() const;
    // Selects exactly this target (clearing the search if it hides the row) and scrolls to it.
    void selectTarget(const QString &id);

    // Column widths, order and sort order.
    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

public Q_SLOTS:
    void refresh();
    void focusSearch();
    void clearSearch();

Q_SIGNALS:
    void stateChanged(targetdesk::gui::TargetListPanel::State state);
    void countsChanged(int shown, int total);
    void loadingChanged(bool loading);
    // While loading: how many targets have arrived of how many the server reported (0 before the first page).
    void loadProgress(quint64 loaded, quint64 total);
    void selectionChanged();
    // A context menu was asked for at this global position (mouse or keyboard).
    void contextMenuRequested(const QPoint &globalPos);
    // The empty page's button: the owner opens a new-target form.
    void createRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void setUpView();
    void applyDefaultColumnWidths();
    void fitEndpointColumn();
    void updateState();
    void onStateAction();
    void onLoadFailed();
    void onSortChanged(int column, Qt::SortOrder order);
    void scheduleKeyFetch();
    void fetchVisibleKeys();

    TargetListModel *m_model;
    TargetFilterProxyModel *m_proxy;
    TargetListLoader *m_loader;
    ActiveKeyFetcher *m_keyFetcher;
    QTimer m_keyFetchTimer;
    QLineEdit *m_search;
    QToolButton *m_refreshButton;
    NoticeBar *m_notice;
    QStackedWidget *m_stack;
    QTableView *m_view;
    StatePanel *m_statePanel;
    QAction *m_refreshAction;
    QAction *m_findAction;
    QMenu *m_columnsMenu;
    State m_state = State::Loading;
    // Until first shown: give the endpoint the width left over, unless saved widths were restored.
    bool m_fitColumnsPending = true;
    // The endpoint column takes the width left over until the user sizes a column or saved widths were restored.
    bool m_autoFitEndpoint = true;
    bool m_fittingColumns = false;
    QHash<int, int> m_defaultWidths;
};

} // namespace targetdesk::gui
