#pragma once

#include "api/auth/connectiontest.h"
#include "commands/command.h"
#include "profiles/profile.h"
#include "profiles/profilesecrets.h"

#include <QPointer>

#include <memory>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// "Test connection" of a profile being edited, with the secret typed or read from the keychain: runs the checks of
// auth::ConnectionTest with a client of its own (owned), made from the profile as it stands in the form.
class TestConnectionCommand : public Command
{
    Q_OBJECT
public:
    TestConnectionCommand(const profiles::Profile &profile, const profiles::ProfileSecrets &secrets,
                          QObject *parent = nullptr);
    ~TestConnectionCommand() override;

    // False when no client can be made from the profile (see errorMessage()); then start() does nothing.
    bool isReady() const { return m_probe != nullptr; }
    QString errorMessage() const { return m_errorMessage; }
    // So far, and complete after finished(). Cancelling finishes with the checks left undone.
    const auth::ConnectionReport &report() const { return m_report; }

Q_SIGNALS:
    // After each check, for progress display.
    void reportChanged(const targetdesk::auth::ConnectionReport &report);

protected:
    void doStart() override;
    void doCancel() override;

private:
    std::unique_ptr<ZitadelClient> m_probe;
    QPointer<auth::ConnectionTest> m_test;
    auth::ConnectionReport m_report;
    QString m_errorMessage;
};

} // namespace targetdesk::gui
