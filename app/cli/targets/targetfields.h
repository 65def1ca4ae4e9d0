#pragma once

#include "core/command.h"

#include "model/target.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace targetdesk::cli
{
class CommandLine;
}

// The fields of a target as `targets create` and `targets update` take them: the same options, the same checks and
// the same messages.
namespace targetdesk::cli::targetfields
{

// The signing key ZITADEL returns only on create and rotate, and how the endpoint uses it; nothing when empty.
void printSigningKey(const QString &label, const QString &key);

// --name, --endpoint, --type, --[no-]interrupt-on-error, --payload, in the help's order.
QList<Command::Option> options();
// The target's own --timeout (the command declares it last, as the help lists it).
Command::Option timeoutOption();

// Both --interrupt-on-error and --no-interrupt-on-error: prints the problem and returns the usage exit code.
std::optional<int> checkInterruptFlags(const CommandLine &commandLine);
// --type and --payload values; nullopt with `error` set.
std::optional<TargetType> type(const QString &text, QString *error);
std::optional<PayloadType> payload(const QString &text, QString *error);
// What create, update and delete print with --json: the server's time (when it sent one) under `timeName` and a
// new signing key (when there is one).
QJsonObject responseJson(const QString &timeName, const QDateTime &time, const QString &signingKey = QString());
// Why --interrupt-on-error cannot go with --type async.
QString asyncInterruptError();

} // namespace targetdesk::cli::targetfields
