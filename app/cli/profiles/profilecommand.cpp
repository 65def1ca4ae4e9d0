#include "profilecommand.h"

#include "core/console.h"
#include "core/exitcode.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace targetdesk::cli
{

std::optional<int> ProfileCommand::prepare()
{
    m_store = new profiles::ProfileStore(this);
    if (const QString error = m_store->settingsError(); !error.isEmpty()) {
        console::error(QCoreApplication::translate("targetdesk-cli", "cannot read the profiles (%1): %2")
                           .arg(m_store->settingsFilePath(), error));
        return LocalFailure;
    }
    return prepareProfiles();
}

} // namespace targetdesk::cli
