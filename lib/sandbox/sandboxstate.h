#pragma once

#include "executioncondition.h"
#include "model/target.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace targetdesk::sandbox
{

struct StoredTarget {
    QString id;
    QDateTime creationDate;
    QDateTime changeDate;
    QString name;
    TargetType type = TargetType::Webhook;
    bool interruptOnError = false;
    protojson::Duration timeout{0};
    QString endpoint;
    QString signingKey;
    PayloadType payloadType = PayloadType::Unspecified;
};

struct StoredKey {
    QString keyId;
    bool active = false;
    QByteArray pem;
    QString fingerprint;
    QDateTime expirationDate; // invalid: never expires
    QDateTime creationDate;
    QDateTime changeDate;

    bool expired(const QDateTime &now) const { return expirationDate.isValid() && expirationDate <= now; }
};

// With no targets an execution is a hidden record: left out of every list, but setting it again keeps its first
// creation date (ZITADEL keeps the execution's events).
struct StoredExecution {
    ExecutionCondition condition;
    QDateTime creationDate;
    QDateTime changeDate;
    QStringList targets;
};

// Everything the sandbox holds, with the JSON mapping of the API's messages (protojson: zero values omitted) and
// the persisted shape {"targets":[...],"publicKeys":{"<targetId>":[...]},"executions":[...]}.
class SandboxState
{
public:
    QHash<QString, StoredTarget> targets;
    QHash<QString, QString> targetIdByName;
    QHash<QString, QList<StoredKey>> keys;     // by target id
    QMap<QString, StoredExecution> executions; // by ExecutionCondition::id()

    void clear();
    // Server-generated numeric ids, increasing, shaped like ZITADEL's (sonyflake-style, 18 digits).
    QString nextId();

    void insertTarget(const StoredTarget &t);
    void removeTarget(const QString &id);

    static QJsonObject targetToJson(const StoredTarget &t);
    static QJsonObject keyToJson(const StoredKey &k);
    static QJsonObject executionToJson(const StoredExecution &e);

    QJsonObject toJson() const;
    // Replaces the state with the persisted shape; false with `error` when it does not read as one.
    bool loadJson(const QJsonObject &o, QString *error);

private:
    void noteId(const QString &id);
    quint64 m_lastId = 0;
};

// Enum names as protojson writes them; the index is the enum number.
const QStringList &payloadTypeNames();

} // namespace targetdesk::sandbox
