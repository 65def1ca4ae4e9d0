#include "commands.h"
#include "core/command.h"
#include "core/commandline.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/terminationsignals.h"
#include "sandbox/sandbox.h"
#include <optional>

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QUrl>

namespace targetdesk::cli
{

// `targetdesk-cli sandbox`: runs the ZITADEL emulator until SIGINT or SIGTERM, then quits the event loop.
class SandboxCommand : public Command
{
public:
    explicit SandboxCommand(const CommandLine &commandLine);
    ~SandboxCommand() override;

    // Checks the options, starts listening and prints the "listening on" (and "token") lines. On a problem prints
    // it and returns the exit code; nullopt when the sandbox runs and the event loop should start.
    std::optional<int> prepare() override;
    // Nothing to do: the sandbox serves from the event loop until a signal quits it.
    void start() override {}

private:
    sandbox::Sandbox *m_sandbox = nullptr;
};

namespace
{

// The RPC names a fault can be attached to, as in shared/reference/zitadel-actions-v2.md.
const char *const kRoutes[] = {"CreateTarget",
                               "UpdateTarget",
                               "DeleteTarget",
                               "GetTarget",
                               "ListTargets",
                               "AddPublicKey",
                               "ActivatePublicKey",
                               "DeactivatePublicKey",
                               "RemovePublicKey",
                               "ListPublicKeys",
                               "SetExecution",
                               "ListExecutions",
                               "ListExecutionFunctions",
                               "ListExecutionMethods",
                               "ListExecutionServices",
                               "ListWebKeys"};

bool isRoute(const QString &name)
{
    if (name == QLatin1String("*"))
        return true;
    for (const char *route : kRoutes) {
        if (name == QLatin1String(route))
            return true;
    }
    return false;
}

// A bearer token travels in an HTTP header: no blanks or control characters.
bool isUsableToken(const QString &token)
{
    if (token.isEmpty())
        return false;
    for (const QChar c : token) {
        if (c.isSpace() || c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

} // namespace

SandboxCommand::SandboxCommand(const CommandLine &commandLine)
    : Command(
          commandLine,
          {.usage = "sandbox [--host 127.0.0.1] [--port 0] [--token T] [--read-only-token T] [--seed]\n"
                    "                              [--data FILE] [--allow-private-endpoints] [--fault ROUTE=SPEC]...\n"
                    "                              [--fixed-interrupt-on-error]\n"
                    "                              [--service-user-key OUT.json] [--tls-cert FILE --tls-key FILE]\n"
                    "                              [--no-active-web-key]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                        "Run a local emulator of ZITADEL's Actions v2 API until SIGINT or SIGTERM."),
           .options = {
               {"host", "ADDRESS", QT_TRANSLATE_NOOP("targetdesk-cli", "Address to listen on (default 127.0.0.1).")},
               {"port", "PORT",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Port to listen on; 0 picks a free one (default 0).")},
               {"token", "TOKEN",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Accept this read-write token (default: $TARGETDESK_SANDBOX_TOKEN, "
                                                    "else generate one and print it).")},
               {"read-only-token", "TOKEN",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Also accept this read-only (IAM_OWNER_VIEWER) token (default: "
                                                    "$TARGETDESK_SANDBOX_READ_ONLY_TOKEN).")},
               {"seed", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli", "Start with a handful of realistic targets, keys and executions.")},
               {"seed-targets", "COUNT",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Also add COUNT generated targets named target-00001...")},
               {"data", "FILE",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Load the state from FILE and write every change back to it.")},
               {"allow-private-endpoints", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli", "Accept loopback and private endpoint addresses.")},
               {"fixed-interrupt-on-error", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli", "Behave like a fixed ZITADEL: write interrupt-on-error on every "
                                                    "update (default: reproduce ZITADEL's defect).")},
               {"fault", "ROUTE=SPEC",
                QT_TRANSLATE_NOOP(
                    "targetdesk-cli",
                    "Inject a fault, e.g. CreateTarget=503, *=delay:200, ListTargets=reset*1 (repeatable)."),
                true},
               {"service-user-key", "OUT.json",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Write a key file of a new read-write service user to OUT.json.")},
               {"tls-cert", "FILE",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Serve HTTPS with this certificate (PEM); needs --tls-key.")},
               {"tls-key", "FILE",
                QT_TRANSLATE_NOOP("targetdesk-cli", "The private key (PEM, unencrypted) of --tls-cert.")},
               {"no-active-web-key", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli", "Start without an active web key: JWT and JWE payloads cannot be "
                                                    "signed (web_keys lists it as STATE_INITIAL).")},
           }})
{
}

SandboxCommand::~SandboxCommand() = default;

std::optional<int> SandboxCommand::prepare()
{
    m_sandbox = new sandbox::Sandbox(this);
    QHostAddress address(QHostAddress::LocalHost);
    if (commandLine().isSet(QStringLiteral("host"))) {
        const QString host = commandLine().value(QStringLiteral("host")).trimmed();
        if (host == QLatin1String("localhost"))
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(host))
            return invalid(QCoreApplication::translate(
                               "targetdesk-cli", "--host: \"%1\" is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0)")
                               .arg(commandLine().value(QStringLiteral("host"))));
    }
    quint16 port = 0;
    if (commandLine().isSet(QStringLiteral("port"))) {
        const QString text = commandLine().value(QStringLiteral("port"));
        bool ok = false;
        const uint value = text.trimmed().toUInt(&ok);
        if (!ok || value > 65535)
            return invalid(
                QCoreApplication::translate("targetdesk-cli",
                                            "--port: \"%1\" is not a port number (0 to 65535; 0 picks a free port)")
                    .arg(text));
        port = quint16(value);
    }

    // Tokens from the environment keep them out of the process list; the options stay for tests.
    const QString tokenEnvironment = qEnvironmentVariable("TARGETDESK_SANDBOX_TOKEN");
    const QString readOnlyEnvironment = qEnvironmentVariable("TARGETDESK_SANDBOX_READ_ONLY_TOKEN");
    const bool hasToken = commandLine().isSet(QStringLiteral("token")) || !tokenEnvironment.isEmpty();
    const QString token =
        commandLine().isSet(QStringLiteral("token")) ? commandLine().value(QStringLiteral("token")) : tokenEnvironment;
    // The messages never repeat a token: it may be a real secret.
    if (hasToken && !isUsableToken(token))
        return invalid(
            QCoreApplication::translate("targetdesk-cli", "%1 is empty or contains blanks or non-ASCII characters")
                .arg(commandLine().isSet(QStringLiteral("token")) ? QStringLiteral("--token")
                                                                  : QStringLiteral("TARGETDESK_SANDBOX_TOKEN")));
    if (commandLine().isSet(QStringLiteral("read-only-token")) || !readOnlyEnvironment.isEmpty()) {
        const QString readOnly = commandLine().isSet(QStringLiteral("read-only-token"))
                                     ? commandLine().value(QStringLiteral("read-only-token"))
                                     : readOnlyEnvironment;
        if (!isUsableToken(readOnly))
            return invalid(
                QCoreApplication::translate("targetdesk-cli", "%1 is empty or contains blanks or non-ASCII characters")
                    .arg(commandLine().isSet(QStringLiteral("read-only-token"))
                             ? QStringLiteral("--read-only-token")
                             : QStringLiteral("TARGETDESK_SANDBOX_READ_ONLY_TOKEN")));
        if (hasToken && readOnly == token)
            return invalid(QCoreApplication::translate("targetdesk-cli", "--read-only-token must differ from --token"));
        m_sandbox->addToken(readOnly, sandbox::Role::ReadOnly);
    }

    int seedCount = 0;
    if (commandLine().isSet(QStringLiteral("seed-targets"))) {
        const QString text = commandLine().value(QStringLiteral("seed-targets"));
        bool ok = false;
        seedCount = text.trimmed().toInt(&ok);
        if (!ok || seedCount < 1 || seedCount > 100000)
            return invalid(
                QCoreApplication::translate("targetdesk-cli", "--seed-targets: \"%1\" is not a count from 1 to 100000")
                    .arg(text));
    }

    for (const QString &spec : commandLine().values(QStringLiteral("fault"))) {
        const qsizetype equals = spec.indexOf(QLatin1Char('='));
        const QString route = spec.left(equals).trimmed();
        if (equals <= 0 || !isRoute(route)) {
            QStringList routes;
            for (const char *r : kRoutes)
                routes << QLatin1String(r);
            return invalid(QCoreApplication::translate("targetdesk-cli",
                                                       "--fault: \"%1\" must be ROUTE=SPEC with ROUTE one of *, %2")
                               .arg(spec, routes.join(QStringLiteral(", "))));
        }
        const auto fault = sandbox::Fault::parse(spec.mid(equals + 1).trimmed());
        if (!fault) {
            return invalid(QCoreApplication::translate("targetdesk-cli",
                                                       "--fault: \"%1\" is not a fault; use delay:MS, hang, 500, 503, "
                                                       "reset, malformed or ignore, optionally followed by *N")
                               .arg(spec.mid(equals + 1)));
        }
        m_sandbox->setFault(route, *fault);
    }

    m_sandbox->setAllowPrivateEndpoints(commandLine().isSet(QStringLiteral("allow-private-endpoints")));
    m_sandbox->setWebKeyActive(!commandLine().isSet(QStringLiteral("no-active-web-key")));
    m_sandbox->setReproduceInterruptDefect(!commandLine().isSet(QStringLiteral("fixed-interrupt-on-error")));
    if (commandLine().isSet(QStringLiteral("data"))) {
        QString error;
        if (!m_sandbox->setDataFile(commandLine().value(QStringLiteral("data")), &error))
            return invalid(QStringLiteral("--data: %1").arg(error));
    }
    // With a data file the seed is only planted once, so a restart does not add a second copy.
    if (commandLine().isSet(QStringLiteral("seed")) &&
        m_sandbox->snapshot().value(QLatin1String("targets")).toArray().isEmpty())
        m_sandbox->seed();
    if (seedCount > 0)
        m_sandbox->seedTargets(seedCount);

    // Tokens first: a client may call as soon as it reads the "listening on" line.
    QString generated;
    if (hasToken)
        m_sandbox->addToken(token, sandbox::Role::ReadWrite);
    else
        generated = m_sandbox->generateToken(sandbox::Role::ReadWrite);

    QString error;
    const bool tlsCert = commandLine().isSet(QStringLiteral("tls-cert"));
    if (tlsCert != commandLine().isSet(QStringLiteral("tls-key"))) {
        return usage(QCoreApplication::translate("targetdesk-cli", "--tls-cert and --tls-key go together"));
    }
    if (tlsCert && !m_sandbox->setTlsFiles(commandLine().value(QStringLiteral("tls-cert")),
                                           commandLine().value(QStringLiteral("tls-key")), &error))
        return invalid(QStringLiteral("--tls-cert/--tls-key: %1").arg(error));
    auto *terminationSignals = new TerminationSignals(this);
    connect(terminationSignals, &TerminationSignals::received, qApp, &QCoreApplication::quit);
    if (!terminationSignals->install(&error)) {
        console::error(error);
        return NetworkFailure;
    }
    if (!m_sandbox->listen(address, port, &error)) {
        return invalid(QCoreApplication::translate("targetdesk-cli", "--host/--port: cannot listen on %1 port %2: %3")
                           .arg(address.toString())
                           .arg(port)
                           .arg(error));
    }

    // Before "listening on": a client may use the key file as soon as it reads that line.
    if (commandLine().isSet(QStringLiteral("service-user-key")) &&
        !m_sandbox->writeServiceUserKey(commandLine().value(QStringLiteral("service-user-key")),
                                        sandbox::Role::ReadWrite, &error))
        return invalid(QStringLiteral("--service-user-key: %1").arg(error));

    QUrl url;
    url.setScheme(m_sandbox->isTls() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(m_sandbox->port());
    if (!address.isLoopback()) {
        console::err(QStringLiteral("warning: listening on %1, which is reachable from other machines; anyone who "
                                    "learns a token can change the sandbox's targets. Use --host 127.0.0.1 unless "
                                    "you need that.")
                         .arg(address.toString()) +
                     QLatin1Char('\n'));
    }
    console::out(QStringLiteral("listening on %1\n").arg(url.toString()));
    if (!hasToken)
        console::out(QStringLiteral("token %1\n").arg(generated));
    return std::nullopt;
}

std::unique_ptr<Command> makeSandboxCommand(const CommandLine &commandLine)
{
    return std::make_unique<SandboxCommand>(commandLine);
}

} // namespace targetdesk::cli
