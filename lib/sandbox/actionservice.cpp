#include "actionservice.h"

#include "api/apierror.h"
#include "messagereader.h"
#include "publickeys.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QSet>
#include <QUrl>

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>

namespace targetdesk::sandbox
{

namespace
{

using namespace std::chrono_literals;

constexpr quint32 kDefaultLimit = 100;
constexpr quint32 kMaxLimit = 1000;
constexpr qsizetype kMaxPublicKeyBytes = 8192;

const QString kTypeFields[] = {QStringLiteral("restWebhook"), QStringLiteral("restCall"), QStringLiteral("restAsync")};
const QString kTypeMessages[] = {QStringLiteral("RESTWebhook"), QStringLiteral("RESTCall"),
                                 QStringLiteral("RESTAsync")};

// ZITADEL answers in the caller's language; the sandbox speaks English. Keys without an English text in ZITADEL
// (AlreadyExists, DeniedURL) and auth errors come back raw.
QString translate(const QString &key)
{
    static const QHash<QString, QString> texts = {
        {QStringLiteral("Errors.Target.NotFound"), QStringLiteral("Target not found")},
        {QStringLiteral("Errors.Target.NoTimeout"), QStringLiteral("Target has no timeout")},
        {QStringLiteral("Errors.Target.InvalidURL"), QStringLiteral("Target has an invalid URL")},
        {QStringLiteral("Errors.Target.InvalidPublicKey"), QStringLiteral("Public key is invalid")},
        {QStringLiteral("Errors.Target.InvalidExpirationDate"), QStringLiteral("Expiration date is invalid")},
        {QStringLiteral("Errors.Target.PublicKeyExpired"), QStringLiteral("Public key is expired")},
        {QStringLiteral("Errors.Target.PublicKeyActive"), QStringLiteral("Active public key cannot be removed")},
        {QStringLiteral("Errors.Query.LimitExceeded"), QStringLiteral("Limit exceeded")},
        {QStringLiteral("Errors.Execution.Invalid"), QStringLiteral("Execution is invalid")},
        {QStringLiteral("Errors.Execution.ConditionInvalid"), QStringLiteral("Execution condition is invalid")},
        {QStringLiteral("Errors.Internal"), QStringLiteral("Internal error")},
        {QStringLiteral("Errors.Unavailable"), QStringLiteral("Service unavailable")},
    };
    return texts.value(key, key);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpResponse ok(const QJsonObject &o)
{
    return {200, compact(o)};
}

// A validation failure (protovalidate or protojson): 400, code 3, no details.
HttpResponse invalid(const QString &message)
{
    return {400, compact(QJsonObject{{QStringLiteral("code"), 3}, {QStringLiteral("message"), message}})};
}

HttpResponse fail(int code, const QString &id, const QString &key)
{
    return ActionService::errorResponse(code, id, key);
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

QString ts(const QDateTime &t)
{
    return protojson::formatTimestamp(t);
}

QString lengthMessage(const QString &message, const QString &field, qsizetype max)
{
    return QStringLiteral("invalid %1.%2: value length must be between 1 and %3 runes, inclusive")
        .arg(message, field)
        .arg(max);
}

// Numeric ids compare as numbers (all have the same shape, but loaded files may differ).
bool idLess(const QString &a, const QString &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

std::optional<QJsonObject> parseBody(const QByteArray &body, HttpResponse *error)
{
    if (body.trimmed().isEmpty())
        return QJsonObject(); // the gateway reads an empty body as an empty message
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = invalid(QStringLiteral("proto: syntax error (offset %1): %2").arg(pe.offset).arg(pe.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = invalid(QStringLiteral("proto: syntax error: the request body must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

// A path field repeated in the body must agree with the path.
void checkPathField(MessageReader &r, const QString &field, const QString &pathValue)
{
    const auto v = r.string(field);
    if (v && *v != pathValue)
        r.fail(QStringLiteral("invalid %1.%2: must match the path (%3)")
                   .arg(r.messageName(), field.at(0).toUpper() + field.mid(1), pathValue));
}

struct Page {
    quint64 offset = 0;
    quint32 limit = kDefaultLimit;
    bool asc = false;
};

// PaginationRequest; LimitExceeded comes back through `error`.
std::optional<Page> readPagination(MessageReader &outer, std::optional<HttpResponse> *error)
{
    Page page;
    const auto p = outer.object(QStringLiteral("pagination"));
    if (!p)
        return page;
    MessageReader r(*p, QStringLiteral("PaginationRequest"));
    page.offset = r.uint64(QStringLiteral("offset")).value_or(0);
    const quint32 limit = r.uint32(QStringLiteral("limit")).value_or(0);
    page.asc = r.boolean(QStringLiteral("asc")).value_or(false);
    if (!r.finish()) {
        outer.fail(r.error());
        return std::nullopt;
    }
    if (limit > kMaxLimit) {
        *error = fail(3, QStringLiteral("QUERY-4M0fs"), QStringLiteral("Errors.Query.LimitExceeded"));
        return std::nullopt;
    }
    if (limit > 0)
        page.limit = limit;
    return page;
}

QJsonObject paginationJson(qsizetype total, quint32 limit)
{
    QJsonObject o;
    if (total > 0)
        o.insert(QStringLiteral("totalResult"), protojson::formatUint64(quint64(total)));
    o.insert(QStringLiteral("appliedLimit"), protojson::formatUint64(limit));
    return o;
}

// Sorts with `less` (which must already break ties), reverses for descending, and cuts out the page.
template <typename T, typename Less>
QList<T> pageOf(QList<T> items, const Page &page, Less less)
{
    if (page.asc)
        std::sort(items.begin(), items.end(), less);
    else
        std::sort(items.begin(), items.end(), [&](const T &a, const T &b) { return less(b, a); });
    if (page.offset >= quint64(items.size()))
        return {};
    return items.mid(qsizetype(page.offset), qsizetype(page.limit));
}

template <typename T>
int compare3(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

const QStringList &textMethods()
{
    static const QStringList names = {
        QStringLiteral("TEXT_FILTER_METHOD_EQUALS"),      QStringLiteral("TEXT_FILTER_METHOD_EQUALS_IGNORE_CASE"),
        QStringLiteral("TEXT_FILTER_METHOD_STARTS_WITH"), QStringLiteral("TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE"),
        QStringLiteral("TEXT_FILTER_METHOD_CONTAINS"),    QStringLiteral("TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE"),
        QStringLiteral("TEXT_FILTER_METHOD_ENDS_WITH"),   QStringLiteral("TEXT_FILTER_METHOD_ENDS_WITH_IGNORE_CASE")};
    return names;
}

bool textMatches(const QString &value, const QString &pattern, int method)
{
    const Qt::CaseSensitivity cs = method % 2 == 1 ? Qt::CaseInsensitive : Qt::CaseSensitive;
    switch (method / 2) {
    case 0:
        return value.compare(pattern, cs) == 0;
    case 1:
        return value.startsWith(pattern, cs);
    case 2:
        return value.contains(pattern, cs);
    default:
        return value.endsWith(pattern, cs);
    }
}

const QStringList &targetColumns()
{
    static const QStringList names = {QStringLiteral("TARGET_FIELD_NAME_UNSPECIFIED"),
                                      QStringLiteral("TARGET_FIELD_NAME_ID"),
                                      QStringLiteral("TARGET_FIELD_NAME_CREATED_DATE"),
                                      QStringLiteral("TARGET_FIELD_NAME_CHANGED_DATE"),
                                      QStringLiteral("TARGET_FIELD_NAME_NAME"),
                                      QStringLiteral("TARGET_FIELD_NAME_TARGET_TYPE"),
                                      QStringLiteral("TARGET_FIELD_NAME_URL"),
                                      QStringLiteral("TARGET_FIELD_NAME_TIMEOUT"),
                                      QStringLiteral("TARGET_FIELD_NAME_INTERRUPT_ON_ERROR")};
    return names;
}

const QStringList &keyColumns()
{
    static const QStringList names = {
        QStringLiteral("PUBLIC_KEY_FIELD_NAME_UNSPECIFIED"), QStringLiteral("PUBLIC_KEY_FIELD_NAME_CREATION_DATE"),
        QStringLiteral("PUBLIC_KEY_FIELD_NAME_CHANGE_DATE"), QStringLiteral("PUBLIC_KEY_FIELD_NAME_EXPIRATION_DATE")};
    return names;
}

const QStringList &timestampMethods()
{
    static const QStringList names = {
        QStringLiteral("TIMESTAMP_FILTER_METHOD_EQUALS"), QStringLiteral("TIMESTAMP_FILTER_METHOD_AFTER"),
        QStringLiteral("TIMESTAMP_FILTER_METHOD_AFTER_OR_EQUALS"), QStringLiteral("TIMESTAMP_FILTER_METHOD_BEFORE"),
        QStringLiteral("TIMESTAMP_FILTER_METHOD_BEFORE_OR_EQUALS")};
    return names;
}

const QStringList &executionColumns()
{
    static const QStringList names = {
        QStringLiteral("EXECUTION_FIELD_NAME_UNSPECIFIED"), QStringLiteral("EXECUTION_FIELD_NAME_ID"),
        QStringLiteral("EXECUTION_FIELD_NAME_CREATED_DATE"), QStringLiteral("EXECUTION_FIELD_NAME_CHANGED_DATE")};
    return names;
}

const QStringList &executionTypes()
{
    static const QStringList names = {QStringLiteral("EXECUTION_TYPE_UNSPECIFIED"),
                                      QStringLiteral("EXECUTION_TYPE_REQUEST"),
                                      QStringLiteral("EXECUTION_TYPE_RESPONSE"), QStringLiteral("EXECUTION_TYPE_EVENT"),
                                      QStringLiteral("EXECUTION_TYPE_FUNCTION")};
    return names;
}

// Parses a condition and turns its failure into a response.
std::optional<ExecutionCondition> readCondition(const QJsonObject &o, std::optional<HttpResponse> *error)
{
    const auto parsed = ExecutionCondition::fromJson(o);
    if (parsed.condition)
        return parsed.condition;
    *error = parsed.errorId.isEmpty() ? invalid(parsed.error) : fail(3, parsed.errorId, parsed.error);
    return std::nullopt;
}

// A condition naming something ZITADEL does not have: 404 ConditionInvalid with the id of the check that fails.
std::optional<HttpResponse> checkCatalogue(const ExecutionCondition &condition)
{
    const QString conditionInvalid = QStringLiteral("Errors.Execution.ConditionInvalid");
    using Type = ExecutionCondition::Type;
    using Scope = ExecutionCondition::Scope;
    const QString &v = condition.value;
    if (condition.type == Type::Function) {
        if (!catalog::isFunction(v))
            return fail(5, QStringLiteral("COMMAND-cdy39t0ksr"), conditionInvalid);
    } else if (condition.type == Type::Event) {
        if (condition.scope == Scope::Single && !catalog::isEvent(v))
            return fail(5, QStringLiteral("COMMAND-74aaqj8fv9"), conditionInvalid);
        if (condition.scope == Scope::Group && !catalog::isEventGroup(v))
            return fail(5, QStringLiteral("COMMAND-er5oneb5lz"), conditionInvalid);
    } else {
        if (condition.scope == Scope::Single && !catalog::isMethod(v))
            return fail(5, QStringLiteral("COMMAND-vysplsevt8"), conditionInvalid);
        if (condition.scope == Scope::Group && !catalog::isService(v))
            return fail(5, QStringLiteral("COMMAND-qu6dfhiioq"), conditionInvalid);
    }
    return std::nullopt;
}

struct Route {
    const char *method;
    const char *pattern; // '*' segments are parameters
    const char *rpc;
    bool write;
};

const std::array<Route, 17> kRoutes = {{
    {"POST", "v2/actions/targets", "CreateTarget", true},
    {"POST", "v2/actions/targets/search", "ListTargets", false},
    {"POST", "v2/actions/targets/*", "UpdateTarget", true},
    {"DELETE", "v2/actions/targets/*", "DeleteTarget", true},
    {"GET", "v2/actions/targets/*", "GetTarget", false},
    {"POST", "v2/actions/targets/*/publickeys", "AddPublicKey", true},
    {"POST", "v2/actions/targets/*/publickeys/search", "ListPublicKeys", false},
    {"POST", "v2/actions/targets/*/publickeys/*/activate", "ActivatePublicKey", true},
    {"POST", "v2/actions/targets/*/publickeys/*/deactivate", "DeactivatePublicKey", true},
    {"DELETE", "v2/actions/targets/*/publickeys/*", "RemovePublicKey", true},
    {"PUT", "v2/actions/executions", "SetExecution", true},
    {"POST", "v2/actions/executions/search", "ListExecutions", false},
    {"GET", "v2/actions/executions/functions", "ListExecutionFunctions", false},
    {"GET", "v2/actions/executions/methods", "ListExecutionMethods", false},
    {"GET", "v2/actions/executions/services", "ListExecutionServices", false},
    {"GET", "v2/web_keys", "ListWebKeys", false}, // zitadel.webkey.v2.WebKeyService, read by the checks
    // Not ZITADEL's: runs an execution as ZITADEL's executor would (Sandbox::simulate). It calls targets, so it
    // needs the write role.
    {"POST", "sandbox/v1/executions:simulate", "SimulateExecution", true},
}};

// The catalogue routes need an authenticated caller and no permission (ZITADEL's "authenticated" auth option).
bool openToAnyCaller(const char *rpc)
{
    return qstrcmp(rpc, "ListExecutionFunctions") == 0 || qstrcmp(rpc, "ListExecutionMethods") == 0 ||
           qstrcmp(rpc, "ListExecutionServices") == 0;
}

// How well a route's pattern matches: -1 no match, otherwise the number of literal segments (literal routes win).
int matchRoute(const Route &route, const QStringList &segments, QStringList *params)
{
    const QList<QByteArray> pattern = QByteArray(route.pattern).split('/');
    if (pattern.size() != segments.size())
        return -1;
    int literals = 0;
    QStringList found;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern.at(i) == "*") {
            if (segments.at(i).isEmpty())
                return -1;
            found.append(segments.at(i));
        } else if (segments.at(i) == QLatin1String(pattern.at(i))) {
            ++literals;
        } else {
            return -1;
        }
    }
    *params = found;
    return literals;
}

} // namespace

ActionService::ActionService() = default;

int ActionService::httpStatus(int grpcCode)
{
    // The gateway's mapping is the client's too: one table for both sides.
    return httpStatusForGrpcCode(grpcCode);
}

HttpResponse ActionService::errorResponse(int grpcCode, const QString &id, const QString &key)
{
    const QString text = translate(key);
    const QJsonObject detail{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/zitadel.v1.ErrorDetail")},
                             {QStringLiteral("id"), id},
                             {QStringLiteral("message"), text}};
    const QJsonObject body{{QStringLiteral("code"), grpcCode},
                           {QStringLiteral("message"), QStringLiteral("%1 (%2)").arg(text, id)},
                           {QStringLiteral("details"), QJsonArray{detail}}};
    return {httpStatus(grpcCode), compact(body)};
}

QString ActionService::randomAlphanumeric(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    constexpr quint32 size = sizeof alphabet - 1;
    // One bulk read from the system generator: seedTargets() makes thousands of keys.
    QList<quint32> random(length);
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    QString out;
    out.reserve(length);
    for (const quint32 r : random)
        out.append(QLatin1Char(alphabet[r % size])); // 2^32 % 62 bias is negligible for test keys
    return out;
}

QByteArray ActionService::secretDigest(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

bool ActionService::secretEquals(const QString &a, const QString &b)
{
    return digestEquals(secretDigest(a), secretDigest(b));
}

bool ActionService::digestEquals(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

void ActionService::addToken(const QString &token, Role role)
{
    m_tokens.insert(secretDigest(token), role);
}

bool ActionService::loadState(const QJsonObject &o, QString *error)
{
    if (!m_state.loadJson(o, error))
        return false;
    // Not notifyChanged(): loading must not write the file it just read.
    return true;
}

void ActionService::notifyChanged()
{
    if (m_changed)
        m_changed();
}

ActionService::Call ActionService::prepare(const QByteArray &method, const QString &path,
                                           const QByteArray &authorization)
{
    Call call;
    QStringList segments;
    for (const QString &s : path.split(QLatin1Char('/')))
        segments.append(QUrl::fromPercentEncoding(s.toUtf8()));
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();

    const Route *best = nullptr;
    int bestScore = -1;
    bool pathKnown = false;
    for (const Route &route : kRoutes) {
        QStringList params;
        const int score = matchRoute(route, segments, &params);
        if (score < 0)
            continue;
        pathKnown = true;
        if (method == route.method && score > bestScore) {
            best = &route;
            bestScore = score;
            call.params = params;
        }
    }
    if (!best) {
        // The gateway's own answers: not ZITADEL errors, so no details.
        if (pathKnown)
            call.rejection = HttpResponse{
                405, compact(QJsonObject{{QStringLiteral("code"), 12},
                                         {QStringLiteral("message"), QStringLiteral("Method Not Allowed")}})};
        else
            call.rejection =
                HttpResponse{404, compact(QJsonObject{{QStringLiteral("code"), 5},
                                                      {QStringLiteral("message"), QStringLiteral("Not Found")}})};
        return call;
    }

    const QByteArray auth = authorization.trimmed();
    QString token;
    if (auth.size() > 7 && auth.left(7).toLower() == "bearer ")
        token = QString::fromUtf8(auth.mid(7).trimmed());
    std::optional<Role> role;
    if (!token.isEmpty()) {
        if (const QByteArray known = findSecret(m_tokens, token); !known.isEmpty())
            role = m_tokens.value(known);
        else if (m_tokenLookup)
            role = m_tokenLookup(token);
    }
    if (!role) {
        call.rejection = errorResponse(16, QStringLiteral("AUTH-7fs1e"), QStringLiteral("Errors.Token.Invalid"));
        return call;
    }
    call.rpc = QString::fromLatin1(best->rpc);
    ++m_requestCounts[call.rpc];
    if (((best->write && *role == Role::ReadOnly) || *role == Role::None) && !openToAnyCaller(best->rpc))
        call.rejection =
            errorResponse(7, QStringLiteral("AUTH-5mWD2"), QStringLiteral("No matching permissions found"));
    return call;
}

HttpResponse ActionService::handle(const QByteArray &method, const QString &path, const QByteArray &authorization,
                                   const QByteArray &body)
{
    const Call call = prepare(method, path, authorization);
    if (call.rejection)
        return *call.rejection;
    return execute(call, body);
}

HttpResponse ActionService::execute(const Call &call, const QByteArray &rawBody)
{
    if (call.rejection)
        return *call.rejection;
    const QString &rpc = call.rpc;
    const QStringList &p = call.params;
    if (rpc == QLatin1String("GetTarget"))
        return getTarget(p.at(0));
    if (rpc == QLatin1String("DeleteTarget"))
        return deleteTarget(p.at(0));
    if (rpc == QLatin1String("RemovePublicKey"))
        return removePublicKey(p.at(0), p.at(1));
    if (rpc == QLatin1String("ListExecutionFunctions"))
        return ok({{QStringLiteral("functions"), QJsonArray::fromStringList(catalog::functions())}});
    if (rpc == QLatin1String("ListExecutionMethods"))
        return ok({{QStringLiteral("methods"), QJsonArray::fromStringList(catalog::methods())}});
    if (rpc == QLatin1String("ListExecutionServices"))
        return ok({{QStringLiteral("services"), QJsonArray::fromStringList(catalog::services())}});
    if (rpc == QLatin1String("ListWebKeys"))
        return ok(m_webKeys ? m_webKeys() : QJsonObject());

    // Everything else carries a body (GET and DELETE bodies are ignored, as the gateway does).
    HttpResponse error;
    const auto body = parseBody(rawBody, &error);
    if (!body)
        return error;
    if (rpc == QLatin1String("CreateTarget"))
        return createTarget(*body);
    if (rpc == QLatin1String("UpdateTarget"))
        return updateTarget(p.at(0), *body);
    if (rpc == QLatin1String("ListTargets"))
        return listTargets(*body);
    if (rpc == QLatin1String("AddPublicKey"))
        return addPublicKey(p.at(0), *body);
    if (rpc == QLatin1String("ListPublicKeys"))
        return listPublicKeys(p.at(0), *body);
    if (rpc == QLatin1String("SetExecution"))
        return setExecution(*body);
    if (rpc == QLatin1String("ListExecutions"))
        return listExecutions(*body);
    if (rpc == QLatin1String("ActivatePublicKey") || rpc == QLatin1String("DeactivatePublicKey")) {
        const bool activate = rpc == QLatin1String("ActivatePublicKey");
        MessageReader r(*body, activate ? QStringLiteral("ActivatePublicKeyRequest")
                                        : QStringLiteral("DeactivatePublicKeyRequest"));
        checkPathField(r, QStringLiteral("targetId"), p.at(0));
        checkPathField(r, QStringLiteral("keyId"), p.at(1));
        if (!r.finish())
            return invalid(r.error());
        return activate ? activatePublicKey(p.at(0), p.at(1)) : deactivatePublicKey(p.at(0), p.at(1));
    }
    return fail(12, QStringLiteral("SANDBOX-unimplemented"), QStringLiteral("Errors.Unimplemented"));
}

std::optional<ActionService::Simulation> ActionService::readSimulation(const QByteArray &rawBody, HttpResponse *error)
{
    const auto body = parseBody(rawBody, error);
    if (!body)
        return std::nullopt;
    MessageReader r(*body, QStringLiteral("SimulateExecutionRequest"));
    const auto conditionJson = r.object(QStringLiteral("condition"));
    const auto sendBody = r.object(QStringLiteral("body"));
    if (!r.finish()) {
        *error = invalid(r.error());
        return std::nullopt;
    }
    if (!conditionJson) {
        *error = invalid(QStringLiteral("invalid SimulateExecutionRequest.Condition: value is required"));
        return std::nullopt;
    }
    std::optional<HttpResponse> refused;
    const auto condition = readCondition(*conditionJson, &refused);
    if (!condition) {
        *error = *refused;
        return std::nullopt;
    }
    if ((refused = checkCatalogue(*condition))) {
        *error = *refused;
        return std::nullopt;
    }
    return Simulation{condition->toModel(), sendBody.value_or(QJsonObject())};
}

// ---- targets ----

namespace
{

// The target-type oneof of CreateTargetRequest / UpdateTargetRequest.
struct TypeChoice {
    int count = 0;
    TargetType type = TargetType::Webhook;
    bool interruptOnError = false;
};

TypeChoice readTargetType(MessageReader &r)
{
    TypeChoice choice;
    for (int i = 0; i < 3; ++i) {
        const auto sub = r.object(kTypeFields[i]);
        if (!sub)
            continue;
        ++choice.count;
        choice.type = TargetType(i);
        MessageReader s(*sub, kTypeMessages[i]);
        if (i != int(TargetType::Async))
            choice.interruptOnError = s.boolean(QStringLiteral("interruptOnError")).value_or(false);
        if (!s.finish())
            r.fail(s.error());
    }
    return choice;
}

std::optional<QString> timeoutRangeError(const QString &message, protojson::Duration timeout)
{
    if (timeout.count() < 0)
        return QStringLiteral("invalid %1.Timeout: value must be greater than 0s").arg(message);
    if (timeout > targetrules::kMaxTimeout)
        return QStringLiteral("invalid %1.Timeout: value must be less than or equal to 4m30s").arg(message);
    return std::nullopt;
}

} // namespace

HttpResponse ActionService::createTarget(const QJsonObject &body)
{
    const QString message = QStringLiteral("CreateTargetRequest");
    MessageReader r(body, message);
    const QString name = r.string(QStringLiteral("name")).value_or(QString());
    const TypeChoice type = readTargetType(r);
    const auto timeout = r.duration(QStringLiteral("timeout"));
    const QString endpoint = r.string(QStringLiteral("endpoint")).value_or(QString());
    const int payload = r.enumValue(QStringLiteral("payloadType"), payloadTypeNames()).value_or(0);
    if (!r.finish())
        return invalid(r.error());
    if (type.count > 1)
        return invalid(QStringLiteral("proto: oneof zitadel.action.v2.CreateTargetRequest.target_type is already set"));
    if (!targetrules::lengthBetween(name, 1, targetrules::kMaxNameLength))
        return invalid(lengthMessage(message, QStringLiteral("Name"), targetrules::kMaxNameLength));
    if (type.count == 0)
        return invalid(QStringLiteral("invalid CreateTargetRequest.TargetType: value is required"));
    if (timeout) {
        if (const auto e = timeoutRangeError(message, *timeout))
            return invalid(*e);
    }
    if (!targetrules::lengthBetween(endpoint, 1, targetrules::kMaxEndpointLength))
        return invalid(lengthMessage(message, QStringLiteral("Endpoint"), targetrules::kMaxEndpointLength));
    if (!timeout || timeout->count() == 0)
        return fail(3, QStringLiteral("COMMAND-39f35d8uri"), QStringLiteral("Errors.Target.NoTimeout"));
    switch (m_policy.check(endpoint)) {
    case EndpointPolicy::Verdict::InvalidUrl:
        return fail(3, QStringLiteral("COMMAND-1r2k6qo6wg"), QStringLiteral("Errors.Target.InvalidURL"));
    case EndpointPolicy::Verdict::Denied:
        return fail(3, QStringLiteral("COMMAND-NcJUKo"), QStringLiteral("Errors.Target.DeniedURL"));
    case EndpointPolicy::Verdict::Allowed:
        break;
    }
    if (m_state.nameTaken(name))
        return fail(6, QStringLiteral("V3-DKcYh"), QStringLiteral("Errors.Target.AlreadyExists"));

    StoredTarget t;
    t.id = m_state.nextId();
    t.creationDate = t.changeDate = now();
    t.name = name;
    t.type = type.type;
    t.interruptOnError = type.type != TargetType::Async && type.interruptOnError;
    // ZITADEL's write model does not read the flag from the creation event (see updateTarget()).
    t.writeModelInterruptOnError = m_fixedWriteModel && t.interruptOnError;
    t.timeout = *timeout;
    t.endpoint = endpoint;
    t.signingKey = randomAlphanumeric(36);
    t.payloadType = PayloadType(payload);
    m_state.insertTarget(t);
    notifyChanged();
    return ok({{QStringLiteral("id"), t.id},
               {QStringLiteral("creationDate"), ts(t.creationDate)},
               {QStringLiteral("signingKey"), t.signingKey}});
}

HttpResponse ActionService::updateTarget(const QString &id, const QJsonObject &body)
{
    const QString message = QStringLiteral("UpdateTargetRequest");
    MessageReader r(body, message);
    checkPathField(r, QStringLiteral("id"), id);
    const auto name = r.string(QStringLiteral("name"));
    const TypeChoice type = readTargetType(r);
    const auto timeout = r.duration(QStringLiteral("timeout"));
    const auto endpoint = r.string(QStringLiteral("endpoint"));
    const auto expiration = r.duration(QStringLiteral("expirationSigningKey"));
    const auto payload = r.enumValue(QStringLiteral("payloadType"), payloadTypeNames());
    if (!r.finish())
        return invalid(r.error());
    if (type.count > 1)
        return invalid(QStringLiteral("proto: oneof zitadel.action.v2.UpdateTargetRequest.target_type is already set"));
    if (name && !targetrules::lengthBetween(*name, 1, targetrules::kMaxNameLength))
        return invalid(lengthMessage(message, QStringLiteral("Name"), targetrules::kMaxNameLength));
    if (timeout) {
        if (const auto e = timeoutRangeError(message, *timeout))
            return invalid(*e);
    }
    if (endpoint && !targetrules::lengthBetween(*endpoint, 1, targetrules::kMaxEndpointLength))
        return invalid(lengthMessage(message, QStringLiteral("Endpoint"), targetrules::kMaxEndpointLength));
    if (expiration && expiration->count() != 0)
        return invalid(QStringLiteral("invalid UpdateTargetRequest.ExpirationSigningKey: only 0s (rotate the "
                                      "signing key now) is supported"));
    if (timeout && timeout->count() == 0)
        return fail(3, QStringLiteral("COMMAND-08b39vdi57"), QStringLiteral("Errors.Target.NoTimeout"));
    if (endpoint) {
        switch (m_policy.check(*endpoint)) {
        case EndpointPolicy::Verdict::InvalidUrl:
            return fail(3, QStringLiteral("COMMAND-jsbaera7b6"), QStringLiteral("Errors.Target.InvalidURL"));
        case EndpointPolicy::Verdict::Denied:
            return fail(3, QStringLiteral("COMMAND-jKbbu2"), QStringLiteral("Errors.Target.DeniedURL"));
        case EndpointPolicy::Verdict::Allowed:
            break;
        }
    }
    const auto it = m_state.targets.find(id);
    if (it == m_state.targets.end())
        return fail(5, QStringLiteral("COMMAND-xj14f2cccn"), QStringLiteral("Errors.Target.NotFound"));
    if (name && m_state.nameTaken(*name, id))
        return fail(6, QStringLiteral("V3-DKcYh"), QStringLiteral("Errors.Target.AlreadyExists"));

    StoredTarget t = *it;
    if (name)
        t.name = *name;
    if (type.count == 1) {
        t.type = type.type;
        // ZITADEL's defect (reference, UpdateTargetRequest): a flag is only written when it differs from the write
        // model's value, which ignores the creation event. What is not written keeps the stored value, even across
        // a switch to restAsync and back.
        const bool wanted = type.type != TargetType::Async && type.interruptOnError;
        if (wanted != it->writeModelInterruptOnError) {
            t.interruptOnError = wanted;
            t.writeModelInterruptOnError = wanted;
        }
    }
    if (timeout)
        t.timeout = *timeout;
    if (endpoint)
        t.endpoint = *endpoint;
    // UNSPECIFIED is the proto3 zero value: indistinguishable from "not set".
    if (payload && *payload != 0)
        t.payloadType = PayloadType(*payload);
    const bool rotate = expiration.has_value();
    if (rotate)
        t.signingKey = randomAlphanumeric(36);
    const bool changed = rotate || t.name != it->name || t.type != it->type ||
                         t.interruptOnError != it->interruptOnError ||
                         t.writeModelInterruptOnError != it->writeModelInterruptOnError || t.timeout != it->timeout ||
                         t.endpoint != it->endpoint || t.payloadType != it->payloadType;
    QJsonObject out;
    if (changed) {
        t.changeDate = now();
        m_state.removeName(it->name);
        m_state.insertTarget(t);
        notifyChanged();
    }
    out.insert(QStringLiteral("changeDate"), ts(t.changeDate));
    if (rotate)
        out.insert(QStringLiteral("signingKey"), t.signingKey);
    return ok(out);
}

HttpResponse ActionService::deleteTarget(const QString &id)
{
    if (m_state.targets.contains(id)) {
        m_state.removeTarget(id);
        notifyChanged();
        return ok({{QStringLiteral("deletionDate"), ts(now())}});
    }
    // ZITADEL answers a missing target without a deletion date.
    return ok({});
}

HttpResponse ActionService::getTarget(const QString &id)
{
    const auto it = m_state.targets.constFind(id);
    if (it == m_state.targets.constEnd())
        return fail(5, QStringLiteral("QUERY-hj5oaniyrz"), QStringLiteral("Errors.Target.NotFound"));
    return ok({{QStringLiteral("target"), SandboxState::targetToJson(*it)}});
}

HttpResponse ActionService::listTargets(const QJsonObject &body)
{
    MessageReader r(body, QStringLiteral("ListTargetsRequest"));
    std::optional<HttpResponse> error;
    const auto page = readPagination(r, &error);
    const int column = r.enumValue(QStringLiteral("sortingColumn"), targetColumns()).value_or(0);
    const QJsonArray filters = r.array(QStringLiteral("filters")).value_or(QJsonArray());
    if (error)
        return *error;
    if (!r.finish() || !page)
        return invalid(r.error());

    struct NameFilter {
        QString text;
        int method;
    };
    QList<NameFilter> nameFilters;
    QList<QSet<QString>> idFilters;
    for (const QJsonValue &v : filters) {
        if (!v.isObject())
            return invalid(QStringLiteral("proto: invalid value for message field filters in ListTargetsRequest"));
        MessageReader f(v.toObject(), QStringLiteral("TargetSearchFilter"));
        const auto nameFilter = f.object(QStringLiteral("targetNameFilter"));
        const auto idFilter = f.object(QStringLiteral("inTargetIdsFilter"));
        if (!f.finish())
            return invalid(f.error());
        if (nameFilter && idFilter)
            return invalid(QStringLiteral("proto: oneof zitadel.action.v2.TargetSearchFilter.filter is already set"));
        if (nameFilter) {
            MessageReader n(*nameFilter, QStringLiteral("TargetNameFilter"));
            const QString text = n.string(QStringLiteral("targetName")).value_or(QString());
            const int method = n.enumValue(QStringLiteral("method"), textMethods()).value_or(0);
            if (!n.finish())
                return invalid(n.error());
            if (targetrules::runes(text) > 200)
                return invalid(QStringLiteral("invalid TargetNameFilter.TargetName: value length must be at most 200 "
                                              "runes"));
            nameFilters.append({text, method});
        } else if (idFilter) {
            MessageReader n(*idFilter, QStringLiteral("InTargetIDsFilter"));
            const QStringList ids = n.stringList(QStringLiteral("targetIds")).value_or(QStringList());
            if (!n.finish())
                return invalid(n.error());
            idFilters.append(QSet<QString>(ids.cbegin(), ids.cend()));
        } else {
            return invalid(QStringLiteral("invalid TargetSearchFilter.Filter: value is required"));
        }
    }

    QList<const StoredTarget *> matches;
    matches.reserve(m_state.targets.size());
    for (const StoredTarget &t : m_state.targets) {
        const bool nameOk = std::all_of(nameFilters.cbegin(), nameFilters.cend(),
                                        [&](const NameFilter &f) { return textMatches(t.name, f.text, f.method); });
        const bool idOk =
            std::all_of(idFilters.cbegin(), idFilters.cend(), [&](const QSet<QString> &s) { return s.contains(t.id); });
        if (nameOk && idOk)
            matches.append(&t);
    }
    const auto less = [column](const StoredTarget *a, const StoredTarget *b) {
        int c = 0;
        switch (column) {
        case 1: // ID
            break;
        case 3:
            c = compare3(a->changeDate, b->changeDate);
            break;
        case 4:
            c = compare3(a->name, b->name);
            break;
        case 5:
            c = compare3(int(a->type), int(b->type));
            break;
        case 6:
            c = compare3(a->endpoint, b->endpoint);
            break;
        case 7:
            c = compare3(a->timeout.count(), b->timeout.count());
            break;
        case 8:
            c = compare3(int(a->interruptOnError), int(b->interruptOnError));
            break;
        default: // UNSPECIFIED and CREATED_DATE
            c = compare3(a->creationDate, b->creationDate);
            break;
        }
        return c != 0 ? c < 0 : idLess(a->id, b->id);
    };
    const qsizetype total = matches.size();
    QJsonArray list;
    for (const StoredTarget *t : pageOf(std::move(matches), *page, less))
        list.append(SandboxState::targetToJson(*t));
    QJsonObject out{{QStringLiteral("pagination"), paginationJson(total, page->limit)}};
    if (!list.isEmpty())
        out.insert(QStringLiteral("targets"), list);
    return ok(out);
}

// ---- public keys ----

HttpResponse ActionService::addPublicKey(const QString &targetId, const QJsonObject &body)
{
    MessageReader r(body, QStringLiteral("AddPublicKeyRequest"));
    checkPathField(r, QStringLiteral("targetId"), targetId);
    const QString encoded = r.string(QStringLiteral("publicKey")).value_or(QString());
    const auto expiration = r.timestamp(QStringLiteral("expirationDate"));
    if (!r.finish())
        return invalid(r.error());
    // protojson bytes: standard or URL-safe base64, padding optional.
    auto decoded = QByteArray::fromBase64Encoding(encoded.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        decoded = QByteArray::fromBase64Encoding(encoded.toLatin1(), QByteArray::Base64UrlEncoding |
                                                                         QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid(QStringLiteral("proto: invalid value for bytes field publicKey in AddPublicKeyRequest"));
    const QByteArray pem = *decoded;
    if (pem.isEmpty() || pem.size() > kMaxPublicKeyBytes)
        return invalid(QStringLiteral("invalid AddPublicKeyRequest.PublicKey: value length must be between 1 and 8192 "
                                      "bytes, inclusive"));
    const QDateTime created = now();
    if (expiration && *expiration < created)
        return fail(3, QStringLiteral("ErrExpirationDateBeforeNow"),
                    QStringLiteral("Errors.Target.InvalidExpirationDate"));
    const auto fingerprint = publickeys::fingerprint(pem);
    if (!fingerprint)
        return fail(3, QStringLiteral("ErrPublicKeyFormat"), QStringLiteral("Errors.Target.InvalidPublicKey"));
    if (!m_state.targets.contains(targetId))
        return fail(9, QStringLiteral("COMMAND-nd3fsd"), QStringLiteral("Errors.Target.NotFound"));
    StoredKey k;
    k.keyId = m_state.nextId();
    k.pem = pem;
    k.fingerprint = *fingerprint;
    k.expirationDate = expiration.value_or(QDateTime());
    k.creationDate = k.changeDate = created;
    m_state.keys[targetId].append(k);
    notifyChanged();
    return ok({{QStringLiteral("keyId"), k.keyId}, {QStringLiteral("creationDate"), ts(k.creationDate)}});
}

HttpResponse ActionService::activatePublicKey(const QString &targetId, const QString &keyId)
{
    // A missing target or key is FailedPrecondition (400) in ZITADEL, not NotFound.
    if (!m_state.targets.contains(targetId))
        return fail(9, QStringLiteral("COMMAND-SAF4g"), QStringLiteral("Errors.Target.NotFound"));
    QList<StoredKey> &keys = m_state.keys[targetId];
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const StoredKey &k) { return k.keyId == keyId; });
    if (it == keys.end())
        return fail(9, QStringLiteral("ErrKeyNotFound"), QStringLiteral("Errors.Target.NotFound"));
    const QDateTime t = now();
    if (it->expired(t))
        return fail(9, QStringLiteral("ErrPublicKeyExpired"), QStringLiteral("Errors.Target.PublicKeyExpired"));
    if (it->active)
        return ok({{QStringLiteral("changeDate"), ts(it->changeDate)}});
    for (StoredKey &k : keys) {
        if (k.active) {
            k.active = false;
            k.changeDate = t;
        }
    }
    it->active = true;
    it->changeDate = t;
    notifyChanged();
    return ok({{QStringLiteral("changeDate"), ts(t)}});
}

HttpResponse ActionService::deactivatePublicKey(const QString &targetId, const QString &keyId)
{
    // A missing target or key is FailedPrecondition (400) in ZITADEL, not NotFound.
    if (!m_state.targets.contains(targetId))
        return fail(9, QStringLiteral("COMMAND-SAF4g"), QStringLiteral("Errors.Target.NotFound"));
    QList<StoredKey> &keys = m_state.keys[targetId];
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const StoredKey &k) { return k.keyId == keyId; });
    if (it == keys.end())
        return fail(9, QStringLiteral("ErrKeyNotFound"), QStringLiteral("Errors.Target.NotFound"));
    if (!it->active)
        return ok({{QStringLiteral("changeDate"), ts(it->changeDate)}});
    it->active = false;
    it->changeDate = now();
    notifyChanged();
    return ok({{QStringLiteral("changeDate"), ts(it->changeDate)}});
}

HttpResponse ActionService::removePublicKey(const QString &targetId, const QString &keyId)
{
    // A missing target or key is a no-op answered with the zero time, as ZITADEL does.
    const QJsonObject noop{{QStringLiteral("deletionDate"), QStringLiteral("0001-01-01T00:00:00Z")}};
    if (!m_state.targets.contains(targetId))
        return ok(noop);
    QList<StoredKey> &keys = m_state.keys[targetId];
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const StoredKey &k) { return k.keyId == keyId; });
    if (it == keys.end())
        return ok(noop);
    if (it->active)
        return fail(9, QStringLiteral("ErrPublicKeyDeleteActiveKey"), QStringLiteral("Errors.Target.PublicKeyActive"));
    keys.erase(it);
    notifyChanged();
    return ok({{QStringLiteral("deletionDate"), ts(now())}});
}

HttpResponse ActionService::listPublicKeys(const QString &targetId, const QJsonObject &body)
{
    MessageReader r(body, QStringLiteral("ListPublicKeysRequest"));
    checkPathField(r, QStringLiteral("targetId"), targetId);
    std::optional<HttpResponse> error;
    const auto page = readPagination(r, &error);
    const int column = r.enumValue(QStringLiteral("sortingColumn"), keyColumns()).value_or(0);
    const QJsonArray filters = r.array(QStringLiteral("filters")).value_or(QJsonArray());
    if (error)
        return *error;
    if (!r.finish() || !page)
        return invalid(r.error());

    QList<std::function<bool(const StoredKey &)>> predicates;
    for (const QJsonValue &v : filters) {
        if (!v.isObject())
            return invalid(QStringLiteral("proto: invalid value for message field filters in ListPublicKeysRequest"));
        MessageReader f(v.toObject(), QStringLiteral("PublicKeySearchFilter"));
        const auto ids = f.object(QStringLiteral("keyIdsFilter"));
        const auto active = f.boolean(QStringLiteral("activeFilter"));
        const auto expiration = f.object(QStringLiteral("expirationDateFilter"));
        if (!f.finish())
            return invalid(f.error());
        const int set = int(ids.has_value()) + int(active.has_value()) + int(expiration.has_value());
        if (set > 1)
            return invalid(
                QStringLiteral("proto: oneof zitadel.action.v2.PublicKeySearchFilter.filter is already set"));
        if (set == 0)
            return invalid(QStringLiteral("invalid PublicKeySearchFilter.Filter: value is required"));
        if (ids) {
            MessageReader n(*ids, QStringLiteral("InIDsFilter"));
            const QStringList list = n.stringList(QStringLiteral("ids")).value_or(QStringList());
            if (!n.finish())
                return invalid(n.error());
            const QSet<QString> set(list.cbegin(), list.cend());
            predicates.append([set](const StoredKey &k) { return set.contains(k.keyId); });
        } else if (active) {
            const bool wanted = *active;
            predicates.append([wanted](const StoredKey &k) { return k.active == wanted; });
        } else {
            MessageReader n(*expiration, QStringLiteral("TimestampFilter"));
            const auto when = n.timestamp(QStringLiteral("timestamp"));
            const int method = n.enumValue(QStringLiteral("method"), timestampMethods()).value_or(0);
            if (!n.finish())
                return invalid(n.error());
            if (!when)
                return invalid(QStringLiteral("invalid TimestampFilter.Timestamp: value is required"));
            const QDateTime t = *when;
            // Keys without expiration never match, like NULL in SQL.
            predicates.append([t, method](const StoredKey &k) {
                if (!k.expirationDate.isValid())
                    return false;
                const QDateTime &e = k.expirationDate;
                switch (method) {
                case 1:
                    return e > t;
                case 2:
                    return e >= t;
                case 3:
                    return e < t;
                case 4:
                    return e <= t;
                default:
                    return e == t;
                }
            });
        }
    }
    // A missing target has no keys: an empty list, as ZITADEL answers.
    QList<const StoredKey *> matches;
    if (const auto stored = m_state.keys.constFind(targetId); stored != m_state.keys.cend()) {
        for (const StoredKey &k : *stored) {
            if (std::all_of(predicates.cbegin(), predicates.cend(), [&](const auto &p) { return p(k); }))
                matches.append(&k);
        }
    }
    const auto less = [column](const StoredKey *a, const StoredKey *b) {
        int c = 0;
        switch (column) {
        case 2:
            c = compare3(a->changeDate, b->changeDate);
            break;
        case 3: {
            // No expiration sorts after every date.
            const qint64 ea = a->expirationDate.isValid() ? a->expirationDate.toMSecsSinceEpoch()
                                                          : std::numeric_limits<qint64>::max();
            const qint64 eb = b->expirationDate.isValid() ? b->expirationDate.toMSecsSinceEpoch()
                                                          : std::numeric_limits<qint64>::max();
            c = compare3(ea, eb);
            break;
        }
        default:
            c = compare3(a->creationDate, b->creationDate);
            break;
        }
        return c != 0 ? c < 0 : idLess(a->keyId, b->keyId);
    };
    const qsizetype total = matches.size();
    QJsonArray list;
    for (const StoredKey *k : pageOf(std::move(matches), *page, less))
        list.append(SandboxState::keyToJson(*k));
    QJsonObject out{{QStringLiteral("pagination"), paginationJson(total, page->limit)}};
    if (!list.isEmpty())
        out.insert(QStringLiteral("publicKeys"), list);
    return ok(out);
}

// ---- executions ----

HttpResponse ActionService::setExecution(const QJsonObject &body)
{
    MessageReader r(body, QStringLiteral("SetExecutionRequest"));
    const auto conditionJson = r.object(QStringLiteral("condition"));
    const QStringList targets = r.stringList(QStringLiteral("targets")).value_or(QStringList());
    if (!r.finish())
        return invalid(r.error());
    if (!conditionJson)
        return invalid(QStringLiteral("invalid SetExecutionRequest.Condition: value is required"));
    std::optional<HttpResponse> error;
    const auto condition = readCondition(*conditionJson, &error);
    if (!condition)
        return *error;

    // ZITADEL checks each target's shape before it looks the condition up (no proto rule covers the ids).
    for (qsizetype i = 0; i < targets.size(); ++i) {
        if (targets.at(i).isEmpty())
            return invalid(
                QStringLiteral("invalid SetExecutionRequest.Targets[%1]: value length must be at least 1 runes")
                    .arg(i));
    }

    if (auto refused = checkCatalogue(*condition))
        return *refused;
    // ZITADEL counts the distinct existing targets and compares with the number of ids sent, so an id given twice
    // fails like an unknown one.
    const QSet<QString> distinct(targets.cbegin(), targets.cend());
    const bool allExist = std::all_of(distinct.cbegin(), distinct.cend(),
                                      [this](const QString &id) { return m_state.targets.contains(id); });
    if (!allExist || distinct.size() != targets.size())
        return fail(5, QStringLiteral("COMMAND-17e8fq1ggk"), QStringLiteral("Errors.Target.NotFound"));

    // An empty target list keeps a hidden record (left out of every list), so setting it again keeps the first
    // creation date, as ZITADEL's event-sourced execution does.
    const QDateTime t = now();
    const QString key = condition->id();
    auto it = m_state.executions.find(key);
    if (targets.isEmpty() && it == m_state.executions.end())
        return ok({{QStringLiteral("setDate"), ts(t)}});
    if (it == m_state.executions.end()) {
        StoredExecution e;
        e.condition = *condition;
        e.creationDate = t;
        it = m_state.executions.insert(key, e);
    }
    it->changeDate = t;
    it->targets = targets;
    notifyChanged();
    return ok({{QStringLiteral("setDate"), ts(t)}});
}

HttpResponse ActionService::listExecutions(const QJsonObject &body)
{
    MessageReader r(body, QStringLiteral("ListExecutionsRequest"));
    std::optional<HttpResponse> error;
    const auto page = readPagination(r, &error);
    const int column = r.enumValue(QStringLiteral("sortingColumn"), executionColumns()).value_or(0);
    const QJsonArray filters = r.array(QStringLiteral("filters")).value_or(QJsonArray());
    if (error)
        return *error;
    if (!r.finish() || !page)
        return invalid(r.error());

    QList<std::function<bool(const StoredExecution &)>> predicates;
    for (const QJsonValue &v : filters) {
        if (!v.isObject())
            return invalid(QStringLiteral("proto: invalid value for message field filters in ListExecutionsRequest"));
        MessageReader f(v.toObject(), QStringLiteral("ExecutionSearchFilter"));
        const auto conditions = f.object(QStringLiteral("inConditionsFilter"));
        const auto type = f.object(QStringLiteral("executionTypeFilter"));
        const auto target = f.object(QStringLiteral("targetFilter"));
        if (!f.finish())
            return invalid(f.error());
        const int set = int(conditions.has_value()) + int(type.has_value()) + int(target.has_value());
        if (set > 1)
            return invalid(
                QStringLiteral("proto: oneof zitadel.action.v2.ExecutionSearchFilter.filter is already set"));
        if (set == 0)
            return invalid(QStringLiteral("invalid ExecutionSearchFilter.Filter: value is required"));
        if (conditions) {
            MessageReader n(*conditions, QStringLiteral("InConditionsFilter"));
            const QJsonArray list = n.array(QStringLiteral("conditions")).value_or(QJsonArray());
            if (!n.finish())
                return invalid(n.error());
            QSet<QString> ids;
            for (const QJsonValue &c : list) {
                if (!c.isObject())
                    return invalid(QStringLiteral("proto: invalid value for message field conditions in "
                                                  "InConditionsFilter"));
                const auto condition = readCondition(c.toObject(), &error);
                if (!condition)
                    return *error;
                ids.insert(condition->id());
            }
            predicates.append([ids](const StoredExecution &e) { return ids.contains(e.condition.id()); });
        } else if (type) {
            MessageReader n(*type, QStringLiteral("ExecutionTypeFilter"));
            const int wanted = n.enumValue(QStringLiteral("executionType"), executionTypes()).value_or(0);
            if (!n.finish())
                return invalid(n.error());
            // UNSPECIFIED filters nothing out.
            predicates.append(
                [wanted](const StoredExecution &e) { return wanted == 0 || int(e.condition.type) == wanted; });
        } else {
            MessageReader n(*target, QStringLiteral("TargetFilter"));
            const QString id = n.string(QStringLiteral("targetId")).value_or(QString());
            if (!n.finish())
                return invalid(n.error());
            predicates.append([id](const StoredExecution &e) { return e.targets.contains(id); });
        }
    }

    QList<const StoredExecution *> matches;
    for (const StoredExecution &e : m_state.executions) {
        if (e.targets.isEmpty())
            continue; // emptied: hidden from every list
        if (std::all_of(predicates.cbegin(), predicates.cend(), [&](const auto &p) { return p(e); }))
            matches.append(&e);
    }
    const auto less = [column](const StoredExecution *a, const StoredExecution *b) {
        int c = 0;
        switch (column) {
        case 1:
            break; // the id breaks the tie below
        case 3:
            c = compare3(a->changeDate, b->changeDate);
            break;
        default: // UNSPECIFIED means creation date
            c = compare3(a->creationDate, b->creationDate);
            break;
        }
        return c != 0 ? c < 0 : a->condition.id() < b->condition.id();
    };
    const qsizetype total = matches.size();
    QJsonArray list;
    for (const StoredExecution *e : pageOf(std::move(matches), *page, less))
        list.append(SandboxState::executionToJson(*e));
    QJsonObject out{{QStringLiteral("pagination"), paginationJson(total, page->limit)}};
    if (!list.isEmpty())
        out.insert(QStringLiteral("executions"), list);
    return ok(out);
}

// ---- seed data ----

void ActionService::seed()
{
    using namespace std::chrono;
    const QDateTime base = now();
    struct SeedTarget {
        const char *name;
        TargetType type;
        bool interrupt;
        milliseconds timeout;
        const char *endpoint;
        PayloadType payload;
        int ageDays;
    };
    const SeedTarget seeds[] = {
        {"user-created-webhook", TargetType::Webhook, false, 10s, "https://hooks.acme.example/zitadel/user-created",
         PayloadType::Json, 120},
        {"crm-sync", TargetType::Webhook, true, 15s, "https://crm.acme.example/api/zitadel/users", PayloadType::Jwe,
         90},
        {"enrich-token-claims", TargetType::Call, true, 5s, "https://claims.acme.example/v1/preaccesstoken",
         PayloadType::Jwt, 75},
        {"userinfo-enricher", TargetType::Call, false, 3s, "https://userinfo.acme.example/enrich", PayloadType::Jwe,
         60},
        {"session-risk-check", TargetType::Call, true, 2500ms, "https://risk.acme.example/check-session",
         PayloadType::Jwt, 45},
        {"saml-attributes", TargetType::Call, false, 4s, "https://saml.acme.example/presamlresponse", PayloadType::Json,
         30},
        {"audit-log-sink", TargetType::Async, false, 30s, "https://audit.acme.example/ingest/zitadel",
         PayloadType::Json, 20},
        {"slack-notify", TargetType::Async, false, 10s, "https://hooks.slack-relay.example/services/zitadel",
         PayloadType::Unspecified, 7},
        {"org-provisioning", TargetType::Webhook, false, 8s, "https://provisioning.acme.example/zitadel/orgs",
         PayloadType::Json, 15},
        {"compliance-archive", TargetType::Async, false, 20s, "https://archive.acme.example/zitadel/responses",
         PayloadType::Json, 10},
    };
    QHash<QString, QString> ids;
    bool changed = false;
    for (const SeedTarget &s : seeds) {
        const QString name = QString::fromLatin1(s.name);
        if (const auto existing = m_state.targetIdByName.constFind(SandboxState::nameKey(name));
            existing != m_state.targetIdByName.cend()) {
            ids.insert(name, *existing);
            continue;
        }
        StoredTarget t;
        t.id = m_state.nextId();
        t.creationDate = base.addDays(-s.ageDays).addSecs(-3600 * 3);
        t.changeDate = base.addDays(-s.ageDays / 2);
        t.name = name;
        t.type = s.type;
        t.interruptOnError = s.interrupt;
        t.timeout = duration_cast<protojson::Duration>(s.timeout);
        t.endpoint = QString::fromLatin1(s.endpoint);
        t.signingKey = randomAlphanumeric(36);
        t.payloadType = s.payload;
        m_state.insertTarget(t);
        ids.insert(name, t.id);
        changed = true;

        // Keys for the JWE targets: an active one, plus an expired or a spare one.
        auto addKey = [&](publickeys::Kind kind, bool active, int createdDaysAgo, std::optional<int> expiresInDays) {
            StoredKey k;
            k.keyId = m_state.nextId();
            k.pem = publickeys::generatePublicKeyPem(kind);
            k.fingerprint = publickeys::fingerprint(k.pem).value_or(QString());
            k.active = active;
            k.creationDate = k.changeDate = base.addDays(-createdDaysAgo);
            if (expiresInDays)
                k.expirationDate = base.addDays(*expiresInDays);
            if (!k.pem.isEmpty())
                m_state.keys[t.id].append(k);
        };
        if (name == QLatin1String("crm-sync")) {
            addKey(publickeys::Kind::EcP256, false, 85, -30); // expired last month
            addKey(publickeys::Kind::Rsa2048, true, 40, 325);
        } else if (name == QLatin1String("userinfo-enricher")) {
            addKey(publickeys::Kind::EcP256, true, 55, std::nullopt);
            addKey(publickeys::Kind::Rsa2048, false, 2, 365); // staged for rotation
        }
    }
    struct SeedExecution {
        QJsonObject condition;
        QStringList targets;
    };
    const auto cond = [](const char *type, const char *field, const QJsonValue &value) {
        return QJsonObject{{QString::fromLatin1(type), QJsonObject{{QString::fromLatin1(field), value}}}};
    };
    // One of every kind. Nothing that can lock the instance out: on `all` and whole services only targets that
    // never interrupt (async, or webhooks without interrupt-on-error); no event `all`.
    const SeedExecution executions[] = {
        {cond("event", "event", QStringLiteral("user.human.added")),
         {QStringLiteral("user-created-webhook"), QStringLiteral("crm-sync")}},
        {cond("event", "group", QStringLiteral("user.human")), {QStringLiteral("slack-notify")}},
        {cond("function", "name", QStringLiteral("preaccesstoken")), {QStringLiteral("enrich-token-claims")}},
        {cond("function", "name", QStringLiteral("preuserinfo")), {QStringLiteral("userinfo-enricher")}},
        {cond("function", "name", QStringLiteral("presamlresponse")), {QStringLiteral("saml-attributes")}},
        {cond("request", "method", QStringLiteral("/zitadel.session.v2.SessionService/CreateSession")),
         {QStringLiteral("session-risk-check")}},
        {cond("response", "service", QStringLiteral("zitadel.user.v2.UserService")),
         {QStringLiteral("audit-log-sink")}},
        {cond("request", "all", true), {QStringLiteral("audit-log-sink")}},
        {cond("request", "service", QStringLiteral("zitadel.org.v2.OrganizationService")),
         {QStringLiteral("org-provisioning")}},
        {cond("response", "method", QStringLiteral("/zitadel.org.v2.OrganizationService/AddOrganization")),
         {QStringLiteral("slack-notify")}},
        {cond("response", "all", true), {QStringLiteral("compliance-archive")}},
    };
    int age = 40;
    for (const SeedExecution &s : executions) {
        const auto parsed = ExecutionCondition::fromJson(s.condition);
        if (!parsed.condition || m_state.executions.contains(parsed.condition->id()))
            continue;
        StoredExecution e;
        e.condition = *parsed.condition;
        // Never older than its targets.
        QDateTime created = base.addDays(-age);
        age -= 4;
        for (const QString &name : s.targets) {
            const QString id = ids.value(name);
            e.targets.append(id);
            created = std::max(created, m_state.targets.value(id).creationDate.addSecs(3600));
        }
        e.creationDate = e.changeDate = std::min(created, base);
        m_state.executions.insert(e.condition.id(), e);
        changed = true;
    }
    if (changed)
        notifyChanged();
}

void ActionService::seedTargets(int count)
{
    const QDateTime base = now();
    bool changed = false;
    for (int i = 1; i <= count; ++i) {
        const QString name = QStringLiteral("target-%1").arg(i, 5, 10, QLatin1Char('0'));
        if (m_state.nameTaken(name))
            continue;
        StoredTarget t;
        t.id = m_state.nextId();
        t.creationDate = t.changeDate = base;
        t.name = name;
        t.type = TargetType(i % 3);
        t.interruptOnError = t.type != TargetType::Async && i % 2 == 0;
        t.timeout = std::chrono::seconds(1 + i % 30);
        t.endpoint = QStringLiteral("https://hooks.example.com/targets/%1").arg(i);
        t.signingKey = randomAlphanumeric(36);
        t.payloadType = PayloadType(1 + i % 3);
        m_state.insertTarget(t);
        changed = true;
    }
    if (changed)
        notifyChanged();
}

} // namespace targetdesk::sandbox
