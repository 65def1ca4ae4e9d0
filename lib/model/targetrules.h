#pragma once

#include "model/protojson.h"

#include <QCoreApplication>
#include <QString>

#include <chrono>

namespace targetdesk
{

// ZITADEL's rules for a target, in one place: the editor checks them while the user types, the CLI before it
// sends anything, and the sandbox enforces them as the server does.
namespace targetrules
{

constexpr qsizetype kMaxNameLength = 1000;
constexpr qsizetype kMaxEndpointLength = 2048;
constexpr std::chrono::seconds kMaxTimeout{270};

// ZITADEL counts characters (runes), not UTF-16 units.
qsizetype runes(const QString &text);
// True when the text has between `min` and `max` runes, as ZITADEL's length validation counts them.
bool lengthBetween(const QString &text, qsizetype min, qsizetype max);

} // namespace targetrules

// ZITADEL's check of a target endpoint: it must parse as a URL and pass the HTTP client's deny list. Names are never
// resolved (this must work offline, and the sandbox must be deterministic), so "localhost", "*.localhost" and
// "*.invalid" stand in for names that resolve to denied addresses or do not resolve at all, and every other name
// counts as public.
class EndpointPolicy
{
public:
    enum class Verdict { Allowed, InvalidUrl, Denied };

    explicit EndpointPolicy(bool allowPrivate = false) : m_allowPrivate(allowPrivate) {}
    void setAllowPrivate(bool allow) { m_allowPrivate = allow; }
    bool allowPrivate() const { return m_allowPrivate; }

    Verdict check(const QString &endpoint) const;
    // True when the host (a name or an IPv4/IPv6 literal) is on ZITADEL's default deny list.
    static bool isDeniedHost(const QString &host);

private:
    bool m_allowPrivate = false;
};

// What an editor says about one field while it is typed. Errors block saving; warnings do not.
struct FieldCheck {
    enum class Level { Ok, Warning, Error };
    Level level = Level::Ok;
    QString message;

    bool isError() const { return level == Level::Error; }
    static FieldCheck ok() { return {}; }
    static FieldCheck warning(const QString &message) { return {Level::Warning, message}; }
    static FieldCheck error(const QString &message) { return {Level::Error, message}; }
};

// The rules above as sentences for people, checked locally so problems show while typing.
class TargetRules
{
    Q_DECLARE_TR_FUNCTIONS(TargetRules)

public:
    static FieldCheck checkName(const QString &name);
    // Errors for what ZITADEL rejects outright; a warning for hosts its default deny list blocks (an instance may
    // have changed that list, so saving stays possible).
    static FieldCheck checkEndpoint(const QString &endpoint);
    static FieldCheck checkTimeout(protojson::Duration timeout);
};

} // namespace targetdesk
