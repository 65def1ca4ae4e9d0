#pragma once

#include "core/command.h"

namespace targetdesk
{
namespace profiles
{
class ProfileStore;
}

namespace cli
{

// A `profiles` command: the saved connection profiles (shared with the GUI). Never prints a secret. prepare() opens
// the store (a child of the command) and checks that its settings file is readable, then calls prepareProfiles().
class ProfileCommand : public Command
{
    Q_OBJECT
public:
    std::optional<int> prepare() final;

protected:
    using Command::Command;

    virtual std::optional<int> prepareProfiles() { return std::nullopt; }
    profiles::ProfileStore &store() const { return *m_store; }

private:
    profiles::ProfileStore *m_store = nullptr;
};

} // namespace cli
} // namespace targetdesk
