#pragma once

// The targets screen under test: a started sandbox, the main window on it with a fake confirmer, and the look-ups the
// target list, editor and shell tests share (rows by target id, targets as the sandbox holds them).

#include "fakeconfirmer.h"

#include "connections/connectioninfo.h"
#include "model/targetlistmodel.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "targets/targeteditor.h"
#include "targets/targetlistpanel.h"
#include "targets/targetworkspace.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTableView>
#include <QTest>

#include <memory>

namespace targetdesk::test
{

constexpr int loadTimeoutMs = 20'000;

// A started sandbox with a read-write token.
struct Instance {
    sandbox::Sandbox sandbox;
    QString token;

    Instance()
    {
        QString error;
        if (!sandbox.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("sandbox did not start: %s", qPrintable(error));
        token = sandbox.generateToken(sandbox::Role::ReadWrite);
        // The tests create targets pointing at loopback receivers.
        sandbox.setAllowPrivateEndpoints(true);
    }
    gui::ConnectionInfo connection() const { return gui::ConnectionInfo::sandbox(sandbox.url(), token); }
    int targetCount() const { return int(sandbox.snapshot().value(QLatin1String("targets")).toArray().size()); }
};

inline bool waitForLoaded(gui::MainWindow &w)
{
    gui::TargetListPanel *panel = w.targetList();
    return QTest::qWaitFor(
        [panel] { return !panel->isLoading() && panel->state() != gui::TargetListPanel::State::Loading; },
        loadTimeoutMs);
}

inline QJsonArray snapshotTargets(const sandbox::Sandbox &s)
{
    return s.snapshot().value(QLatin1String("targets")).toArray();
}

// The target named `name` as the sandbox holds it; an empty object when there is none.
inline QJsonObject serverTarget(const sandbox::Sandbox &s, const QString &name)
{
    for (const QJsonValue &v : snapshotTargets(s)) {
        if (v.toObject().value(QLatin1String("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

inline QString serverId(const sandbox::Sandbox &s, const QString &name)
{
    return serverTarget(s, name).value(QLatin1String("id")).toString();
}

// Clicks the row of a target (by id) in the table, with optional modifiers.
inline bool clickRow(gui::MainWindow &w, const QString &id, Qt::KeyboardModifiers modifiers = {})
{
    QTableView *table = w.targetList()->view();
    const int row = w.targetList()->proxy()->rowOfId(id);
    if (row < 0)
        return false;
    const QModelIndex index = table->model()->index(row, TargetListModel::NameColumn);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, table->visualRect(index).center());
    return true;
}

// A window on a started sandbox with a fake confirmer; open() shows it.
struct Session {
    Instance instance;
    FakeConfirmer confirmer;
    std::unique_ptr<gui::MainWindow> window;

    void open()
    {
        window = std::make_unique<gui::MainWindow>(instance.connection());
        window->setConfirmer(&confirmer);
        window->show();
    }
    gui::TargetEditor *editor() const { return window->workspace()->editor(); }
    gui::TargetWorkspace *workspace() const { return window->workspace(); }
};

} // namespace targetdesk::test
