#include "commands.h"
#include "core/command.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/helptext.h"
#include "core/inputs.h"
#include "core/terminationsignals.h"
#include "inspect/deliverychecks.h"

#include "delivery/receiver.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace targetdesk::cli
{

// `targetdesk-cli receive`: a local receiver for deliveries. prepare() reads the options (the checks as `inspect`
// takes them, the answer, the address) and installs the SIGINT/SIGTERM handlers; start() fetches a --jwks URL and
// loads every vault key with a key id, then listens. Each delivery is inspected at once and printed as one JSON line
// on stdout; everything for people goes to stderr. A signal ends it with 0, or with --fail-on-invalid the highest
// exit class (3, 4, 5) any delivery had.
class ReceiveCommand : public Command
{
public:
    explicit ReceiveCommand(const CommandLine &commandLine);

    QString help() const override;
    std::optional<int> prepare() override;
    void start() override;

private:
    std::optional<int> prepareAddress();
    std::optional<int> prepareAnswer();
    void listen();
    void onDelivery(const delivery::ReceivedDelivery &received);
    void stop();

    DeliveryChecks *m_checks = nullptr;
    delivery::Receiver *m_receiver = nullptr;
    QHostAddress m_address{QHostAddress::LocalHost};
    quint16 m_port = 0;
    delivery::ReceiverAnswer m_answer;
    qsizetype m_maxBody = delivery::Receiver::defaultMaxBodyBytes;
    bool m_failOnInvalid = false;
    int m_worst = 0;
    qint64 m_deliveries = 0;
    qint64 m_invalid = 0;
    qint64 m_refused = 0;
};

namespace
{

// An answer file is a JSON object a target would send back; nothing near this size.
constexpr qint64 kMaxAnswerFileSize = 1024 * 1024;

void writeLine(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// A receiver that knows the signing key refuses a delivery without the header, as a target's own check would:
// otherwise anyone who strips the header gets through.
void requireSignature(inspect::Report &report, const inspect::InspectOptions &options)
{
    if (options.signingKey.isEmpty() || !report.ok())
        return;
    for (inspect::Check &check : report.checks) {
        if (check.kind == inspect::Check::Kind::WebhookSignature &&
            check.status == inspect::Check::Status::NotChecked) {
            check.status = inspect::Check::Status::Failed;
            check.summary = QCoreApplication::translate(
                "targetdesk-cli", "The delivery has no ZITADEL-Signature header, but --signing-key-env was given.");
            report.exitClass = inspect::ExitClass::SignatureInvalid;
            report.error = check.summary;
        }
    }
}

} // namespace

ReceiveCommand::ReceiveCommand(const CommandLine &commandLine)
    : Command(
          commandLine,
          {.usage = "receive --port N [--host 127.0.0.1] [--key PRIVATE.pem]... [--vault] [--jwks FILE|URL]\n"
                    "                              [--signing-key-env VAR] [--passphrase-env VAR] "
                    "[--signature-tolerance SECONDS|any]\n"
                    "                              [--answer FILE | --status CODE] [--fail-on-invalid] "
                    "[--max-body BYTES]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                        "Receive deliveries on a local port, check and print each as a JSON line "
                                        "until SIGINT or SIGTERM."),
           // help() writes these out, with the inspect options they share.
           .options =
               DeliveryChecks::optionDeclarations() +
               QList<Option>{
                   {"port", "PORT", QT_TRANSLATE_NOOP("targetdesk-cli", "Port to listen on; 0 picks one.")},
                   {"host", "ADDRESS",
                    QT_TRANSLATE_NOOP("targetdesk-cli", "Address to listen on (default 127.0.0.1).")},
                   {"answer", "FILE", QT_TRANSLATE_NOOP("targetdesk-cli", "Answer every delivery 200 with this JSON.")},
                   {"status", "CODE",
                    QT_TRANSLATE_NOOP("targetdesk-cli", "Answer every delivery with this status and {}.")},
                   {"fail-on-invalid", nullptr,
                    QT_TRANSLATE_NOOP("targetdesk-cli", "Exit with the worst class of any delivery.")},
                   {"max-body", "BYTES", QT_TRANSLATE_NOOP("targetdesk-cli", "Refuse larger bodies with 413.")}},
           .globalOptions = RequestTimeoutOption})
{
}

QString ReceiveCommand::help() const
{
    using helptext::optionLine;
    using helptext::wrapped;
    QString text = helptext::usageHeader(declaration());
    text += QCoreApplication::translate(
        "targetdesk-cli",
        "\nAn HTTP/1.1 server for a target's deliveries: every POST (any path) is checked like `inspect` checks a\n"
        "captured request (ZITADEL-Signature, decryption, the inner JWT) and answered as configured, 200 {} by\n"
        "default. Other requests are refused with 4xx and reported on stderr.\n");
    text += QCoreApplication::translate("targetdesk-cli", "\nOptions:\n");
    text += optionLine(QStringLiteral("--port PORT"),
                       wrapped(QCoreApplication::translate("targetdesk-cli",
                                                           "Port to listen on (required); 0 picks a free one, see the "
                                                           "\"listening on\" line.")));
    text += optionLine(QStringLiteral("--host ADDRESS"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Address to listen on (default 127.0.0.1). Any other than loopback is "
                                             "reachable from other machines and warned about.")));
    text += DeliveryChecks::optionHelp();
    text += optionLine(QStringLiteral("--answer FILE"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Answer every delivery 200 with this JSON object (a restCall answer, "
                                             "checked at start).")));
    text += optionLine(QStringLiteral("--status CODE"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Answer every delivery with this HTTP status (200 to 599) and {}.")));
    text += optionLine(QStringLiteral("--fail-on-invalid"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "When stopped, exit with the highest exit class of any delivery "
                                             "(3, 4 or 5) instead of 0.")));
    text += optionLine(
        QStringLiteral("--max-body BYTES"),
        wrapped(QCoreApplication::translate("targetdesk-cli", "Refuse bodies larger than BYTES with 413, before "
                                                              "reading them (default 4194304, at most 16777216).")));
    text += optionLine(QStringLiteral("-h, --help"),
                       wrapped(QCoreApplication::translate("targetdesk-cli", "Show this help and exit.")));
    text += QCoreApplication::translate(
        "targetdesk-cli",
        "\nOutput: one JSON line per delivery on stdout, as `inspect --json` prints a report (ok, exit, error,\n"
        "checks, payload, ...) plus \"receivedAt\", \"peer\" and \"path\"; flushed after each line. The\n"
        "\"listening on\" line, one line per delivery and refusals go to stderr.\n"
        "\nSecrets are taken from the environment only and never printed.\n"
        "\nExit codes: 0 stopped by SIGINT or SIGTERM, 2 usage error or an unusable --key / --jwks / --answer file,\n"
        "6 or 7 fetching a --jwks URL failed, 7 cannot listen on --host/--port. With --fail-on-invalid: the\n"
        "highest class of all deliveries, 3 malformed, 4 cannot decrypt, 5 a signature is not valid.\n");
    return text;
}

std::optional<int> ReceiveCommand::prepare()
{
    m_failOnInvalid = commandLine().isSet(QStringLiteral("fail-on-invalid"));
    if (const auto code = prepareAddress())
        return code;
    if (const auto code = prepareAnswer())
        return code;
    m_checks = new DeliveryChecks(this);
    if (const auto code = m_checks->prepare(commandLine()))
        return code;

    auto *terminationSignals = new TerminationSignals(this);
    connect(terminationSignals, &TerminationSignals::received, this, &ReceiveCommand::stop);
    QString error;
    if (!terminationSignals->install(&error)) {
        console::error(error);
        return NetworkFailure;
    }
    return std::nullopt;
}

std::optional<int> ReceiveCommand::prepareAddress()
{
    if (!commandLine().isSet(QStringLiteral("port")))
        return usage(QCoreApplication::translate("targetdesk-cli",
                                                 "receive needs --port N (0 picks a free port and prints it)"));
    const QString text = commandLine().value(QStringLiteral("port"));
    bool ok = false;
    const uint port = text.trimmed().toUInt(&ok);
    if (!ok || port > 65535)
        return usage(QCoreApplication::translate(
                         "targetdesk-cli", "--port: \"%1\" is not a port number (0 to 65535; 0 picks a free port)")
                         .arg(text));
    m_port = quint16(port);

    if (commandLine().isSet(QStringLiteral("host"))) {
        const QString host = commandLine().value(QStringLiteral("host")).trimmed();
        if (host == QLatin1String("localhost"))
            m_address = QHostAddress(QHostAddress::LocalHost);
        else if (!m_address.setAddress(host))
            return usage(QCoreApplication::translate(
                             "targetdesk-cli", "--host: \"%1\" is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0)")
                             .arg(host));
    }

    if (commandLine().isSet(QStringLiteral("max-body"))) {
        const QString value = commandLine().value(QStringLiteral("max-body")).trimmed();
        const qlonglong bytes = value.toLongLong(&ok);
        if (!ok || bytes < 1 || bytes > inspect::maxCaptureSize)
            return usage(QCoreApplication::translate("targetdesk-cli",
                                                     "--max-body: \"%1\" is not a number of bytes from 1 to %2")
                             .arg(value)
                             .arg(inspect::maxCaptureSize));
        m_maxBody = qsizetype(bytes);
    }
    return std::nullopt;
}

std::optional<int> ReceiveCommand::prepareAnswer()
{
    const bool answerFile = commandLine().isSet(QStringLiteral("answer"));
    const bool status = commandLine().isSet(QStringLiteral("status"));
    if (answerFile && status)
        return usage(QCoreApplication::translate("targetdesk-cli", "--answer and --status exclude each other"));
    if (status) {
        const QString value = commandLine().value(QStringLiteral("status")).trimmed();
        bool ok = false;
        const int code = value.toInt(&ok);
        if (!ok || code < 200 || code > 599)
            return usage(
                QCoreApplication::translate("targetdesk-cli", "--status: \"%1\" is not an HTTP status from 200 to 599")
                    .arg(value));
        m_answer.status = code;
    }
    if (answerFile) {
        QString error;
        const auto bytes = inputs::jsonObjectFile(commandLine().value(QStringLiteral("answer")), kMaxAnswerFileSize,
                                                  QStringLiteral("--answer"), &error);
        if (!bytes)
            return usage(error);
        // Sent as written: a test may want ZITADEL's view of exactly these bytes.
        m_answer.body = *bytes;
    }
    return std::nullopt;
}

void ReceiveCommand::start()
{
    // The kids of what will arrive are not known: every vault key with a key id is loaded.
    m_checks->load(DeliveryChecks::VaultKeys::Every, {}, [this](std::optional<int> failure) {
        if (failure) {
            finish(*failure);
            return;
        }
        listen();
    });
}

void ReceiveCommand::listen()
{
    m_receiver = new delivery::Receiver(this);
    m_receiver->setAnswer(m_answer);
    m_receiver->setMaxBodyBytes(m_maxBody);
    connect(m_receiver, &delivery::Receiver::received, this, &ReceiveCommand::onDelivery);
    connect(m_receiver, &delivery::Receiver::refused, this, [this](const QString &peer, const QString &reason) {
        ++m_refused;
        console::err(
            QCoreApplication::translate("targetdesk-cli", "refused a request from %1: %2\n").arg(peer, reason));
    });
    QString error;
    if (!m_receiver->listen(m_address, m_port, &error)) {
        fail(QCoreApplication::translate("targetdesk-cli", "--host/--port: cannot listen on %1 port %2: %3")
                 .arg(m_address.toString())
                 .arg(m_port)
                 .arg(error),
             NetworkFailure);
        return;
    }
    if (!m_address.isLoopback())
        console::err(QCoreApplication::translate(
                         "targetdesk-cli", "warning: listening on %1, which is reachable from other machines: anyone "
                                           "there can send deliveries. Use --host 127.0.0.1 unless you need that.\n")
                         .arg(m_address.toString()));
    if (m_checks->options().signingKey.isEmpty())
        console::err(QCoreApplication::translate(
            "targetdesk-cli", "note: no --signing-key-env: the ZITADEL-Signature header is not checked\n"));
    QUrl url = m_receiver->url();
    if (m_address != QHostAddress::Any && m_address != QHostAddress::AnyIPv4 && m_address != QHostAddress::AnyIPv6)
        url.setHost(m_address.toString());
    console::err(QStringLiteral("listening on %1\n").arg(url.toString()));
}

void ReceiveCommand::onDelivery(const delivery::ReceivedDelivery &received)
{
    inspect::Report report = inspect::inspectDelivery(received.captureText(), m_checks->options());
    requireSignature(report, m_checks->options());
    QJsonObject line = report.toJson();
    line.insert(QStringLiteral("receivedAt"), received.receivedAt.toUTC().toString(Qt::ISODateWithMs));
    line.insert(QStringLiteral("peer"), received.peer);
    line.insert(QStringLiteral("path"), QString::fromUtf8(received.path));
    writeLine(QJsonDocument(line).toJson(QJsonDocument::Compact));

    ++m_deliveries;
    m_worst = std::max(m_worst, report.exitCode());
    const QString where = QStringLiteral("%1 %2").arg(received.peer, QString::fromUtf8(received.path));
    if (report.ok()) {
        console::err(QCoreApplication::translate("targetdesk-cli", "delivery from %1: ok\n").arg(where));
    } else {
        ++m_invalid;
        console::err(QCoreApplication::translate("targetdesk-cli", "delivery from %1: %2 (exit %3)\n")
                         .arg(where, report.error)
                         .arg(report.exitCode()));
    }
}

void ReceiveCommand::stop()
{
    if (m_receiver)
        m_receiver->close();
    console::err(
        QCoreApplication::translate("targetdesk-cli", "%1 deliveries: %2 ok, %3 invalid; %4 requests refused\n")
            .arg(m_deliveries)
            .arg(m_deliveries - m_invalid)
            .arg(m_invalid)
            .arg(m_refused));
    finish(m_failOnInvalid ? m_worst : int(Success));
}

std::unique_ptr<Command> makeReceiveCommand(const CommandLine &commandLine)
{
    return std::make_unique<ReceiveCommand>(commandLine);
}

} // namespace targetdesk::cli
