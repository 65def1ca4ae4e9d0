#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace targetdesk
{

// One of the instance's web keys (GET /v2/web_keys): the keys ZITADEL signs tokens and JWT/JWE payloads with. Only
// what the checks need: without an active one, JWT and JWE payloads cannot be built and those targets get nothing.
struct WebKey {
    enum class State { Unspecified, Initial, Active, Inactive, Removed };

    QString id;
    QDateTime creationDate;
    QDateTime changeDate;
    State state = State::Unspecified;
    QString algorithm; // "rsa", "ecdsa" or "ed25519" (the member that was set)

    bool operator==(const WebKey &) const = default;
};

// {"webKeys":[...]}; unknown fields are ignored, a field of the wrong type is an error naming it.
struct WebKeyListParse {
    std::optional<QList<WebKey>> keys;
    QString error;
};
WebKeyListParse webKeysFromJson(const QJsonObject &o);
// "STATE_ACTIVE" and so on.
QString webKeyStateName(WebKey::State state);

} // namespace targetdesk
