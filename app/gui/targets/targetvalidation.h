#pragma once

#include "model/target.h"

#include <QCoreApplication>
#include <QString>

namespace targetdesk::gui
{

// What the editor says about one field while it is typed. Errors block saving; warnings do not.
struct FieldCheck {
    enum class Level { Ok, Warning, Error };
    Level level = Level::Ok;
    QString message;

    bool isError() const { return level == Level::Error; }
    static FieldCheck ok() { return {}; }
    static FieldCheck warning(const QString &message) { return {Level::Warning, message}; }
    static FieldCheck error(const QString &message) { return {Level::Error, message}; }
};

// The server's rules for a target, checked locally so problems show while typing.
class TargetValidation
{
    Q_DECLARE_TR_FUNCTIONS(TargetValidation)

public:
    static constexpr int maxNameLength = 1000;
    static constexpr int maxEndpointLength = 2048;
    static constexpr std::chrono::seconds maxTimeout{270};

    static FieldCheck checkName(const QString &name);
    // Errors for what ZITADEL rejects outright; a warning for hosts its default deny list blocks (an instance may
    // have changed that list, so saving stays possible).
    static FieldCheck checkEndpoint(const QString &endpoint);
    static FieldCheck checkTimeout(Duration timeout);
};

} // namespace targetdesk::gui
