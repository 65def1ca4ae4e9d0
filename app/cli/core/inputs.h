#pragma once

#include "model/target.h"
#include "model/targetrules.h"

#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

// Checks of user input done before anything is sent. Each returns the value, or nullopt with `error` set to a
// sentence that names the option (`where`) and says what is wrong.
namespace targetdesk::cli::inputs
{

// ZITADEL's limits on a target (lib/model/targetrules.h holds them for the editor, the CLI and the sandbox).
constexpr std::chrono::seconds kMaxTargetTimeout = targetrules::kMaxTimeout;
constexpr qsizetype kMaxNameLength = targetrules::kMaxNameLength;
constexpr qsizetype kMaxEndpointLength = targetrules::kMaxEndpointLength;

// "10s", "1.5s", "500ms", "2m" or a plain number of seconds; more than 0 and at most 270 s.
std::optional<Duration> targetTimeout(const QString &text, const QString &where, QString *error);
// A number of seconds (fractions allowed, an "s" or "ms" unit too); more than 0 and at most one day.
std::optional<std::chrono::milliseconds> requestTimeout(const QString &text, const QString &where, QString *error);
// An http(s) URL with a host, at most 2048 characters.
std::optional<QString> endpoint(const QString &text, const QString &where, QString *error);
// Not blank, at most 1000 characters.
std::optional<QString> targetName(const QString &text, const QString &where, QString *error);
// An http(s) base URL; "my.zitadel.example" means https://my.zitadel.example.
std::optional<QUrl> instance(const QString &text, const QString &where, QString *error);
// The file at `path`, at most maxBytes, holding one JSON object: its bytes as written (surrounding blanks dropped),
// for a body or an answer sent exactly as the user wrote it. `where` names the option ("--body").
std::optional<QByteArray> jsonObjectFile(const QString &path, qint64 maxBytes, const QString &where, QString *error);

} // namespace targetdesk::cli::inputs
