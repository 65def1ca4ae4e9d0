#include "judgement.h"

#include "testsigner.h"

#include "crypto/jws.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace targetdesk::delivery
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::delivery)
};

// What the API caller gets for a forwarded status code (ZITADEL maps the 4xx codes it knows).
QString grpcCodeOfForwardedStatus(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("InvalidArgument");
    case 401:
        return QStringLiteral("Unauthenticated");
    case 403:
        return QStringLiteral("PermissionDenied");
    case 404:
        return QStringLiteral("NotFound");
    case 409:
        return QStringLiteral("AlreadyExists");
    case 429:
        return QStringLiteral("ResourceExhausted");
    default:
        return QStringLiteral("Unknown");
    }
}

QString shapeName(Verdict::Shape shape)
{
    switch (shape) {
    case Verdict::Shape::Ignored:
        return QStringLiteral("ignored");
    case Verdict::Shape::ReplacesMessage:
        return QStringLiteral("replacesMessage");
    case Verdict::Shape::FunctionAnswer:
        return QStringLiteral("functionAnswer");
    case Verdict::Shape::Invalid:
        return QStringLiteral("invalid");
    case Verdict::Shape::NotReached:
        return QStringLiteral("notReached");
    }
    return {};
}

// "What the end user / API caller sees" when the call fails.
QString failureSeen(const DeliveryRequest &request, const QString &grpcCode, const QString &message)
{
    const QString detail = message.isEmpty() ? grpcCode : QStringLiteral("%1: %2").arg(grpcCode, message);
    switch (request.condition.kind) {
    case ExecutionCondition::Kind::Request:
        return Messages::tr("The API call is refused before it runs (%1).").arg(detail);
    case ExecutionCondition::Kind::Response:
        return Messages::tr("The API call has run, but the caller gets an error instead of the answer (%1).")
            .arg(detail);
    case ExecutionCondition::Kind::Function:
        if (request.condition.value == QLatin1String("presamlresponse"))
            return Messages::tr("The SAML login fails: no SAML response is issued (%1).").arg(detail);
        if (request.condition.value == QLatin1String("preuserinfo"))
            return Messages::tr("The userinfo / ID token request fails, so the login fails (%1).").arg(detail);
        return Messages::tr("The token request fails, so the login fails (%1).").arg(detail);
    case ExecutionCondition::Kind::Event:
        return Messages::tr("Nobody: the event is already stored; ZITADEL logs the failure and does not retry.");
    }
    return {};
}

// protojson reads both the JSON name (lowerCamelCase) and the proto name (snake_case).
QString camelCase(const QString &name)
{
    QString out;
    bool upper = false;
    for (const QChar c : name) {
        if (c == QLatin1Char('_')) {
            upper = true;
            continue;
        }
        out.append(upper ? c.toUpper() : c);
        upper = false;
    }
    return out;
}

// The fields of the API messages Targetdesk knows (protojson names), beyond those it sent.
QStringList knownFields(const QString &fullMethod, bool response)
{
    const QString method = fullMethod.section(QLatin1Char('/'), -1);
    if (method == QLatin1String("AddHumanUser")) {
        if (response) {
            return {QStringLiteral("userId"), QStringLiteral("details"), QStringLiteral("emailCode"),
                    QStringLiteral("phoneCode")};
        }
        return {QStringLiteral("userId"),   QStringLiteral("username"),  QStringLiteral("organization"),
                QStringLiteral("profile"),  QStringLiteral("email"),     QStringLiteral("phone"),
                QStringLiteral("metadata"), QStringLiteral("password"),  QStringLiteral("hashedPassword"),
                QStringLiteral("idpLinks"), QStringLiteral("totpSecret")};
    }
    return {};
}

bool sameJsonKind(const QJsonValue &sent, const QJsonValue &answer)
{
    if (answer.isNull() || sent.isNull())
        return true; // null is the zero value of any field
    // protojson writes 64-bit integers as strings and reads both.
    const bool sentScalar = sent.isString() || sent.isDouble();
    const bool answerScalar = answer.isString() || answer.isDouble();
    if (sentScalar && answerScalar)
        return true;
    return sent.type() == answer.type();
}

// Checks a restCall answer against the message it replaces. Targetdesk has no proto schema: a field is known when
// it was in the message sent or is a known field of the method; nested objects are checked against what was sent.
QString unknownField(const QJsonObject &sent, const QJsonObject &answer, const QStringList &extraKnown,
                     const QString &path)
{
    QHash<QString, QString> known; // camelCase -> key as sent
    for (auto it = sent.begin(); it != sent.end(); ++it)
        known.insert(camelCase(it.key()), it.key());
    for (const QString &field : extraKnown)
        known.insert(field, field);
    for (auto it = answer.begin(); it != answer.end(); ++it) {
        const QString name = camelCase(it.key());
        const QString where = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
        if (!known.contains(name))
            return Messages::tr("\"%1\" is not a field of the message").arg(where);
        const QString sentKey = known.value(name);
        if (!sent.contains(sentKey))
            continue; // known from the method, not sent: nothing to compare with
        const QJsonValue sentValue = sent.value(sentKey);
        if (!sameJsonKind(sentValue, it.value()))
            return Messages::tr("\"%1\" has the wrong JSON type").arg(where);
        if (sentValue.isObject() && it.value().isObject()) {
            const QString nested = unknownField(sentValue.toObject(), it.value().toObject(), {}, where);
            if (!nested.isEmpty())
                return nested;
        }
    }
    return {};
}

// Checks a function answer as Go's encoding/json reads it into ZITADEL's struct: unknown members are ignored,
// members of the wrong type fail the whole answer. Returns the failure, or empty; notes collect what is ignored or
// dropped.
QString checkFunctionAnswer(const QString &function, const QJsonObject &answer, QStringList &notes)
{
    const bool saml = function == QLatin1String("presamlresponse");
    const QStringList members =
        saml ? QStringList{QStringLiteral("set_user_metadata"), QStringLiteral("append_attribute")}
             : QStringList{QStringLiteral("set_user_metadata"), QStringLiteral("append_claims"),
                           QStringLiteral("append_log_claims")};
    for (auto it = answer.begin(); it != answer.end(); ++it) {
        if (!members.contains(it.key())) {
            notes << Messages::tr("\"%1\" is not part of a %2 answer: ZITADEL ignores it.").arg(it.key(), function);
        }
    }
    auto arrayOf = [&](const QString &key, QJsonArray *out) -> QString {
        const QJsonValue v = answer.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            return Messages::tr("\"%1\" must be an array").arg(key);
        *out = v.toArray();
        return {};
    };

    QJsonArray metadata;
    if (QString e = arrayOf(QStringLiteral("set_user_metadata"), &metadata); !e.isEmpty())
        return e;
    for (qsizetype i = 0; i < metadata.size(); ++i) {
        const QJsonValue item = metadata.at(i);
        const QString where = QStringLiteral("set_user_metadata[%1]").arg(i);
        if (!item.isObject())
            return Messages::tr("%1 must be an object {key, value}").arg(where);
        const QJsonObject o = item.toObject();
        if (!o.value(QStringLiteral("key")).isString() || o.value(QStringLiteral("key")).toString().isEmpty())
            return Messages::tr("%1.key must be a non-empty string").arg(where);
        const QJsonValue value = o.value(QStringLiteral("value"));
        if (!value.isUndefined() && !value.isNull()) {
            // []byte in Go: standard base64.
            const auto decoded =
                QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!value.isString() || !decoded)
                return Messages::tr("%1.value must be base64 (metadata values are bytes)").arg(where);
        }
    }

    if (saml) {
        QJsonArray attributes;
        if (QString e = arrayOf(QStringLiteral("append_attribute"), &attributes); !e.isEmpty())
            return e;
        for (qsizetype i = 0; i < attributes.size(); ++i) {
            const QString where = QStringLiteral("append_attribute[%1]").arg(i);
            const QJsonObject o = attributes.at(i).toObject();
            if (!attributes.at(i).isObject())
                return Messages::tr("%1 must be an object {name, name_format, value}").arg(where);
            if (!o.value(QStringLiteral("name")).isString())
                return Messages::tr("%1.name must be a string").arg(where);
            const QJsonValue values = o.value(QStringLiteral("value"));
            if (!values.isUndefined() && !values.isArray())
                return Messages::tr("%1.value must be an array of strings").arg(where);
            for (const QJsonValue &v : values.toArray()) {
                if (!v.isString())
                    return Messages::tr("%1.value must be an array of strings").arg(where);
            }
        }
        return {};
    }

    QJsonArray claims;
    if (QString e = arrayOf(QStringLiteral("append_claims"), &claims); !e.isEmpty())
        return e;
    for (qsizetype i = 0; i < claims.size(); ++i) {
        const QString where = QStringLiteral("append_claims[%1]").arg(i);
        if (!claims.at(i).isObject())
            return Messages::tr("%1 must be an object {key, value}").arg(where);
        const QJsonObject o = claims.at(i).toObject();
        if (!o.value(QStringLiteral("key")).isString())
            return Messages::tr("%1.key must be a string").arg(where);
        const QString key = o.value(QStringLiteral("key")).toString();
        if (key.startsWith(QLatin1String("urn:zitadel:iam"))) {
            notes << Messages::tr("Claim \"%1\" is dropped: ZITADEL reserves claims under urn:zitadel:iam.").arg(key);
        }
    }
    QJsonArray logClaims;
    if (QString e = arrayOf(QStringLiteral("append_log_claims"), &logClaims); !e.isEmpty())
        return e;
    for (qsizetype i = 0; i < logClaims.size(); ++i) {
        if (!logClaims.at(i).isString())
            return Messages::tr("append_log_claims[%1] must be a string").arg(i);
    }
    return {};
}

QString kindOfExecution(const DeliveryRequest &request)
{
    switch (request.condition.kind) {
    case ExecutionCondition::Kind::Request:
        return QStringLiteral("request");
    case ExecutionCondition::Kind::Response:
        return QStringLiteral("response");
    case ExecutionCondition::Kind::Event:
        return QStringLiteral("event");
    case ExecutionCondition::Kind::Function:
        return QStringLiteral("function");
    }
    return {};
}

void fail(Verdict &verdict, const DeliveryRequest &request, const QString &grpcCode, const QString &reason)
{
    verdict.success = false;
    verdict.grpcCode = grpcCode;
    verdict.reason = reason;
    verdict.userSees = failureSeen(request, grpcCode, verdict.forwardedMessage);
}

} // namespace

QJsonObject Verdict::toJson() const
{
    QJsonObject o{{QStringLiteral("success"), success},
                  {QStringLiteral("shape"), shapeName(shape)},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("userSees"), userSees},
                  {QStringLiteral("interrupts"), interrupts}};
    if (forwardedStatus != 0)
        o.insert(QStringLiteral("forwardedStatusCode"), forwardedStatus);
    if (!forwardedMessage.isEmpty())
        o.insert(QStringLiteral("forwardedErrorMessage"), forwardedMessage);
    if (!grpcCode.isEmpty())
        o.insert(QStringLiteral("grpcCode"), grpcCode);
    if (!notes.isEmpty())
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    if (!answer.isEmpty())
        o.insert(QStringLiteral("answer"), answer);
    return o;
}

Verdict judge(const DeliveryRequest &request, const DeliveryResponse &response)
{
    Verdict verdict;
    const Target &target = request.target;
    const bool async = target.type == TargetType::Async;
    const bool event = request.condition.kind == ExecutionCondition::Kind::Event;

    if (!request.jwt.isEmpty()) {
        if (auto jws = crypto::Jws::parse(request.jwt); jws.ok() && isLocalTestKeyId(jws->kid())) {
            verdict.notes << Messages::tr("The JWT was signed with Targetdesk's local test key (kid %1), not an "
                                          "instance key: a receiver that checks the instance's JWKS refuses it.")
                                 .arg(jws->kid());
        }
    }
    if (event && target.effectivePayloadType() != PayloadType::Json) {
        verdict.notes << Messages::tr("ZITADEL defect #11985: JWT and JWE targets never fire for event executions, "
                                      "so a real instance sends this target nothing.");
    }
    if (async) {
        verdict.notes << Messages::tr("An async target runs detached: ZITADEL does not wait for it, only logs a "
                                      "failure, and never fails the call because of it.");
    }

    // No answer at all.
    if (response.outcome != DeliveryResponse::Outcome::Answered) {
        verdict.shape = Verdict::Shape::NotReached;
        const QString code = response.outcome == DeliveryResponse::Outcome::Timeout ? QStringLiteral("DeadlineExceeded")
                                                                                    : QStringLiteral("Unknown");
        if (response.outcome == DeliveryResponse::Outcome::TooLarge && response.status != 0)
            verdict.notes
                << Messages::tr("The target answered HTTP %1, but the answer was too large.").arg(response.status);
        fail(verdict, request, code, Messages::tr("ZITADEL gets no usable answer: %1").arg(response.error));
    } else if (response.status < 200 || response.status > 299) {
        verdict.shape = Verdict::Shape::Ignored;
        fail(verdict, request, QStringLiteral("Unknown"),
             Messages::tr("The target answered HTTP %1; any status outside 2xx fails the call.").arg(response.status));
    } else if (event) {
        verdict.shape = Verdict::Shape::Ignored;
        verdict.success = true;
        verdict.reason = Messages::tr("The target answered HTTP %1; ZITADEL ignores what an event target answers.")
                             .arg(response.status);
    } else {
        // A 2xx answer: forwarded errors first, then the shape a restCall answer must have.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
        const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();
        if (isObject)
            verdict.answer = document.object();
        const QJsonValue forwardedStatus = verdict.answer.value(QStringLiteral("forwardedStatusCode"));
        const QJsonValue forwardedMessage = verdict.answer.value(QStringLiteral("forwardedErrorMessage"));
        verdict.forwardedStatus = forwardedStatus.toInt(0);
        verdict.forwardedMessage = forwardedMessage.toString();

        if (verdict.forwardedStatus != 0 || !verdict.forwardedMessage.isEmpty()) {
            verdict.shape = Verdict::Shape::Ignored;
            const QString code = verdict.forwardedStatus != 0 ? grpcCodeOfForwardedStatus(verdict.forwardedStatus)
                                                              : QStringLiteral("Unknown");
            fail(verdict, request, code,
                 verdict.forwardedStatus != 0
                     ? Messages::tr("The answer forwards status %1: ZITADEL fails the call with %2.")
                           .arg(verdict.forwardedStatus)
                           .arg(code)
                     : Messages::tr("The answer forwards an error message: ZITADEL fails the call with it."));
        } else if (target.type != TargetType::Call) {
            verdict.shape = Verdict::Shape::Ignored;
            verdict.success = true;
            verdict.reason = Messages::tr("The target answered HTTP %1; a %2 target's answer body is ignored.")
                                 .arg(response.status)
                                 .arg(targetTypeName(target.type));
        } else if (!isObject) {
            verdict.shape = Verdict::Shape::Invalid;
            const QString why = response.body.trimmed().isEmpty() ? Messages::tr("the answer is empty")
                                : parseError.error != QJsonParseError::NoError
                                    ? Messages::tr("the answer is not JSON (%1)").arg(parseError.errorString())
                                    : Messages::tr("the answer is JSON but not an object");
            fail(verdict, request, QStringLiteral("Unknown"),
                 Messages::tr("A restCall answer must be a JSON object ZITADEL can use, and %1.").arg(why));
        } else if (request.condition.kind == ExecutionCondition::Kind::Function) {
            const QString problem = checkFunctionAnswer(request.condition.value, verdict.answer, verdict.notes);
            if (!problem.isEmpty()) {
                verdict.shape = Verdict::Shape::Invalid;
                fail(verdict, request, QStringLiteral("Unknown"),
                     Messages::tr("The answer cannot be read as a %1 answer: %2.")
                         .arg(request.condition.value, problem));
            } else {
                verdict.shape = Verdict::Shape::FunctionAnswer;
                verdict.success = true;
                verdict.reason = Messages::tr("The answer is a valid %1 answer.").arg(request.condition.value);
            }
        } else {
            // request / response: the answer replaces the message.
            const bool isResponse = request.condition.kind == ExecutionCondition::Kind::Response;
            const QString member = isResponse ? QStringLiteral("response") : QStringLiteral("request");
            QJsonObject sent;
            QString fullMethod;
            const QJsonDocument sentDocument = QJsonDocument::fromJson(request.json);
            if (sentDocument.isObject()) {
                sent = sentDocument.object().value(member).toObject();
                fullMethod = sentDocument.object().value(QStringLiteral("fullMethod")).toString();
            }
            const QString problem = unknownField(sent, verdict.answer, knownFields(fullMethod, isResponse), {});
            if (!problem.isEmpty()) {
                verdict.shape = Verdict::Shape::Invalid;
                fail(verdict, request, QStringLiteral("Unknown"),
                     Messages::tr("The answer must be the %1 message that replaces the one sent, and %2 "
                                  "(Targetdesk can only check against the fields it sent and those it knows of "
                                  "this method).")
                         .arg(member, problem));
            } else {
                verdict.shape = Verdict::Shape::ReplacesMessage;
                verdict.success = true;
                verdict.reason = Messages::tr("The answer replaces the %1 message.").arg(member);
                if (verdict.answer.isEmpty()) {
                    verdict.notes << Messages::tr("The answer is an empty object: the %1 is replaced with an empty "
                                                  "message.")
                                         .arg(member);
                }
            }
        }
    }

    if (verdict.success) {
        switch (request.condition.kind) {
        case ExecutionCondition::Kind::Request:
            verdict.userSees = verdict.shape == Verdict::Shape::ReplacesMessage
                                   ? Messages::tr("The API call runs with the message the target answered.")
                                   : Messages::tr("The API call runs as sent.");
            break;
        case ExecutionCondition::Kind::Response:
            verdict.userSees = verdict.shape == Verdict::Shape::ReplacesMessage
                                   ? Messages::tr("The caller gets the answer the target returned.")
                                   : Messages::tr("The caller gets ZITADEL's answer unchanged.");
            break;
        case ExecutionCondition::Kind::Event:
            verdict.userSees = Messages::tr("Nothing: events are delivered after they are stored.");
            break;
        case ExecutionCondition::Kind::Function:
            verdict.userSees = verdict.shape == Verdict::Shape::FunctionAnswer
                                   ? Messages::tr("The login goes on with the target's additions.")
                                   : Messages::tr("The login goes on unchanged.");
            break;
        }
    }
    if (async) {
        // Detached: whatever happened, the call goes on.
        verdict.interrupts = false;
        if (!verdict.success)
            verdict.userSees = Messages::tr("Nothing: ZITADEL only logs that the async target failed.");
    } else {
        verdict.interrupts = !verdict.success && target.interruptOnError;
        if (!verdict.success && !target.interruptOnError && !event) {
            verdict.userSees = Messages::tr("Nothing: the target does not interrupt on error, so ZITADEL logs the "
                                            "failure and goes on (%1 execution).")
                                   .arg(kindOfExecution(request));
        }
    }
    return verdict;
}

} // namespace targetdesk::delivery
