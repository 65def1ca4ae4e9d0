#include "globaloptions.h"

namespace targetdesk::cli
{

const QList<GlobalOptionSpec> &globalOptions()
{
    static const QList<GlobalOptionSpec> options = {
        {{"help", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Show this help and exit."), false, "h"},
         Command::NoGlobalOptions},
        {{"version", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Show the version and exit.")},
         Command::NoGlobalOptions},
        {{"instance", "URL",
          QT_TRANSLATE_NOOP("targetdesk-cli",
                            "ZITADEL instance, e.g. https://my.zitadel.example (default: $TARGETDESK_INSTANCE).")},
         Command::ConnectionOptions},
        {{"profile", "NAME",
          QT_TRANSLATE_NOOP("targetdesk-cli",
                            "Use the saved connection profile NAME (see 'profiles list') instead of --instance.")},
         Command::ConnectionOptions},
        {{"key-file", "FILE",
          QT_TRANSLATE_NOOP("targetdesk-cli",
                            "Authenticate with this ZITADEL service-user key file (JSON) instead of a token.")},
         Command::ConnectionOptions},
        {{"timeout", "SECONDS",
          QT_TRANSLATE_NOOP("targetdesk-cli", "Timeout of each request in seconds (default 30).")},
         Command::RequestTimeoutOption},
        {{"request-timeout", "SECONDS",
          QT_TRANSLATE_NOOP("targetdesk-cli",
                            "Same as the global --timeout; unambiguous after 'targets create|update'.")},
         Command::RequestTimeoutOption},
        {{"json", nullptr, QT_TRANSLATE_NOOP("targetdesk-cli", "Print ZITADEL's own JSON shapes instead of text.")},
         Command::JsonOption},
    };
    return options;
}

} // namespace targetdesk::cli
