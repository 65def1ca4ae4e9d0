#pragma once

#include "keycommand.h"

#include <QStringList>

namespace targetdesk::cli
{

// `targetdesk-cli keys deactivate TARGET_ID [KEY_ID] | --all-targets`: one key, whatever key of the target is
// active, or (break glass) every active key of the instance.
class KeyDeactivateCommand : public KeyCommand
{
    Q_OBJECT
public:
    explicit KeyDeactivateCommand(const CommandLine &commandLine);

    QString checkArguments() const override;

private:
    // One target of `deactivate --all-targets`.
    struct TargetOutcome {
        QString targetId;
        QString name;
        QStringList deactivated; // key ids
        QStringList errors;      // one line per failed request
        bool serverRefused = false;
        int pending = 0;
    };

    void run() override;
    void deactivateKey();
    void deactivateActiveKeys();

    // --all-targets: lists every target, then deactivates on all of them at once and reports per target.
    void deactivateAllTargets();
    void deactivateOnTarget(int index);
    void finishAllTargets();

    QList<TargetOutcome> m_outcomes;
    int m_pending = 0;
};

} // namespace targetdesk::cli
