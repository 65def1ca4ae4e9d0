#pragma once

#include <QString>

namespace targetdesk::sandbox
{

// ZITADEL's check of a target endpoint: it must parse as a URL and pass the HTTP client's deny list. The sandbox
// never resolves names (it must work offline), so "localhost", "*.localhost" and "*.invalid" stand in for names
// that resolve to denied addresses or do not resolve at all, and every other name counts as public.
class EndpointPolicy
{
public:
    enum class Verdict { Allowed, InvalidUrl, Denied };

    explicit EndpointPolicy(bool allowPrivate = false) : m_allowPrivate(allowPrivate) {}
    void setAllowPrivate(bool allow) { m_allowPrivate = allow; }
    bool allowPrivate() const { return m_allowPrivate; }

    Verdict check(const QString &endpoint) const;
    // True when the host (a name or an IPv4/IPv6 literal) is on the default deny list.
    static bool isDeniedHost(const QString &host);

private:
    bool m_allowPrivate = false;
};

} // namespace targetdesk::sandbox
