#include "commands.h"
#include "executionfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/texttable.h"
#include "model/protojson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace targetdesk::cli
{

// `targetdesk-cli executions list [--target ID] [--kind KIND]`: every execution (all pages), oldest first, with the
// targets each calls in order.
class ExecutionListCommand : public ConnectedCommand
{
public:
    explicit ExecutionListCommand(const CommandLine &commandLine);

private:
    std::optional<int> prepareValues() override;
    void run() override;
    void list(quint64 offset);
    void print(const QHash<QString, Target> &targets);

    ExecutionQuery m_query;
    QList<Execution> m_executions;
};

ExecutionListCommand::ExecutionListCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "executions list [--target ID] [--kind request|response|function|event]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli",
                                        "List the executions: what makes ZITADEL call which targets, in order."),
           .options = {
               {"target", "ID", QT_TRANSLATE_NOOP("targetdesk-cli", "Only executions that call this target.")},
               {"kind", "KIND",
                QT_TRANSLATE_NOOP("targetdesk-cli", "Only request, response, function or event executions.")},
           }})
{
}

std::optional<int> ExecutionListCommand::prepareValues()
{
    if (commandLine().isSet(QStringLiteral("target"))) {
        const QString id = commandLine().value(QStringLiteral("target")).trimmed();
        if (id.isEmpty())
            return invalid(QCoreApplication::translate("targetdesk-cli", "--target: the target id is empty"));
        m_query.targetId = id;
    }
    if (commandLine().isSet(QStringLiteral("kind"))) {
        const QString kind = commandLine().value(QStringLiteral("kind")).trimmed().toLower();
        static const std::pair<const char *, ExecutionType> kinds[] = {{"request", ExecutionType::Request},
                                                                       {"response", ExecutionType::Response},
                                                                       {"function", ExecutionType::Function},
                                                                       {"event", ExecutionType::Event}};
        for (const auto &[name, type] : kinds) {
            if (kind == QLatin1String(name))
                m_query.executionType = type;
        }
        if (!m_query.executionType) {
            return invalid(
                QCoreApplication::translate("targetdesk-cli",
                                            "--kind: \"%1\" is not a kind; use request, response, function or event")
                    .arg(commandLine().value(QStringLiteral("kind"))));
        }
    }
    m_query.limit = 1000;
    m_query.asc = true;
    return std::nullopt;
}

void ExecutionListCommand::run()
{
    list(0);
}

void ExecutionListCommand::list(quint64 offset)
{
    m_query.offset = offset;
    client().listExecutions(m_query, this, [this, offset](Result<ExecutionPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        m_executions += r->executions;
        const quint64 next = offset + quint64(r->executions.size());
        // A short or empty page ends the listing, whatever totalResult says.
        if (quint64(r->executions.size()) == m_query.limit && next < r->totalResult) {
            list(next);
            return;
        }
        if (json()) {
            print({});
            return;
        }
        executionfields::targetNames(client(), this, [this](QHash<QString, Target> targets) { print(targets); });
    });
}

void ExecutionListCommand::print(const QHash<QString, Target> &targets)
{
    if (json()) {
        QJsonArray executions;
        for (const Execution &e : std::as_const(m_executions))
            executions.append(executionToJson(e));
        printJson(QJsonObject{{QStringLiteral("executions"), executions}});
        finish(Success);
        return;
    }
    if (m_executions.isEmpty()) {
        console::out(QCoreApplication::translate("targetdesk-cli", "No executions\n"));
        finish(Success);
        return;
    }
    TextTable table({QStringLiteral("CONDITION"), QStringLiteral("TARGETS (IN ORDER)"), QStringLiteral("CHANGED")});
    for (const Execution &e : std::as_const(m_executions)) {
        QStringList names;
        for (const QString &id : e.targets)
            names << executionfields::describe(id, targets);
        table.addRow({e.condition.toText(), names.join(QStringLiteral(", ")),
                      e.changeDate.isValid() ? protojson::formatTimestamp(e.changeDate) : QStringLiteral("-")});
    }
    const qsizetype n = m_executions.size();
    console::out(table.toString() +
                 QCoreApplication::translate("targetdesk-cli", "%n execution(s)\n", nullptr, int(n)));
    finish(Success);
}

std::unique_ptr<Command> makeExecutionListCommand(const CommandLine &commandLine)
{
    return std::make_unique<ExecutionListCommand>(commandLine);
}

} // namespace targetdesk::cli
