#pragma once

// A `targetdesk-cli receive` child process for end-to-end tests: started, its URL read from the "listening
// on" line on stderr, its JSON lines read from stdout one by one, stopped with a signal.

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <csignal>
#include <memory>
#include <optional>

#include <signal.h>

namespace targetdesk::test
{

class ReceiveProcess
{
public:
    explicit ReceiveProcess(const QString &cli) : m_cli(cli) {}
    ~ReceiveProcess()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    // Starts `receive --port PORT args` and waits for its "listening on" line.
    bool start(const QStringList &args, QString *error,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), quint16 port = 0)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(env);
        m_process->start(
            m_cli, QStringList{QStringLiteral("receive"), QStringLiteral("--port"), QString::number(port)} + args);
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(m_cli, m_process->errorString());
            return false;
        }
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && m_url.isEmpty() && m_process->state() != QProcess::NotRunning) {
            m_process->waitForReadyRead(50);
            m_err += m_process->readAllStandardError();
            const qsizetype at = m_err.indexOf("listening on ");
            const qsizetype end = at >= 0 ? m_err.indexOf('\n', at) : -1;
            if (end > 0)
                m_url = QUrl(QString::fromUtf8(m_err.mid(at + 13, end - at - 13)));
        }
        if (m_url.isEmpty()) {
            m_err += m_process->readAllStandardError();
            *error = QStringLiteral("receive did not announce itself (exit %1): %2")
                         .arg(m_process->exitCode())
                         .arg(QString::fromUtf8(m_err));
            return false;
        }
        return true;
    }

    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }

    // The next JSON line on stdout; nullopt when none came in time.
    std::optional<QJsonObject> nextLine(int timeoutMs = 15000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const qsizetype newline = m_out.indexOf('\n');
            if (newline >= 0) {
                const QByteArray line = m_out.left(newline);
                m_out.remove(0, newline + 1);
                m_lines << QString::fromUtf8(line);
                return QJsonDocument::fromJson(line).object();
            }
            if (deadline.hasExpired() || m_process->state() == QProcess::NotRunning) {
                m_out += m_process->readAllStandardOutput();
                if (m_out.contains('\n'))
                    continue;
                return std::nullopt;
            }
            m_process->waitForReadyRead(50);
            m_out += m_process->readAllStandardOutput();
            m_err += m_process->readAllStandardError();
        }
    }

    // Sends `signal` and waits for the exit; the exit code, or -1 when it did not end normally in time.
    int stop(int signal = SIGTERM, int timeoutMs = 10000)
    {
        ::kill(pid_t(m_process->processId()), signal);
        if (!m_process->waitForFinished(timeoutMs) || m_process->exitStatus() != QProcess::NormalExit)
            return -1;
        m_out += m_process->readAllStandardOutput();
        m_err += m_process->readAllStandardError();
        return m_process->exitCode();
    }

    // Everything on stderr so far, and the stdout not yet taken by nextLine().
    QString err()
    {
        if (m_process)
            m_err += m_process->readAllStandardError();
        return QString::fromUtf8(m_err);
    }
    QString remainingOut()
    {
        if (m_process)
            m_out += m_process->readAllStandardOutput();
        return QString::fromUtf8(m_out);
    }
    QStringList linesRead() const { return m_lines; }

private:
    QString m_cli;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QByteArray m_out;
    QByteArray m_err;
    QStringList m_lines;
};

} // namespace targetdesk::test
