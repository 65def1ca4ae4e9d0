#pragma once

// Running targetdesk-cli as a child process in end-to-end tests: the sandbox command, and one-shot commands with
// their exit code and output.

#include <QDeadlineTimer>
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

// Runs `program args` with `env`, stdin at end of input (never a terminal).
inline CliRun runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                         int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliRun r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    r.finished = p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit;
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
    bool start(const QStringList &args, QString *error)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(m_cli);
        m_process->setArguments(QStringList{QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0")} +
                                args);
        m_process->start();
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(m_cli, m_process->errorString());
            return false;
        }
        const bool wantToken = !args.contains(QStringLiteral("--token"));
        QDeadlineTimer deadline(20000);
        QStringList lines;
        while (!deadline.hasExpired() && (m_url.isEmpty() || (wantToken && m_token.isEmpty()))) {
            if (!m_process->canReadLine()) {
                if (m_process->state() == QProcess::NotRunning)
                    break;
                m_process->waitForReadyRead(100);
                continue;
            }
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            lines << line;
            if (line.startsWith(QLatin1String("listening on ")))
                m_url = line.mid(13);
            else if (line.startsWith(QLatin1String("token ")))
                m_token = line.mid(6);
        }
        if (m_url.isEmpty() || (wantToken && m_token.isEmpty())) {
            *error = QStringLiteral("the sandbox did not announce itself; stdout: %1 stderr: %2")
                         .arg(lines.join(QLatin1Char('|')), QString::fromUtf8(m_process->readAllStandardError()));
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

    QString url() const { return m_url; }
    QString token() const { return m_token; }

private:
    QString m_cli;
    std::unique_ptr<QProcess> m_process;
    QString m_url;
    QString m_token;
};

} // namespace targetdesk::test
