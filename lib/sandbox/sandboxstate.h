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
    bool interruptOnError = false; // as stored and listed (kept, but not shown, while the type is restAsync)
    // What ZITADEL's target write model believes the flag is: it ignores the creation event, so false until an
    // update writes it (the interrupt-on-error defect the sandbox reproduces).
    bool writeModelInterruptOnError = false;
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
    QHash<QString, QString> targetIdByName;    // by nameKey(): names are unique case-insensitively
    QHash<QString, QList<StoredKey>> keys;     // by target id
    QMap<QString, StoredExecution> executions; // by ExecutionCondition::id()

    void clear();
    // Server-generated numeric ids, increasing, shaped like ZITADEL's (sonyflake-style, 18 digits).
    QString nextId();

    void insertTarget(const StoredTarget &t);
    void removeTarget(const QString &id);
    void removeName(const QString &name) { targetIdByName.remove(nameKey(name)); }
    // ZITADEL's unique constraint is on the lower-cased name: "Hooks" clashes with "hooks".
    static QString nameKey(const QString &name) { return name.toLower(); }
    // Whether another target than `except` holds `name` (in any case).
    bool nameTaken(const QString &name, const QString &except = {}) const
    {
        const QString holder = targetIdByName.value(nameKey(name));
        return !holder.isEmpty() && holder != except;
    }

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
