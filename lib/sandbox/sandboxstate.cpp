#include "sandboxstate.h"

#include "messagereader.h"

#include <QJsonArray>

#include <algorithm>

namespace targetdesk::sandbox
{

namespace
{

const QString kTypeFields[] = {QStringLiteral("restWebhook"), QStringLiteral("restCall"), QStringLiteral("restAsync")};

QString ts(const QDateTime &t)
{
    return protojson::formatTimestamp(t);
}

bool readTarget(const QJsonObject &o, StoredTarget *t, QString *error)
{
    MessageReader r(o, QStringLiteral("Target"));
    t->id = r.string(QStringLiteral("id")).value_or(QString());
    t->creationDate = r.timestamp(QStringLiteral("creationDate")).value_or(QDateTime());
    t->changeDate = r.timestamp(QStringLiteral("changeDate")).value_or(t->creationDate);
    t->name = r.string(QStringLiteral("name")).value_or(QString());
    int types = 0;
    for (int i = 0; i < 3; ++i) {
        if (const auto sub = r.object(kTypeFields[i])) {
            ++types;
            t->type = TargetType(i);
            MessageReader s(*sub, kTypeFields[i]);
            if (i != 2)
                t->interruptOnError = s.boolean(QStringLiteral("interruptOnError")).value_or(false);
            if (!s.finish())
                r.fail(s.error());
        }
    }
    t->timeout = r.duration(QStringLiteral("timeout")).value_or(protojson::Duration(0));
    t->endpoint = r.string(QStringLiteral("endpoint")).value_or(QString());
    t->signingKey = r.string(QStringLiteral("signingKey")).value_or(QString());
    t->payloadType = PayloadType(r.enumValue(QStringLiteral("payloadType"), payloadTypeNames()).value_or(0));
    // The sandbox's own fields (not in the API's Target): the write model's flag and a flag kept under restAsync.
    t->writeModelInterruptOnError = r.boolean(QStringLiteral("writeModelInterruptOnError")).value_or(false);
    if (r.boolean(QStringLiteral("keptInterruptOnError")).value_or(false))
        t->interruptOnError = true;
    if (r.finish() && (t->id.isEmpty() || t->name.isEmpty() || types != 1 || !t->creationDate.isValid()))
        r.fail(QStringLiteral("target without id, name, creationDate or exactly one target type"));
    if (!r.ok())
        *error = r.error();
    return r.ok();
}

bool readKey(const QJsonObject &o, StoredKey *k, QString *error)
{
    MessageReader r(o, QStringLiteral("PublicKey"));
    k->keyId = r.string(QStringLiteral("keyId")).value_or(QString());
    k->active = r.boolean(QStringLiteral("active")).value_or(false);
    const QString pem = r.string(QStringLiteral("publicKey")).value_or(QString());
    k->pem = QByteArray::fromBase64(pem.toLatin1());
    k->fingerprint = r.string(QStringLiteral("fingerprint")).value_or(QString());
    k->expirationDate = r.timestamp(QStringLiteral("expirationDate")).value_or(QDateTime());
    k->creationDate = r.timestamp(QStringLiteral("creationDate")).value_or(QDateTime());
    k->changeDate = r.timestamp(QStringLiteral("changeDate")).value_or(k->creationDate);
    if (r.finish() && (k->keyId.isEmpty() || k->pem.isEmpty() || !k->creationDate.isValid()))
        r.fail(QStringLiteral("public key without keyId, publicKey or creationDate"));
    if (!r.ok())
        *error = r.error();
    return r.ok();
}

bool readExecution(const QJsonObject &o, StoredExecution *e, QString *error)
{
    MessageReader r(o, QStringLiteral("Execution"));
    const auto condition = r.object(QStringLiteral("condition"));
    e->creationDate = r.timestamp(QStringLiteral("creationDate")).value_or(QDateTime());
    e->changeDate = r.timestamp(QStringLiteral("changeDate")).value_or(e->creationDate);
    e->targets = r.stringList(QStringLiteral("targets")).value_or(QStringList());
    if (r.finish()) {
        const auto parsed = ExecutionCondition::fromJson(condition.value_or(QJsonObject()));
        if (!parsed.condition)
            r.fail(parsed.error);
        else
            e->condition = *parsed.condition;
    }
    if (!r.ok())
        *error = r.error();
    return r.ok();
}

} // namespace

const QStringList &payloadTypeNames()
{
    static const QStringList names = {QStringLiteral("PAYLOAD_TYPE_UNSPECIFIED"), QStringLiteral("PAYLOAD_TYPE_JSON"),
                                      QStringLiteral("PAYLOAD_TYPE_JWT"), QStringLiteral("PAYLOAD_TYPE_JWE")};
    return names;
}

void SandboxState::clear()
{
    targets.clear();
    targetIdByName.clear();
    keys.clear();
    executions.clear();
}

QString SandboxState::nextId()
{
    // 10 ms ticks since 2014-09-01 in the high bits, like sonyflake, so ids sort by creation.
    const qint64 ticks = (QDateTime::currentMSecsSinceEpoch() - 1409529600000LL) / 10;
    const quint64 candidate = quint64(std::max<qint64>(ticks, 0)) << 24;
    m_lastId = std::max(m_lastId + 1, candidate);
    return QString::number(m_lastId);
}

void SandboxState::noteId(const QString &id)
{
    bool ok = false;
    const quint64 n = id.toULongLong(&ok);
    if (ok)
        m_lastId = std::max(m_lastId, n);
}

void SandboxState::insertTarget(const StoredTarget &t)
{
    targets.insert(t.id, t);
    targetIdByName.insert(nameKey(t.name), t.id);
}

void SandboxState::removeTarget(const QString &id)
{
    const auto it = targets.find(id);
    if (it == targets.end())
        return;
    removeName(it->name);
    targets.erase(it);
    keys.remove(id);
    // An execution left without targets stays as a hidden record (see StoredExecution), as in ZITADEL.
    for (StoredExecution &e : executions)
        e.targets.removeAll(id);
}

QJsonObject SandboxState::targetToJson(const StoredTarget &t)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), t.id);
    o.insert(QStringLiteral("creationDate"), ts(t.creationDate));
    o.insert(QStringLiteral("changeDate"), ts(t.changeDate));
    o.insert(QStringLiteral("name"), t.name);
    QJsonObject type;
    if (t.type != TargetType::Async && t.interruptOnError)
        type.insert(QStringLiteral("interruptOnError"), true);
    o.insert(kTypeFields[int(t.type)], type);
    if (t.timeout.count() != 0)
        o.insert(QStringLiteral("timeout"), protojson::formatDuration(t.timeout));
    if (!t.endpoint.isEmpty())
        o.insert(QStringLiteral("endpoint"), t.endpoint);
    if (!t.signingKey.isEmpty())
        o.insert(QStringLiteral("signingKey"), t.signingKey);
    if (t.payloadType != PayloadType::Unspecified)
        o.insert(QStringLiteral("payloadType"), payloadTypeNames().at(int(t.payloadType)));
    return o;
}

QJsonObject SandboxState::keyToJson(const StoredKey &k)
{
    QJsonObject o;
    o.insert(QStringLiteral("keyId"), k.keyId);
    if (k.active)
        o.insert(QStringLiteral("active"), true);
    o.insert(QStringLiteral("publicKey"), QString::fromLatin1(k.pem.toBase64()));
    if (!k.fingerprint.isEmpty())
        o.insert(QStringLiteral("fingerprint"), k.fingerprint);
    if (k.expirationDate.isValid())
        o.insert(QStringLiteral("expirationDate"), ts(k.expirationDate));
    o.insert(QStringLiteral("creationDate"), ts(k.creationDate));
    o.insert(QStringLiteral("changeDate"), ts(k.changeDate));
    return o;
}

QJsonObject SandboxState::executionToJson(const StoredExecution &e)
{
    QJsonObject o;
    o.insert(QStringLiteral("condition"), e.condition.toJson());
    o.insert(QStringLiteral("creationDate"), ts(e.creationDate));
    o.insert(QStringLiteral("changeDate"), ts(e.changeDate));
    if (!e.targets.isEmpty())
        o.insert(QStringLiteral("targets"), QJsonArray::fromStringList(e.targets));
    return o;
}

QJsonObject SandboxState::toJson() const
{
    QList<const StoredTarget *> ordered;
    ordered.reserve(targets.size());
    for (const StoredTarget &t : targets)
        ordered.append(&t);
    std::sort(ordered.begin(), ordered.end(), [](const StoredTarget *a, const StoredTarget *b) {
        if (a->creationDate != b->creationDate)
            return a->creationDate < b->creationDate;
        return a->id.size() != b->id.size() ? a->id.size() < b->id.size() : a->id < b->id;
    });
    QJsonArray targetArray;
    for (const StoredTarget *t : ordered) {
        QJsonObject o = targetToJson(*t);
        if (t->writeModelInterruptOnError)
            o.insert(QStringLiteral("writeModelInterruptOnError"), true);
        if (t->type == TargetType::Async && t->interruptOnError)
            o.insert(QStringLiteral("keptInterruptOnError"), true);
        targetArray.append(o);
    }
    QJsonObject keyObject;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        if (it->isEmpty())
            continue;
        QJsonArray list;
        for (const StoredKey &k : *it)
            list.append(keyToJson(k));
        keyObject.insert(it.key(), list);
    }
    QJsonArray executionArray;
    for (const StoredExecution &e : executions)
        executionArray.append(executionToJson(e));
    return QJsonObject{{QStringLiteral("targets"), targetArray},
                       {QStringLiteral("publicKeys"), keyObject},
                       {QStringLiteral("executions"), executionArray}};
}

bool SandboxState::loadJson(const QJsonObject &o, QString *error)
{
    SandboxState next;
    next.m_lastId = m_lastId;
    MessageReader r(o, QStringLiteral("SandboxState"));
    const QJsonArray targetArray = r.array(QStringLiteral("targets")).value_or(QJsonArray());
    const QJsonObject keyObject = r.object(QStringLiteral("publicKeys")).value_or(QJsonObject());
    const QJsonArray executionArray = r.array(QStringLiteral("executions")).value_or(QJsonArray());
    if (!r.finish()) {
        *error = r.error();
        return false;
    }
    for (const QJsonValue &v : targetArray) {
        StoredTarget t;
        if (!readTarget(v.toObject(), &t, error))
            return false;
        if (next.targets.contains(t.id) || next.nameTaken(t.name)) {
            *error = QStringLiteral("duplicate target %1").arg(t.id);
            return false;
        }
        next.insertTarget(t);
        next.noteId(t.id);
    }
    for (auto it = keyObject.constBegin(); it != keyObject.constEnd(); ++it) {
        if (!next.targets.contains(it.key()) || !it->isArray()) {
            *error = QStringLiteral("public keys of unknown target %1").arg(it.key());
            return false;
        }
        QList<StoredKey> list;
        for (const QJsonValue &v : it->toArray()) {
            StoredKey k;
            if (!readKey(v.toObject(), &k, error))
                return false;
            next.noteId(k.keyId);
            list.append(k);
        }
        next.keys.insert(it.key(), list);
    }
    for (const QJsonValue &v : executionArray) {
        StoredExecution e;
        if (!readExecution(v.toObject(), &e, error))
            return false;
        next.executions.insert(e.condition.id(), e);
    }
    *this = next;
    return true;
}

} // namespace targetdesk::sandbox
