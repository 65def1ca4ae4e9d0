#include "commands.h"
#include "core/command.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/helptext.h"
#include "core/inputs.h"
#include "inspect/inspector.h"
#include "inspect/keyprovider.h"
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <optional>

#include "api/zitadelclient.h"
#include "crypto/jwe.h"
#include "crypto/securememory.h"
#include "inspect/capture.h"
#include "inspect/jwksfetch.h"
#include "profiles/clientfactory.h"
#include "profiles/profilestore.h"
#include "vault/securefile.h"
#include "vault/vault.h"

#include <QCoreApplication>
#include <QFile>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
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
    std::optional<int> prepareSecrets();
    std::optional<int> prepareKeys();
    std::optional<int> prepareJwks();
    std::optional<int> prepareInput();

    void fetchJwks(const std::function<void()> &then);
    void loadVaultKeys(const std::function<void()> &then);
    void run();
    int inspectOne();
    int inspectBulk();

    bool m_bulk = false;
    bool m_useVault = false;
    QString m_inputPath; // "-": standard input
    QByteArray m_input;  // one input (not --bulk)
    QUrl m_jwksUrl;
    std::chrono::milliseconds m_timeout{30000};
    QByteArray m_passphrase;
    QList<inspect::KeyCandidate> m_fileKeys;
    QList<inspect::KeyCandidate> m_vaultKeys;
    inspect::InspectOptions m_options;
    ZitadelClient *m_client = nullptr;
    TlsOptions m_tls;
    vault::Vault *m_vault = nullptr;
    int m_pendingLoads = 0;
};

namespace
{

using inspect::Check;
using inspect::KeyCandidate;
using inspect::Report;

// Neither a key file nor a JWKS is anywhere near this; stop reading rather than fill memory.
constexpr qint64 kMaxKeyFileSize = 1024 * 1024;
constexpr qint64 kMaxJwksSize = 4 * 1024 * 1024;
// --bulk: inputs in flight per worker thread, and in bytes overall, so huge files stream in bounded memory.
constexpr int kWindowPerThread = 16;
constexpr qsizetype kMaxBytesInFlight = 64 * 1024 * 1024;

bool isVariableName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

// The value of an environment variable named by an option; the value itself is never echoed.
std::optional<QByteArray> secretFromEnvironment(const QString &option, const QString &variable, QString *error)
{
    if (!isVariableName(variable)) {
        *error =
            QCoreApplication::translate(
                "targetdesk-cli", "%1 needs the name of an environment variable (letters, digits and _), never the "
                                  "secret itself")
                .arg(option);
        return std::nullopt;
    }
    QString value = QProcessEnvironment::systemEnvironment().value(variable);
    QByteArray bytes = value.trimmed().toUtf8();
    crypto::wipe(value);
    if (bytes.isEmpty()) {
        *error = QCoreApplication::translate("targetdesk-cli", "%1 %2: the variable %2 is not set or empty")
                     .arg(option, variable);
        return std::nullopt;
    }
    return bytes;
}

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

// Key files are tried for every JWE whose type they fit; vault keys only for the JWE whose kid is their key id.
class CommandKeys : public inspect::KeyProvider
{
public:
    CommandKeys(QList<KeyCandidate> files, QList<KeyCandidate> vaultKeys)
        : m_files(std::move(files)), m_vault(std::move(vaultKeys))
    {
    }

    QList<KeyCandidate> candidates() const override { return m_files; }
    QList<KeyCandidate> keysWithId(const QString &kid) const override
    {
        QList<KeyCandidate> out;
        for (const KeyCandidate &candidate : m_vault) {
            if (!kid.isEmpty() && candidate.keyId == kid)
                out.append(candidate);
        }
        return out;
    }

private:
    QList<KeyCandidate> m_files;
    QList<KeyCandidate> m_vault;
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
    : Command(
          commandLine,
          {.usage = "inspect [--key PRIVATE.pem]... [--vault] [--jwks FILE|URL] [--signing-key-env VAR]\n"
                    "                              [--passphrase-env VAR] [--signature-tolerance SECONDS|any] "
                    "[--json] [--bulk]\n"
                    "                              [FILE|-]",
           .summary = QT_TRANSLATE_NOOP(
               "targetdesk-cli",
               "Decrypt and verify a payload ZITADEL sent to a target (a JWE, JWT, JSON body or captured "
               "request)."),
           // help() writes these out: several names mean something else here than in the keys commands.
           .options =
               {{"key", "PRIVATE.pem",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "A private key to decrypt with (repeatable)."), true},
                {"vault", nullptr,
                 QT_TRANSLATE_NOOP("targetdesk-cli",
                                   "First try the vault's key whose ZITADEL key id equals the JWE's kid.")},
                {"passphrase-env", "VAR",
                 QT_TRANSLATE_NOOP("targetdesk-cli",
                                   "Passphrase of encrypted --key files, from environment variable VAR.")},
                {"jwks", "FILE|URL",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "The instance's JWKS to verify the inner JWT with.")},
                {"profile", "NAME",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "Fetch a --jwks URL with this saved profile's TLS options.")},
                {"signing-key-env", "VAR",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "The target's signing key, from environment variable VAR.")},
                {"bulk", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "One input per line, one JSON result per line.")},
                {"signature-tolerance", "SECONDS",
                 QT_TRANSLATE_NOOP("targetdesk-cli", "Maximum age of a ZITADEL-Signature; 0 or any: do not enforce.")}},
           .arguments = {0, 1, " [FILE|-]", ""},
           .globalOptions = JsonOption | RequestTimeoutOption})
{
}

// `inspect` shares option names with other commands but not their meaning, so its help is written out.
QString InspectCommand::help() const
{
    using helptext::optionLine;
    using helptext::wrapped;
    QString text = QCoreApplication::translate("targetdesk-cli", "Usage: targetdesk-cli %1\n\n%2\n")
                       .arg(QLatin1String(declaration().usage),
                            QCoreApplication::translate("targetdesk-cli", declaration().summary));
    text += QCoreApplication::translate(
        "targetdesk-cli", "\nReads FILE, or standard input for - (or when input is piped). The form is detected: a "
                          "compact JWE or JWT,\na JSON body, a raw HTTP request as captured (the ZITADEL-Signature "
                          "header is taken from it)\nor {\"headers\":{...},\"body\":\"...\"}.\n");
    text += QStringLiteral("\nOptions:\n");
    text += optionLine(
        QStringLiteral("--key PRIVATE.pem"),
        wrapped(QCoreApplication::translate(
            "targetdesk-cli", "A private key (PEM, PKCS#8 or traditional) to decrypt a JWE with; repeatable, "
                              "tried in turn.")));
    text += optionLine(QStringLiteral("--vault"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "First try the vault's key whose ZITADEL key id equals the JWE's kid.")));
    text += optionLine(QStringLiteral("--passphrase-env VAR"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Passphrase of encrypted --key files, from environment variable VAR.")));
    text += optionLine(
        QStringLiteral("--jwks FILE|URL"),
        wrapped(QCoreApplication::translate(
            "targetdesk-cli", "The instance's JWKS (https://INSTANCE/oauth/v2/keys) to verify the inner JWT. "
                              "Without it a JWT is shown unverified.")));
    text += optionLine(QStringLiteral("--signing-key-env VAR"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "The target's signing key, from environment variable VAR, to check the "
                                             "ZITADEL-Signature header.")));
    text +=
        optionLine(QStringLiteral("--signature-tolerance SECONDS"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Accept a ZITADEL-Signature up to SECONDS old (default 300). 0 or \"any\": "
                                         "report the age but do not enforce it (for old captures).")));
    text +=
        optionLine(QStringLiteral("--json"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Print the whole report (layers, headers, checks) as JSON, with the payload "
                                         "under \"payload\".")));
    text += optionLine(QStringLiteral("--bulk"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "One input per line (a token or {\"headers\":{...},\"body\":\"...\"}); "
                                             "prints one JSON result per line, in input order, using every core.")));
    text += optionLine(QStringLiteral("--profile NAME"),
                       wrapped(QCoreApplication::translate(
                           "targetdesk-cli", "Fetch a --jwks URL with the TLS options (CA, pin, insecure "
                                             "http) of this saved profile. A URL must be https, or http to "
                                             "this machine.")));
    text +=
        optionLine(QStringLiteral("--timeout SECONDS"),
                   wrapped(QCoreApplication::translate(
                       "targetdesk-cli", "Timeout of the --jwks URL request (default 30); also --request-timeout.")));
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

InspectCommand::~InspectCommand()
{
    crypto::wipe(m_passphrase);
    crypto::wipe(m_options.signingKey);
}

std::optional<int> InspectCommand::prepare()
{
    m_bulk = commandLine().isSet(QStringLiteral("bulk"));
    m_useVault = commandLine().isSet(QStringLiteral("vault"));

    QString error;
    if (const auto text = commandLine().requestTimeout()) {
        const auto timeout = inputs::requestTimeout(*text, commandLine().requestTimeoutOption(), &error);
        if (!timeout)
            return usage(error);
        m_timeout = *timeout;
    }
    if (commandLine().isSet(QStringLiteral("signature-tolerance"))) {
        const QString text = commandLine().value(QStringLiteral("signature-tolerance")).trimmed();
        bool ok = false;
        const int seconds = text.toInt(&ok);
        if (text.compare(QLatin1String("any"), Qt::CaseInsensitive) == 0 || (ok && seconds == 0)) {
            m_options.signatureTolerance = -1; // report the age, do not enforce it
        } else if (ok && seconds > 0) {
            m_options.signatureTolerance = seconds;
        } else {
            return usage(
                QCoreApplication::translate("targetdesk-cli",
                                            "--signature-tolerance: \"%1\" is not a number of seconds (or 0 or \"any\" "
                                            "to not enforce the age)")
                    .arg(text));
        }
    }
    if (const auto code = prepareSecrets())
        return code;
    if (const auto code = prepareKeys())
        return code;
    if (const auto code = prepareJwks())
        return code;
    return prepareInput();
}

std::optional<int> InspectCommand::prepareSecrets()
{
    QString error;
    if (commandLine().isSet(QStringLiteral("signing-key-env"))) {
        auto key = secretFromEnvironment(QStringLiteral("--signing-key-env"),
                                         commandLine().value(QStringLiteral("signing-key-env")), &error);
        if (!key)
            return usage(error);
        m_options.signingKey = std::move(*key);
    }
    if (commandLine().isSet(QStringLiteral("passphrase-env"))) {
        auto passphrase = secretFromEnvironment(QStringLiteral("--passphrase-env"),
                                                commandLine().value(QStringLiteral("passphrase-env")), &error);
        if (!passphrase)
            return usage(error);
        m_passphrase = std::move(*passphrase);
    }
    return std::nullopt;
}

std::optional<int> InspectCommand::prepareKeys()
{
    const QStringList paths = commandLine().values(QStringLiteral("key"));
    for (const QString &path : paths) {
        auto pem = vault::securefile::read(path, kMaxKeyFileSize);
        if (!pem)
            return usage(QStringLiteral("--key %1: %2").arg(path, pem.error().message));
        auto key = crypto::PrivateKey::fromPem(*pem, m_passphrase);
        QByteArray secret = std::move(pem).value();
        crypto::wipe(secret);
        if (!key) {
            QString hint;
            if (key.error().kind == crypto::CryptoError::Kind::PassphraseRequired)
                hint =
                    QCoreApplication::translate("targetdesk-cli", " (give its passphrase with --passphrase-env VAR)");
            return usage(QStringLiteral("--key %1: %2%3").arg(path, key.error().message, hint));
        }
        m_fileKeys.append({std::move(key).value(), path, QString()});
    }
    return std::nullopt;
}

std::optional<int> InspectCommand::prepareJwks()
{
    if (!commandLine().isSet(QStringLiteral("jwks")))
        return std::nullopt;
    const QString value = commandLine().value(QStringLiteral("jwks"));
    if (value.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        value.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        m_jwksUrl = QUrl(value, QUrl::StrictMode);
        if (!m_jwksUrl.isValid() || m_jwksUrl.host().isEmpty())
            return usage(
                QCoreApplication::translate("targetdesk-cli", "--jwks: \"%1\" is not a usable URL").arg(value));
        // With --profile, the URL is fetched with that profile's TLS options (CA, pin, insecure http).
        if (commandLine().isSet(QStringLiteral("profile"))) {
            const QString name = commandLine().value(QStringLiteral("profile"));
            profiles::ProfileStore store;
            const auto profile = store.find(name);
            if (!profile)
                return usage(
                    QCoreApplication::translate(
                        "targetdesk-cli", "--profile: there is no profile \"%1\" (see targetdesk-cli profiles list)")
                        .arg(name));
            const auto tls = profiles::ClientFactory::tlsOptions(*profile);
            if (!tls)
                return usage(QStringLiteral("--profile %1: %2").arg(name, tls.error().message));
            m_tls = *tls;
        }
        return std::nullopt;
    }
    const auto bytes = vault::securefile::read(value, kMaxJwksSize);
    if (!bytes)
        return usage(QStringLiteral("--jwks %1: %2").arg(value, bytes.error().message));
    auto jwks = crypto::Jwks::parse(*bytes);
    if (!jwks)
        return usage(QCoreApplication::translate("targetdesk-cli", "--jwks %1: not a JWKS: %2")
                         .arg(value, jwks.error().message));
    for (const QString &note : jwks->notes())
        console::err(QStringLiteral("warning: --jwks %1: %2\n").arg(value, note));
    m_options.jwks = std::move(jwks).value();
    return std::nullopt;
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
    fetchJwks([this] { loadVaultKeys([this] { run(); }); });
}

void InspectCommand::fetchJwks(const std::function<void()> &then)
{
    if (m_jwksUrl.isEmpty()) {
        then();
        return;
    }
    // The API client's bounded fetch: its URL rules (https, or http only to loopback), the profile's TLS options,
    // no token, no redirect followed, a byte cap while reading.
    m_client = new ZitadelClient(this);
    m_client->setTimeout(m_timeout);
    m_client->setTlsOptions(m_tls);
    inspect::fetchJwks(*m_client, m_jwksUrl, this, [this, then](Result<crypto::Jwks> r) {
        if (!r) {
            const ApiError &e = r.error();
            QString message = e.message;
            if (e.kind == ApiError::Kind::Server && e.httpStatus >= 300 && e.httpStatus < 400)
                message += QCoreApplication::translate("targetdesk-cli",
                                                       " (a redirect; not followed: give the JWKS URL itself)");
            console::error(QStringLiteral("--jwks: ") + message);
            finish(e.kind == ApiError::Kind::Server           ? ServerRefused
                   : e.kind == ApiError::Kind::InvalidRequest ? UsageError
                                                              : NetworkFailure);
            return;
        }
        for (const QString &note : r->notes())
            console::err(QStringLiteral("warning: --jwks: %1\n").arg(note));
        m_options.jwks = std::move(r).value();
        then();
    });
}

void InspectCommand::loadVaultKeys(const std::function<void()> &then)
{
    if (!m_useVault) {
        then();
        return;
    }
    m_vault = new vault::Vault(this);
    if (!m_vault->indexError().isEmpty())
        console::err(QStringLiteral("warning: --vault: %1\n").arg(m_vault->indexError()));

    QList<vault::VaultEntry> entries;
    if (m_bulk) {
        // The kids of a stream are not known up front: every key the vault knows a key id for.
        for (const vault::VaultEntry &entry : m_vault->entries()) {
            if (!entry.keyId.isEmpty())
                entries.append(entry);
        }
    } else {
        const QString kid = jweKid(m_input);
        if (kid.isEmpty()) {
            console::err(QCoreApplication::translate(
                "targetdesk-cli", "note: --vault: the input is not a JWE with a key id; the vault is not "
                                  "used\n"));
        } else {
            entries = m_vault->findByKeyId(kid);
            if (entries.isEmpty())
                console::err(QCoreApplication::translate("targetdesk-cli",
                                                         "note: --vault: the vault holds no key with key id %1\n")
                                 .arg(kid));
        }
    }

    QHash<QString, QList<vault::VaultEntry>> byFingerprint;
    for (const vault::VaultEntry &entry : std::as_const(entries))
        byFingerprint[entry.fingerprint].append(entry);
    if (byFingerprint.isEmpty()) {
        then();
        return;
    }
    m_pendingLoads = int(byFingerprint.size());
    for (auto it = byFingerprint.cbegin(); it != byFingerprint.cend(); ++it) {
        const QString fingerprint = it.key();
        const QList<vault::VaultEntry> bindings = it.value();
        m_vault->load(fingerprint, this,
                      [this, fingerprint, bindings, then](vault::VaultResult<crypto::PrivateKey> key) {
                          if (!key) {
                              console::err(QCoreApplication::translate("targetdesk-cli",
                                                                       "warning: --vault: cannot load the key %1: %2\n")
                                               .arg(fingerprint, key.error().message));
                          } else {
                              for (const vault::VaultEntry &entry : bindings) {
                                  const QString name = entry.label.isEmpty() ? fingerprint : entry.label;
                                  m_vaultKeys.append(
                                      {*key, QCoreApplication::translate("targetdesk-cli", "vault key %1").arg(name),
                                       entry.keyId});
                              }
                          }
                          if (--m_pendingLoads == 0)
                              then();
                      });
    }
}

void InspectCommand::run()
{
    m_options.keys = std::make_shared<CommandKeys>(m_fileKeys, m_vaultKeys);
    finish(m_bulk ? inspectBulk() : inspectOne());
}

int InspectCommand::inspectOne()
{
    const Report report = inspect::inspectDelivery(m_input, m_options);
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
            m_options.signingKey.isEmpty())
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
        console::err(QStringLiteral("note: %1\n").arg(note));
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
    const size_t window = size_t(pool.maxThreadCount()) * kWindowPerThread;
    const inspect::InspectOptions &options = m_options;
    const bool full = json();

    // The reader thread feeds the pool; this thread writes the results in input order. Both wait on one queue of
    // at most `window` inputs (and kMaxBytesInFlight bytes), so memory stays bounded whatever the input size.
    struct Pending {
        QFuture<LineResult> result;
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
        qint64 number = 0;
        while (std::optional<LineReader::Line> line = lines.next()) {
            ++number;
            if (!line->tooLong && line->text.trimmed().isEmpty())
                continue;
            const qsizetype bytes = line->text.size();
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] {
                    return queue.empty() || (queue.size() < window && bytesInFlight + bytes <= kMaxBytesInFlight);
                });
            }
            Pending pending;
            pending.bytes = bytes;
            if (line->tooLong) {
                pending.result = QtFuture::makeReadyFuture(tooLongLine(number));
            } else {
                pending.result = QtConcurrent::run(&pool, [number, text = std::move(line->text), &options, full] {
                    return inspectLine(number, text, options, full);
                });
            }
            std::lock_guard lock(mutex);
            bytesInFlight += bytes;
            queue.push_back(std::move(pending));
            changed.notify_all();
        }
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
        if (!next.result.isFinished())
            std::fflush(stdout);
        const LineResult result = next.result.result();
        writeOut(result.text);
        writeOut(QByteArrayLiteral("\n"));
        ++total;
        if (result.exit != 0)
            ++failed;
        if (result.unverified)
            ++unverified;
        worst = std::max(worst, result.exit);
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
