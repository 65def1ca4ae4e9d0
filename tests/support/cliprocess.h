#pragma once

// Running targetdesk-cli as a child process in end-to-end tests: the sandbox command, and one-shot commands with
// their exit code and output.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

namespace targetdesk::test
{

struct CliRun {
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;

    QString describe() const
    {
        return QStringLiteral("exit %1\n--- stdout ---\n%2\n--- stderr ---\n%3").arg(exitCode).arg(out, err);
    }
    // stdout as a JSON object; empty when it is not one.
    QJsonObject json() const
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(out.toUtf8(), &error);
        return error.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject();
    }
};

struct RunOptions {
    int timeoutMs = 60000;
    // Written to stdin before it is closed (stdin is never a terminal).
    QByteArray input = {};
    // Keep this thread's event loop running while the child runs: for tests whose child talks to a server that
    // lives in the test process (an in-process sandbox, a JWKS server).
    bool processEvents = false;
};

// Runs `program args` with `env`; stdin gets `options.input`, then end of input.
inline CliRun runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                         const RunOptions &options = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliRun r;
    if (!p.waitForStarted(10000))
        return r;
    if (!options.input.isEmpty())
        p.write(options.input);
    p.closeWriteChannel();
    if (options.processEvents) {
        QDeadlineTimer deadline(options.timeoutMs);
        while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
        r.finished = p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit;
    } else {
        r.finished = p.waitForFinished(options.timeoutMs) && p.exitStatus() == QProcess::NormalExit;
    }
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A `targetdesk-cli sandbox --port 0` child process; stopped when the object goes away.
class SandboxProcess
{
public:
    explicit SandboxProcess(const QString &cli) : m_cli(cli) {}
    ~SandboxProcess() { stop(); }

    // Starts it and waits for the "listening on" line (and, without --token, the "token" line).
    bool start(const QStringList &args, QString *error,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(env);
        m_process->setProgram(m_cli);
        m_process->setArguments(QStringList{QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0")} +
                                args);
        m_process->start();
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(m_cli, m_process->errorString());
            return false;
        }
        const bool wantToken =
            !args.contains(QStringLiteral("--token")) && !env.contains(QStringLiteral("TARGETDESK_SANDBOX_TOKEN"));
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && (m_url.isEmpty() || (wantToken && m_token.isEmpty()))) {
            if (!m_process->canReadLine()) {
                if (m_process->state() == QProcess::NotRunning)
                    break;
                m_process->waitForReadyRead(100);
                continue;
            }
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            m_lines << line;
            if (line.startsWith(QLatin1String("listening on ")))
                m_url = line.mid(13);
            else if (line.startsWith(QLatin1String("token ")))
                m_token = line.mid(6);
        }
        if (m_url.isEmpty() || (wantToken && m_token.isEmpty())) {
            *error = QStringLiteral("the sandbox did not announce itself; stdout: %1 stderr: %2")
                         .arg(m_lines.join(QLatin1Char('|')), QString::fromUtf8(m_process->readAllStandardError()));
            return false;
        }
        return true;
    }

    void stop()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    QProcess *process() const { return m_process.get(); }
    QString url() const { return m_url; }
    QString token() const { return m_token; }
    // What it printed on stdout up to its announcement.
    QStringList lines() const { return m_lines; }

private:
    QString m_cli;
    std::unique_ptr<QProcess> m_process;
    QString m_url;
    QString m_token;
    QStringList m_lines;
};

} // namespace targetdesk::test
