#include "commands.h"

#include "api/zitadelclient.h"
#include "checks/checkengine.h"
#include "checks/snapshotloader.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace targetdesk::cli
{

// `targetdesk-cli check [--strict] [--no-resolve]`: reads targets, keys, executions and web keys and reports what
// would make ZITADEL send nothing, call the wrong targets or lock the instance out. Exit 8 when something is at
// error level (with --strict also at warning level).
class CheckCommand : public ConnectedCommand
{
public:
    explicit CheckCommand(const CommandLine &commandLine);

private:
    void run() override;
    void report(const checks::Snapshot &snapshot);

    checks::SnapshotLoader *m_loader = nullptr;
};

CheckCommand::CheckCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "check [--strict] [--no-resolve]",
           .summary = QT_TRANSLATE_NOOP(
               "targetdesk-cli",
               "Check targets, keys and executions for set-ups that never fire or lock the instance out."),
           .options = {
               {"strict", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli", "Exit 8 for warnings too, not only for errors.")},
               {"no-resolve", nullptr,
                QT_TRANSLATE_NOOP("targetdesk-cli",
                                  "Do not look up the endpoints' host names (no DNS queries from this machine).")}}})
{
}

void CheckCommand::run()
{
    m_loader = new checks::SnapshotLoader(&client(), this);
    m_loader->load([this](Result<checks::Snapshot> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        report(*r);
    });
}

void CheckCommand::report(const checks::Snapshot &snapshot)
{
    checks::Options options;
    if (!commandLine().isSet(QStringLiteral("no-resolve"))) {
        QHash<QString, bool> known;
        options.hostResolves = [known](const QString &host) mutable {
            if (!known.contains(host))
                known.insert(host, QHostInfo::fromName(host).error() == QHostInfo::NoError);
            return known.value(host);
        };
    }
    const QList<checks::Finding> findings = checks::CheckEngine::run(snapshot, options);
    const checks::Severity worst = checks::CheckEngine::worst(findings);
    const bool strict = commandLine().isSet(QStringLiteral("strict"));
    const bool failed = worst == checks::Severity::Error || (strict && worst == checks::Severity::Warning);

    int counts[3] = {0, 0, 0};
    for (const checks::Finding &f : findings)
        ++counts[int(f.severity)];
    if (json()) {
        QJsonArray list;
        for (const checks::Finding &f : findings)
            list.append(f.toJson());
        printJson(QJsonObject{{QStringLiteral("findings"), list},
                              {QStringLiteral("errors"), counts[int(checks::Severity::Error)]},
                              {QStringLiteral("warnings"), counts[int(checks::Severity::Warning)]},
                              {QStringLiteral("notes"), counts[int(checks::Severity::Info)]},
                              {QStringLiteral("passed"), !failed}});
        finish(failed ? ChecksFailed : Success);
        return;
    }
    // Errors first, then warnings, then notes; within a level in the order found (targets, then executions).
    // Indexed by Severity (Info, Warning, Error); padded to the longest of the three so the columns line up.
    const QString labels[3] = {QCoreApplication::translate("targetdesk-cli", "NOTE"),
                               QCoreApplication::translate("targetdesk-cli", "WARNING"),
                               QCoreApplication::translate("targetdesk-cli", "ERROR")};
    const qsizetype width = std::max({labels[0].size(), labels[1].size(), labels[2].size()});
    QString text;
    for (const checks::Severity level : {checks::Severity::Error, checks::Severity::Warning, checks::Severity::Info}) {
        for (const checks::Finding &f : findings) {
            if (f.severity != level)
                continue;
            const QString label = labels[int(level)].leftJustified(width);
            // The finding code in brackets is for scripts and searches: it stays as it is in every language.
            text +=
                QCoreApplication::translate("targetdesk-cli", "%1  %2  [%3]\n    %4\n    In ZITADEL: %5\n    Fix: %6\n")
                    .arg(label, f.subject, f.code, f.problem, f.effect, f.fix);
        }
    }
    text += QCoreApplication::translate("targetdesk-cli",
                                        "%1 error(s), %2 warning(s), %3 note(s) in %4 target(s) and %5 execution(s)\n")
                .arg(counts[int(checks::Severity::Error)])
                .arg(counts[int(checks::Severity::Warning)])
                .arg(counts[int(checks::Severity::Info)])
                .arg(snapshot.targets.size())
                .arg(snapshot.executions.size());
    console::out(text);
    finish(failed ? ChecksFailed : Success);
}

std::unique_ptr<Command> makeCheckCommand(const CommandLine &commandLine)
{
    return std::make_unique<CheckCommand>(commandLine);
}

} // namespace targetdesk::cli
