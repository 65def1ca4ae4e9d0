#include "crypto/jwe.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/privatekey.h"
#include "crypto/webhooksignature.h"
#include "delivery/deliveryrequest.h"
#include "delivery/judgement.h"
#include "delivery/samples.h"
#include "delivery/testdelivery.h"
#include "delivery/testsigner.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"
#include "inspect/keyprovider.h"
#include "model/eventcatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace targetdesk;
using namespace targetdesk::delivery;

namespace
{

constexpr qint64 fixedTime = 1767225600; // 2026-01-01T00:00:00Z
const QString signingKey = QStringLiteral("0123456789abcdefghijklmnopqrstuvwxyz");

ExecutionCondition condition(ExecutionCondition::Kind kind, ExecutionCondition::Scope scope, const QString &value)
{
    ExecutionCondition c;
    c.kind = kind;
    c.scope = scope;
    c.value = value;
    return c;
}

const ExecutionCondition addHumanUserRequest =
    condition(ExecutionCondition::Kind::Request, ExecutionCondition::Scope::One,
              QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));

Target target(PayloadType payload, const QString &key = signingKey)
{
    Target t;
    t.id = QStringLiteral("330000000000000001");
    t.name = QStringLiteral("hook");
    t.type = TargetType::Webhook;
    t.timeout = std::chrono::seconds(10);
    t.endpoint = QStringLiteral("http://127.0.0.1:8080/hook?x=1");
    t.signingKey = key;
    t.payloadType = payload;
    return t;
}

PublicKey publicKeyOf(const crypto::PrivateKey &key, const QString &id = QStringLiteral("330000000000000042"))
{
    PublicKey k;
    k.keyId = id;
    k.active = true;
    k.publicKeyPem = key.publicKeyPem();
    k.fingerprint = key.fingerprint();
    return k;
}

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", json.constData());
    return document.object();
}

QStringList keysInOrder(const QByteArray &json)
{
    // The top-level member names in the order written (the values here never contain `"name":` at depth 1).
    QStringList keys;
    int depth = 0;
    bool inString = false;
    qsizetype start = -1;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
                if (depth == 1 && i + 1 < json.size() && json.at(i + 1) == ':')
                    keys << QString::fromUtf8(json.mid(start + 1, i - start - 1));
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            start = i;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return keys;
}

QSet<QString> keySet(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

QString python()
{
    // The Debian interpreter first: python3-jwcrypto is installed for it.
    QString path = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(QStringLiteral("python3"));
    return path;
}

} // namespace

class TestDeliveryBuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestAndResponseBodies();
    void serviceAndAllPickAMethod();
    void eventBodies();
    void functionBodies();
    void goJsonEscapesLikeGo();
    void goJsonKeepsZitadelsMemberOrder();
    void jsonPayloadHeadersAndSignature();
    void noSigningKeyNoSignatureHeader();
    void editedBodyIsReencoded();
    void jwtVerifiesAgainstTheSignersJwks();
    void jwe_data();
    void jwe();
    void jweInspectedLikeACapture();
    void errors();
    void encryptionKeyChoice();
    void localTestSignerIsStableAndNoted();
    void wireTextIsAnHttpRequest();
    void interopWithJwcrypto();
};

void TestDeliveryBuild::requestAndResponseBodies()
{
    const QJsonObject request = sampleBody(addHumanUserRequest);
    QCOMPARE(request.value(QStringLiteral("fullMethod")).toString(),
             QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
    QVERIFY(!request.value(QStringLiteral("instanceID")).toString().isEmpty());
    QVERIFY(!request.value(QStringLiteral("orgID")).toString().isEmpty());
    QVERIFY(!request.value(QStringLiteral("userID")).toString().isEmpty());
    QVERIFY(!request.contains(QStringLiteral("response")));
    const QJsonObject message = request.value(QStringLiteral("request")).toObject();
    QCOMPARE(message.value(QStringLiteral("username")).toString(), QStringLiteral("minnie"));
    QCOMPARE(message.value(QStringLiteral("profile")).toObject().value(QStringLiteral("givenName")).toString(),
             QStringLiteral("Minnie"));
    QCOMPARE(message.value(QStringLiteral("profile")).toObject().value(QStringLiteral("familyName")).toString(),
             QStringLiteral("Mouse"));
    QCOMPARE(message.value(QStringLiteral("email")).toObject().value(QStringLiteral("email")).toString(),
             QStringLiteral("minnie@example.com"));
    const QJsonObject headers = request.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("Content-Type")).toArray(), QJsonArray{QStringLiteral("application/json")});
    // Only the headers ZITADEL keeps.
    const QStringList kept = {QStringLiteral("Content-Type"), QStringLiteral("X-Forwarded-For"),
                              QStringLiteral("X-Forwarded-Host"), QStringLiteral("Host"), QStringLiteral("Origin")};
    for (const QString &name : headers.keys())
        QVERIFY2(kept.contains(name), qPrintable(name));

    ExecutionCondition responseCondition = addHumanUserRequest;
    responseCondition.kind = ExecutionCondition::Kind::Response;
    const QJsonObject response = sampleBody(responseCondition);
    QCOMPARE(response.value(QStringLiteral("request")).toObject(), message);
    const QJsonObject answer = response.value(QStringLiteral("response")).toObject();
    QVERIFY(!answer.value(QStringLiteral("userId")).toString().isEmpty());
    // uint64 as a string in protojson
    QVERIFY(answer.value(QStringLiteral("details")).toObject().value(QStringLiteral("sequence")).isString());

    // Empty ids are omitted.
    SampleContext context;
    context.orgId.clear();
    QVERIFY(!sampleBody(addHumanUserRequest, {}, context).contains(QStringLiteral("orgID")));
}

void TestDeliveryBuild::serviceAndAllPickAMethod()
{
    const auto service = condition(ExecutionCondition::Kind::Request, ExecutionCondition::Scope::Group,
                                   QStringLiteral("zitadel.session.v2.SessionService"));
    QCOMPARE(sampleSubject(service), QStringLiteral("/zitadel.session.v2.SessionService/CreateSession"));
    QCOMPARE(sampleBody(service).value(QStringLiteral("fullMethod")).toString(), sampleSubject(service));
    const auto all = condition(ExecutionCondition::Kind::Response, ExecutionCondition::Scope::All, {});
    QCOMPARE(sampleSubject(all), QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
    QVERIFY(sampleBody(all).contains(QStringLiteral("response")));
}

void TestDeliveryBuild::eventBodies()
{
    SampleContext context;
    context.now = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 89), Qt::UTC);
    const auto one =
        condition(ExecutionCondition::Kind::Event, ExecutionCondition::Scope::One, QStringLiteral("user.human.added"));
    const QJsonObject body = sampleBody(one, {}, context);
    QCOMPARE(keySet(body),
             (QSet<QString>{QStringLiteral("aggregateID"), QStringLiteral("aggregateType"),
                            QStringLiteral("resourceOwner"), QStringLiteral("instanceID"), QStringLiteral("version"),
                            QStringLiteral("sequence"), QStringLiteral("event_type"), QStringLiteral("created_at"),
                            QStringLiteral("userID"), QStringLiteral("event_payload")}));
    QCOMPARE(body.value(QStringLiteral("event_type")).toString(), QStringLiteral("user.human.added"));
    QCOMPARE(body.value(QStringLiteral("aggregateType")).toString(), QStringLiteral("user"));
    QCOMPARE(body.value(QStringLiteral("aggregateID")).toString(), context.userId);
    QVERIFY(body.value(QStringLiteral("sequence")).isDouble()); // a number, not a string
    const QString created = body.value(QStringLiteral("created_at")).toString();
    QVERIFY2(created.startsWith(QStringLiteral("2026-03-04T05:06:07.089")), qPrintable(created));
    QVERIFY(QDateTime::fromString(created, Qt::ISODateWithMs).isValid() || created.endsWith(QLatin1Char('Z')));
    QCOMPARE(body.value(QStringLiteral("event_payload")).toObject().value(QStringLiteral("userName")).toString(),
             QStringLiteral("minnie"));

    // A group: the first catalogue type of the group, or the chosen one.
    const auto group =
        condition(ExecutionCondition::Kind::Event, ExecutionCondition::Scope::Group, QStringLiteral("org"));
    const QString first = sampleSubject(group);
    QVERIFY2(first.startsWith(QStringLiteral("org")) && eventcatalog::isEventType(first), qPrintable(first));
    QCOMPARE(sampleBody(group).value(QStringLiteral("aggregateType")).toString(), QStringLiteral("org"));
    QCOMPARE(sampleSubject(group, QStringLiteral("org.added")), QStringLiteral("org.added"));
    QCOMPARE(sampleBody(group, QStringLiteral("org.added"))
                 .value(QStringLiteral("event_payload"))
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             QStringLiteral("Mouse & Co"));

    const auto all = condition(ExecutionCondition::Kind::Event, ExecutionCondition::Scope::All, {});
    QCOMPARE(sampleSubject(all), QStringLiteral("user.human.added"));
    QCOMPARE(sampleSubject(all, QStringLiteral("session.added")), QStringLiteral("session.added"));
    // Unknown payloads: an object all the same.
    QVERIFY(sampleBody(all, QStringLiteral("user.locked")).value(QStringLiteral("event_payload")).isObject());
}

void TestDeliveryBuild::functionBodies()
{
    for (const QString &name : {QStringLiteral("preuserinfo"), QStringLiteral("preaccesstoken")}) {
        const QJsonObject body =
            sampleBody(condition(ExecutionCondition::Kind::Function, ExecutionCondition::Scope::One, name));
        QCOMPARE(body.value(QStringLiteral("function")).toString(), QStringLiteral("function/") + name);
        const QJsonObject userinfo = body.value(QStringLiteral("userinfo")).toObject();
        QCOMPARE(userinfo.value(QStringLiteral("given_name")).toString(), QStringLiteral("Minnie"));
        QVERIFY(userinfo.contains(QStringLiteral("email_verified")));
        const QJsonObject user = body.value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("state")).toInt(), 1);
        QCOMPARE(user.value(QStringLiteral("type")).toInt(), 1);
        QVERIFY(user.value(QStringLiteral("state")).isDouble());
        const QJsonObject metadata = body.value(QStringLiteral("user_metadata")).toArray().at(0).toObject();
        const auto value = QByteArray::fromBase64Encoding(metadata.value(QStringLiteral("value")).toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(value);
        QCOMPARE(*value, QByteArray("Research"));
        QVERIFY(
            !body.value(QStringLiteral("org")).toObject().value(QStringLiteral("primary_domain")).toString().isEmpty());
        QVERIFY(!body.value(QStringLiteral("user_grants")).toArray().isEmpty());
        QVERIFY(!body.value(QStringLiteral("application"))
                     .toObject()
                     .value(QStringLiteral("client_id"))
                     .toString()
                     .isEmpty());
    }
    const QJsonObject saml = sampleBody(condition(ExecutionCondition::Kind::Function, ExecutionCondition::Scope::One,
                                                  QStringLiteral("presamlresponse")));
    QCOMPARE(keySet(saml),
             (QSet<QString>{QStringLiteral("function"), QStringLiteral("user"), QStringLiteral("user_grants")}));
    QCOMPARE(saml.value(QStringLiteral("function")).toString(), QStringLiteral("function/presamlresponse"));
}

void TestDeliveryBuild::goJsonEscapesLikeGo()
{
    const QJsonObject object{
        {QStringLiteral("html"), QStringLiteral("<a href=\"x\">Tom & Jerry</a>")},
        {QStringLiteral("lines"), QString(QStringLiteral("a\nb\tc\rd") + QChar(0x2028) + QChar(0x2029))},
        {QStringLiteral("control"), QString(QString(QChar(0x01)) + QChar(0x08) + QChar(0x0c) + QLatin1Char('\\'))},
        {QStringLiteral("unicode"), QStringLiteral("Zürich ☃")},
        {QStringLiteral("int"), qint64(1234567890123)},
        {QStringLiteral("small"), 1e-7},
        {QStringLiteral("half"), 1.5},
        {QStringLiteral("big"), 1e21},
        {QStringLiteral("list"), QJsonArray{true, false, QJsonValue::Null}},
        {QStringLiteral("nested"),
         QJsonObject{{QStringLiteral("z"), QJsonValue(1)}, {QStringLiteral("a"), QJsonValue(2)}}}};
    const QByteArray json = goJson(object);
    QVERIFY2(json.contains(R"("html":"\u003ca href=\"x\"\u003eTom \u0026 Jerry\u003c/a\u003e")"), json.constData());
    QVERIFY2(json.contains(R"("lines":"a\nb\tc\rd\u2028\u2029")"), json.constData());
    QVERIFY2(json.contains(R"("control":"\u0001\b\f\\")"), json.constData());
    QVERIFY2(json.contains("\"unicode\":\"Z\xC3\xBCrich \xE2\x98\x83\""), json.constData());
    QVERIFY2(json.contains(R"("int":1234567890123)"), json.constData());
    QVERIFY2(json.contains(R"("small":1e-7)"), json.constData());
    QVERIFY2(json.contains(R"("half":1.5)"), json.constData());
    QVERIFY2(json.contains(R"("big":1e+21)"), json.constData());
    QVERIFY2(json.contains(R"("list":[true,false,null])"), json.constData());
    QVERIFY2(json.contains(R"("nested":{"a":2,"z":1})"), json.constData());
    QVERIFY(!json.contains(QByteArray(" :")) && !json.contains('\n'));
    // Reads back as the same object.
    QCOMPARE(parse(json), object);
}

void TestDeliveryBuild::goJsonKeepsZitadelsMemberOrder()
{
    ExecutionCondition response = addHumanUserRequest;
    response.kind = ExecutionCondition::Kind::Response;
    QCOMPARE(keysInOrder(goJson(sampleBody(response))),
             (QStringList{QStringLiteral("fullMethod"), QStringLiteral("instanceID"), QStringLiteral("orgID"),
                          QStringLiteral("userID"), QStringLiteral("request"), QStringLiteral("response"),
                          QStringLiteral("headers")}));
    const auto event =
        condition(ExecutionCondition::Kind::Event, ExecutionCondition::Scope::One, QStringLiteral("user.human.added"));
    QCOMPARE(keysInOrder(goJson(sampleBody(event))),
             (QStringList{QStringLiteral("aggregateID"), QStringLiteral("aggregateType"),
                          QStringLiteral("resourceOwner"), QStringLiteral("instanceID"), QStringLiteral("version"),
                          QStringLiteral("sequence"), QStringLiteral("event_type"), QStringLiteral("created_at"),
                          QStringLiteral("userID"), QStringLiteral("event_payload")}));
}

void TestDeliveryBuild::jsonPayloadHeadersAndSignature()
{
    BuildOptions options;
    options.timestamp = fixedTime;
    const auto built = buildRequest(target(PayloadType::Json), addHumanUserRequest, options);
    QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error()));
    const DeliveryRequest &request = built.value();
    QCOMPARE(request.body, request.json);
    QVERIFY(request.jwt.isEmpty());
    QCOMPARE(request.json, goJson(sampleBody(addHumanUserRequest)));
    QCOMPARE(request.timeout, std::chrono::milliseconds(10'000));
    QCOMPARE(request.endpoint, QUrl(QStringLiteral("http://127.0.0.1:8080/hook?x=1")));
    QCOMPARE(request.headers.size(), 2);
    QCOMPARE(request.headers.at(0), (QPair<QByteArray, QByteArray>("Content-Type", "application/json")));
    QCOMPARE(request.headers.at(1).first, QByteArray("ZITADEL-Signature"));
    QVERIFY(request.headers.at(1).second.startsWith("t=1767225600,v1="));
    QCOMPARE(*request.header("zitadel-signature"), request.headers.at(1).second);
    const auto check = crypto::verifyWebhookSignature(*request.header("ZITADEL-Signature"), request.body,
                                                      signingKey.toUtf8(), fixedTime + 5);
    QVERIFY2(check.ok(), qPrintable(check.message));
    // The signature covers exactly the body: one byte more and it fails.
    QVERIFY(!crypto::verifyWebhookSignature(*request.header("ZITADEL-Signature"), QByteArray(request.body + ' '),
                                            signingKey.toUtf8(), fixedTime + 5)
                 .ok());
}

void TestDeliveryBuild::noSigningKeyNoSignatureHeader()
{
    const auto built = buildRequest(target(PayloadType::Unspecified, {}), addHumanUserRequest, {});
    QVERIFY(built.ok());
    QCOMPARE(built->headers.size(), 1);
    QVERIFY(!built->header("ZITADEL-Signature"));
    QCOMPARE(built->body, built->json); // unspecified behaves like JSON
}

void TestDeliveryBuild::editedBodyIsReencoded()
{
    BuildOptions options;
    options.json = "{\n  \"fullMethod\": \"/x\",\n  \"note\": \"<b>\",\n  \"aggregateID\": \"1\"\n}";
    const auto built = buildRequest(target(PayloadType::Json), addHumanUserRequest, options);
    QVERIFY(built.ok());
    QCOMPARE(built->body, QByteArray(R"({"fullMethod":"/x","aggregateID":"1","note":"\u003cb\u003e"})"));
}

void TestDeliveryBuild::jwtVerifiesAgainstTheSignersJwks()
{
    BuildOptions options;
    options.timestamp = fixedTime;
    options.signer = localTestSigner();
    const auto built = buildRequest(target(PayloadType::Jwt), addHumanUserRequest, options);
    QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error()));
    QCOMPARE(built->body, built->jwt);
    const auto jws = crypto::Jws::parse(built->body);
    QVERIFY(jws.ok());
    QCOMPARE(jws->typ(), QStringLiteral("JWT"));
    QCOMPARE(jws->alg(), QStringLiteral("RS256"));
    QCOMPARE(jws->kid(), options.signer->kid);
    QCOMPARE(jws->payload(), built->json); // no claims of its own
    const auto jwks = crypto::Jwks::parse(QJsonDocument(localTestJwks()).toJson());
    QVERIFY(jwks.ok());
    QVERIFY(jws->verify(*jwks).ok());
    // The HMAC covers the token string.
    QVERIFY(
        crypto::verifyWebhookSignature(*built->header("ZITADEL-Signature"), built->body, signingKey.toUtf8(), fixedTime)
            .ok());
    // Another key's JWKS does not verify it.
    auto other = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
    QVERIFY(other.ok());
    const auto otherJwk = crypto::Jwk::fromPublicKey(other->publicKeyPem(), options.signer->kid);
    QVERIFY(otherJwk.ok());
    QVERIFY(!jws->verify(crypto::Jwks::fromKeys({*otherJwk})).ok());
}

void TestDeliveryBuild::jwe_data()
{
    QTest::addColumn<crypto::KeyType>("type");
    QTest::addColumn<QString>("alg");
    QTest::newRow("RSA 2048") << crypto::KeyType::Rsa2048 << QStringLiteral("RSA-OAEP-256");
    QTest::newRow("RSA 3072") << crypto::KeyType::Rsa3072 << QStringLiteral("RSA-OAEP-256");
    QTest::newRow("RSA 4096") << crypto::KeyType::Rsa4096 << QStringLiteral("RSA-OAEP-256");
    QTest::newRow("EC P-256") << crypto::KeyType::EcP256 << QStringLiteral("ECDH-ES+A256KW");
    QTest::newRow("EC P-384") << crypto::KeyType::EcP384 << QStringLiteral("ECDH-ES+A256KW");
    QTest::newRow("EC P-521") << crypto::KeyType::EcP521 << QStringLiteral("ECDH-ES+A256KW");
}

void TestDeliveryBuild::jwe()
{
    QFETCH(crypto::KeyType, type);
    QFETCH(QString, alg);
    auto key = crypto::PrivateKey::generate(type);
    QVERIFY(key.ok());
    BuildOptions options;
    options.timestamp = fixedTime;
    options.signer = localTestSigner();
    options.encryptionKey = publicKeyOf(*key);
    const auto built = buildRequest(target(PayloadType::Jwe), addHumanUserRequest, options);
    QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error()));
    QCOMPARE(built->encryptionKeyId, QStringLiteral("330000000000000042"));

    const auto jwe = crypto::Jwe::parse(built->body);
    QVERIFY(jwe.ok());
    QCOMPARE(jwe->alg(), alg);
    QCOMPARE(jwe->enc(), QStringLiteral("A256GCM"));
    QCOMPARE(jwe->kid(), QStringLiteral("330000000000000042"));
    QCOMPARE(jwe->typ(), QStringLiteral("JWT"));
    QCOMPARE(jwe->cty(), QStringLiteral("JWT"));
    QCOMPARE(jwe->header().contains(QStringLiteral("epk")), !crypto::isRsa(type));
    QVERIFY(jwe->zip().isEmpty());

    const auto plaintext = jwe->decrypt(*key);
    QVERIFY(plaintext.ok());
    QCOMPARE(*plaintext, built->jwt);
    const auto inner = crypto::Jws::parse(*plaintext);
    QVERIFY(inner.ok());
    QCOMPARE(inner->payload(), built->json);
    QVERIFY(inner->verify(*crypto::Jwks::parse(QJsonDocument(localTestJwks()).toJson())).ok());
    QVERIFY(
        crypto::verifyWebhookSignature(*built->header("ZITADEL-Signature"), built->body, signingKey.toUtf8(), fixedTime)
            .ok());
    // A different private key of the same type cannot decrypt it.
    auto stranger = crypto::PrivateKey::generate(type);
    QVERIFY(stranger.ok());
    QVERIFY(!jwe->decrypt(*stranger).ok());
}

void TestDeliveryBuild::jweInspectedLikeACapture()
{
    // The payload inspector takes the built request apart like one ZITADEL sent.
    auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
    QVERIFY(key.ok());
    BuildOptions options;
    options.timestamp = QDateTime::currentSecsSinceEpoch();
    options.signer = localTestSigner();
    options.encryptionKey = publicKeyOf(*key);
    const auto built = buildRequest(target(PayloadType::Jwe), addHumanUserRequest, options);
    QVERIFY(built.ok());
    inspect::InspectOptions inspectOptions;
    inspectOptions.keys = std::make_shared<inspect::KeyList>(
        QList<inspect::KeyCandidate>{{*key, QStringLiteral("test key"), QStringLiteral("330000000000000042")}});
    inspectOptions.jwks = *crypto::Jwks::parse(QJsonDocument(localTestJwks()).toJson());
    inspectOptions.signingKey = signingKey.toUtf8();
    const inspect::Report report = inspect::inspectDelivery(built->wireText(), inspectOptions);
    QVERIFY2(report.ok(), qPrintable(QString::fromUtf8(QJsonDocument(report.toJson()).toJson())));
}

void TestDeliveryBuild::errors()
{
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
    QVERIFY(key.ok());
    BuildOptions withSigner;
    withSigner.signer = localTestSigner();

    auto expectError = [](const Expected<DeliveryRequest, QString> &result, const QString &part) {
        if (result.ok())
            return QStringLiteral("built, expected an error with \"%1\"").arg(part);
        if (!result.error().contains(part, Qt::CaseInsensitive))
            return QStringLiteral("error \"%1\" does not say \"%2\"").arg(result.error(), part);
        return QString();
    };
    QString e;
    // JWE without a usable key
    e = expectError(buildRequest(target(PayloadType::Jwe), addHumanUserRequest, withSigner),
                    QStringLiteral("no usable active public key"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    BuildOptions inactive = withSigner;
    inactive.encryptionKey = publicKeyOf(*key);
    inactive.encryptionKey->active = false;
    e = expectError(buildRequest(target(PayloadType::Jwe), addHumanUserRequest, inactive),
                    QStringLiteral("not active"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    BuildOptions expired = withSigner;
    expired.encryptionKey = publicKeyOf(*key);
    expired.encryptionKey->expirationDate = QDateTime::currentDateTimeUtc().addDays(-1);
    e = expectError(buildRequest(target(PayloadType::Jwe), addHumanUserRequest, expired), QStringLiteral("expired"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    BuildOptions garbage = withSigner;
    garbage.encryptionKey = publicKeyOf(*key);
    garbage.encryptionKey->publicKeyPem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    e = expectError(buildRequest(target(PayloadType::Jwe), addHumanUserRequest, garbage),
                    QStringLiteral("cannot encrypt"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    // JWT / JWE without a signer
    e = expectError(buildRequest(target(PayloadType::Jwt), addHumanUserRequest, {}), QStringLiteral("no signing key"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    // Body that is not a JSON object
    BuildOptions array;
    array.json = "[1,2]";
    e = expectError(buildRequest(target(PayloadType::Json), addHumanUserRequest, array), QStringLiteral("JSON object"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    BuildOptions broken;
    broken.json = "{\n  \"a\": 1,\n  \"b\": }";
    e = expectError(buildRequest(target(PayloadType::Json), addHumanUserRequest, broken), QStringLiteral("line 3"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    // Endpoint
    Target noEndpoint = target(PayloadType::Json);
    noEndpoint.endpoint.clear();
    e = expectError(buildRequest(noEndpoint, addHumanUserRequest, {}), QStringLiteral("no endpoint"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
    Target ftp = target(PayloadType::Json);
    ftp.endpoint = QStringLiteral("ftp://example.com/x");
    e = expectError(buildRequest(ftp, addHumanUserRequest, {}), QStringLiteral("http or https"));
    QVERIFY2(e.isEmpty(), qPrintable(e));
}

void TestDeliveryBuild::encryptionKeyChoice()
{
    auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
    QVERIFY(key.ok());
    PublicKey inactive = publicKeyOf(*key, QStringLiteral("1"));
    inactive.active = false;
    PublicKey expired = publicKeyOf(*key, QStringLiteral("2"));
    expired.expirationDate = QDateTime::currentDateTimeUtc().addSecs(-60);
    const PublicKey good = publicKeyOf(*key, QStringLiteral("3"));

    QString why;
    QCOMPARE(usableEncryptionKey({inactive, expired, good}, &why)->keyId, QStringLiteral("3"));
    QVERIFY(!usableEncryptionKey({inactive}, &why));
    QVERIFY2(why.contains(QStringLiteral("no active public key")), qPrintable(why));
    QVERIFY(!usableEncryptionKey({inactive, expired}, &why));
    QVERIFY2(why.contains(QStringLiteral("key 2 expired")), qPrintable(why));
}

void TestDeliveryBuild::localTestSignerIsStableAndNoted()
{
    const JwtSigner a = localTestSigner();
    const JwtSigner b = localTestSigner();
    QVERIFY(!a.key.isNull());
    QCOMPARE(a.kid, b.kid);
    QCOMPARE(a.key.publicKeyDer(), b.key.publicKeyDer());
    QVERIFY(a.kid.startsWith(QStringLiteral("targetdesk-test-")));
    QCOMPARE(a.kid.size(), 16 + 8);
    QCOMPARE(a.key.bits(), 2048);
    QVERIFY(isLocalTestKeyId(a.kid));
    const QJsonArray keys = localTestJwks().value(QStringLiteral("keys")).toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.at(0).toObject().value(QStringLiteral("kid")).toString(), a.kid);
    QVERIFY(!keys.at(0).toObject().contains(QStringLiteral("d"))); // public only

    // The verdict says when the JWT was signed with it, and not otherwise.
    BuildOptions options;
    options.signer = a;
    const auto built = buildRequest(target(PayloadType::Jwt), addHumanUserRequest, options);
    QVERIFY(built.ok());
    DeliveryResponse ok;
    ok.outcome = DeliveryResponse::Outcome::Answered;
    ok.status = 200;
    QVERIFY(judge(*built, ok).notes.join(QLatin1Char(' ')).contains(QStringLiteral("local test key")));

    auto instanceKey = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
    QVERIFY(instanceKey.ok());
    options.signer = JwtSigner{*instanceKey, QStringLiteral("instance-key-1")};
    const auto builtWithInstanceKey = buildRequest(target(PayloadType::Jwt), addHumanUserRequest, options);
    QVERIFY(builtWithInstanceKey.ok());
    QVERIFY(!judge(*builtWithInstanceKey, ok).notes.join(QLatin1Char(' ')).contains(QStringLiteral("local test key")));
}

void TestDeliveryBuild::wireTextIsAnHttpRequest()
{
    BuildOptions options;
    options.timestamp = fixedTime;
    const auto built = buildRequest(target(PayloadType::Json), addHumanUserRequest, options);
    QVERIFY(built.ok());
    const QByteArray wire = built->wireText();
    QVERIFY2(wire.startsWith("POST /hook?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
                             "ZITADEL-Signature: t=1767225600,v1="),
             wire.constData());
    QVERIFY(wire.endsWith(QByteArray("\r\n\r\n" + built->body)));
    const inspect::Capture capture = inspect::parseCapture(wire);
    QVERIFY2(capture.ok(), qPrintable(capture.error));
    QCOMPARE(capture.form, inspect::Capture::Form::HttpRequest);
    QCOMPARE(capture.body, built->body);
    QCOMPARE(*capture.header("ZITADEL-Signature"), *built->header("ZITADEL-Signature"));
}

void TestDeliveryBuild::interopWithJwcrypto()
{
    const QString interpreter = python();
    if (interpreter.isEmpty())
        QFAIL("python3 is missing: packaging/dev.sh installs it with python3-jwcrypto (CI installs both).");
    {
        QProcess probe;
        probe.start(interpreter, {QStringLiteral("-c"), QStringLiteral("import jwcrypto")});
        QVERIFY(probe.waitForFinished(30000));
        if (probe.exitCode() != 0)
            QFAIL("python3-jwcrypto is missing: packaging/dev.sh installs it (CI installs it).");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QJsonObject jwks = localTestJwks();

    struct Case {
        QString name;
        QJsonObject json;
        QByteArray tamperedBody;
    };
    QList<Case> cases;
    auto addCase = [&](const QString &name, PayloadType payload, std::optional<crypto::PrivateKey> key) {
        BuildOptions options;
        options.timestamp = fixedTime;
        options.signer = localTestSigner();
        if (key)
            options.encryptionKey = publicKeyOf(*key);
        const auto built = buildRequest(target(payload), addHumanUserRequest, options);
        if (!built.ok())
            return false;
        QJsonObject c{{QStringLiteral("payloadType"), payloadTypeName(payload)},
                      {QStringLiteral("body"), QString::fromUtf8(built->body)},
                      {QStringLiteral("json"), QString::fromUtf8(built->json)},
                      {QStringLiteral("signatureHeader"), QString::fromUtf8(*built->header("ZITADEL-Signature"))},
                      {QStringLiteral("signingKey"), signingKey},
                      {QStringLiteral("jwks"), jwks}};
        if (key) {
            auto pem = key->privateKeyPem();
            if (!pem.ok())
                return false;
            c.insert(QStringLiteral("privateKeyPem"), QString::fromUtf8(*pem));
            c.insert(QStringLiteral("kid"), built->encryptionKeyId);
        }
        // Tampered: one character in the last part (JWE tag / JWS signature / JSON value) changed.
        QByteArray tampered = built->body;
        const qsizetype at = payload == PayloadType::Json ? tampered.indexOf("minnie") : tampered.size() - 3;
        tampered[at] = tampered.at(at) == 'A' ? 'B' : 'A';
        cases.append({name, c, tampered});
        return true;
    };
    auto rsa = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
    auto ec = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
    QVERIFY(rsa.ok() && ec.ok());
    QVERIFY(addCase(QStringLiteral("jwe-rsa2048"), PayloadType::Jwe, *rsa));
    QVERIFY(addCase(QStringLiteral("jwe-p256"), PayloadType::Jwe, *ec));
    QVERIFY(addCase(QStringLiteral("jwt"), PayloadType::Jwt, std::nullopt));
    QVERIFY(addCase(QStringLiteral("json"), PayloadType::Json, std::nullopt));

    const QString script = QStringLiteral(TARGETDESK_INTEROP_SCRIPT);
    auto run = [&](const QString &file, QString *output) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(interpreter, {script, file});
        if (!process.waitForFinished(60000))
            return -1;
        *output = QString::fromUtf8(process.readAll());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    };
    for (const Case &c : std::as_const(cases)) {
        const QString file = dir.filePath(c.name + QStringLiteral(".json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(c.json).toJson());
        out.close();
        QString output;
        QCOMPARE_EQ(run(file, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("ok")), qPrintable(c.name + QStringLiteral(": ") + output));

        // The same case with a changed token must fail: the check can fail.
        QJsonObject tampered = c.json;
        tampered.insert(QStringLiteral("body"), QString::fromUtf8(c.tamperedBody));
        const QString tamperedFile = dir.filePath(c.name + QStringLiteral("-tampered.json"));
        QFile tamperedOut(tamperedFile);
        QVERIFY(tamperedOut.open(QIODevice::WriteOnly));
        tamperedOut.write(QJsonDocument(tampered).toJson());
        tamperedOut.close();
        const int code = run(tamperedFile, &output);
        QVERIFY2(code == 1, qPrintable(c.name + QStringLiteral(" tampered: exit %1, %2").arg(code).arg(output)));
    }
}

QTEST_GUILESS_MAIN(TestDeliveryBuild)
#include "tst_deliverybuild.moc"
