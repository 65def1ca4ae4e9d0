// Authentication against the sandbox: service-user key files (JWT profile), client credentials, renewal, the
// retry after a 401, token endpoint errors in words, and secrets kept out of error texts.
#include "api/auth/autherrors.h"
#include "api/auth/clientcredentialsprovider.h"
#include "api/auth/connectiontest.h"
#include "api/auth/jwtassertion.h"
#include "api/auth/personalaccesstokenprovider.h"
#include "api/auth/serviceuserkey.h"
#include "api/auth/serviceuserkeyprovider.h"
#include "api/zitadelclient.h"
#include "crypto/base64url.h"
#include "openssl.h"
#include "sandbox/sandbox.h"
#include "sandboxsession.h"
#include "testfiles.h"
#include "testutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace targetdesk;
using namespace std::chrono_literals;
using test::await;

namespace
{

// The openssl command line: a code path independent of ours.
QByteArray openssl(const QStringList &args, const QByteArray &input = {}, int *exitCode = nullptr)
{
    const test::OpensslRun r = test::openssl(args, input);
    if (exitCode)
        *exitCode = r.exitCode;
    return r.out;
}

QString errorText(const ApiError &e)
{
    return e.toString();
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    std::unique_ptr<ZitadelClient> m_client;

    Result<TargetPage> list()
    {
        return test::awaitApi<TargetPage>([&](auto cb) { m_client->listTargets({}, this, cb); });
    }
    Result<CreateTargetResponse> create(const QString &name)
    {
        CreateTargetRequest r;
        r.name = name;
        r.type = TargetType::Webhook;
        r.timeout = 10s;
        r.endpoint = QStringLiteral("https://hooks.example.com/") + name;
        return test::awaitApi<CreateTargetResponse>([&](auto cb) { m_client->createTarget(r, this, cb); });
    }
    std::shared_ptr<auth::ServiceUserKeyProvider> keyProvider(sandbox::Role role = sandbox::Role::ReadWrite)
    {
        const auto key = auth::ServiceUserKey::fromJson(m_sandbox->createServiceUser(QStringLiteral("bot"), role));
        if (!key)
            qFatal("key file: %s", qPrintable(key.error().message));
        return std::make_shared<auth::ServiceUserKeyProvider>(*key);
    }
    int tokenRequests() const { return m_sandbox->requestCount(QStringLiteral("Token")); }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_sandbox = test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_client = test::clientFor(*m_sandbox);
    }
    void cleanup()
    {
        m_client.reset();
        m_sandbox.reset();
    }

    void keyFileEndToEnd()
    {
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        const auto page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : errorText(page.error())));
        const auto created = create(QStringLiteral("via-key-file"));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : errorText(created.error())));
        // The token was kept: one exchange for both calls.
        QCOMPARE(tokenRequests(), 1);
        QCOMPARE(provider->exchangeCount(), 1);
        QVERIFY(provider->hasToken());
        QVERIFY(provider->expiresAt() > QDateTime::currentDateTimeUtc().addSecs(40000));
        QVERIFY(provider->description().contains(provider->key().userId()));
    }

    void withoutTokenTheApiRefuses()
    {
        // The control for the test above: the API does need the exchanged token.
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
    }

    void rolesOfServiceUsers()
    {
        m_client->setAuthProvider(keyProvider(sandbox::Role::ReadOnly));
        QVERIFY(list().ok());
        auto created = create(QStringLiteral("read-only"));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().httpStatus, 403);
        QVERIFY(auth::authAdvice(created.error(), auth::Method::ServiceUserKey).contains(QLatin1String("role")));

        m_client->setAuthProvider(keyProvider(sandbox::Role::None));
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 403);
        QVERIFY(auth::authAdvice(page.error(), auth::Method::ServiceUserKey).contains(QLatin1String("IAM_OWNER")));
    }

    void assertionIsAValidRs256Jwt()
    {
        const QByteArray file = m_sandbox->createServiceUser(QStringLiteral("bot"), sandbox::Role::ReadWrite);
        const auto key = auth::ServiceUserKey::fromJson(file);
        QVERIFY(key.ok());
        // ZITADEL's key files hold PKCS#1 PEM; the sandbox writes the same.
        QVERIFY(QJsonDocument::fromJson(file)[QLatin1String("key")].toString().startsWith(
            QLatin1String("-----BEGIN RSA PRIVATE")));
        auth::AssertionClaims claims;
        claims.keyId = key->keyId();
        claims.userId = key->userId();
        claims.audience = QStringLiteral("https://my.zitadel.example");
        const auto jwt = auth::makeAssertion(claims, key->privateKey());
        QVERIFY(jwt.ok());
        const QList<QByteArray> parts = jwt->split('.');
        QCOMPARE(parts.size(), 3);
        const QJsonObject header = QJsonDocument::fromJson(*crypto::base64UrlDecode(parts[0])).object();
        const QJsonObject body = QJsonDocument::fromJson(*crypto::base64UrlDecode(parts[1])).object();
        QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(header.value(QLatin1String("kid")).toString(), key->keyId());
        QCOMPARE(body.value(QLatin1String("iss")).toString(), key->userId());
        QCOMPARE(body.value(QLatin1String("sub")).toString(), key->userId());
        QCOMPARE(body.value(QLatin1String("aud")).toString(), claims.audience);
        QCOMPARE(body.value(QLatin1String("exp")).toInteger() - body.value(QLatin1String("iat")).toInteger(), 3600);
        QVERIFY(qAbs(body.value(QLatin1String("iat")).toInteger() - QDateTime::currentSecsSinceEpoch()) < 5);

        // The signature verifies with openssl, over exactly "header.claims".
        QTemporaryDir dir;
        const QString pub = dir.filePath(QStringLiteral("pub.pem"));
        const QString sig = dir.filePath(QStringLiteral("sig.bin"));
        QVERIFY(test::writeFile(pub, key->privateKey().publicKeyPem()));
        QVERIFY(test::writeFile(sig, *crypto::base64UrlDecode(parts[2])));
        int rc = -1;
        const QByteArray out = openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                                        pub, QStringLiteral("-signature"), sig},
                                       parts[0] + '.' + parts[1], &rc);
        QCOMPARE(rc, 0);
        QVERIFY(out.contains("Verified OK"));
        // And fails for other input (the check can fail).
        openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), pub,
                 QStringLiteral("-signature"), sig},
                parts[0] + '.' + parts[1] + 'x', &rc);
        QVERIFY(rc != 0);
    }

    void base64Url()
    {
        QCOMPARE(crypto::base64UrlEncode(QByteArray("\xfb\xff", 2)), QByteArray("-_8"));
        QCOMPARE(crypto::base64UrlDecode("-_8"), std::optional<QByteArray>(QByteArray("\xfb\xff", 2)));
        QVERIFY(!crypto::base64UrlDecode("+/8").has_value());
        QVERIFY(!crypto::base64UrlDecode("-_8=").has_value());
        QVERIFY(!crypto::base64UrlDecode("A").has_value());
    }

    void keyFileErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("-----BEGIN RSA PRIVATE KEY-----\nMIIE") << QStringLiteral("not JSON");
        QTest::newRow("application key")
            << QByteArray(
                   R"({"type":"application","keyId":"1","key":"-----BEGIN RSA PRIVATE KEY-----\nAAAA","appId":"2"})")
            << QStringLiteral("application");
        QTest::newRow("no ids") << QByteArray(R"({"type":"serviceaccount","key":"x"})") << QStringLiteral("keyId");
        QTest::newRow("damaged key")
            << QByteArray(R"({"type":"serviceaccount","keyId":"1","userId":"2","key":)"
                          R"("-----BEGIN RSA PRIVATE KEY-----\nSECRETSECRET\n-----END RSA PRIVATE KEY-----"})")
            << QStringLiteral("not a usable private key");
    }
    void keyFileErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto key = auth::ServiceUserKey::fromJson(json);
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, ApiError::Kind::InvalidRequest);
        QVERIFY2(key.error().message.contains(expected), qPrintable(key.error().message));
        QVERIFY(!key.error().message.contains(QLatin1String("SECRET")));
        QVERIFY(!key.error().message.contains(QLatin1String("AAAA")));
    }

    void ecKeyIsRefused()
    {
        const auto ec = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        QVERIFY(ec.ok());
        const QJsonObject o{{QStringLiteral("type"), QStringLiteral("serviceaccount")},
                            {QStringLiteral("keyId"), QStringLiteral("1")},
                            {QStringLiteral("userId"), QStringLiteral("2")},
                            {QStringLiteral("key"), QString::fromLatin1(ec->privateKeyPem().value())}};
        const auto key = auth::ServiceUserKey::fromJson(QJsonDocument(o).toJson());
        QVERIFY(!key.ok());
        QVERIFY(key.error().message.contains(QLatin1String("RSA")));
    }

    void concurrentCallersShareOneExchange()
    {
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        int done = 0;
        int succeeded = 0;
        for (int i = 0; i < 5; ++i) {
            m_client->listTargets({}, this, [&](Result<TargetPage> r) {
                ++done;
                succeeded += r.ok() ? 1 : 0;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 5, 15000);
        QCOMPARE(succeeded, 5);
        QCOMPARE(tokenRequests(), 1);
    }

    // expires_in is believed within bounds: ten years become a day, a negative lifetime one second.
    void expiresInIsClamped()
    {
        m_sandbox->setTokenLifetime(std::chrono::seconds(10LL * 365 * 24 * 3600));
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        QVERIFY(list().ok());
        QVERIFY(provider->expiresAt() <= QDateTime::currentDateTimeUtc().addSecs(24 * 3600 + 5));
        QVERIFY(provider->expiresAt() > QDateTime::currentDateTimeUtc().addSecs(24 * 3600 - 60));
        QVERIFY(provider->renewAt() < provider->expiresAt());
    }

    void renewsBeforeExpiry()
    {
        m_sandbox->setTokenLifetime(2s);
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(list().ok());
        QCOMPARE(tokenRequests(), 1);
        const QDateTime firstExpiry = provider->expiresAt();
        QVERIFY(provider->renewAt() < firstExpiry);

        // Still early: no renewal.
        QVERIFY(list().ok());
        QCOMPARE(tokenRequests(), 1);

        // Past the renewal point but before expiry: the call goes through and a new token is fetched.
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() >= provider->renewAt(), 5000);
        QVERIFY(QDateTime::currentDateTimeUtc() < firstExpiry);
        QVERIFY(list().ok());
        QTRY_COMPARE_WITH_TIMEOUT(tokenRequests(), 2, 5000);
        QVERIFY2(QDateTime::currentDateTimeUtc() < firstExpiry, "the renewal happened after the old token expired");
        QVERIFY(provider->expiresAt() > firstExpiry);

        // After the first token's expiry calls keep working without a 401 round (no third exchange).
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > firstExpiry.addMSecs(300), 5000);
        const int listsBefore = m_sandbox->requestCount(QStringLiteral("ListTargets"));
        QVERIFY(list().ok());
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), listsBefore + 1);
        QVERIFY(tokenRequests() <= 3);
    }

    void issuedTokensExpire()
    {
        // The sandbox really expires tokens, so the renewal test above means something.
        m_sandbox->setTokenLifetime(1s);
        const sandbox::ClientCredentials credentials = m_sandbox->createClient(QStringLiteral("expiring"));
        auth::ClientCredentialsProvider provider(credentials.clientId, credentials.clientSecret);
        auto token = await<QString>([&](auto cb) { provider.token(*m_client, this, cb); });
        QVERIFY(token && token->ok());
        m_client->setToken(token->value());
        QVERIFY(list().ok());
        QTest::qWait(1300);
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
    }

    void retryOnceAfter401()
    {
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        QVERIFY(list().ok());
        QCOMPARE(tokenRequests(), 1);

        m_sandbox->revokeAccessTokens();
        const auto page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : errorText(page.error())));
        QCOMPARE(tokenRequests(), 2);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 2);
    }

    void second401IsReported()
    {
        auto provider = keyProvider();
        m_client->setAuthProvider(provider);
        QVERIFY(list().ok());
        const int lists = m_sandbox->requestCount(QStringLiteral("ListTargets"));
        m_sandbox->setFault(QStringLiteral("ListTargets"), sandbox::Fault{sandbox::Fault::Kind::HttpError, 0, 401, -1});
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
        // Exactly one retry with exactly one fresh token.
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), lists + 2);
        QCOMPARE(tokenRequests(), 2);
    }

    void personalAccessTokenIsNotRetried()
    {
        m_client->setToken(m_sandbox->generateToken());
        QVERIFY(list().ok());
        m_sandbox->setFault(QStringLiteral("ListTargets"), sandbox::Fault{sandbox::Fault::Kind::HttpError, 0, 401, -1});
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 2);
        QCOMPARE(tokenRequests(), 0);
        QVERIFY(auth::authAdvice(page.error(), auth::Method::PersonalAccessToken).contains(QLatin1String("personal")));
    }

    void badAssertions_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("words");
        QTest::newRow("wrong key") << QStringLiteral("wrong-key") << QStringLiteral("signature");
        QTest::newRow("unknown key id") << QStringLiteral("unknown-kid") << QStringLiteral("does not know this key");
        QTest::newRow("wrong audience") << QStringLiteral("audience") << QStringLiteral("audience");
        QTest::newRow("expired") << QStringLiteral("expired") << QStringLiteral("expired");
        QTest::newRow("issued in the future") << QStringLiteral("future") << QStringLiteral("clock");
    }
    void badAssertions()
    {
        QFETCH(QString, kind);
        QFETCH(QString, words);
        const QByteArray file = m_sandbox->createServiceUser(QStringLiteral("bot"), sandbox::Role::ReadWrite);
        QJsonObject o = QJsonDocument::fromJson(file).object();
        if (kind == QLatin1String("wrong-key")) {
            const auto other = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
            o.insert(QStringLiteral("key"), QString::fromLatin1(other->privateKeyPem().value()));
        } else if (kind == QLatin1String("unknown-kid")) {
            o.insert(QStringLiteral("keyId"), QStringLiteral("4242"));
        }
        const auto key = auth::ServiceUserKey::fromJson(QJsonDocument(o).toJson());
        QVERIFY(key.ok());
        auto provider = std::make_shared<auth::ServiceUserKeyProvider>(*key);
        if (kind == QLatin1String("audience"))
            provider->setAudience(QStringLiteral("https://other.zitadel.example"));
        else if (kind == QLatin1String("expired"))
            provider->setClock([] { return QDateTime::currentDateTimeUtc().addSecs(-7200); });
        else if (kind == QLatin1String("future"))
            provider->setClock([] { return QDateTime::currentDateTimeUtc().addSecs(600); });
        m_client->setAuthProvider(provider);

        const auto page = list();
        QVERIFY(!page.ok());
        const ApiError &e = page.error();
        QCOMPARE(e.kind, ApiError::Kind::Server);
        QCOMPARE(e.httpStatus, 400);
        QCOMPARE(e.oauthError, QStringLiteral("invalid_grant"));
        QVERIFY2(e.message.contains(words, Qt::CaseInsensitive), qPrintable(e.message));
        // No assertion (a JWT starts with base64url of '{"'), no key material.
        QVERIFY2(!e.toString().contains(QLatin1String("eyJ")), qPrintable(e.toString()));
        QVERIFY(!e.toString().contains(QLatin1String("PRIVATE")));
        // Nothing reached the API.
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);
    }

    void clientCredentials()
    {
        const sandbox::ClientCredentials credentials = m_sandbox->createClient(QStringLiteral("reports-bot"));
        auto provider =
            std::make_shared<auth::ClientCredentialsProvider>(credentials.clientId, credentials.clientSecret);
        m_client->setAuthProvider(provider);
        const auto page = list();
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : errorText(page.error())));
        QVERIFY(create(QStringLiteral("via-client-credentials")).ok());
        QCOMPARE(tokenRequests(), 1);
    }

    void clientCredentialsRefused_data()
    {
        QTest::addColumn<bool>("knownClient");
        QTest::newRow("wrong secret") << true;
        QTest::newRow("unknown client") << false;
    }
    void clientCredentialsRefused()
    {
        QFETCH(bool, knownClient);
        const sandbox::ClientCredentials credentials = m_sandbox->createClient(QStringLiteral("reports-bot"));
        const QString secret = QStringLiteral("Wr0ngSecretValue-") + credentials.clientSecret.left(8);
        auto provider = std::make_shared<auth::ClientCredentialsProvider>(
            knownClient ? credentials.clientId : QStringLiteral("nobody"), secret);
        m_client->setAuthProvider(provider);
        const auto page = list();
        QVERIFY(!page.ok());
        const ApiError &e = page.error();
        QCOMPARE(e.httpStatus, 401);
        QCOMPARE(e.oauthError, QStringLiteral("invalid_client"));
        QVERIFY2(e.message.contains(QLatin1String("client id or secret")), qPrintable(e.message));
        QVERIFY(!e.toString().contains(secret));
        QVERIFY(!e.toString().contains(credentials.clientSecret));
        QVERIFY(!e.toString().contains(QString::fromLatin1(secret.toUtf8().toBase64())));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0);
    }

    void missingScopeIsExplained()
    {
        auto provider = keyProvider();
        provider->setScope(QStringLiteral("openid"));
        m_client->setAuthProvider(provider);
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 401);
        // The token was issued but refused; one fresh token did not help either.
        QCOMPARE(tokenRequests(), 2);
        QVERIFY(auth::authAdvice(page.error(), auth::Method::ServiceUserKey)
                    .contains(QLatin1String("urn:zitadel:iam:org:project:id:zitadel:aud")));
    }

    void tokenEndpointUnavailable()
    {
        m_client->setAuthProvider(keyProvider());
        m_sandbox->setFault(QStringLiteral("Token"), sandbox::Fault{sandbox::Fault::Kind::HttpError, 0, 503, 1});
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().httpStatus, 503);
        QCOMPARE(page.error().oauthError, QStringLiteral("temporarily_unavailable"));
        QVERIFY(page.error().message.contains(QLatin1String("try again")));
        // The fault was one-shot: the next call gets a token.
        QVERIFY(list().ok());
    }

    void tokenEndpointTimeoutCountsAgainstTheCall()
    {
        m_client->setAuthProvider(keyProvider());
        m_sandbox->setFault(QStringLiteral("Token"), sandbox::Fault{sandbox::Fault::Kind::Hang, 0, 503, -1});
        m_client->setTimeout(400ms);
        QElapsedTimer timer;
        timer.start();
        const auto page = list();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ApiError::Kind::Timeout);
        QVERIFY(timer.elapsed() < 5000);
    }

    void tokenEndpointStrictness()
    {
        auto post = [&](const QByteArray &form, const QByteArray &authorization) {
            auto out = await<HttpAnswer>(
                [&](auto cb) { m_client->postForm(QStringLiteral("/oauth/v2/token"), form, authorization, this, cb); });
            return out && out->ok() ? out->value() : HttpAnswer{};
        };
        HttpAnswer a = post("grant_type=password&username=a&password=b", {});
        QCOMPARE(a.status, 400);
        QCOMPARE(QJsonDocument::fromJson(a.body)[QLatin1String("error")].toString(),
                 QStringLiteral("unsupported_grant_type"));
        a = post("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=not.a.jwt", {});
        QCOMPARE(a.status, 400);
        QCOMPARE(QJsonDocument::fromJson(a.body)[QLatin1String("error")].toString(), QStringLiteral("invalid_grant"));
        a = post("grant_type=client_credentials", {});
        QCOMPARE(a.status, 401);
        QCOMPARE(QJsonDocument::fromJson(a.body)[QLatin1String("error")].toString(), QStringLiteral("invalid_client"));
    }

    void webKeys()
    {
        m_client->setToken(m_sandbox->generateToken());
        auto out = await<QJsonObject>(
            [&](auto cb) { m_client->request("GET", QStringLiteral("/oauth/v2/keys"), {}, this, cb); });
        QVERIFY(out && out->ok());
        const QJsonArray keys = out->value().value(QLatin1String("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject jwk = keys.first().toObject();
        QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
        QCOMPARE(jwk.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
        QCOMPARE(jwk.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(jwk.value(QLatin1String("kid")).toString(), m_sandbox->webKeyId());
        QCOMPARE(jwk.value(QLatin1String("e")).toString(), QStringLiteral("AQAB"));

        // n is the modulus of the key that signs payloads (openssl reads the public key independently).
        const QByteArray publicPem = m_sandbox->webKey().publicKeyPem();
        const QByteArray modulus = openssl({QStringLiteral("rsa"), QStringLiteral("-pubin"), QStringLiteral("-noout"),
                                            QStringLiteral("-modulus")},
                                           publicPem)
                                       .trimmed();
        const auto n = crypto::base64UrlDecode(jwk.value(QLatin1String("n")).toString().toLatin1());
        QVERIFY(n.has_value());
        QCOMPARE(modulus, QByteArray("Modulus=") + n->toHex().toUpper());

        // signJws: a JWT over the payload with that key.
        const QByteArray payload = R"({"fullMethod":"/zitadel.user.v2.UserService/AddHumanUser"})";
        const QList<QByteArray> parts = m_sandbox->signJws(payload).split('.');
        QCOMPARE(parts.size(), 3);
        const QJsonObject header = QJsonDocument::fromJson(*crypto::base64UrlDecode(parts[0])).object();
        QCOMPARE(header.value(QLatin1String("kid")).toString(), m_sandbox->webKeyId());
        QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(*crypto::base64UrlDecode(parts[1]), payload);
        QTemporaryDir dir;
        const QString pub = dir.filePath(QStringLiteral("pub.pem"));
        const QString sig = dir.filePath(QStringLiteral("sig.bin"));
        QVERIFY(test::writeFile(pub, publicPem));
        QVERIFY(test::writeFile(sig, *crypto::base64UrlDecode(parts[2])));
        int rc = -1;
        openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), pub,
                 QStringLiteral("-signature"), sig},
                parts[0] + '.' + parts[1], &rc);
        QCOMPARE(rc, 0);
    }

    void writeServiceUserKey()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key.json"));
        QString error;
        QVERIFY2(m_sandbox->writeServiceUserKey(path, sandbox::Role::ReadWrite, &error), qPrintable(error));
        QCOMPARE(QFile(path).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());
        const auto key = auth::ServiceUserKey::fromFile(path);
        QVERIFY(key.ok());
        m_client->setAuthProvider(std::make_shared<auth::ServiceUserKeyProvider>(*key));
        QVERIFY(list().ok());
    }

    void connectionTest_data()
    {
        using S = auth::ConnectionReport::State;
        QTest::addColumn<QString>("credentials");
        QTest::addColumn<int>("token");
        QTest::addColumn<int>("read");
        QTest::addColumn<int>("write");
        QTest::newRow("owner key") << QStringLiteral("rw") << int(S::Ok) << int(S::Ok) << int(S::Ok);
        QTest::newRow("viewer key") << QStringLiteral("ro") << int(S::Ok) << int(S::Ok) << int(S::Failed);
        QTest::newRow("no role") << QStringLiteral("none") << int(S::Ok) << int(S::Failed) << int(S::NotChecked);
        QTest::newRow("bad secret") << QStringLiteral("bad-secret") << int(S::Failed) << int(S::NotChecked)
                                    << int(S::NotChecked);
        QTest::newRow("bad pat") << QStringLiteral("bad-pat") << int(S::Failed) << int(S::NotChecked)
                                 << int(S::NotChecked);
        QTest::newRow("viewer pat") << QStringLiteral("ro-pat") << int(S::Ok) << int(S::Ok) << int(S::Failed);
    }
    void connectionTest()
    {
        QFETCH(QString, credentials);
        QFETCH(int, token);
        QFETCH(int, read);
        QFETCH(int, write);
        if (credentials == QLatin1String("rw"))
            m_client->setAuthProvider(keyProvider(sandbox::Role::ReadWrite));
        else if (credentials == QLatin1String("ro"))
            m_client->setAuthProvider(keyProvider(sandbox::Role::ReadOnly));
        else if (credentials == QLatin1String("none"))
            m_client->setAuthProvider(keyProvider(sandbox::Role::None));
        else if (credentials == QLatin1String("bad-secret"))
            m_client->setAuthProvider(std::make_shared<auth::ClientCredentialsProvider>(
                m_sandbox->createClient(QStringLiteral("c")).clientId, QStringLiteral("wrong")));
        else if (credentials == QLatin1String("bad-pat"))
            m_client->setToken(QStringLiteral("not-a-token"));
        else
            m_client->setToken(m_sandbox->generateToken(sandbox::Role::ReadOnly));

        auth::ConnectionTest test(m_client.get());
        bool finished = false;
        connect(&test, &auth::ConnectionTest::finished, this, [&] { finished = true; });
        test.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 15000);
        const auth::ConnectionReport &r = test.report();
        QCOMPARE(int(r.reachable.state), int(auth::ConnectionReport::State::Ok));
        QCOMPARE(int(r.tls.state), int(auth::ConnectionReport::State::NotChecked));
        QVERIFY2(int(r.token.state) == token, qPrintable(r.token.detail));
        QVERIFY2(int(r.read.state) == read, qPrintable(r.read.detail));
        QVERIFY2(int(r.write.state) == write, qPrintable(r.write.detail));
        QCOMPARE(r.ok(), credentials == QLatin1String("rw"));
        // Nothing was created or changed.
        QCOMPARE(m_sandbox->snapshot().value(QLatin1String("targets")).toArray().size(), 0);
    }

    void providerErrorsArriveAfterTheCallIsReturned()
    {
        // A provider that cannot even build a request (no key) must not call back inside listTargets().
        m_client->setAuthProvider(std::make_shared<auth::ServiceUserKeyProvider>(auth::ServiceUserKey()));
        bool called = false;
        QPointer<ApiCall> call = m_client->listTargets({}, this, [&](Result<TargetPage> r) {
            called = true;
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, ApiError::Kind::InvalidRequest);
        });
        QVERIFY(!called);
        QVERIFY(call);
        QTRY_VERIFY(called);
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
