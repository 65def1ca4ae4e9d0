#include "hostresolver.h"

#include <QHostInfo>
#include <QPointer>

#include <memory>

namespace targetdesk::checks
{

HostResolver::HostResolver(QObject *parent) : QObject(parent)
{
    m_lookup = [](const QString &host, QObject *context, std::function<void(bool)> answer) {
        QHostInfo::lookupHost(host, context, [answer = std::move(answer)](const QHostInfo &info) {
            answer(info.error() == QHostInfo::NoError && !info.addresses().isEmpty());
        });
    };
}

void HostResolver::resolve(const QStringList &hosts, std::function<void()> done)
{
    QStringList fresh;
    for (const QString &host : hosts) {
        const QString h = host.toLower();
        if (!h.isEmpty() && !m_known.contains(h) && !fresh.contains(h))
            fresh.append(h);
    }
    if (fresh.isEmpty()) {
        done();
        return;
    }
    auto remaining = std::make_shared<qsizetype>(fresh.size());
    for (const QString &host : std::as_const(fresh)) {
        m_lookup(host, this, [this, host, remaining, done](bool ok) {
            m_known.insert(host, ok);
            if (--*remaining == 0)
                done();
        });
    }
}

} // namespace targetdesk::checks
