#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace targetdesk::checks
{

// Which endpoint hosts resolve from this machine, asked asynchronously (a window must not freeze on DNS) and
// remembered per host. The lookup itself can be replaced, so tests never send a DNS query.
class HostResolver : public QObject
{
    Q_OBJECT
public:
    // Asks the lookup for one host and calls `answer(resolves)` later, on this object's thread.
    using Lookup = std::function<void(const QString &host, QObject *context, std::function<void(bool)> answer)>;

    explicit HostResolver(QObject *parent = nullptr);

    // QHostInfo::lookupHost by default.
    void setLookup(Lookup lookup) { m_lookup = std::move(lookup); }

    // Looks up every host not known yet; `done` runs once all have answered (at once when none is new).
    void resolve(const QStringList &hosts, std::function<void()> done);
    // What is known so far; hosts not asked yet count as resolving (the check is then simply not made).
    bool resolves(const QString &host) const { return m_known.value(host.toLower(), true); }
    bool isKnown(const QString &host) const { return m_known.contains(host.toLower()); }
    void forget() { m_known.clear(); }

private:
    Lookup m_lookup;
    QHash<QString, bool> m_known;
};

} // namespace targetdesk::checks
