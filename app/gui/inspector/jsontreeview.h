#pragma once

#include "model/jsontreemodel.h"

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace targetdesk::gui
{

class SecretClipboard;

// A JSON document as a tree with a search field (filters to the matching keys and values and marks them) and copy
// of a value or a whole subtree (context menu, Ctrl+C).
class JsonTreeView : public QWidget
{
    Q_OBJECT
public:
    explicit JsonTreeView(QWidget *parent = nullptr);

    void setTree(JsonTreePtr tree);
    void setPlaceholder(const QString &text);

    JsonTreeModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *searchField() const { return m_search; }
    QAction *copyAction() const { return m_copyAction; }
    QAction *copyPathAction() const { return m_copyPathAction; }
    // Decrypted payloads may hold secrets (event payloads, tokens): values are copied like the signing key, with the
    // password-manager hint and cleared after a delay.
    SecretClipboard *secretClipboard() const { return m_clipboard; }

    // What Copy puts on the clipboard for the current row (the value, or the subtree as indented JSON).
    QString currentCopyText() const;
    // Selects the row with this path (JsonTreeModel::path()); false when the search hides it or it does not exist.
    bool selectPath(const QString &path);

public Q_SLOTS:
    void copyCurrent();
    void copyCurrentPath();

Q_SIGNALS:
    // For the status bar: what was copied, in words.
    void copied(const QString &description);

private:
    void applySearch();
    void expandSensibly();
    void updateState();
    void showContextMenu(const QPoint &pos);

    JsonTreeModel *m_model;
    SecretClipboard *m_clipboard;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QLabel *m_matches;
    QTreeView *m_tree;
    QLabel *m_placeholder;
    QAction *m_copyAction;
    QAction *m_copyPathAction;
    QAction *m_expandAction;
    QAction *m_collapseAction;
    QString m_placeholderText;
};

} // namespace targetdesk::gui
