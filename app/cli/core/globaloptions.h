#pragma once

#include "command.h"

#include <QList>

namespace targetdesk::cli
{

// An option every command takes (--help, --version) or that a command opts into with Command::GlobalOption.
struct GlobalOptionSpec {
    Command::Option option;
    unsigned group; // a Command::GlobalOption; NoGlobalOptions: accepted by every command
};

// In the order of the help's "Global options" section.
const QList<GlobalOptionSpec> &globalOptions();

} // namespace targetdesk::cli
