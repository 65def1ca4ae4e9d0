#pragma once

#include "api/apierror.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace targetdesk
{
class ApiCall;
} // namespace targetdesk

namespace targetdesk::gui
{

// One user action that talks to ZITADEL (or the keychain) on a widget's behalf, so widgets never call the API client
// themselves. The widget creates the command with itself as parent, connects to finished() (and progress()), and
// calls start(); the command reports through its own accessors, emits finished() exactly once (also when cancelled
// or failed) and deletes itself afterwards. A command may finish inside start() when there is nothing to wait for.
// Destroying it (e.g. with its parent) drops what is under way without emitting anything: the API client cancels
// the calls whose context it is and no longer calls back.
class Command : public QObject
{
    Q_OBJECT
public:
    explicit Command(QObject *parent = nullptr);
    ~Command() override;

    void start();
    // Stops what is under way; finished() still comes, with isCancelled() true.
    void cancel();

    bool isStarted() const { return m_started; }
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    // Why an API command failed (Kind::Cancelled when it was cancelled); empty when it succeeded.
    const std::optional<ApiError> &error() const { return m_error; }

Q_SIGNALS:
    // For long actions: `done` of `total` steps (e.g. targets deleted).
    void progress(int done, int total);
    void finished();

protected:
    virtual void doStart() = 0;
    // The default cancels the call given to track(); its callback then reports the cancellation.
    virtual void doCancel();
    // The API call under way, cancelled by cancel(). Pass the command itself as the call's context.
    void track(ApiCall *call);
    // Emits finished() once and schedules the deletion.
    void finish();
    // finish() with `error` as the reason.
    void fail(const ApiError &error);
    // For commands that ask first: the user said no, which counts as cancelled.
    void setCancelled() { m_cancelled = true; }

private:
    QPointer<ApiCall> m_call;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    std::optional<ApiError> m_error;
};

} // namespace targetdesk::gui
