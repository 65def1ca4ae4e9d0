#include "globaloptions.h"

namespace targetdesk::cli
{

const QList<GlobalOptionSpec> &globalOptions()
{
    static const QList<GlobalOptionSpec> options = {
        {{"help", nullptr, "Show this help and exit.", false, "h"}, Command::NoGlobalOptions},
        {{"version", nullptr, "Show the version and exit."}, Command::NoGlobalOptions},
        {{"instance", "URL", "ZITADEL instance, e.g. https://my.zitadel.example (default: $TARGETDESK_INSTANCE)."},
         Command::ConnectionOptions},
        {{"profile", "NAME", "Use the saved connection profile NAME (see 'profiles list') instead of --instance."},
         Command::ConnectionOptions},
        {{"key-file", "FILE", "Authenticate with this ZITADEL service-user key file (JSON) instead of a token."},
         Command::ConnectionOptions},
        {{"timeout", "SECONDS", "Timeout of each request in seconds (default 30)."}, Command::RequestTimeoutOption},
        {{"request-timeout", "SECONDS", "Same as the global --timeout; unambiguous after 'targets create|update'."},
         Command::RequestTimeoutOption},
        {{"json", nullptr, "Print ZITADEL's own JSON shapes instead of text."}, Command::JsonOption},
    };
    return options;
}

} // namespace targetdesk::cli
