#include "commands.h"
#include "core/command.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/helptext.h"
#include "inspect/deliverychecks.h"

#include "crypto/jwe.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

#include <QCoreApplication>
#include <QFile>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace targetdesk::cli
{

// `targetdesk-cli inspect`: decrypts and verifies what ZITADEL sent to a target. prepare() reads the options, the
// secrets (environment only), the key files, a --jwks file and (one input) the input; start() fetches a --jwks URL
// and loads vault keys asynchronously, then inspects and ends the event loop with the exit code: 0, 2, 3, 4, 5 (the
// inspector's classes; with --bulk the highest of all lines), 6 or 7 for a --jwks URL that failed.
class InspectCommand : public Command
{
public:
    explicit InspectCommand(const CommandLine &commandLine);
    ~InspectCommand() override;

    // Written out: inspect shares option names with other commands but not their meaning.
    QString help() const override;
    std::optional<int> prepare() override;
    void start() override;

private:
    std::optional<int> prepareInput();

    void run(std::optional<int> failure);
    int inspectOne();
    int inspectBulk();

    bool m_bulk = false;
    QString m_inputPath; // "-": standard input
    QByteArray m_input;  // one input (not --bulk)
    DeliveryChecks *m_checks = nullptr;
};

namespace
{

using inspect::Check;
using inspect::KeyCandidate;
using inspect::Report;

// --bulk: lines go to the workers in batches (handing over each line alone meant a task, a future and a thread
// wake-up per line, which weighs next to a P-256 decryption of about 60 µs), at most kBatchesPerThread batches per
// worker thread and kMaxBytesInFlight bytes in flight, so huge files stream in bounded memory. A batch is also sent
// when the input has nothing more ready, so piped input is answered as it comes.
constexpr int kBatchLines = 32;
constexpr int kBatchesPerThread = 4;
constexpr qsizetype kMaxBytesInFlight = 64 * 1024 * 1024;

ssize_t readSome(int fd, char *buffer, size_t size)
{
    for (;;) {
#ifdef Q_OS_WIN
        const ssize_t n = ::_read(fd, buffer, unsigned(size));
#else
        const ssize_t n = ::read(fd, buffer, size);
#endif
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

// Reads up to maxSize + 1 bytes (one more tells "too large"); nullopt with error on a read failure.
std::optional<QByteArray> readAllCapped(int fd, qsizetype maxSize, QString *error)
{
    QByteArray data;
    char chunk[65536];
    while (data.size() <= maxSize) {
        const ssize_t n = readSome(fd, chunk, sizeof chunk);
        if (n < 0) {
            *error = QString::fromLocal8Bit(std::strerror(errno));
            return std::nullopt;
        }
        if (n == 0)
            break;
        data.append(chunk, qsizetype(n));
    }
    return data;
}

// Lines from a file descriptor with plain read(2): it returns what a pipe has, so lines flow as they arrive (QFile
// on a descriptor waits to fill its whole buffer). A line longer than maxLine is skipped and reported, never held.
class LineReader
{
public:
    struct Line {
        QByteArray text;
        bool tooLong = false;
    };

    LineReader(int fd, qsizetype maxLine) : m_fd(fd), m_maxLine(maxLine) {}

    std::optional<Line> next()
    {
        bool discarding = false;
        for (;;) {
            const qsizetype newline = m_buffer.indexOf('\n', m_scan);
            if (newline >= 0) {
                Line line;
                line.tooLong = discarding || newline - m_start > m_maxLine;
                if (!line.tooLong)
                    line.text = m_buffer.mid(m_start, newline - m_start);
                m_start = m_scan = newline + 1;
                return line;
            }
            if (m_buffer.size() - m_start > m_maxLine) {
                discarding = true;
                m_buffer.clear();
                m_start = m_scan = 0;
            } else {
                m_scan = m_buffer.size();
            }
            if (m_eof) {
                if (m_start >= m_buffer.size() && !discarding)
                    return std::nullopt;
                Line line;
                line.tooLong = discarding;
                if (!discarding)
                    line.text = m_buffer.mid(m_start);
                m_buffer.clear();
                m_start = m_scan = 0;
                return line;
            }
            fill();
        }
    }

    QString error() const { return m_error; }

    // True when next() can answer without reading (a whole line is buffered, or the input has ended): false means
    // it may wait for the input.
    bool lineReady() const { return m_eof || m_buffer.indexOf('\n', m_scan) >= 0; }

private:
    void fill()
    {
        // Drop what was handed out before the buffer grows.
        if (m_start > 0) {
            m_buffer.remove(0, m_start);
            m_scan -= m_start;
            m_start = 0;
        }
        char chunk[65536];
        const ssize_t n = readSome(m_fd, chunk, sizeof chunk);
        if (n < 0) {
            m_error = QString::fromLocal8Bit(std::strerror(errno));
            m_eof = true;
        } else if (n == 0) {
            m_eof = true;
        } else {
            m_buffer.append(chunk, qsizetype(n));
        }
    }

    int m_fd;
    qsizetype m_maxLine;
    QByteArray m_buffer;
    qsizetype m_start = 0; // first byte not handed out yet
    qsizetype m_scan = 0;  // searched for '\n' up to here
    bool m_eof = false;
    QString m_error;
};

QString checkName(Check::Kind kind)
{
    switch (kind) {
    case Check::Kind::Decryption:
        return QStringLiteral("decryption");
    case Check::Kind::Signature:
        return QStringLiteral("JWT signature");
    case Check::Kind::WebhookSignature:
        return QStringLiteral("ZITADEL-Signature");
    }
    return {};
}

bool hasJwtLayer(const Report &report)
{
    return std::any_of(report.layers.cbegin(), report.layers.cend(),
                       [](const inspect::Layer &layer) { return layer.kind == inspect::Layer::Kind::Jws; });
}

QJsonValue payloadValue(const Report &report)
{
    if (!report.payloadReached)
        return QJsonValue(QJsonValue::Null);
    return report.payloadJson.isUndefined() ? QJsonValue(QString::fromUtf8(report.payload)) : report.payloadJson;
}

// The kid of a compact JWE body, for the vault; empty for anything else.
QString jweKid(const QByteArray &input)
{
    const inspect::Capture capture = inspect::parseCapture(input);
    if (!capture.ok())
        return {};
    const QByteArray body = capture.body.trimmed();
    if (body.count('.') != 4)
        return {};
    const crypto::JoseResult<crypto::Jwe> jwe = crypto::Jwe::parse(body);
    return jwe ? jwe->kid() : QString();
}

// Control characters of a payload that is not JSON, made harmless for a terminal.
QByteArray printable(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f)
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

bool stdoutIsTerminal()
{
#ifdef Q_OS_WIN
    return ::_isatty(1) != 0;
#else
    return ::isatty(STDOUT_FILENO) == 1;
#endif
}

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

// One result line of --bulk: "line" first, so a reader can find its input at a glance.
struct LineResult {
    QByteArray text;
    int exit = 0;
    bool unverified = false; // a JWT whose signature was not checked
};

QByteArray withLine(qint64 number, const QJsonObject &rest)
{
    const QByteArray body = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    QByteArray out = QByteArrayLiteral("{\"line\":");
    out += QByteArray::number(number);
    if (body.size() > 2) {
        out += ',';
        out += QByteArrayView(body).sliced(1);
    } else {
        out += '}';
    }
    return out;
}

LineResult inspectLine(qint64 number, const QByteArray &input, const inspect::InspectOptions &options, bool full)
{
    const Report report = inspect::inspectDelivery(input, options);
    LineResult result;
    result.exit = report.exitCode();
    result.unverified = report.ok() && hasJwtLayer(report) && !report.signatureVerified;
    if (full) {
        result.text = withLine(number, report.toJson());
    } else if (report.ok()) {
        QJsonObject object{{QStringLiteral("ok"), true}, {QStringLiteral("payload"), payloadValue(report)}};
        if (hasJwtLayer(report))
            object.insert(QStringLiteral("verified"), report.signatureVerified);
        result.text = withLine(number, object);
    } else {
        result.text = withLine(number, QJsonObject{{QStringLiteral("ok"), false},
                                                   {QStringLiteral("error"), report.error},
                                                   {QStringLiteral("exit"), report.exitCode()}});
    }
    return result;
}

LineResult tooLongLine(qint64 number)
{
    const QString message = QCoreApplication::translate("targetdesk-cli", "The line is longer than %1 MiB; not read.")
                                .arg(inspect::maxCaptureSize / (1024 * 1024));
    LineResult result;
    result.exit = int(inspect::ExitClass::Malformed);
    result.text = withLine(number, QJsonObject{{QStringLiteral("ok"), false},
                                               {QStringLiteral("error"), message},
                                               {QStringLiteral("exit"), result.exit}});
    return result;
}

} // namespace

InspectCommand::InspectCommand(const CommandLine &commandLine)
    : Command(commandLine,
              {.usage = "inspect [--key PRIVATE.pem]... [--vault] [--jwks FILE|URL] [--signing-key-env VAR]\n"
                        "                              [--passphrase-env VAR] [--signature-tolerance SECONDS|any] "
                        "[--json] [--bulk]\n"
                        "                              [FILE|-]",
               .summary = QT_TRANSLATE_NOOP(
                   "targetdesk-cli",
                   "Decrypt and verify a payload ZITADEL sent to a target (a JWE, JWT, JSON body or captured "
                   "request)."),
               // help() writes these out: several names mean something else here than in the keys commands.
               .options = DeliveryChecks::optionDeclarations() +
                          QList<Option>{
                              {"bulk", nullptr,
                               QT_TRANSLATE_NOOP("targetdesk-cli", "One input per line, one JSON result per line.")}},
               .arguments = {0, 1, " [FILE|-]", ""},
               .globalOptions = JsonOption | RequestTimeoutOption})
{
}

// `inspect` shares option names with other commands but not their meaning, so its help is written out.
QString InspectCommand::help() const
{
    using helptext::optionLine;
    using helptext::wrapped;
    QString text = helptext::usageHeader(declaration());
    text += QCoreApplication::translate(
        "targetdesk-cli", "\nReads FILE, or standard input for - (or when input is piped). The form is detected: a "
                          "compact JWE or JWT,\na JSON body, a raw HTTP request as captured (the ZITADEL-Signature "
                          "header is taken from it)\nor {\"headers\":{...},\"body\":\"...\"}.\n");
    text += QCoreApplication::translate("targetdesk-cli", "\nOptions:\n");
    text += DeliveryChecks::optionHelp();
    text +=
        optionLine(QStringLiteral("--json"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Print the whole report (layers, headers, checks) as JSON, with the payload "
                                         "under \"payload\".")));
    text += optionLine(QStringLiteral("--bulk"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "One input per line (a token or {\"headers\":{...},\"body\":\"...\"}); "
                                             "prints one JSON result per line, in input order, using every core.")));
    text += optionLine(QStringLiteral("-h, --help"),
                       wrapped(QCoreApplication::translate("targetdesk-cli", "Show this help and exit.")));
    text += QCoreApplication::translate(
        "targetdesk-cli",
        "\nOutput: the innermost payload on stdout (pretty-printed when it is JSON); what was checked and how, on\n"
        "stderr. When a check fails the payload is only shown with --json. With --bulk each line is\n"
        "{\"line\":N,\"ok\":true,\"payload\":...} or {\"line\":N,\"ok\":false,\"error\":\"...\",\"exit\":K} "
        "(with --json: the\nwhole report and \"line\").\n"
        "\nSecrets are taken from the environment only and never printed.\n"
        "\nEnvironment:\n"
        "  TARGETDESK_DATA_DIR          Where the vault index lives (default: the user's data directory).\n"
        "\nExit codes: 0 success (a JWT without --jwks counts, it is reported unverified), 2 usage error or an\n"
        "unusable --key / --jwks file, 3 malformed input, 4 cannot decrypt (refused algorithm, no fitting key,\n"
        "wrong key, integrity failure), 5 a signature was checked and is not valid (inner JWT, ZITADEL-Signature),\n"
        "6 the --jwks server answered with an error, 7 network or TLS failure fetching --jwks (or not a JWKS).\n"
        "With --bulk: the highest exit code of all lines.\n");
    return text;
}

InspectCommand::~InspectCommand() = default;

std::optional<int> InspectCommand::prepare()
{
    m_bulk = commandLine().isSet(QStringLiteral("bulk"));
    m_checks = new DeliveryChecks(this);
    if (const auto code = m_checks->prepare(commandLine()))
        return code;
    return prepareInput();
}

std::optional<int> InspectCommand::prepareInput()
{
    m_inputPath = commandLine().arguments().value(0);
    if (m_inputPath.isEmpty()) {
        if (console::stdinIsTerminal())
            return usage(QCoreApplication::translate(
                "targetdesk-cli", "no input: give a FILE, or - to read standard input (see targetdesk-cli "
                                  "inspect --help)"));
        m_inputPath = QStringLiteral("-");
    }
    if (m_inputPath != QLatin1String("-")) {
        QFile probe(m_inputPath);
        if (!probe.open(QIODevice::ReadOnly))
            return usage(QCoreApplication::translate("targetdesk-cli", "cannot read %1: %2")
                             .arg(m_inputPath, probe.errorString()));
    }
    if (m_bulk)
        return std::nullopt; // streamed in inspectBulk()

    QFile file(m_inputPath);
    const bool opened =
        m_inputPath == QLatin1String("-") ? file.open(0, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
    if (!opened)
        return usage(
            QCoreApplication::translate("targetdesk-cli", "cannot read %1: %2").arg(m_inputPath, file.errorString()));
    QString error;
    const auto data = readAllCapped(file.handle(), inspect::maxCaptureSize, &error);
    if (!data)
        return usage(QCoreApplication::translate("targetdesk-cli", "cannot read %1: %2").arg(m_inputPath, error));
    if (data->size() > inspect::maxCaptureSize) {
        console::error(QCoreApplication::translate(
                           "targetdesk-cli",
                           "the input is larger than %1 MiB; not a capture of one delivery (use --bulk for "
                           "a file with one input per line)")
                           .arg(inspect::maxCaptureSize / (1024 * 1024)));
        return int(inspect::ExitClass::Malformed);
    }
    m_input = *data;
    return std::nullopt;
}

void InspectCommand::start()
{
    // --bulk: the kids of a stream are not known up front, so every vault key with a key id is loaded.
    DeliveryChecks::VaultKeys which = DeliveryChecks::VaultKeys::Every;
    QString kid;
    if (!m_bulk && m_checks->usesVault()) {
        kid = jweKid(m_input);
        which = DeliveryChecks::VaultKeys::WithKeyId;
        if (kid.isEmpty()) {
            which = DeliveryChecks::VaultKeys::None;
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "note: --vault: the input is not a JWE with a key id; the vault is not "
                                  "used\n"));
        }
    }
    m_checks->load(which, kid, [this](std::optional<int> failure) { run(failure); });
}

void InspectCommand::run(std::optional<int> failure)
{
    if (failure) {
        finish(*failure);
        return;
    }
    finish(m_bulk ? inspectBulk() : inspectOne());
}

int InspectCommand::inspectOne()
{
    const Report report = inspect::inspectDelivery(m_input, m_checks->options());
    if (json()) {
        console::out(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)));
        if (!report.ok())
            console::error(report.error);
        return report.exitCode();
    }

    const bool hadHeaders =
        report.form == inspect::Capture::Form::HttpRequest || report.form == inspect::Capture::Form::JsonCapture;
    for (const Check &check : report.checks) {
        // A webhook signature nobody could check is noise for a bare token.
        if (check.kind == Check::Kind::WebhookSignature && check.status == Check::Status::NotChecked && !hadHeaders &&
            m_checks->options().signingKey.isEmpty())
            continue;
        if (check.status == Check::Status::Failed) {
            console::error(QStringLiteral("%1: %2").arg(checkName(check.kind), check.summary));
            continue;
        }
        console::err(QStringLiteral("%1: %2\n").arg(checkName(check.kind), check.summary));
        if (check.kind == Check::Kind::Signature && check.status == Check::Status::NotChecked)
            console::err(
                QCoreApplication::translate("targetdesk-cli", "note: JWT signature not verified (no --jwks)\n"));
    }
    for (const QString &note : report.notes)
        console::err(QCoreApplication::translate("targetdesk-cli", "note: %1\n").arg(note));
    if (!report.ok()) {
        const bool said = std::any_of(report.checks.cbegin(), report.checks.cend(), [&report](const Check &check) {
            return check.status == Check::Status::Failed && check.summary == report.error;
        });
        if (!said)
            console::error(report.error);
        if (!report.errorDetail.isEmpty()) {
            for (const QString &line : report.errorDetail.split(QLatin1Char('\n')))
                console::err(QStringLiteral("  %1\n").arg(line));
        }
        if (report.payloadReached)
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "The payload is not printed because a check failed; --json shows it with "
                                  "the report.\n"));
        return report.exitCode();
    }
    if (!report.payloadReached)
        return report.exitCode();
    if (report.payloadJson.isObject()) {
        writeOut(QJsonDocument(report.payloadJson.toObject()).toJson(QJsonDocument::Indented));
    } else if (report.payloadJson.isArray()) {
        writeOut(QJsonDocument(report.payloadJson.toArray()).toJson(QJsonDocument::Indented));
    } else {
        QByteArray text = stdoutIsTerminal() ? printable(report.payload) : report.payload;
        if (!text.endsWith('\n'))
            text += '\n';
        writeOut(text);
    }
    std::fflush(stdout);
    return report.exitCode();
}

int InspectCommand::inspectBulk()
{
    QFile file(m_inputPath);
    const bool opened =
        m_inputPath == QLatin1String("-") ? file.open(0, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
    if (!opened)
        return usage(
            QCoreApplication::translate("targetdesk-cli", "cannot read %1: %2").arg(m_inputPath, file.errorString()));

    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    const size_t window = size_t(pool.maxThreadCount()) * kBatchesPerThread;
    const inspect::InspectOptions &options = m_checks->options();
    const bool full = json();

    // The reader thread feeds the pool batches of lines; this thread writes the results in input order. Both wait on
    // one queue of at most `window` batches (and kMaxBytesInFlight bytes), so memory stays bounded whatever the input
    // size.
    struct Input {
        qint64 number = 0;
        QByteArray text;
        bool tooLong = false;
    };
    struct Pending {
        QFuture<std::vector<LineResult>> results;
        qsizetype bytes = 0;
    };
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Pending> queue;
    qsizetype bytesInFlight = 0;
    bool readerDone = false;
    QString readError;

    std::thread reader([&] {
        LineReader lines(file.handle(), inspect::maxCaptureSize);
        std::vector<Input> batch;
        qsizetype batchBytes = 0;
        auto submit = [&] {
            if (batch.empty())
                return;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] {
                    return queue.empty() || (queue.size() < window && bytesInFlight + batchBytes <= kMaxBytesInFlight);
                });
            }
            Pending pending;
            pending.bytes = batchBytes;
            pending.results = QtConcurrent::run(&pool, [inputs = std::move(batch), &options, full] {
                std::vector<LineResult> results;
                results.reserve(inputs.size());
                for (const Input &input : inputs)
                    results.push_back(input.tooLong ? tooLongLine(input.number)
                                                    : inspectLine(input.number, input.text, options, full));
                return results;
            });
            batch = {};
            batchBytes = 0;
            std::lock_guard lock(mutex);
            bytesInFlight += pending.bytes;
            queue.push_back(std::move(pending));
            changed.notify_all();
        };
        qint64 number = 0;
        for (;;) {
            // Nothing more to read without waiting: what is read so far goes out first.
            if (!lines.lineReady())
                submit();
            std::optional<LineReader::Line> line = lines.next();
            if (!line)
                break;
            ++number;
            if (!line->tooLong && line->text.trimmed().isEmpty())
                continue;
            batchBytes += line->text.size();
            batch.push_back({number, std::move(line->text), line->tooLong});
            if (batch.size() >= size_t(kBatchLines) || batchBytes >= kMaxBytesInFlight / qsizetype(window))
                submit();
        }
        submit();
        std::lock_guard lock(mutex);
        readError = lines.error();
        readerDone = true;
        changed.notify_all();
    });

    int worst = 0;
    qint64 total = 0;
    qint64 failed = 0;
    qint64 unverified = 0;
    for (;;) {
        Pending next;
        {
            std::unique_lock lock(mutex);
            if (queue.empty() && !readerDone) {
                // Nothing to write until more input arrives: let what is written so far reach the reader.
                lock.unlock();
                std::fflush(stdout);
                lock.lock();
            }
            changed.wait(lock, [&] { return !queue.empty() || readerDone; });
            if (queue.empty())
                break;
            next = std::move(queue.front());
            queue.pop_front();
            bytesInFlight -= next.bytes;
            changed.notify_all();
        }
        if (!next.results.isFinished())
            std::fflush(stdout);
        for (const LineResult &result : next.results.result()) {
            writeOut(result.text);
            writeOut(QByteArrayLiteral("\n"));
            ++total;
            if (result.exit != 0)
                ++failed;
            if (result.unverified)
                ++unverified;
            worst = std::max(worst, result.exit);
        }
    }
    reader.join();
    std::fflush(stdout);

    if (!readError.isEmpty()) {
        console::error(QStringLiteral("reading %1 failed: %2").arg(m_inputPath, readError));
        worst = std::max(worst, int(UsageError));
    }
    console::err(QStringLiteral("%1 input(s): %2 ok, %3 failed\n").arg(total).arg(total - failed).arg(failed));
    if (unverified > 0)
        console::err(
            QCoreApplication::translate("targetdesk-cli", "note: %1 JWT signature(s) not verified (no --jwks)\n")
                .arg(unverified));
    return worst;
}

std::unique_ptr<Command> makeInspectCommand(const CommandLine &commandLine)
{
    return std::make_unique<InspectCommand>(commandLine);
}

} // namespace targetdesk::cli
