#include "targetcommands.h"

#include "api/zitadelclient.h"
#include "authhint.h"
#include "console.h"
#include "exitcode.h"
#include "inputs.h"
#include "profileconnection.h"
#include "texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace targetdesk::cli
{

namespace
{

int usage(const QString &message)
{
    console::error(message);
    return UsageError;
}

int invalid(const QString &message)
{
    console::error(message);
    return InvalidInput;
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString timestampText(const QDateTime &t)
{
    return t.isValid() ? protojson::formatTimestamp(t) : QStringLiteral("-");
}

std::optional<TargetSortColumn> sortColumn(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("name"))
        return TargetSortColumn::Name;
    if (t == QLatin1String("created"))
        return TargetSortColumn::CreatedDate;
    if (t == QLatin1String("changed"))
        return TargetSortColumn::ChangedDate;
    if (t == QLatin1String("type"))
        return TargetSortColumn::TargetType;
    if (t == QLatin1String("url"))
        return TargetSortColumn::Url;
    if (t == QLatin1String("timeout"))
        return TargetSortColumn::Timeout;
    return std::nullopt;
}

} // namespace

TargetCommands::TargetCommands(const CommandLine &commandLine, QObject *parent)
    : QObject(parent), m_commandLine(commandLine), m_client(new ZitadelClient(this)),
      m_connection(new ProfileConnection(commandLine, this))
{
}

std::optional<int> TargetCommands::prepare()
{
    const Command command = m_commandLine.command();
    m_json = m_commandLine.isSet(QStringLiteral("json"));

    // Usage errors first (exit 2): what is missing from the command line or the environment.
    if (const auto code = m_connection->checkUsage())
        return code;
    if (command == Command::TargetsDelete && !m_commandLine.isSet(QStringLiteral("yes")) &&
        !console::stdinIsTerminal()) {
        return usage(QStringLiteral("not deleting target %1 without confirmation: stdin is not a terminal, so "
                                    "nobody can answer; add --yes to delete without asking")
                         .arg(m_commandLine.arguments().value(0)));
    }

    // Then the values (exit 3): nothing has been sent yet.
    if (const auto code = m_connection->configure(*m_client))
        return code;
    if (!m_commandLine.arguments().isEmpty()) {
        m_id = m_commandLine.arguments().constFirst();
        if (m_id.trimmed().isEmpty())
            return invalid(QStringLiteral("the target id is empty"));
    }

    switch (command) {
    case Command::TargetsList:
        return prepareList();
    case Command::TargetsCreate:
        return prepareCreate();
    case Command::TargetsUpdate:
        return prepareUpdate();
    default:
        return std::nullopt;
    }
}

std::optional<int> TargetCommands::prepareList()
{
    if (m_commandLine.isSet(QStringLiteral("filter")))
        m_query.nameFilter = m_commandLine.value(QStringLiteral("filter"));
    m_query.nameFilterMethod = TextFilterMethod::ContainsIgnoreCase;
    if (m_commandLine.isSet(QStringLiteral("sort"))) {
        const QString text = m_commandLine.value(QStringLiteral("sort"));
        const auto column = sortColumn(text);
        if (!column) {
            return invalid(
                QStringLiteral("--sort: \"%1\" is not a column; use name, created, changed, type, url or timeout")
                    .arg(text));
        }
        m_query.sortingColumn = *column;
    }
    m_query.asc = m_commandLine.isSet(QStringLiteral("asc"));
    m_query.limit = 1000; // the most ZITADEL allows per page: fewest round trips
    return std::nullopt;
}

std::optional<int> TargetCommands::prepareCreate()
{
    QStringList missing;
    for (const char *name : {"name", "endpoint", "type", "timeout"}) {
        if (!m_commandLine.isSet(QLatin1String(name)))
            missing << QStringLiteral("--") + QLatin1String(name);
    }
    if (!missing.isEmpty()) {
        return usage(QStringLiteral("'targets create' needs %1 (see targetdesk-cli targets create --help)")
                         .arg(missing.join(QStringLiteral(", "))));
    }
    if (m_commandLine.isSet(QStringLiteral("interrupt-on-error")) &&
        m_commandLine.isSet(QStringLiteral("no-interrupt-on-error")))
        return usage(QStringLiteral("--interrupt-on-error and --no-interrupt-on-error contradict each other"));

    QString error;
    const auto name = inputs::targetName(m_commandLine.value(QStringLiteral("name")), QStringLiteral("--name"), &error);
    if (!name)
        return invalid(error);
    const auto endpoint =
        inputs::endpoint(m_commandLine.value(QStringLiteral("endpoint")), QStringLiteral("--endpoint"), &error);
    if (!endpoint)
        return invalid(error);
    const QString typeText = m_commandLine.value(QStringLiteral("type"));
    const auto type = targetTypeFromName(typeText);
    if (!type)
        return invalid(QStringLiteral("--type: \"%1\" is not a target type; use webhook, call or async").arg(typeText));
    const auto timeout = inputs::targetTimeout(*m_commandLine.targetTimeout(), QStringLiteral("--timeout"), &error);
    if (!timeout)
        return invalid(error);
    const bool interrupt = m_commandLine.isSet(QStringLiteral("interrupt-on-error"));
    if (interrupt && *type == TargetType::Async) {
        return invalid(QStringLiteral("--interrupt-on-error cannot be used with --type async: async targets run in "
                                      "the background and never interrupt"));
    }
    PayloadType payload = PayloadType::Json;
    if (m_commandLine.isSet(QStringLiteral("payload"))) {
        const QString text = m_commandLine.value(QStringLiteral("payload"));
        const auto p = payloadTypeFromName(text);
        if (!p)
            return invalid(QStringLiteral("--payload: \"%1\" is not a payload type; use json, jwt or jwe").arg(text));
        payload = *p;
    }
    m_create.name = *name;
    m_create.endpoint = *endpoint;
    m_create.type = *type;
    m_create.interruptOnError = interrupt;
    m_create.timeout = *timeout;
    m_create.payloadType = payload;
    return std::nullopt;
}

std::optional<int> TargetCommands::prepareUpdate()
{
    static const char *const fields[] = {"name",    "endpoint",           "type",
                                         "timeout", "interrupt-on-error", "no-interrupt-on-error",
                                         "payload", "rotate-signing-key"};
    bool any = false;
    for (const char *name : fields)
        any = any || m_commandLine.isSet(QLatin1String(name));
    if (!any) {
        return usage(QStringLiteral("'targets update' needs at least one change: --name, --endpoint, --type, "
                                    "--timeout, --[no-]interrupt-on-error, --payload or --rotate-signing-key"));
    }
    if (m_commandLine.isSet(QStringLiteral("interrupt-on-error")) &&
        m_commandLine.isSet(QStringLiteral("no-interrupt-on-error")))
        return usage(QStringLiteral("--interrupt-on-error and --no-interrupt-on-error contradict each other"));

    QString error;
    if (m_commandLine.isSet(QStringLiteral("name"))) {
        const auto name =
            inputs::targetName(m_commandLine.value(QStringLiteral("name")), QStringLiteral("--name"), &error);
        if (!name)
            return invalid(error);
        m_patch.name = *name;
    }
    if (m_commandLine.isSet(QStringLiteral("endpoint"))) {
        const auto endpoint =
            inputs::endpoint(m_commandLine.value(QStringLiteral("endpoint")), QStringLiteral("--endpoint"), &error);
        if (!endpoint)
            return invalid(error);
        m_patch.endpoint = *endpoint;
    }
    if (const auto text = m_commandLine.targetTimeout()) {
        const auto timeout = inputs::targetTimeout(*text, QStringLiteral("--timeout"), &error);
        if (!timeout)
            return invalid(error);
        m_patch.timeout = *timeout;
    }
    if (m_commandLine.isSet(QStringLiteral("payload"))) {
        const QString text = m_commandLine.value(QStringLiteral("payload"));
        const auto p = payloadTypeFromName(text);
        if (!p)
            return invalid(QStringLiteral("--payload: \"%1\" is not a payload type; use json, jwt or jwe").arg(text));
        m_patch.payloadType = *p;
    }
    if (m_commandLine.isSet(QStringLiteral("type"))) {
        const QString text = m_commandLine.value(QStringLiteral("type"));
        m_type = targetTypeFromName(text);
        if (!m_type)
            return invalid(QStringLiteral("--type: \"%1\" is not a target type; use webhook, call or async").arg(text));
    }
    if (m_commandLine.isSet(QStringLiteral("interrupt-on-error")))
        m_interrupt = true;
    else if (m_commandLine.isSet(QStringLiteral("no-interrupt-on-error")))
        m_interrupt = false;
    if (m_type == TargetType::Async && m_interrupt == true) {
        return invalid(QStringLiteral("--interrupt-on-error cannot be used with --type async: async targets run in "
                                      "the background and never interrupt"));
    }
    // The type and its interrupt flag are one oneof field on the wire; when only half is known, start() reads
    // the other half from the server first. Async carries no flag, so it is complete on its own.
    if (m_type && (m_interrupt || *m_type == TargetType::Async))
        m_patch.type = TargetPatch::TypeSetting{*m_type, m_interrupt.value_or(false)};
    m_patch.rotateSigningKey = m_commandLine.isSet(QStringLiteral("rotate-signing-key"));
    return std::nullopt;
}

void TargetCommands::start()
{
    if (m_connection->pending()) {
        // A profile's secret comes from the keychain first.
        m_connection->connect(*m_client, [this](std::optional<int> code) { code ? finish(*code) : start(); });
        return;
    }
    switch (m_commandLine.command()) {
    case Command::TargetsList:
        list();
        break;
    case Command::TargetsGet:
        get();
        break;
    case Command::TargetsCreate:
        create();
        break;
    case Command::TargetsUpdate:
        update();
        break;
    case Command::TargetsDelete:
        remove();
        break;
    default:
        finish(UsageError);
        break;
    }
}

void TargetCommands::list()
{
    m_client->listAllTargets(
        m_query, this, [this](const TargetPage &page) { m_targets.append(page.targets); },
        [this](Result<quint64> r) {
            if (!r) {
                fail(r.error());
                return;
            }
            if (m_json) {
                QJsonArray targets;
                for (const Target &t : std::as_const(m_targets))
                    targets.append(targetToJson(t));
                printJson(QJsonObject{{QStringLiteral("targets"), targets}});
                finish(Success);
                return;
            }
            if (m_targets.isEmpty()) {
                console::out(m_query.nameFilter
                                 ? QStringLiteral("No targets whose name contains \"%1\"\n").arg(*m_query.nameFilter)
                                 : QStringLiteral("No targets\n"));
                finish(Success);
                return;
            }
            TextTable table({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("TYPE"),
                             QStringLiteral("TIMEOUT"), QStringLiteral("PAYLOAD"), QStringLiteral("INTERRUPT"),
                             QStringLiteral("ENDPOINT")});
            for (const Target &t : std::as_const(m_targets)) {
                table.addRow({t.id, t.name, targetTypeName(t.type), protojson::formatDurationShort(t.timeout),
                              payloadTypeName(t.effectivePayloadType()),
                              yesNo(t.interruptOnError && t.type != TargetType::Async), t.endpoint});
            }
            const qsizetype n = m_targets.size();
            console::out(table.toString() +
                         (n == 1 ? QStringLiteral("1 target\n") : QStringLiteral("%1 targets\n").arg(n)));
            finish(Success);
        });
}

void TargetCommands::get()
{
    m_client->getTarget(m_id, this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        const Target &t = *r;
        if (m_json) {
            printJson(targetToJson(t));
            finish(Success);
            return;
        }
        QString key;
        if (t.signingKey.isEmpty())
            key = QStringLiteral("(none)");
        else if (m_commandLine.isSet(QStringLiteral("show-signing-key")))
            key = t.signingKey;
        else
            key = QStringLiteral("******** (hidden; --show-signing-key shows it)");
        const QList<QPair<QString, QString>> rows = {
            {QStringLiteral("ID"), t.id},
            {QStringLiteral("Name"), t.name},
            {QStringLiteral("Type"), targetTypeName(t.type)},
            {QStringLiteral("Interrupt on error"), yesNo(t.interruptOnError && t.type != TargetType::Async)},
            {QStringLiteral("Endpoint"), t.endpoint},
            {QStringLiteral("Timeout"), protojson::formatDurationShort(t.timeout)},
            {QStringLiteral("Payload type"), payloadTypeName(t.effectivePayloadType())},
            {QStringLiteral("Signing key"), key},
            {QStringLiteral("Created"), timestampText(t.creationDate)},
            {QStringLiteral("Changed"), timestampText(t.changeDate)},
        };
        QString text;
        for (const auto &[label, value] : rows)
            text += QString(label + QLatin1Char(':')).leftJustified(20) + value + QLatin1Char('\n');
        console::out(text);
        finish(Success);
    });
}

void TargetCommands::create()
{
    m_client->createTarget(m_create, this, [this](Result<CreateTargetResponse> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (m_json) {
            QJsonObject o{{QStringLiteral("id"), r->id}};
            if (r->creationDate.isValid())
                o.insert(QStringLiteral("creationDate"), protojson::formatTimestamp(r->creationDate));
            if (!r->signingKey.isEmpty())
                o.insert(QStringLiteral("signingKey"), r->signingKey);
            printJson(o);
            finish(Success);
            return;
        }
        console::out(QStringLiteral("Created target %1 (%2)\n").arg(r->id, m_create.name));
        printSigningKey(QStringLiteral("Signing key"), r->signingKey);
        finish(Success);
    });
}

void TargetCommands::update()
{
    const bool needsCurrentType = (m_type || m_interrupt) && !m_patch.type;
    if (!needsCurrentType) {
        sendUpdate();
        return;
    }
    m_client->getTarget(m_id, this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        const TargetType type = m_type.value_or(r->type);
        const bool current = r->type != TargetType::Async && r->interruptOnError;
        const bool interrupt = m_interrupt.value_or(current);
        if (type == TargetType::Async && m_interrupt == true) {
            console::error(QStringLiteral("--interrupt-on-error: target %1 is an async target, which never "
                                          "interrupts; add --type webhook or --type call to change its type too")
                               .arg(m_id));
            finish(InvalidInput);
            return;
        }
        m_patch.type = TargetPatch::TypeSetting{type, type != TargetType::Async && interrupt};
        sendUpdate();
    });
}

void TargetCommands::sendUpdate()
{
    m_client->updateTarget(m_id, m_patch, this, [this](Result<UpdateTargetResponse> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (m_json) {
            QJsonObject o;
            if (r->changeDate.isValid())
                o.insert(QStringLiteral("changeDate"), protojson::formatTimestamp(r->changeDate));
            if (!r->signingKey.isEmpty())
                o.insert(QStringLiteral("signingKey"), r->signingKey);
            printJson(o);
            finish(Success);
            return;
        }
        console::out(QStringLiteral("Updated target %1\n").arg(m_id));
        if (!r->signingKey.isEmpty())
            printSigningKey(QStringLiteral("New signing key"), r->signingKey);
        finish(Success);
    });
}

void TargetCommands::remove()
{
    if (m_commandLine.isSet(QStringLiteral("yes"))) {
        deleteNow();
        return;
    }
    // Ask with the name: an id alone is too easy to mistype.
    m_client->getTarget(m_id, this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        console::err(QStringLiteral("Delete target %1 (%2)? [y/N] ").arg(r->name, r->id));
        const QString answer = console::readLine().value_or(QString()).trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            console::err(QStringLiteral("Nothing was deleted.\n"));
            finish(Declined);
            return;
        }
        deleteNow();
    });
}

void TargetCommands::deleteNow()
{
    m_client->deleteTarget(m_id, this, [this](Result<DeleteTargetResponse> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (m_json) {
            QJsonObject o;
            if (r->deletionDate.isValid())
                o.insert(QStringLiteral("deletionDate"), protojson::formatTimestamp(r->deletionDate));
            printJson(o);
        } else {
            console::out(QStringLiteral("Deleted target %1\n").arg(m_id));
        }
        finish(Success);
    });
}

void TargetCommands::fail(const ApiError &error)
{
    console::error(error.toString());
    if (error.kind == ApiError::Kind::Server) {
        console::err(authHint(error, *m_client, ProfileConnection::requested(m_commandLine)));
        finish(ServerRefused);
        return;
    }
    if (error.kind == ApiError::Kind::MalformedResponse) {
        console::err(
            QStringLiteral("hint: is %1 the URL of a ZITADEL instance?\n").arg(m_client->instance().toDisplayString()));
    }
    finish(error.kind == ApiError::Kind::InvalidRequest ? InvalidInput : NetworkFailure);
}

void TargetCommands::finish(int code)
{
    QCoreApplication::exit(code);
}

void TargetCommands::printJson(const QJsonObject &object)
{
    console::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

void TargetCommands::printSigningKey(const QString &label, const QString &key)
{
    if (key.isEmpty())
        return;
    console::out(QStringLiteral("%1: %2\n").arg(label, key));
    console::out(QStringLiteral("Your endpoint uses this key to verify the ZITADEL-Signature header of each call; "
                                "it is shown only this once, so store it now.\n"));
}

} // namespace targetdesk::cli
