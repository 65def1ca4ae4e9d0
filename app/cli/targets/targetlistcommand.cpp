#include "api/targetmessages.h"
#include "api/zitadelclient.h"
#include "commands.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/format.h"
#include "core/texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli targets list`: every target of the instance (all pages), as a table or ZITADEL's JSON.
class TargetListCommand : public ConnectedCommand
{
public:
    explicit TargetListCommand(const CommandLine &commandLine);

private:
    std::optional<int> prepareValues() override;
    void run() override;
    void print();

    TargetQuery m_query;
    QList<Target> m_targets;
};

namespace
{

std::optional<TargetSortColumn> sortColumn(const QString &text)
{
    static const std::pair<const char *, TargetSortColumn> columns[] = {
        {"name", TargetSortColumn::Name},
        {"created", TargetSortColumn::CreatedDate},
        {"changed", TargetSortColumn::ChangedDate},
        {"type", TargetSortColumn::TargetType},
        {"url", TargetSortColumn::Url},
        {"timeout", TargetSortColumn::Timeout},
    };
    const QString t = text.trimmed().toLower();
    for (const auto &[name, column] : columns) {
        if (t == QLatin1String(name))
            return column;
    }
    return std::nullopt;
}

} // namespace

TargetListCommand::TargetListCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets list [--filter TEXT] [--sort COLUMN] [--asc]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "List every target of the instance (all pages)."),
           .options = {
               {"filter", "TEXT",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Only targets whose name contains TEXT (ignoring case).")},
               {"sort", "COLUMN",
                QT_TRANSLATE_NOOP("targetdesk-cli",
                                  "Sort by name, created, changed, type, url or timeout (default: created).")},
               {"asc", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Sort ascending (default: descending).")},
           }})
{
}

std::optional<int> TargetListCommand::prepareValues()
{
    if (commandLine().isSet(QStringLiteral("filter")))
        m_query.nameFilter = commandLine().value(QStringLiteral("filter"));
    m_query.nameFilterMethod = TextFilterMethod::ContainsIgnoreCase;
    if (commandLine().isSet(QStringLiteral("sort"))) {
        const QString text = commandLine().value(QStringLiteral("sort"));
        const auto column = sortColumn(text);
        if (!column) {
            return invalid(QCoreApplication::translate(
                               "targetdesk-cli",
                               "--sort: \"%1\" is not a column; use name, created, changed, type, url or timeout")
                               .arg(text));
        }
        m_query.sortingColumn = *column;
    }
    m_query.asc = commandLine().isSet(QStringLiteral("asc"));
    m_query.limit = 1000; // the most ZITADEL allows per page: fewest round trips
    return std::nullopt;
}

void TargetListCommand::run()
{
    client().listAllTargets(
        m_query, this, [this](const TargetPage &page) { m_targets.append(page.targets); },
        [this](Result<quint64> r) {
            if (!r) {
                fail(r.error());
                return;
            }
            print();
            finish(Success);
        });
}

void TargetListCommand::print()
{
    if (json()) {
        QJsonArray targets;
        for (const Target &t : std::as_const(m_targets))
            targets.append(targetToJson(t));
        printJson(QJsonObject{{QStringLiteral("targets"), targets}});
        return;
    }
    if (m_targets.isEmpty()) {
        console::out(m_query.nameFilter
                         ? QCoreApplication::translate("targetdesk-cli", "No targets whose name contains \"%1\"\n")
                               .arg(*m_query.nameFilter)
                         : QCoreApplication::translate("targetdesk-cli", "No targets\n"));
        return;
    }
    TextTable table({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("TIMEOUT"),
                     QStringLiteral("PAYLOAD"), QStringLiteral("INTERRUPT"), QStringLiteral("ENDPOINT")});
    for (const Target &t : std::as_const(m_targets)) {
        table.addRow({t.id, t.name, targetTypeName(t.type), protojson::formatDurationShort(t.timeout),
                      payloadTypeName(t.effectivePayloadType()),
                      format::yesNo(t.interruptOnError && t.type != TargetType::Async), t.endpoint});
    }
    const qsizetype n = m_targets.size();
    console::out(table.toString() + (n == 1 ? QStringLiteral("1 target\n") : QStringLiteral("%1 targets\n").arg(n)));
}

std::unique_ptr<Command> makeTargetListCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetListCommand>(commandLine);
}

} // namespace targetdesk::cli
