#pragma once

#include <QString>

#include <optional>

// Plain UTF-8 output for the command line; stdout is flushed at once so pipes see lines as they are printed.
namespace targetdesk::cli::console
{

void out(const QString &text);
void err(const QString &text);
// "error: <text>" on stderr.
void error(const QString &text);
bool stdinIsTerminal();
// Blocks until a line arrives on stdin; nullopt at end of input.
std::optional<QString> readLine();

} // namespace targetdesk::cli::console
