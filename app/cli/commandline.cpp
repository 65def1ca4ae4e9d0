#include "commandline.h"

#include <QSet>

namespace targetdesk::cli
{

namespace
{

constexpr unsigned bit(Command c)
{
    return 1u << unsigned(c);
}

constexpr unsigned kNone = bit(Command::None);
constexpr unsigned kList = bit(Command::TargetsList);
constexpr unsigned kGet = bit(Command::TargetsGet);
constexpr unsigned kCreate = bit(Command::TargetsCreate);
constexpr unsigned kUpdate = bit(Command::TargetsUpdate);
constexpr unsigned kDelete = bit(Command::TargetsDelete);
constexpr unsigned kSandbox = bit(Command::Sandbox);
constexpr unsigned kTargets = kList | kGet | kCreate | kUpdate | kDelete;
constexpr unsigned kKeyList = bit(Command::KeysList);
constexpr unsigned kKeyGenerate = bit(Command::KeysGenerate);
constexpr unsigned kKeyAdd = bit(Command::KeysAdd);
constexpr unsigned kKeyActivate = bit(Command::KeysActivate);
constexpr unsigned kKeyDeactivate = bit(Command::KeysDeactivate);
constexpr unsigned kKeyRemove = bit(Command::KeysRemove);
constexpr unsigned kKeyFingerprint = bit(Command::KeysFingerprint);
constexpr unsigned kKeys =
    kKeyList | kKeyGenerate | kKeyAdd | kKeyActivate | kKeyDeactivate | kKeyRemove | kKeyFingerprint;
constexpr unsigned kInspect = bit(Command::Inspect);
constexpr unsigned kProfilesList = bit(Command::ProfilesList);
constexpr unsigned kProfilesTest = bit(Command::ProfilesTest);
constexpr unsigned kProfiles = kProfilesList | kProfilesTest;
// The key commands that change something, locally or on the server: they write the audit log.
constexpr unsigned kKeysAudited = kKeyGenerate | kKeyAdd | kKeyActivate | kKeyDeactivate | kKeyRemove;
// Options every targets and keys command accepts, before or after the command words.
constexpr unsigned kGlobal = kTargets | kKeys;
constexpr unsigned kEverywhere = kNone | kGlobal | kSandbox | kInspect | kProfiles;

struct OptionSpec {
    const char *name;
    const char *shortName; // nullptr: none
    const char *valueName; // nullptr: a flag
    const char *description;
    unsigned commands;
    bool repeatable = false;
};

// The union of every command's options. The descriptions are the help text.
const OptionSpec kOptions[] = {
    {"help", "h", nullptr, "Show this help and exit.", kEverywhere},
    {"version", nullptr, nullptr, "Show the version and exit.", kEverywhere},
    {"instance", nullptr, "URL", "ZITADEL instance, e.g. https://my.zitadel.example (default: $TARGETDESK_INSTANCE).",
     kGlobal},
    {"profile", nullptr, "NAME", "Use the saved connection profile NAME (see 'profiles list') instead of --instance.",
     kGlobal},
    {"key-file", nullptr, "FILE", "Authenticate with this ZITADEL service-user key file (JSON) instead of a token.",
     kGlobal},
    {"timeout", nullptr, "SECONDS", "Timeout of each request in seconds (default 30).",
     kGlobal | kInspect | kProfilesTest},
    {"request-timeout", nullptr, "SECONDS", "Same as the global --timeout; unambiguous after 'targets create|update'.",
     kGlobal | kInspect | kProfilesTest},
    {"json", nullptr, nullptr, "Print ZITADEL's own JSON shapes instead of text.", kGlobal | kInspect | kProfiles},
    {"filter", nullptr, "TEXT", "Only targets whose name contains TEXT (ignoring case).", kList},
    {"sort", nullptr, "COLUMN", "Sort by name, created, changed, type, url or timeout (default: created).", kList},
    {"asc", nullptr, nullptr, "Sort ascending (default: descending).", kList},
    {"show-signing-key", nullptr, nullptr, "Show the signing key in clear text (text output masks it).", kGet},
    {"name", nullptr, "NAME", "Name of the target, unique in the instance.", kCreate | kUpdate},
    {"endpoint", nullptr, "URL", "URL ZITADEL calls, e.g. https://hooks.example.com/zitadel.", kCreate | kUpdate},
    {"type", nullptr, "TYPE", "webhook, call or async.", kCreate | kUpdate | kKeyGenerate},
    {"interrupt-on-error", nullptr, nullptr, "Stop ZITADEL's request when the target fails (webhook and call only).",
     kCreate | kUpdate},
    {"no-interrupt-on-error", nullptr, nullptr, "Do not stop ZITADEL's request when the target fails.",
     kCreate | kUpdate},
    {"payload", nullptr, "TYPE", "Payload type json, jwt or jwe (default json).", kCreate | kUpdate},
    {"rotate-signing-key", nullptr, nullptr, "Replace the signing key now and print the new one.", kUpdate},
    {"yes", "y", nullptr, "Delete without asking.", kDelete},
    {"out", nullptr, "FILE", "Write the private key (PKCS#8 PEM, owner-only permissions) to FILE.", kKeyGenerate},
    {"public-out", nullptr, "FILE", "Also write the public key (PKIX PEM, what ZITADEL accepts) to FILE.",
     kKeyGenerate},
    {"passphrase-env", nullptr, "VAR",
     "Encrypt the private key (PKCS#8, AES-256) with the passphrase in environment variable VAR.",
     kKeyGenerate | kInspect},
    {"force", nullptr, nullptr, "Replace existing output files (default: refuse to overwrite).", kKeyGenerate},
    {"vault", nullptr, nullptr, "Also store the private key in the vault (the OS keychain).", kKeyGenerate | kInspect},
    {"label", nullptr, "TEXT", "With --vault: a note to find the key by later.", kKeyGenerate},
    {"public-key", nullptr, "FILE", "The public key to add: PKIX PEM (PKCS#1 and certificates are converted).",
     kKeyAdd},
    {"expires", nullptr, "TIME", "Expiration as RFC 3339, e.g. 2027-01-31T00:00:00Z (default: never).", kKeyAdd},
    {"all-targets", nullptr, nullptr, "Instead of TARGET_ID: deactivate every active key of the instance.",
     kKeyDeactivate},
    {"audit-log", nullptr, "FILE", "Append to this audit log (default: $TARGETDESK_AUDIT_LOG or the data directory).",
     kKeysAudited},
    {"host", nullptr, "ADDRESS", "Address to listen on (default 127.0.0.1).", kSandbox},
    {"port", nullptr, "PORT", "Port to listen on; 0 picks a free one (default 0).", kSandbox},
    {"token", nullptr, "TOKEN", "Accept this read-write token (default: generate one and print it).", kSandbox},
    {"read-only-token", nullptr, "TOKEN", "Also accept this read-only (IAM_OWNER_VIEWER) token.", kSandbox},
    {"seed", nullptr, nullptr, "Start with a handful of realistic targets, keys and executions.", kSandbox},
    {"seed-targets", nullptr, "COUNT", "Also add COUNT generated targets named target-00001...", kSandbox},
    {"data", nullptr, "FILE", "Load the state from FILE and write every change back to it.", kSandbox},
    {"allow-private-endpoints", nullptr, nullptr, "Accept loopback and private endpoint addresses.", kSandbox},
    {"fault", nullptr, "ROUTE=SPEC",
     "Inject a fault, e.g. CreateTarget=503, *=delay:200, ListTargets=reset*1 (repeatable).", kSandbox, true},
    {"service-user-key", nullptr, "OUT.json", "Write a key file of a new read-write service user to OUT.json.",
     kSandbox},
    {"tls-cert", nullptr, "FILE", "Serve HTTPS with this certificate (PEM); needs --tls-key.", kSandbox},
    {"tls-key", nullptr, "FILE", "The private key (PEM, unencrypted) of --tls-cert.", kSandbox},
    // inspect (its help text is written out in inspectHelp(): several options mean something else there)
    {"key", nullptr, "PRIVATE.pem", "A private key to decrypt with (repeatable).", kInspect, true},
    {"jwks", nullptr, "FILE|URL", "The instance's JWKS to verify the inner JWT with.", kInspect},
    {"signing-key-env", nullptr, "VAR", "The target's signing key, from environment variable VAR.", kInspect},
    {"bulk", nullptr, nullptr, "One input per line, one JSON result per line.", kInspect},
    {"signature-tolerance", nullptr, "SECONDS", "Maximum age of a ZITADEL-Signature; 0 or any: do not enforce.",
     kInspect},
};

const OptionSpec *findOption(const QString &name)
{
    for (const OptionSpec &spec : kOptions) {
        if (name == QLatin1String(spec.name) || (spec.shortName && name == QLatin1String(spec.shortName)))
            return &spec;
    }
    return nullptr;
}

QString dashed(const OptionSpec &spec)
{
    return QStringLiteral("--") + QLatin1String(spec.name);
}

struct CommandInfo {
    Command command;
    const char *words;
    const char *usage;
    const char *summary;
};

const CommandInfo kCommands[] = {
    {Command::TargetsList, "targets list", "targets list [--filter TEXT] [--sort COLUMN] [--asc]",
     "List every target of the instance (all pages)."},
    {Command::TargetsGet, "targets get", "targets get ID [--show-signing-key]", "Show one target."},
    {Command::TargetsCreate, "targets create",
     "targets create --name NAME --endpoint URL --type webhook|call|async --timeout DURATION\n"
     "                              [--interrupt-on-error] [--payload json|jwt|jwe]",
     "Create a target. Prints its id and, once, its signing key."},
    {Command::TargetsUpdate, "targets update",
     "targets update ID [--name NAME] [--endpoint URL] [--type TYPE] [--timeout DURATION]\n"
     "                              [--[no-]interrupt-on-error] [--payload TYPE] [--rotate-signing-key]",
     "Change the given fields of a target; the others stay as they are."},
    {Command::TargetsDelete, "targets delete", "targets delete ID [--yes]",
     "Delete a target (asks first unless --yes is given)."},
    {Command::KeysList, "keys list", "keys list TARGET_ID", "List the public keys of a target and their real state."},
    {Command::KeysGenerate, "keys generate",
     "keys generate --type rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ec-p521 --out PRIVATE.pem\n"
     "                              [--public-out PUBLIC.pem] [--passphrase-env VAR] [--force] [--vault [--label T]]",
     "Generate a key pair locally. Prints its fingerprint."},
    {Command::KeysAdd, "keys add", "keys add TARGET_ID --public-key PUBLIC.pem [--expires RFC3339]",
     "Add a public key to a target (it starts inactive). Prints the new key id."},
    {Command::KeysActivate, "keys activate", "keys activate TARGET_ID KEY_ID",
     "Make a key the target's only active key (the previous active key is deactivated in the same step)."},
    {Command::KeysDeactivate, "keys deactivate", "keys deactivate TARGET_ID [KEY_ID] | --all-targets",
     "Deactivate a key; without KEY_ID whatever key is active; --all-targets: every active key of the instance."},
    {Command::KeysRemove, "keys remove", "keys remove TARGET_ID KEY_ID",
     "Remove an inactive key from a target on the server (a private key in the vault stays there)."},
    {Command::KeysFingerprint, "keys fingerprint", "keys fingerprint PUBLIC.pem",
     "Print a public key's fingerprint as ZITADEL shows it (SHA256:...)."},
    {Command::Inspect, "inspect",
     "inspect [--key PRIVATE.pem]... [--vault] [--jwks FILE|URL] [--signing-key-env VAR]\n"
     "                              [--passphrase-env VAR] [--signature-tolerance SECONDS|any] [--json] [--bulk]\n"
     "                              [FILE|-]",
     "Decrypt and verify a payload ZITADEL sent to a target (a JWE, JWT, JSON body or captured request)."},
    {Command::ProfilesList, "profiles list", "profiles list [--json]",
     "List the saved connection profiles (never their secrets)."},
    {Command::ProfilesTest, "profiles test", "profiles test NAME",
     "Test a profile's connection: reachable, TLS, token, read and write permission."},
    {Command::Sandbox, "sandbox",
     "sandbox [--host 127.0.0.1] [--port 0] [--token T] [--read-only-token T] [--seed]\n"
     "                              [--data FILE] [--allow-private-endpoints] [--fault ROUTE=SPEC]...\n"
     "                              [--service-user-key OUT.json] [--tls-cert FILE --tls-key FILE]",
     "Run a local emulator of ZITADEL's Actions v2 API until SIGINT or SIGTERM."},
};

const CommandInfo *findCommand(Command c)
{
    for (const CommandInfo &info : kCommands) {
        if (info.command == c)
            return &info;
    }
    return nullptr;
}

QString optionLine(const QString &left, const QString &description)
{
    // A left column too long for the layout gets its own line, so the descriptions stay aligned.
    if (left.size() > 28)
        return QStringLiteral("  ") + left + QStringLiteral("\n") + QString(31, QLatin1Char(' ')) + description +
               QLatin1Char('\n');
    return QStringLiteral("  ") + left.leftJustified(28) + QLatin1Char(' ') + description + QLatin1Char('\n');
}

QString optionLine(const OptionSpec &spec)
{
    QString left = spec.shortName ? QStringLiteral("-%1, ").arg(QLatin1String(spec.shortName)) : QString();
    left += dashed(spec);
    if (spec.valueName)
        left += QLatin1Char(' ') + QLatin1String(spec.valueName);
    return optionLine(left, QLatin1String(spec.description));
}

bool takesTargetTimeout(Command c)
{
    return c == Command::TargetsCreate || c == Command::TargetsUpdate;
}

// What follows the command words, for the command list in the help.
QString argumentsSynopsis(Command c)
{
    switch (c) {
    case Command::TargetsGet:
    case Command::TargetsUpdate:
    case Command::TargetsDelete:
        return QStringLiteral(" ID");
    case Command::KeysList:
    case Command::KeysAdd:
        return QStringLiteral(" TARGET_ID");
    case Command::KeysActivate:
    case Command::KeysRemove:
        return QStringLiteral(" TARGET_ID KEY_ID");
    case Command::KeysDeactivate:
        return QStringLiteral(" TARGET_ID [KEY_ID]");
    case Command::KeysFingerprint:
        return QStringLiteral(" FILE");
    case Command::Inspect:
        return QStringLiteral(" [FILE|-]");
    case Command::ProfilesTest:
        return QStringLiteral(" NAME");
    default:
        return {};
    }
}

struct ArgumentCount {
    qsizetype min;
    qsizetype max;
    const char *names; // for "needs ..." messages
};

ArgumentCount argumentCount(Command c, bool allTargets)
{
    switch (c) {
    case Command::TargetsGet:
    case Command::TargetsUpdate:
    case Command::TargetsDelete:
        return {1, 1, "the target id: targetdesk-cli %1 ID"};
    case Command::KeysList:
    case Command::KeysAdd:
        return {1, 1, "the target id: targetdesk-cli %1 TARGET_ID"};
    case Command::KeysActivate:
    case Command::KeysRemove:
        return {2, 2, "the target id and the key id: targetdesk-cli %1 TARGET_ID KEY_ID"};
    case Command::KeysDeactivate:
        if (allTargets)
            return {0, 0, ""};
        return {1, 2, "the target id (or --all-targets): targetdesk-cli %1 TARGET_ID [KEY_ID]"};
    case Command::KeysFingerprint:
        return {1, 1, "a public key file: targetdesk-cli %1 PUBLIC.pem"};
    case Command::Inspect:
        return {0, 1, ""};
    case Command::ProfilesTest:
        return {1, 1, "the profile's name: targetdesk-cli %1 NAME"};
    default:
        return {0, 0, ""};
    }
}

// Word-wraps a description to the help's 120 columns, continuation lines under the description column.
QString wrapped(const QString &text)
{
    constexpr qsizetype width = 120 - 31;
    QString out;
    qsizetype column = 0;
    for (const QString &word : text.split(QLatin1Char(' '))) {
        if (column > 0 && column + 1 + word.size() > width) {
            out += QLatin1Char('\n') + QString(31, QLatin1Char(' '));
            column = 0;
        } else if (column > 0) {
            out += QLatin1Char(' ');
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

// `inspect` shares option names with other commands but not their meaning, so its help is written out.
QString inspectHelp(const CommandInfo &info)
{
    QString text =
        QStringLiteral("Usage: targetdesk-cli %1\n\n%2\n").arg(QLatin1String(info.usage), QLatin1String(info.summary));
    text += QStringLiteral("\nReads FILE, or standard input for - (or when input is piped). The form is detected: a "
                           "compact JWE or JWT,\na JSON body, a raw HTTP request as captured (the ZITADEL-Signature "
                           "header is taken from it)\nor {\"headers\":{...},\"body\":\"...\"}.\n");
    text += QStringLiteral("\nOptions:\n");
    text += optionLine(
        QStringLiteral("--key PRIVATE.pem"),
        wrapped(QStringLiteral("A private key (PEM, PKCS#8 or traditional) to decrypt a JWE with; repeatable, "
                               "tried in turn.")));
    text += optionLine(QStringLiteral("--vault"),
                       wrapped(QStringLiteral("First try the vault's key whose ZITADEL key id equals the JWE's kid.")));
    text += optionLine(QStringLiteral("--passphrase-env VAR"),
                       wrapped(QStringLiteral("Passphrase of encrypted --key files, from environment variable VAR.")));
    text += optionLine(
        QStringLiteral("--jwks FILE|URL"),
        wrapped(QStringLiteral("The instance's JWKS (https://INSTANCE/oauth/v2/keys) to verify the inner JWT. "
                               "Without it a JWT is shown unverified.")));
    text += optionLine(QStringLiteral("--signing-key-env VAR"),
                       wrapped(QStringLiteral("The target's signing key, from environment variable VAR, to check the "
                                              "ZITADEL-Signature header.")));
    text +=
        optionLine(QStringLiteral("--signature-tolerance SECONDS"),
                   wrapped(QStringLiteral("Accept a ZITADEL-Signature up to SECONDS old (default 300). 0 or \"any\": "
                                          "report the age but do not enforce it (for old captures).")));
    text +=
        optionLine(QStringLiteral("--json"),
                   wrapped(QStringLiteral("Print the whole report (layers, headers, checks) as JSON, with the payload "
                                          "under \"payload\".")));
    text += optionLine(QStringLiteral("--bulk"),
                       wrapped(QStringLiteral("One input per line (a token or {\"headers\":{...},\"body\":\"...\"}); "
                                              "prints one JSON result per line, in input order, using every core.")));
    text +=
        optionLine(QStringLiteral("--timeout SECONDS"),
                   wrapped(QStringLiteral("Timeout of the --jwks URL request (default 30); also --request-timeout.")));
    text += optionLine(QStringLiteral("-h, --help"), wrapped(QStringLiteral("Show this help and exit.")));
    text += QStringLiteral(
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

} // namespace

CommandLine::CommandLine()
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    for (const OptionSpec &spec : kOptions) {
        QStringList names;
        if (spec.shortName)
            names << QLatin1String(spec.shortName);
        names << QLatin1String(spec.name);
        QCommandLineOption option(names, QLatin1String(spec.description));
        if (spec.valueName)
            option.setValueName(QLatin1String(spec.valueName));
        m_parser.addOption(option);
    }
}

QStringList CommandLine::rewriteTimeoutBeforeCommand(const QStringList &arguments) const
{
    // Find where the command words end, skipping option values, so that "--name list" is not taken for a word.
    qsizetype lastWord = -1;
    int words = 0;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--"))
            break;
        if (arg.startsWith(QLatin1String("--"))) {
            const QString name = arg.mid(2).section(QLatin1Char('='), 0, 0);
            const OptionSpec *spec = findOption(name);
            if (spec && spec->valueName && !arg.contains(QLatin1Char('=')))
                ++i;
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1)
            continue;
        ++words;
        lastWord = i;
        if (words == 1 && arg != QLatin1String("targets") && arg != QLatin1String("keys") &&
            arg != QLatin1String("profiles"))
            break;
        if (words == 2)
            break;
    }
    QStringList out = arguments;
    for (qsizetype i = 1; i < lastWord; ++i) {
        QString &arg = out[i];
        if (arg == QLatin1String("--timeout"))
            arg = QStringLiteral("--request-timeout");
        else if (arg.startsWith(QLatin1String("--timeout=")))
            arg = QStringLiteral("--request-timeout=") + arg.mid(10);
        else if (arg.startsWith(QLatin1String("--"))) {
            const OptionSpec *spec = findOption(arg.mid(2).section(QLatin1Char('='), 0, 0));
            if (spec && spec->valueName && !arg.contains(QLatin1Char('=')))
                ++i;
        }
    }
    return out;
}

bool CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(rewriteTimeoutBeforeCommand(arguments))) {
        m_error = m_parser.errorText();
        return false;
    }
    if (versionRequested())
        return true;

    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        if (helpRequested())
            return true;
        m_error = QStringLiteral("no command given (expected 'targets', 'keys', 'profiles', 'inspect' or 'sandbox')");
        return false;
    }
    const QString first = positional.at(0);
    if (first == QLatin1String("targets")) {
        if (positional.size() < 2) {
            if (helpRequested())
                return true;
            m_error = QStringLiteral("'targets' needs a subcommand: list, get, create, update or delete");
            return false;
        }
        const QString sub = positional.at(1);
        const QString words = first + QLatin1Char(' ') + sub;
        for (const CommandInfo &info : kCommands) {
            if (words == QLatin1String(info.words))
                m_command = info.command;
        }
        if (m_command == Command::None) {
            m_error = QStringLiteral("unknown subcommand 'targets %1' (expected list, get, create, update or delete)")
                          .arg(sub);
            return false;
        }
        m_commandWords = positional.mid(0, 2);
        m_arguments = positional.mid(2);
    } else if (first == QLatin1String("keys")) {
        if (positional.size() < 2) {
            if (helpRequested())
                return true;
            m_error = QStringLiteral("'keys' needs a subcommand: list, generate, add, activate, deactivate, remove or "
                                     "fingerprint");
            return false;
        }
        const QString sub = positional.at(1);
        const QString words = first + QLatin1Char(' ') + sub;
        for (const CommandInfo &info : kCommands) {
            if (words == QLatin1String(info.words))
                m_command = info.command;
        }
        if (m_command == Command::None) {
            m_error = QStringLiteral("unknown subcommand 'keys %1' (expected list, generate, add, activate, "
                                     "deactivate, remove or fingerprint)")
                          .arg(sub);
            return false;
        }
        m_commandWords = positional.mid(0, 2);
        m_arguments = positional.mid(2);
    } else if (first == QLatin1String("profiles")) {
        const QString sub = positional.value(1);
        if (sub == QLatin1String("list"))
            m_command = Command::ProfilesList;
        else if (sub == QLatin1String("test"))
            m_command = Command::ProfilesTest;
        if (m_command == Command::None) {
            if (sub.isEmpty() && helpRequested())
                return true;
            m_error = QStringLiteral("'profiles' needs a subcommand: list or test");
            return false;
        }
        m_commandWords = positional.mid(0, 2);
        m_arguments = positional.mid(2);
    } else if (first == QLatin1String("sandbox")) {
        m_command = Command::Sandbox;
        m_commandWords = positional.mid(0, 1);
        m_arguments = positional.mid(1);
    } else if (first == QLatin1String("inspect")) {
        m_command = Command::Inspect;
        m_commandWords = positional.mid(0, 1);
        m_arguments = positional.mid(1);
    } else {
        m_error =
            QStringLiteral("unknown command '%1' (expected 'targets', 'keys', 'profiles', 'inspect' or 'sandbox')")
                .arg(first);
        return false;
    }
    if (helpRequested())
        return true;

    const bool allTargets = m_parser.isSet(QStringLiteral("all-targets"));
    if (allTargets && m_command == Command::KeysDeactivate && !m_arguments.isEmpty()) {
        m_error = QStringLiteral("--all-targets stands for every target: give it instead of TARGET_ID, not with it");
        return false;
    }
    const ArgumentCount count = argumentCount(m_command, allTargets);
    if (m_arguments.size() < count.min) {
        m_error = QStringLiteral("'%1' needs ").arg(commandName()) + QLatin1String(count.names).arg(commandName());
        return false;
    }
    if (m_arguments.size() > count.max) {
        m_error = QStringLiteral("unexpected argument '%1' for '%2'").arg(m_arguments.at(count.max), commandName());
        return false;
    }
    return checkOptionsForCommand();
}

bool CommandLine::checkOptionsForCommand()
{
    const QStringList given = m_parser.optionNames();
    for (const QString &name : given) {
        const OptionSpec *spec = findOption(name);
        if (!spec)
            continue; // cannot happen: the parser knows only our options
        if (spec->commands & bit(m_command))
            continue;
        if (QLatin1String(spec->name) == QLatin1String("token") && m_command != Command::Sandbox) {
            // Never echo the value: it is a secret typed at the wrong place.
            m_error = QStringLiteral("--token is not accepted by '%1': the token is read only from the environment "
                                     "variable TARGETDESK_TOKEN, so it never shows up in process lists")
                          .arg(commandName());
            return false;
        }
        m_error = QStringLiteral("option %1 is not valid for '%2' (see targetdesk-cli %2 --help)")
                      .arg(dashed(*spec), commandName());
        return false;
    }
    for (const OptionSpec &spec : kOptions) {
        if (!spec.valueName || spec.repeatable)
            continue;
        if (m_parser.values(QLatin1String(spec.name)).size() > 1) {
            m_error = QStringLiteral("option %1 is given more than once").arg(dashed(spec));
            return false;
        }
    }
    if (!takesTargetTimeout(m_command) && m_parser.isSet(QStringLiteral("timeout")) &&
        m_parser.isSet(QStringLiteral("request-timeout"))) {
        m_error = QStringLiteral("the request timeout is given twice (--timeout and --request-timeout)");
        return false;
    }
    return true;
}

bool isKeysCommand(Command command)
{
    return (bit(command) & kKeys) != 0;
}

bool isProfilesCommand(Command command)
{
    return (bit(command) & kProfiles) != 0;
}

QString CommandLine::commandName() const
{
    return m_commandWords.join(QLatin1Char(' '));
}

bool CommandLine::helpRequested() const
{
    return m_parser.isSet(QStringLiteral("help"));
}

bool CommandLine::versionRequested() const
{
    return m_parser.isSet(QStringLiteral("version"));
}

QString CommandLine::helpText() const
{
    const CommandInfo *info = findCommand(m_command);
    QString text;
    if (!info) {
        text += QStringLiteral("Usage: targetdesk-cli [global options] COMMAND [options]\n\n"
                               "Manage the targets of ZITADEL Actions v2 from the command line.\n\nCommands:\n");
        for (const CommandInfo &c : kCommands)
            text += optionLine(QLatin1String(c.words) + argumentsSynopsis(c.command), QLatin1String(c.summary));
        text += QStringLiteral("\nRun 'targetdesk-cli COMMAND --help' for the options of a command.\n");
    } else if (m_command == Command::Inspect) {
        return inspectHelp(*info);
    } else {
        text += QStringLiteral("Usage: targetdesk-cli %1\n\n%2\n")
                    .arg(QLatin1String(info->usage), QLatin1String(info->summary));
        text += QStringLiteral("\nOptions:\n");
        for (const OptionSpec &spec : kOptions) {
            const bool global = (spec.commands & kGlobal) == kGlobal || spec.commands == kEverywhere;
            if (global || !(spec.commands & bit(m_command)))
                continue;
            if (QLatin1String(spec.name) == QLatin1String("type") && m_command == Command::KeysGenerate) {
                text += optionLine(QStringLiteral("--type TYPE"),
                                   QStringLiteral("rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 or ec-p521."));
                continue;
            }
            text += optionLine(spec);
        }
        if (takesTargetTimeout(m_command)) {
            text += optionLine(QStringLiteral("--timeout DURATION"),
                               QStringLiteral("The target's timeout, e.g. 10s or 1.5s; more than 0 and at most 270s."));
        }
        if (m_command == Command::Sandbox || isProfilesCommand(m_command)) {
            text += optionLine(QStringLiteral("-h, --help"), QStringLiteral("Show this help and exit."));
            return text;
        }
    }
    text += QStringLiteral("\nGlobal options (before or after the command):\n");
    for (const OptionSpec &spec : kOptions) {
        if ((spec.commands & kGlobal) != kGlobal)
            continue;
        if (QLatin1String(spec.name) == QLatin1String("timeout") && takesTargetTimeout(m_command)) {
            text += optionLine(QStringLiteral("--timeout SECONDS"),
                               QStringLiteral("Before the command words: timeout of each request (default 30)."));
            continue;
        }
        text += optionLine(spec);
    }
    text += QStringLiteral(
        "\nEnvironment:\n"
        "  TARGETDESK_TOKEN             Personal access token of a ZITADEL service user. Required by the commands\n"
        "                               that talk to ZITADEL and never taken from the command line.\n"
        "                               With --profile the secret comes from the OS keychain instead.\n"
        "  TARGETDESK_INSTANCE          Default for --instance.\n"
        "  TARGETDESK_AUDIT_LOG         Default for --audit-log.\n"
        "  TARGETDESK_DATA_DIR          Where the vault index and the audit log live (default: the user's data\n"
        "                               directory, e.g. ~/.local/share/Targetdesk).\n"
        "\nExit codes: 0 success, 1 declined at the prompt, 2 usage error, 3 invalid input (nothing was sent),\n"
        "4 a local file or the keychain failed, 6 the server refused, 7 network or TLS failure (or an answer that\n"
        "is not ZITADEL's).\n");
    return text;
}

bool CommandLine::isSet(const QString &name) const
{
    return m_parser.isSet(name);
}

QString CommandLine::value(const QString &name) const
{
    return m_parser.value(name);
}

QStringList CommandLine::values(const QString &name) const
{
    return m_parser.values(name);
}

std::optional<QString> CommandLine::requestTimeout() const
{
    if (m_parser.isSet(QStringLiteral("request-timeout")))
        return m_parser.value(QStringLiteral("request-timeout"));
    if (!takesTargetTimeout(m_command) && m_parser.isSet(QStringLiteral("timeout")))
        return m_parser.value(QStringLiteral("timeout"));
    return std::nullopt;
}

QString CommandLine::requestTimeoutOption() const
{
    // Both spellings reach the same setting; name the one the user is most likely to recognise.
    if (takesTargetTimeout(m_command))
        return QStringLiteral("--request-timeout (or --timeout before the command)");
    return QStringLiteral("--timeout");
}

std::optional<QString> CommandLine::targetTimeout() const
{
    if (takesTargetTimeout(m_command) && m_parser.isSet(QStringLiteral("timeout")))
        return m_parser.value(QStringLiteral("timeout"));
    return std::nullopt;
}

} // namespace targetdesk::cli
