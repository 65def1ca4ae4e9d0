#include "webkey.h"

#include "protojson.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace targetdesk
{

namespace
{

constexpr std::array<std::pair<WebKey::State, const char *>, 5> kStates = {{
    {WebKey::State::Unspecified, "STATE_UNSPECIFIED"},
    {WebKey::State::Initial, "STATE_INITIAL"},
    {WebKey::State::Active, "STATE_ACTIVE"},
    {WebKey::State::Inactive, "STATE_INACTIVE"},
    {WebKey::State::Removed, "STATE_REMOVED"},
}};

} // namespace

QString webKeyStateName(WebKey::State state)
{
    for (const auto &[s, name] : kStates) {
        if (s == state)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("STATE_UNSPECIFIED");
}

WebKeyListParse webKeysFromJson(const QJsonObject &o)
{
    const QJsonValue list = o.value(QLatin1String("webKeys"));
    if (!list.isUndefined() && !list.isNull() && !list.isArray())
        return {std::nullopt, QStringLiteral("webKeys is not a list")};
    QList<WebKey> keys;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return {std::nullopt, QStringLiteral("webKeys[%1] is not an object").arg(i)};
        const QJsonObject k = array.at(i).toObject();
        WebKey key;
        key.id = k.value(QLatin1String("id")).toString();
        const QString state = k.value(QLatin1String("state")).toString();
        for (const auto &[s, name] : kStates) {
            if (state == QLatin1String(name))
                key.state = s;
        }
        for (const char *member : {"rsa", "ecdsa", "ed25519"}) {
            if (k.contains(QLatin1String(member)))
                key.algorithm = QString::fromLatin1(member);
        }
        for (const auto &[field, target] :
             {std::pair{"creationDate", &key.creationDate}, std::pair{"changeDate", &key.changeDate}}) {
            const QJsonValue v = k.value(QLatin1String(field));
            if (v.isUndefined())
                continue;
            const auto t = protojson::parseTimestamp(v.toString());
            if (!v.isString() || !t)
                return {std::nullopt,
                        QStringLiteral("webKeys[%1].%2 is not a timestamp").arg(i).arg(QLatin1String(field))};
            *target = *t;
        }
        keys.append(key);
    }
    return {keys, {}};
}

} // namespace targetdesk
