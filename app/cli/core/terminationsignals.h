#pragma once

#include <QObject>
#include <QString>

class QSocketNotifier;

namespace targetdesk::cli
{

// SIGINT and SIGTERM as a Qt signal, for commands that serve until stopped (sandbox, receive). A self-pipe: the
// handler may only call async-signal-safe functions, so it writes one byte and the event loop does the rest. One
// instance at a time; the destructor restores the default handlers.
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

    // Installs the handlers; false with `error` set when the pipe cannot be made.
    bool install(QString *error);

Q_SIGNALS:
    void received();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace targetdesk::cli
