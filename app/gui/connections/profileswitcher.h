#pragma once

#include "connections/connectioninfo.h"

#include "profiles/profile.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QToolButton;

namespace targetdesk
{
class ZitadelClient;
namespace profiles
{
class ProfileStore;
}
} // namespace targetdesk

namespace targetdesk::gui
{

// The connection the window acts on: a combo of the saved profiles and the built-in sandbox, next to a coloured
// badge with the profile's name (so production is never mistaken for staging) and a warning when the profile allows
// plain http. Switching runs a SwitchConnectionCommand, which loads the profile's secret from the keychain and
// re-points the window's client. The store and the client are not owned and must outlive the switcher.
class ProfileSwitcher : public QWidget
{
    Q_OBJECT
public:
    // `sandbox` is the local sandbox the window started with; without one (started with --instance) the built-in
    // entry is off and the first entry is the command line's `initial` connection.
    ProfileSwitcher(profiles::ProfileStore *store, ZitadelClient *client, const ConnectionInfo &initial,
                    QWidget *parent = nullptr);

    // Asked before switching away (unsaved edits); false keeps the current profile.
    void setLeaveGuard(std::function<bool()> guard) { m_guard = std::move(guard); }

    [[nodiscard]] const profiles::Profile &current() const { return m_current; }
    // "Staging (https://...)": what the window title shows.
    [[nodiscard]] QString displayName() const;
    QComboBox *combo() const { return m_combo; }
    QLabel *marker() const { return m_marker; }
    QLabel *insecureWarning() const { return m_insecure; }
    QToolButton *manageButton() const { return m_manage; }

    // Switches to the profile `id` (as if chosen in the combo, without the guard).
    void switchTo(const QString &id);

    // The local sandbox starts on first use: switching to it while the window's sandbox connection has no address
    // yet asks for it with sandboxNeeded() and waits for sandboxReady() (true: a waiting switch completes with it)
    // or sandboxFailed().
    bool sandboxReady(const ConnectionInfo &sandbox);
    void sandboxFailed(const QString &message);

Q_SIGNALS:
    // The client now talks to `profile`'s instance.
    void switched(const targetdesk::profiles::Profile &profile);
    // The profile could not be used (missing secret, locked keychain, bad certificate); the previous one stays.
    void switchFailed(const QString &message);
    void manageRequested();
    void sandboxNeeded();

private:
    void reload();
    void onActivated(int index);
    void apply(const profiles::Profile &profile);
    void updateMarker();
    void selectCurrent();

    profiles::ProfileStore *m_store;
    ZitadelClient *m_client;
    ConnectionInfo m_initial;
    QString m_waitingForSandbox; // the id of the sandbox profile a switch waits for
    profiles::Profile m_current;
    std::function<bool()> m_guard;
    QComboBox *m_combo;
    QLabel *m_marker;
    QLabel *m_insecure;
    QToolButton *m_manage;
    int m_switching = 0; // a keychain read is under way
};

} // namespace targetdesk::gui
