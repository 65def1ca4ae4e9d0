#pragma once

#include "command.h"

#include <QString>

// The layout of the help texts: a 31-column left column, descriptions wrapped at 120 columns.
namespace targetdesk::cli::helptext
{

// "Usage: targetdesk-cli USAGE", a blank line and the summary: how every command's help starts.
QString usageHeader(const Command::Declaration &declaration);
// "  LEFT   DESCRIPTION\n"; a left column too long for the layout gets its own line.
QString optionLine(const QString &left, const QString &description);
QString optionLine(const Command::Option &option);
// Word-wraps a description to the help's 120 columns, continuation lines under the description column.
QString wrapped(const QString &text);
// "Global options", "Environment" and "Exit codes"; targetTimeout: the command takes its own --timeout.
QString globalOptionsSection(bool targetTimeout);

} // namespace targetdesk::cli::helptext
