#include "samples.h"

#include "model/eventcatalog.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>
#include <QVariant>

#include <cmath>

namespace targetdesk::delivery
{

namespace
{

const QString addHumanUser = QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser");

// One method per service a service condition stands for; unknown services get a placeholder method name.
QString representativeMethod(const QString &service)
{
    static const QList<QPair<QString, QString>> known = {
        {QStringLiteral("zitadel.user.v2.UserService"), QStringLiteral("AddHumanUser")},
        {QStringLiteral("zitadel.user.v2beta.UserService"), QStringLiteral("AddHumanUser")},
        {QStringLiteral("zitadel.session.v2.SessionService"), QStringLiteral("CreateSession")},
        {QStringLiteral("zitadel.org.v2.OrganizationService"), QStringLiteral("AddOrganization")},
        {QStringLiteral("zitadel.action.v2.ActionService"), QStringLiteral("CreateTarget")},
        {QStringLiteral("zitadel.settings.v2.SettingsService"), QStringLiteral("GetLoginSettings")},
        {QStringLiteral("zitadel.oidc.v2.OIDCService"), QStringLiteral("CreateCallback")},
    };
    for (const auto &[name, method] : known) {
        if (name == service)
            return QLatin1Char('/') + name + QLatin1Char('/') + method;
    }
    return QLatin1Char('/') + service + QStringLiteral("/SampleMethod");
}

QString methodName(const QString &fullMethod)
{
    return fullMethod.section(QLatin1Char('/'), -1);
}

// protojson Timestamp form (milliseconds).
QString rfc3339(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

// Go's RFC 3339 with nanoseconds, as event creation dates come from the database (microseconds).
QString goTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("417Z");
}

QDateTime nowOf(const SampleContext &context)
{
    return context.now.isValid() ? context.now.toUTC() : QDateTime::currentDateTimeUtc();
}

QJsonObject details(const SampleContext &context)
{
    return {{QStringLiteral("sequence"), QStringLiteral("2")},
            {QStringLiteral("changeDate"), rfc3339(nowOf(context))},
            {QStringLiteral("resourceOwner"), context.orgId}};
}

// The protojson of the API request and response message of a method (what ZITADEL puts under "request" and
// "response"); realistic for the common methods, minimal otherwise.
QJsonObject requestMessage(const QString &fullMethod, const SampleContext &context)
{
    const QString name = methodName(fullMethod);
    if (name == QLatin1String("AddHumanUser")) {
        return {
            {QStringLiteral("username"), QStringLiteral("minnie")},
            {QStringLiteral("organization"), QJsonObject{{QStringLiteral("orgId"), context.orgId}}},
            {QStringLiteral("profile"), QJsonObject{{QStringLiteral("givenName"), QStringLiteral("Minnie")},
                                                    {QStringLiteral("familyName"), QStringLiteral("Mouse")}}},
            {QStringLiteral("email"), QJsonObject{{QStringLiteral("email"), QStringLiteral("minnie@example.com")}}}};
    }
    if (name == QLatin1String("CreateSession")) {
        return {{QStringLiteral("checks"),
                 QJsonObject{{QStringLiteral("user"),
                              QJsonObject{{QStringLiteral("loginName"), QStringLiteral("minnie@example.com")}}}}}};
    }
    if (name == QLatin1String("AddOrganization"))
        return {{QStringLiteral("name"), QStringLiteral("Mouse & Co")}};
    if (name == QLatin1String("CreateTarget")) {
        return {{QStringLiteral("name"), QStringLiteral("sign-up hook")},
                {QStringLiteral("restWebhook"), QJsonObject{}},
                {QStringLiteral("timeout"), QStringLiteral("10s")},
                {QStringLiteral("endpoint"), QStringLiteral("https://hooks.example.com/zitadel")}};
    }
    return {};
}

QJsonObject responseMessage(const QString &fullMethod, const SampleContext &context)
{
    const QString name = methodName(fullMethod);
    if (name == QLatin1String("AddHumanUser")) {
        return {{QStringLiteral("userId"), QStringLiteral("328868612345678901")},
                {QStringLiteral("details"), details(context)}};
    }
    if (name == QLatin1String("CreateSession")) {
        return {{QStringLiteral("details"), details(context)},
                {QStringLiteral("sessionId"), QStringLiteral("328868655577889911")},
                {QStringLiteral("sessionToken"), QStringLiteral("sample-session-token")}};
    }
    if (name == QLatin1String("AddOrganization")) {
        return {{QStringLiteral("details"), details(context)},
                {QStringLiteral("organizationId"), QStringLiteral("328868677788990011")}};
    }
    if (name == QLatin1String("CreateTarget")) {
        return {{QStringLiteral("id"), QStringLiteral("328868699900112233")},
                {QStringLiteral("creationDate"), rfc3339(nowOf(context))},
                {QStringLiteral("signingKey"), QStringLiteral("sample-signing-key-0123456789abcdef")}};
    }
    return {{QStringLiteral("details"), details(context)}};
}

QString defaultEventType(const ExecutionCondition &condition, const QString &eventType)
{
    if (!eventType.isEmpty())
        return eventType;
    if (condition.scope == ExecutionCondition::Scope::One && !condition.value.isEmpty())
        return condition.value;
    if (condition.scope == ExecutionCondition::Scope::Group) {
        for (const QString &type : eventcatalog::types()) {
            if (type.startsWith(condition.value))
                return type;
        }
        return condition.value;
    }
    return QStringLiteral("user.human.added");
}

// The stored event JSON of the common event types; other types get an empty payload (many ZITADEL events have
// none).
QJsonObject eventPayload(const QString &type, const SampleContext &context)
{
    if (type == QLatin1String("user.human.added") || type == QLatin1String("user.human.selfregistered")) {
        return {{QStringLiteral("userName"), QStringLiteral("minnie")},
                {QStringLiteral("firstName"), QStringLiteral("Minnie")},
                {QStringLiteral("lastName"), QStringLiteral("Mouse")},
                {QStringLiteral("displayName"), QStringLiteral("Minnie Mouse")},
                {QStringLiteral("preferredLanguage"), QStringLiteral("en")},
                {QStringLiteral("email"), QStringLiteral("minnie@example.com")},
                {QStringLiteral("userLoginMustBeDomain"), false}};
    }
    if (type == QLatin1String("user.machine.added")) {
        return {{QStringLiteral("userName"), QStringLiteral("deploy-bot")},
                {QStringLiteral("name"), QStringLiteral("Deploy bot")},
                {QStringLiteral("description"), QStringLiteral("CI deployments")}};
    }
    if (type == QLatin1String("user.human.email.changed"))
        return {{QStringLiteral("email"), QStringLiteral("minnie.mouse@example.com")}};
    if (type == QLatin1String("user.human.email.verified"))
        return {};
    if (type == QLatin1String("user.human.phone.changed"))
        return {{QStringLiteral("phone"), QStringLiteral("+41791234567")}};
    if (type == QLatin1String("user.human.profile.changed")) {
        return {{QStringLiteral("firstName"), QStringLiteral("Minnie")},
                {QStringLiteral("lastName"), QStringLiteral("Maus")},
                {QStringLiteral("displayName"), QStringLiteral("Minnie Maus")}};
    }
    if (type == QLatin1String("user.human.password.changed")) {
        // Events may carry secrets: ZITADEL sends the stored hash as is.
        return {{QStringLiteral("encodedHash"), QStringLiteral("$2a$14$sample.bcrypt.hash.of.the.new.password.only")},
                {QStringLiteral("changeRequired"), false},
                {QStringLiteral("userAgentID"), QStringLiteral("328868701234567890")}};
    }
    if (type == QLatin1String("user.username.changed"))
        return {{QStringLiteral("userName"), QStringLiteral("minnie.mouse")}};
    if (type == QLatin1String("org.added"))
        return {{QStringLiteral("name"), QStringLiteral("Mouse & Co")}};
    if (type == QLatin1String("project.added")) {
        return {{QStringLiteral("name"), QStringLiteral("Portal")},
                {QStringLiteral("projectRoleAssertion"), true},
                {QStringLiteral("projectRoleCheck"), false},
                {QStringLiteral("hasProjectCheck"), false},
                {QStringLiteral("privateLabelingSetting"), 0}};
    }
    if (type == QLatin1String("session.added")) {
        return {{QStringLiteral("userAgent"),
                 QJsonObject{{QStringLiteral("fingerprintID"), QStringLiteral("328868723456789012")},
                             {QStringLiteral("ip"), QStringLiteral("203.0.113.7")},
                             {QStringLiteral("description"), QStringLiteral("Firefox, Linux")}}}};
    }
    if (type == QLatin1String("session.user.checked")) {
        return {{QStringLiteral("userID"), context.userId},
                {QStringLiteral("userResourceOwner"), context.orgId},
                {QStringLiteral("checkedAt"), rfc3339(nowOf(context))}};
    }
    if (type == QLatin1String("user.grant.added")) {
        return {{QStringLiteral("userId"), context.userId},
                {QStringLiteral("projectId"), context.projectId},
                {QStringLiteral("roleKeys"), QJsonArray{QStringLiteral("editor")}}};
    }
    return {};
}

// The aggregate an event type belongs to ("user" for "user.human.added"), its id and version.
struct Aggregate {
    QString type;
    QString id;
    QString version;
};

Aggregate aggregateOf(const QString &eventType, const SampleContext &context)
{
    const QString type = eventType.section(QLatin1Char('.'), 0, 0);
    if (type == QLatin1String("user"))
        return {type, context.userId, QStringLiteral("v2")};
    if (type == QLatin1String("org"))
        return {type, context.orgId, QStringLiteral("v1")};
    if (type == QLatin1String("project"))
        return {type, context.projectId, QStringLiteral("v1")};
    if (type == QLatin1String("instance"))
        return {type, context.instanceId, QStringLiteral("v1")};
    return {type, QStringLiteral("328868745678901234"), QStringLiteral("v1")};
}

QJsonObject humanUser(const SampleContext &context)
{
    const QString date = rfc3339(nowOf(context).addDays(-30));
    return {{QStringLiteral("id"), context.userId},
            {QStringLiteral("creation_date"), date},
            {QStringLiteral("change_date"), date},
            {QStringLiteral("resource_owner"), context.orgId},
            {QStringLiteral("sequence"), 4},
            {QStringLiteral("state"), 1}, // active
            {QStringLiteral("type"), 1},  // human
            {QStringLiteral("username"), QStringLiteral("minnie")},
            {QStringLiteral("preferred_login_name"), QStringLiteral("minnie@mouse-co.example.com")},
            {QStringLiteral("human"), QJsonObject{{QStringLiteral("first_name"), QStringLiteral("Minnie")},
                                                  {QStringLiteral("last_name"), QStringLiteral("Mouse")},
                                                  {QStringLiteral("display_name"), QStringLiteral("Minnie Mouse")},
                                                  {QStringLiteral("preferred_language"), QStringLiteral("en")},
                                                  {QStringLiteral("email"), QStringLiteral("minnie@example.com")},
                                                  {QStringLiteral("is_email_verified"), true}}}};
}

QJsonArray userGrants(const SampleContext &context)
{
    return {QJsonObject{{QStringLiteral("id"), QStringLiteral("328868767890123456")},
                        {QStringLiteral("user_id"), context.userId},
                        {QStringLiteral("roles"), QJsonArray{QStringLiteral("editor")}},
                        {QStringLiteral("project_id"), context.projectId},
                        {QStringLiteral("project_name"), QStringLiteral("Portal")},
                        {QStringLiteral("resource_owner"), context.orgId},
                        {QStringLiteral("state"), 1}}};
}

QJsonObject functionBody(const QString &function, const SampleContext &context)
{
    const QString name = QStringLiteral("function/") + function;
    if (function == QLatin1String("presamlresponse")) {
        return {{QStringLiteral("function"), name},
                {QStringLiteral("user"), humanUser(context)},
                {QStringLiteral("user_grants"), userGrants(context)}};
    }
    const qint64 updated = nowOf(context).addDays(-30).toSecsSinceEpoch();
    const QJsonObject userinfo{{QStringLiteral("sub"), context.userId},
                               {QStringLiteral("name"), QStringLiteral("Minnie Mouse")},
                               {QStringLiteral("given_name"), QStringLiteral("Minnie")},
                               {QStringLiteral("family_name"), QStringLiteral("Mouse")},
                               {QStringLiteral("preferred_username"), QStringLiteral("minnie@mouse-co.example.com")},
                               {QStringLiteral("email"), QStringLiteral("minnie@example.com")},
                               {QStringLiteral("email_verified"), true},
                               {QStringLiteral("locale"), QStringLiteral("en")},
                               {QStringLiteral("updated_at"), updated}};
    const QString date = rfc3339(nowOf(context).addDays(-7));
    const QJsonArray metadata{QJsonObject{{QStringLiteral("creation_date"), date},
                                          {QStringLiteral("change_date"), date},
                                          {QStringLiteral("resource_owner"), context.orgId},
                                          {QStringLiteral("sequence"), 5},
                                          {QStringLiteral("key"), QStringLiteral("department")},
                                          // "Research" in base64: metadata values are bytes
                                          {QStringLiteral("value"), QStringLiteral("UmVzZWFyY2g=")}}};
    return {{QStringLiteral("function"), name},
            {QStringLiteral("userinfo"), userinfo},
            {QStringLiteral("user"), humanUser(context)},
            {QStringLiteral("user_metadata"), metadata},
            {QStringLiteral("org"),
             QJsonObject{{QStringLiteral("id"), context.orgId},
                         {QStringLiteral("name"), QStringLiteral("Mouse & Co")},
                         {QStringLiteral("primary_domain"), QStringLiteral("mouse-co.example.com")}}},
            {QStringLiteral("user_grants"), userGrants(context)},
            {QStringLiteral("application"),
             QJsonObject{{QStringLiteral("client_id"), QStringLiteral("328868789012345678@portal")}}}};
}

// The order of the top-level members in ZITADEL's Go structs (json.Marshal writes struct fields in declaration
// order; nested maps are sorted by key, which QJsonObject already does).
int memberRank(const QString &key)
{
    static const QStringList order = {
        // request / response
        QStringLiteral("fullMethod"), QStringLiteral("instanceID"), QStringLiteral("orgID"),
        QStringLiteral("projectID"), QStringLiteral("userID"), QStringLiteral("request"), QStringLiteral("response"),
        QStringLiteral("headers"),
        // event
        QStringLiteral("aggregateID"), QStringLiteral("aggregateType"), QStringLiteral("resourceOwner"),
        QStringLiteral("version"), QStringLiteral("sequence"), QStringLiteral("event_type"),
        QStringLiteral("created_at"), QStringLiteral("event_payload"),
        // function
        QStringLiteral("function"), QStringLiteral("userinfo"), QStringLiteral("user"), QStringLiteral("user_metadata"),
        QStringLiteral("org"), QStringLiteral("user_grants"), QStringLiteral("application")};
    const qsizetype i = order.indexOf(key);
    return i < 0 ? int(order.size()) : int(i);
}

void appendString(QByteArray &out, const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.append('"');
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto u = static_cast<unsigned char>(utf8.at(i));
        // U+2028 / U+2029 (E2 80 A8 / E2 80 A9) are escaped too.
        if (u == 0xE2 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8.at(i + 1)) == 0x80 &&
            (static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ||
             static_cast<unsigned char>(utf8.at(i + 2)) == 0xA9)) {
            out.append(static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ? "\\u2028" : "\\u2029");
            i += 2;
            continue;
        }
        switch (u) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            // Other control characters, and <, >, & as Go's HTML-safe escaping writes them.
            if (u < 0x20 || u == '<' || u == '>' || u == '&') {
                out.append("\\u00");
                out.append(hex[u >> 4]);
                out.append(hex[u & 0xF]);
            } else {
                out.append(char(u));
            }
        }
    }
    out.append('"');
}

// Go's float64 encoding: integers without a fraction, 'f' with the shortest digits, exponent form below 1e-6 and
// from 1e21 on ("1e-07" written as "1e-7").
void appendNumber(QByteArray &out, const QJsonValue &value)
{
    const QVariant variant = value.toVariant();
    if (variant.typeId() == QMetaType::LongLong || variant.typeId() == QMetaType::Int) {
        out.append(QByteArray::number(variant.toLongLong()));
        return;
    }
    const double d = value.toDouble();
    if (!std::isfinite(d)) {
        out.append("null");
        return;
    }
    const double a = std::fabs(d);
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        QByteArray text = QByteArray::number(d, 'e', QLocale::FloatingPointShortest);
        // Qt writes "1e-07"; Go writes "1e-7".
        const qsizetype e = text.indexOf('e');
        if (e >= 0 && e + 2 < text.size() && text.at(e + 2) == '0' && e + 3 < text.size())
            text.remove(e + 2, 1);
        out.append(text);
        return;
    }
    out.append(QByteArray::number(d, 'f', QLocale::FloatingPointShortest));
}

void appendValue(QByteArray &out, const QJsonValue &value, bool topLevel = false);

void appendObject(QByteArray &out, const QJsonObject &object, bool topLevel)
{
    QStringList keys = object.keys(); // sorted
    if (topLevel) {
        std::stable_sort(keys.begin(), keys.end(),
                         [](const QString &a, const QString &b) { return memberRank(a) < memberRank(b); });
    }
    out.append('{');
    bool first = true;
    for (const QString &key : std::as_const(keys)) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, key);
        out.append(':');
        appendValue(out, object.value(key));
    }
    out.append('}');
}

void appendValue(QByteArray &out, const QJsonValue &value, bool topLevel)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &item : value.toArray()) {
            if (!first)
                out.append(',');
            first = false;
            appendValue(out, item);
        }
        out.append(']');
        break;
    }
    case QJsonValue::Object:
        appendObject(out, value.toObject(), topLevel);
        break;
    }
}

} // namespace

QString sampleSubject(const ExecutionCondition &condition, const QString &eventType)
{
    switch (condition.kind) {
    case ExecutionCondition::Kind::Request:
    case ExecutionCondition::Kind::Response:
        if (condition.scope == ExecutionCondition::Scope::One && !condition.value.isEmpty())
            return condition.value;
        if (condition.scope == ExecutionCondition::Scope::Group && !condition.value.isEmpty())
            return representativeMethod(condition.value);
        return addHumanUser;
    case ExecutionCondition::Kind::Event:
        return defaultEventType(condition, eventType);
    case ExecutionCondition::Kind::Function:
        return QStringLiteral("function/") + condition.value;
    }
    return {};
}

QJsonObject sampleBody(const ExecutionCondition &condition, const QString &eventType, const SampleContext &context)
{
    const QString subject = sampleSubject(condition, eventType);
    switch (condition.kind) {
    case ExecutionCondition::Kind::Request:
    case ExecutionCondition::Kind::Response: {
        QJsonObject body{{QStringLiteral("fullMethod"), subject},
                         {QStringLiteral("request"), requestMessage(subject, context)},
                         {QStringLiteral("headers"),
                          QJsonObject{{QStringLiteral("Content-Type"), QJsonArray{QStringLiteral("application/json")}},
                                      {QStringLiteral("X-Forwarded-For"), QJsonArray{QStringLiteral("203.0.113.7")}}}}};
        // The five ids are omitted when empty.
        const QList<QPair<QString, QString>> ids = {{QStringLiteral("instanceID"), context.instanceId},
                                                    {QStringLiteral("orgID"), context.orgId},
                                                    {QStringLiteral("userID"), context.userId}};
        for (const auto &[key, id] : ids) {
            if (!id.isEmpty())
                body.insert(key, id);
        }
        if (condition.kind == ExecutionCondition::Kind::Response)
            body.insert(QStringLiteral("response"), responseMessage(subject, context));
        return body;
    }
    case ExecutionCondition::Kind::Event: {
        const Aggregate aggregate = aggregateOf(subject, context);
        return {{QStringLiteral("aggregateID"), aggregate.id},
                {QStringLiteral("aggregateType"), aggregate.type},
                {QStringLiteral("resourceOwner"), context.orgId},
                {QStringLiteral("instanceID"), context.instanceId},
                {QStringLiteral("version"), aggregate.version},
                {QStringLiteral("sequence"), 17},
                {QStringLiteral("event_type"), subject},
                {QStringLiteral("created_at"), goTime(nowOf(context))},
                {QStringLiteral("userID"), context.userId},
                {QStringLiteral("event_payload"), eventPayload(subject, context)}};
    }
    case ExecutionCondition::Kind::Function:
        return functionBody(condition.value, context);
    }
    return {};
}

QByteArray goJson(const QJsonObject &object)
{
    QByteArray out;
    appendObject(out, object, true);
    return out;
}

} // namespace targetdesk::delivery
