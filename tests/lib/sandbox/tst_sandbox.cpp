// The sandbox over real HTTP: every route and rule of the ZITADEL Actions v2 emulator, its error shapes, auth,
// fault modes, persistence and seed data. Expected values are written out here, not taken from the sandbox.

#include "diskflushes.h"
#include "openssl.h"
#include "sandbox/actionservice.h"
#include "sandbox/sandbox.h"
#include "sandboxsession.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include <dlfcn.h>

using namespace targetdesk::sandbox;

namespace
{

// The lengths CRYPTO_memcmp was called with, while recording (tokensAreComparedInConstantTime).
struct MemcmpCalls {
    std::mutex mutex;
    bool recording = false;
    std::vector<size_t> lengths;
};

MemcmpCalls &memcmpCalls()
{
    static MemcmpCalls calls;
    return calls;
}

} // namespace

// libcrypto is a shared library, so this definition in the executable takes every CRYPTO_memcmp call of the process;
// it notes the length and hands over to OpenSSL's.
extern "C" int CRYPTO_memcmp(const void *a, const void *b, size_t length)
{
    using Real = int (*)(const void *, const void *, size_t);
    static const auto real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "CRYPTO_memcmp"));
    {
        MemcmpCalls &calls = memcmpCalls();
        const std::lock_guard lock(calls.mutex);
        if (calls.recording)
            calls.lengths.push_back(length);
    }
    return real(a, b, length);
}

namespace
{

struct Reply {
    bool finished = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json;
    bool isJson = false;
};

QStringList strs(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out << QString::fromLatin1(s);
    return out;
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList names(const QJsonArray &targets)
{
    QStringList out;
    for (const QJsonValue &t : targets)
        out << t.toObject().value(QLatin1String("name")).toString();
    return out;
}

// Runs the openssl command line (an independent code path for key material and fingerprints).
QByteArray openssl(const QStringList &args, const QByteArray &input = {})
{
    const targetdesk::test::OpensslRun r = targetdesk::test::openssl(args, input);
    if (r.exitCode != 0)
        qWarning("openssl %s failed: %s", qPrintable(args.join(QLatin1Char(' '))), r.err.constData());
    return r.out;
}

QByteArray publicPemOf(const QByteArray &privatePem)
{
    return openssl({QStringLiteral("pkey"), QStringLiteral("-pubout")}, privatePem);
}

QByteArray newPrivateKey(const QStringList &genpkeyArgs)
{
    return openssl(QStringList{QStringLiteral("genpkey")} + genpkeyArgs);
}

QByteArray rsaPublicPem()
{
    return publicPemOf(newPrivateKey({QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                                      QStringLiteral("rsa_keygen_bits:2048")}));
}

QByteArray ecPublicPem(const QString &curve = QStringLiteral("P-256"))
{
    return publicPemOf(newPrivateKey({QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                                      QStringLiteral("ec_paramgen_curve:") + curve}));
}

QString b64(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64());
}

QString inSeconds(int seconds)
{
    return QDateTime::currentDateTimeUtc().addSecs(seconds).toString(Qt::ISODateWithMs);
}

const QString kErrorDetailType = QStringLiteral("type.googleapis.com/zitadel.v1.ErrorDetail");

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QString m_token;

    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body = {}, const QString &token = {},
               int timeoutMs = 10000)
    {
        return sendTo(m_sandbox->url(), verb, path, body, token.isNull() ? m_token : token, timeoutMs);
    }

    Reply sendTo(const QUrl &base, const QByteArray &verb, const QString &path, const QByteArray &body,
                 const QString &token, int timeoutMs)
    {
        QUrl url = base;
        url.setPath(path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QNetworkReply *reply = m_nam->sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
        if (!reply->isFinished())
            loop.exec();
        Reply out;
        out.finished = reply->isFinished();
        if (!out.finished)
            reply->abort();
        out.error = reply->error();
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (out.finished)
            out.body = reply->readAll();
        out.contentType = reply->rawHeader("Content-Type");
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(out.body, &pe);
        out.isJson = pe.error == QJsonParseError::NoError && doc.isObject();
        out.json = doc.object();
        reply->deleteLater();
        return out;
    }

    Reply post(const QString &path, const QJsonObject &body) { return send("POST", path, compact(body)); }

    QString createTarget(const QString &name, const QJsonObject &extra = {})
    {
        QJsonObject body{{QStringLiteral("name"), name},
                         {QStringLiteral("restWebhook"), QJsonObject()},
                         {QStringLiteral("timeout"), QStringLiteral("10s")},
                         {QStringLiteral("endpoint"), QString(QStringLiteral("https://hooks.example.com/") + name)}};
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            if (it->isNull())
                body.remove(it.key());
            else
                body.insert(it.key(), *it);
        }
        const Reply r = post(QStringLiteral("/v2/actions/targets"), body);
        if (r.status != 200)
            qWarning("create %s: %d %s", qPrintable(name), r.status, r.body.constData());
        return r.json.value(QLatin1String("id")).toString();
    }

    QJsonObject getTarget(const QString &id)
    {
        return send("GET", QStringLiteral("/v2/actions/targets/") + id).json.value(QLatin1String("target")).toObject();
    }

    QString addKey(const QString &targetId, const QByteArray &pem, const QString &expiration = {})
    {
        QJsonObject body{{QStringLiteral("publicKey"), b64(pem)}};
        if (!expiration.isEmpty())
            body.insert(QStringLiteral("expirationDate"), expiration);
        const Reply r = post(QStringLiteral("/v2/actions/targets/%1/publickeys").arg(targetId), body);
        if (r.status != 200)
            qWarning("add key: %d %s", r.status, r.body.constData());
        return r.json.value(QLatin1String("keyId")).toString();
    }

    QJsonArray listKeys(const QString &targetId, const QJsonObject &body = {})
    {
        return post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(targetId), body)
            .json.value(QLatin1String("publicKeys"))
            .toArray();
    }

    QStringList keyIds(const QJsonArray &keys)
    {
        QStringList out;
        for (const QJsonValue &k : keys)
            out << k.toObject().value(QLatin1String("keyId")).toString();
        return out;
    }

    Reply setExecution(const QJsonObject &condition, const QStringList &targets)
    {
        return send("PUT", QStringLiteral("/v2/actions/executions"),
                    compact({{QStringLiteral("condition"), condition},
                             {QStringLiteral("targets"), QJsonArray::fromStringList(targets)}}));
    }

    QJsonArray listExecutions(const QJsonObject &body = {})
    {
        return post(QStringLiteral("/v2/actions/executions/search"), body)
            .json.value(QLatin1String("executions"))
            .toArray();
    }

    // A ZITADEL error with details: status, code, id and the translated message.
    static void checkError(const Reply &r, int status, int code, const QString &id, const QString &text = {})
    {
        QCOMPARE(r.status, status);
        QVERIFY2(r.isJson, r.body.constData());
        QCOMPARE(r.json.value(QLatin1String("code")).toInt(), code);
        const QString message = r.json.value(QLatin1String("message")).toString();
        if (id.isEmpty()) {
            QVERIFY2(!r.json.contains(QLatin1String("details")), r.body.constData());
            return;
        }
        QVERIFY2(message.endsWith(QStringLiteral(" (") + id + QLatin1Char(')')), qPrintable(message));
        const QJsonArray details = r.json.value(QLatin1String("details")).toArray();
        QCOMPARE(details.size(), 1);
        const QJsonObject detail = details.at(0).toObject();
        QCOMPARE(detail.value(QLatin1String("@type")).toString(), kErrorDetailType);
        QCOMPARE(detail.value(QLatin1String("id")).toString(), id);
        QCOMPARE(message,
                 detail.value(QLatin1String("message")).toString() + QStringLiteral(" (") + id + QLatin1Char(')'));
        if (!text.isEmpty())
            QCOMPARE(detail.value(QLatin1String("message")).toString(), text);
        QCOMPARE(r.json.keys(),
                 (QStringList{QStringLiteral("code"), QStringLiteral("details"), QStringLiteral("message")}));
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_sandbox = targetdesk::test::startSandbox(&error);
        QVERIFY2(m_sandbox, qPrintable(error));
        QVERIFY(m_sandbox->port() != 0);
        QCOMPARE(m_sandbox->url().toString(), QStringLiteral("http://127.0.0.1:%1").arg(m_sandbox->port()));
        m_token = m_sandbox->generateToken(Role::ReadWrite);
        m_nam = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        m_nam.reset();
        m_sandbox.reset();
    }

    // ---- targets ----

    void createReturnsIdDateAndSigningKey()
    {
        const Reply r = post(QStringLiteral("/v2/actions/targets"),
                             obj("{\"name\":\"user-created\",\"restWebhook\":{},\"timeout\":\"10s\", "
                                 "\"endpoint\":\"https://hooks.example.com/user-created\"}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QVERIFY2(!r.body.contains('\n') && !r.body.contains(": "), r.body.constData()); // compact
        QCOMPARE(r.json.keys(),
                 (QStringList{QStringLiteral("creationDate"), QStringLiteral("id"), QStringLiteral("signingKey")}));
        QVERIFY((QRegularExpression(QStringLiteral("^[0-9]{10,20}$")).match(r.json[u"id"].toString()).hasMatch()));
        QVERIFY((QRegularExpression(QStringLiteral("^[A-Za-z0-9]{36}$"))
                     .match(r.json[u"signingKey"].toString())
                     .hasMatch()));
        QVERIFY((QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$"))
                     .match(r.json[u"creationDate"].toString())
                     .hasMatch()));
    }

    void getOmitsZeroValues()
    {
        const QString id = createTarget(QStringLiteral("plain"));
        const QJsonObject t = getTarget(id);
        QCOMPARE(t.value(QLatin1String("restWebhook")), QJsonValue(QJsonObject())); // marks the oneof
        QVERIFY(!t.contains(QLatin1String("payloadType")));                         // UNSPECIFIED omitted
        QCOMPARE(t.keys(),
                 (QStringList{QStringLiteral("changeDate"), QStringLiteral("creationDate"), QStringLiteral("endpoint"),
                              QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("restWebhook"),
                              QStringLiteral("signingKey"), QStringLiteral("timeout")}));
        QCOMPARE(t[u"timeout"].toString(), QStringLiteral("10s"));

        const QString id2 = createTarget(
            QStringLiteral("call"),
            obj("{\"restWebhook\":null, "
                "\"restCall\":{\"interruptOnError\":true},\"timeout\":\"1.5s\",\"payloadType\":\"PAYLOAD_TYPE_JWE\"}"));
        const QJsonObject t2 = getTarget(id2);
        QCOMPARE(t2[u"restCall"].toObject(), (obj("{\"interruptOnError\":true}")));
        QCOMPARE(t2[u"timeout"].toString(), QStringLiteral("1.500s"));
        QCOMPARE(t2[u"payloadType"].toString(), QStringLiteral("PAYLOAD_TYPE_JWE"));
        // Enum numbers are accepted on input, as protojson does.
        const QString id3 = createTarget(QStringLiteral("numbered"), obj("{\"payloadType\":2}"));
        QCOMPARE(getTarget(id3)[u"payloadType"].toString(), QStringLiteral("PAYLOAD_TYPE_JWT"));
    }

    void getUnknownIsNotFound()
    {
        const Reply r = send("GET", QStringLiteral("/v2/actions/targets/123456"));
        checkError(r, 404, 5, QStringLiteral("QUERY-hj5oaniyrz"), QStringLiteral("Target not found"));
        QCOMPARE(r.json[u"message"].toString(), QStringLiteral("Target not found (QUERY-hj5oaniyrz)"));
    }

    void duplicateNameIsAlreadyExists()
    {
        QVERIFY(!createTarget(QStringLiteral("dup")).isEmpty());
        const Reply r =
            post(QStringLiteral("/v2/actions/targets"),
                 obj("{\"name\":\"dup\",\"restAsync\":{},\"timeout\":\"5s\",\"endpoint\":\"https://x.example.com\"}"));
        // ZITADEL has no English text for this key: the message is the raw key.
        const QByteArray expected("{\"code\":6,\"details\":[{\"@type\":\"type.googleapis.com/zitadel.v1.ErrorDetail\","
                                  "\"id\":\"V3-DKcYh\",\"message\":\"Errors.Target.AlreadyExists\"}],"
                                  "\"message\":\"Errors.Target.AlreadyExists (V3-DKcYh)\"}");
        QCOMPARE(r.body, expected);
        QCOMPARE(r.status, 409);
    }

    void namesAreUniqueCaseInsensitively()
    {
        const QString hooks = createTarget(QStringLiteral("Hooks"));
        QVERIFY(!hooks.isEmpty());
        for (const char *name : {"hooks", "HOOKS", "hOoKs"}) {
            const Reply r = post(QStringLiteral("/v2/actions/targets"),
                                 {{QStringLiteral("name"), QString::fromLatin1(name)},
                                  {QStringLiteral("restAsync"), QJsonObject()},
                                  {QStringLiteral("timeout"), QStringLiteral("5s")},
                                  {QStringLiteral("endpoint"), QStringLiteral("https://x.example.com")}});
            checkError(r, 409, 6, QStringLiteral("V3-DKcYh"), QStringLiteral("Errors.Target.AlreadyExists"));
        }
        // Renaming another target to a case variant clashes too; a target may change the case of its own name.
        const QString other = createTarget(QStringLiteral("other"));
        checkError(post(QStringLiteral("/v2/actions/targets/") + other, obj("{\"name\":\"HOOKS\"}")), 409, 6,
                   QStringLiteral("V3-DKcYh"));
        QCOMPARE(post(QStringLiteral("/v2/actions/targets/") + hooks, obj("{\"name\":\"hooks\"}")).status, 200);
        QCOMPARE(getTarget(hooks)[u"name"].toString(), QStringLiteral("hooks"));
        // After the rename the old spelling is free only as far as no other case variant holds it.
        checkError(post(QStringLiteral("/v2/actions/targets/") + other, obj("{\"name\":\"Hooks\"}")), 409, 6,
                   QStringLiteral("V3-DKcYh"));
        QCOMPARE(send("DELETE", QStringLiteral("/v2/actions/targets/") + hooks).status, 200);
        QCOMPARE(post(QStringLiteral("/v2/actions/targets/") + other, obj("{\"name\":\"HOOKS\"}")).status, 200);
    }

    void createValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("id"); // empty: validation failure without details
        QTest::addColumn<QString>("message");
        const auto row = [](const char *tag, const char *body, int code, const char *id, const char *message) {
            QTest::newRow(tag) << QByteArray(body) << code << QString::fromLatin1(id) << QString::fromLatin1(message);
        };
        row("empty name", "{\"name\":\"\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\"}",
            3, "", "invalid CreateTargetRequest.Name: value length must be between 1 and 1000 runes, inclusive");
        row("no name", "{\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\"}", 3, "",
            "invalid CreateTargetRequest.Name");
        row("no type", "{\"name\":\"n\",\"timeout\":\"10s\",\"endpoint\":\"https://a.example\"}", 3, "",
            "invalid CreateTargetRequest.TargetType: value is required");
        row("two types",
            "{\"name\":\"n\",\"restWebhook\":{},\"restAsync\":{},\"timeout\":\"10s\",\"endpoint\":\"https://"
            "a.example\"}",
            3, "", "already set");
        row("async with interrupt",
            "{\"name\":\"n\",\"restAsync\":{\"interruptOnError\":true},\"timeout\":\"10s\", "
            "\"endpoint\":\"https://a.example\"}",
            3, "", "unknown field \"interruptOnError\"");
        row("timeout 0", "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"0s\",\"endpoint\":\"https://a.example\"}", 3,
            "COMMAND-39f35d8uri", "Target has no timeout");
        row("timeout missing", "{\"name\":\"n\",\"restWebhook\":{},\"endpoint\":\"https://a.example\"}", 3,
            "COMMAND-39f35d8uri", "Target has no timeout");
        row("timeout 271s",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"271s\",\"endpoint\":\"https://a.example\"}", 3, "",
            "value must be less than or equal to 4m30s");
        row("timeout negative",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"-1s\",\"endpoint\":\"https://a.example\"}", 3, "",
            "value must be greater than 0s");
        row("timeout not a duration",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10\",\"endpoint\":\"https://a.example\"}", 3, "",
            "timeout");
        row("endpoint empty", "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"\"}", 3, "",
            "invalid CreateTargetRequest.Endpoint: value length must be between 1 and 2048 runes, inclusive");
        row("endpoint not a url", "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"::\"}", 3,
            "COMMAND-1r2k6qo6wg", "");
        row("endpoint with a bad port",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example:80x/\"}", 3,
            "COMMAND-1r2k6qo6wg", "");
        row("endpoint with a broken escape",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example/%zz\"}", 3,
            "COMMAND-1r2k6qo6wg", "");
        row("unknown field",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\",\"x\":1}", 3, "",
            "unknown field \"x\"");
        row("snake_case field",
            "{\"name\":\"n\",\"rest_webhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\"}", 3, "",
            "unknown field \"rest_webhook\"");
        row("nested unknown field",
            "{\"name\":\"n\",\"restWebhook\":{\"interrupt\":true},\"timeout\":\"10s\", "
            "\"endpoint\":\"https://a.example\"}",
            3, "", "unknown field \"interrupt\"");
        row("wrong type", "{\"name\":5,\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\"}", 3,
            "", "string field name");
        row("wrong bool type",
            "{\"name\":\"n\",\"restCall\":{\"interruptOnError\":\"yes\"},\"timeout\":\"10s\", "
            "\"endpoint\":\"https://a.example\"}",
            3, "", "bool");
        row("unknown enum",
            "{\"name\":\"n\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://a.example\", "
            "\"payloadType\":\"PAYLOAD_TYPE_XML\"}",
            3, "", "enum");
        row("malformed json", "{\"name\":\"n\",", 3, "", "syntax error");
        row("array body", "[1,2]", 3, "", "syntax error");
    }
    void createValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(QString, id);
        QFETCH(QString, message);
        const Reply r = send("POST", QStringLiteral("/v2/actions/targets"), body);
        checkError(r, 400, code, id);
        QVERIFY2(r.json[u"message"].toString().contains(message), r.body.constData());
        QCOMPARE(m_sandbox->snapshot()[u"targets"].toArray().size(), 0);
    }

    void nameAndEndpointLengthLimits()
    {
        const QString longName(1000, QLatin1Char('n'));
        QVERIFY(!createTarget(longName).isEmpty());
        const Reply tooLong = post(QStringLiteral("/v2/actions/targets"),
                                   {{QStringLiteral("name"), QString(1001, QLatin1Char('n'))},
                                    {QStringLiteral("restAsync"), QJsonObject()},
                                    {QStringLiteral("timeout"), QStringLiteral("270s")},
                                    {QStringLiteral("endpoint"), QStringLiteral("https://a.example")}});
        checkError(tooLong, 400, 3, QString());
        const QString base = QStringLiteral("https://hooks.example.com/");
        QVERIFY((
            !createTarget(QStringLiteral("long-url"),
                          {{QStringLiteral("endpoint"), QString(base + QString(2048 - base.size(), QLatin1Char('a')))}})
                 .isEmpty()));
        const Reply urlTooLong =
            post(QStringLiteral("/v2/actions/targets"),
                 {{QStringLiteral("name"), QStringLiteral("u")},
                  {QStringLiteral("restAsync"), QJsonObject()},
                  {QStringLiteral("timeout"), QStringLiteral("1s")},
                  {QStringLiteral("endpoint"), QString(base + QString(2049 - base.size(), QLatin1Char('a')))}});
        checkError(urlTooLong, 400, 3, QString());
        // 270 s is the maximum and allowed.
        QCOMPARE((getTarget(createTarget(QStringLiteral("max"), {{QStringLiteral("timeout"), QStringLiteral("270s")}}))
                      .value(QLatin1String("timeout"))
                      .toString()),
                 QStringLiteral("270s"));
    }

    void deniedEndpoints_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("denied");
        const auto row = [](const char *url, bool denied) { QTest::newRow(url) << QString::fromLatin1(url) << denied; };
        row("http://localhost:8080/hook", true);
        row("https://api.localhost/hook", true);
        row("https://hooks.invalid/zitadel", true);
        row("http://127.0.0.1/", true);
        row("http://127.255.1.2/", true);
        row("http://10.1.2.3/", true);
        row("http://172.16.0.1/", true);
        row("http://172.31.255.254/", true);
        row("http://192.168.1.10/", true);
        row("http://169.254.169.254/latest/meta-data", true);
        row("http://100.64.0.1/", true);
        row("http://100.127.255.255/", true);
        row("http://0.0.0.0/", true);
        row("http://198.18.0.1/", true);
        row("http://198.19.255.255/", true);
        row("http://[::1]:8080/", true);
        row("http://[fc00::1]/", true);
        row("http://[fd12:3456::1]/", true);
        row("http://[fe80::1]/", true);
        row("http://[::ffff:10.0.0.1]/", true);
        row("https://hooks.example.com/zitadel", false);
        row("http://172.32.0.1/", false);
        row("http://100.128.0.1/", false);
        row("http://198.20.0.1/", false);
        row("http://11.0.0.1/", false);
        row("https://[2001:db8::1]/hook", false);
        // Go's url.Parse accepts these, but without a host the address lookup fails: denied, not invalid.
        row("no url at all", true);
        row("/just/a/path", true);
        row("https:///no-host", true);
        row("mailto:someone", true);
    }
    void deniedEndpoints()
    {
        QFETCH(QString, endpoint);
        QFETCH(bool, denied);
        const Reply r = post(QStringLiteral("/v2/actions/targets"), {{QStringLiteral("name"), QStringLiteral("t")},
                                                                     {QStringLiteral("restWebhook"), QJsonObject()},
                                                                     {QStringLiteral("timeout"), QStringLiteral("5s")},
                                                                     {QStringLiteral("endpoint"), endpoint}});
        if (denied)
            checkError(r, 400, 3, QStringLiteral("COMMAND-NcJUKo"), QStringLiteral("Errors.Target.DeniedURL"));
        else
            QCOMPARE(r.status, 200);
    }

    void allowPrivateEndpointsLiftsTheDenyList()
    {
        QVERIFY(!m_sandbox->allowPrivateEndpoints());
        m_sandbox->setAllowPrivateEndpoints(true);
        QVERIFY(m_sandbox->allowPrivateEndpoints());
        QVERIFY((
            !createTarget(QStringLiteral("loop"), {{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:9/")}})
                 .isEmpty()));
        QVERIFY((
            !createTarget(QStringLiteral("lh"), {{QStringLiteral("endpoint"), QStringLiteral("http://localhost:8080")}})
                 .isEmpty()));
        QVERIFY(
            (!createTarget(QStringLiteral("lan"), {{QStringLiteral("endpoint"), QStringLiteral("http://192.168.0.5")}})
                  .isEmpty()));
        // A name that cannot resolve stays refused.
        const Reply r =
            post(QStringLiteral("/v2/actions/targets"),
                 obj("{\"name\":\"x\",\"restAsync\":{},\"timeout\":\"1s\",\"endpoint\":\"https://a.invalid\"}"));
        checkError(r, 400, 3, QStringLiteral("COMMAND-NcJUKo"));
        // The update path checks too, and switching the option back denies again.
        m_sandbox->setAllowPrivateEndpoints(false);
        const QString id = createTarget(QStringLiteral("pub"));
        // The update's own id, as ZITADEL answers.
        checkError(post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"endpoint\":\"http://10.0.0.1/\"}")), 400,
                   3, QStringLiteral("COMMAND-jKbbu2"), QStringLiteral("Errors.Target.DeniedURL"));
    }

    void updateChangesOnlyPresentFields()
    {
        const QString id =
            createTarget(QStringLiteral("orig"),
                         obj("{\"restWebhook\":null, "
                             "\"restCall\":{\"interruptOnError\":true},\"payloadType\":\"PAYLOAD_TYPE_JWT\"}"));
        const QJsonObject before = getTarget(id);
        QTest::qWait(5);
        const Reply r = post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"name\":\"renamed\"}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("changeDate")})); // no signingKey without rotation
        QJsonObject after = getTarget(id);
        QCOMPARE(after[u"name"].toString(), QStringLiteral("renamed"));
        QCOMPARE(after[u"changeDate"].toString(), r.json[u"changeDate"].toString());
        QVERIFY(after[u"changeDate"].toString() != before[u"changeDate"].toString());
        for (const char *field : {"restCall", "timeout", "endpoint", "signingKey", "payloadType", "creationDate"})
            QCOMPARE(after.value(QLatin1String(field)), before.value(QLatin1String(field)));

        // Timeout, endpoint and payload type.
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/") + id,
                       obj("{\"timeout\":\"30s\",\"endpoint\":\"https://new.example.com/"
                           "x\",\"payloadType\":\"PAYLOAD_TYPE_JSON\"}"))
                      .status),
                 200);
        after = getTarget(id);
        QCOMPARE(after[u"timeout"].toString(), QStringLiteral("30s"));
        QCOMPARE(after[u"endpoint"].toString(), QStringLiteral("https://new.example.com/x"));
        QCOMPARE(after[u"payloadType"].toString(), QStringLiteral("PAYLOAD_TYPE_JSON"));
        QCOMPARE(after[u"restCall"].toObject(), (obj("{\"interruptOnError\":true}")));

        // Switching to restAsync shows no flag. Back to a webhook, the flag of the creation comes back: ZITADEL's
        // write model never wrote "off" (the interrupt-on-error defect).
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"restAsync\":{}}")).status), 200);
        after = getTarget(id);
        QCOMPARE(after[u"restAsync"], QJsonValue(QJsonObject()));
        QVERIFY(!after.contains(QLatin1String("restCall")));
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"restWebhook\":{}}")).status), 200);
        QCOMPARE(getTarget(id)[u"restWebhook"], QJsonValue(obj("{\"interruptOnError\":true}")));
    }

    // ZITADEL's defect (reference, UpdateTargetRequest): the write model never reads interruptOnError from the
    // creation event, so "off" on a target created with it on is answered 200 and not written.
    void interruptOnErrorDefectIsReproduced()
    {
        QVERIFY(m_sandbox->reproducesInterruptDefect()); // the default
        const QString id = createTarget(QStringLiteral("ioe"), obj("{\"restWebhook\":{\"interruptOnError\":true}}"));
        const QString path = QStringLiteral("/v2/actions/targets/") + id;
        const QString created = getTarget(id)[u"changeDate"].toString();
        QTest::qWait(5);
        Reply r = post(path, obj("{\"restWebhook\":{}}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json[u"changeDate"].toString(), created); // the old change date: nothing was written
        QCOMPARE(getTarget(id)[u"restWebhook"].toObject(), obj("{\"interruptOnError\":true}"));
        // A type switch carrying "off" switches the type and keeps the flag.
        QCOMPARE(post(path, obj("{\"restCall\":{}}")).status, 200);
        QCOMPARE(getTarget(id)[u"restCall"].toObject(), obj("{\"interruptOnError\":true}"));
        // The working sequence: on, then off.
        QCOMPARE(post(path, obj("{\"restCall\":{\"interruptOnError\":true}}")).status, 200);
        QCOMPARE(post(path, obj("{\"restCall\":{}}")).status, 200);
        QCOMPARE(getTarget(id)[u"restCall"].toObject(), QJsonObject());
        // The write model survives a restart through the data file.
        const QString persisted =
            createTarget(QStringLiteral("ioe2"), obj("{\"restWebhook\":{\"interruptOnError\":true}}"));
        QCOMPARE(post(QStringLiteral("/v2/actions/targets/") + persisted,
                      obj("{\"restWebhook\":{\"interruptOnError\":true}}"))
                     .status,
                 200);
        const QJsonObject snapshot = m_sandbox->snapshot();
        Sandbox restarted;
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("state.json"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(snapshot).toJson());
        }
        QString error;
        QVERIFY2(restarted.setDataFile(file, &error), qPrintable(error));
        QVERIFY(restarted.listen());
        const QString token = restarted.generateToken();
        const Reply off = sendTo(restarted.url(), "POST", QStringLiteral("/v2/actions/targets/") + persisted,
                                 "{\"restWebhook\":{}}", token, 5000);
        QCOMPARE(off.status, 200);
        const Reply back =
            sendTo(restarted.url(), "GET", QStringLiteral("/v2/actions/targets/") + persisted, {}, token, 5000);
        QCOMPARE(back.json[u"target"].toObject()[u"restWebhook"].toObject(), QJsonObject());
    }

    void interruptOnErrorFixedWhenAskedTo()
    {
        m_sandbox->setReproduceInterruptDefect(false);
        const QString id = createTarget(QStringLiteral("ioe"), obj("{\"restWebhook\":{\"interruptOnError\":true}}"));
        QCOMPARE(post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"restWebhook\":{}}")).status, 200);
        QCOMPARE(getTarget(id)[u"restWebhook"].toObject(), QJsonObject());
    }

    // Every request and answer example of shared/reference/zitadel-actions-v2.md, sent as written there.
    void referenceExamples()
    {
        const auto expect = [&](const QByteArray &verb, const QString &path, const QByteArray &body, int status,
                                const char *what) {
            const Reply r = send(verb, path, body);
            if (r.status != status)
                qWarning("%s: %d %s", what, r.status, r.body.constData());
            return r.status == status ? r : Reply{};
        };
        // Transport: restWebhook:{} is a webhook that does not interrupt; durations "10s" and "1.5s".
        Reply r = expect(
            "POST", QStringLiteral("/v2/actions/targets"),
            "{\"name\":\"hooks\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://hooks.example.com/a\"}",
            200, "create restWebhook:{}");
        QVERIFY(r.finished);
        const QString id = r.json[u"id"].toString();
        QCOMPARE(getTarget(id)[u"restWebhook"].toObject(), QJsonObject());
        QVERIFY(!createTarget(QStringLiteral("half"), obj("{\"timeout\":\"1.5s\"}")).isEmpty());
        // Unique case-insensitively: Hooks clashes with hooks (409, raw key).
        r = send(
            "POST", QStringLiteral("/v2/actions/targets"),
            "{\"name\":\"Hooks\",\"restAsync\":{},\"timeout\":\"10s\",\"endpoint\":\"https://hooks.example.com/b\"}");
        checkError(r, 409, 6, QStringLiteral("V3-DKcYh"), QStringLiteral("Errors.Target.AlreadyExists"));
        // Literal routes win: /search is ListTargets. uint64 as numbers or strings on input, strings on output.
        r = expect("POST", QStringLiteral("/v2/actions/targets/search"),
                   "{\"pagination\":{\"offset\":\"0\",\"limit\":100,\"asc\":true}}", 200, "list");
        QCOMPARE(r.json[u"pagination"].toObject(), obj("{\"totalResult\":\"2\",\"appliedLimit\":\"100\"}"));
        QVERIFY(expect("POST", QStringLiteral("/v2/actions/targets/search"),
                       "{\"pagination\":{\"offset\":0,\"limit\":\"1000\"}}", 200, "limit 1000")
                    .finished);
        checkError(send("POST", QStringLiteral("/v2/actions/targets/search"), "{\"pagination\":{\"limit\":1001}}"), 400,
                   3, QStringLiteral("QUERY-4M0fs"));
        for (const char *column : {"UNSPECIFIED", "ID", "CREATED_DATE", "CHANGED_DATE", "NAME", "TARGET_TYPE", "URL",
                                   "TIMEOUT", "INTERRUPT_ON_ERROR"}) {
            const QByteArray body = QByteArray("{\"sortingColumn\":\"TARGET_FIELD_NAME_") + column + "\"}";
            QVERIFY2(expect("POST", QStringLiteral("/v2/actions/targets/search"), body, 200, column).finished, column);
        }
        // ZITADEL's docs example TARGET_FIELD_NAME_CREATION_DATE does not exist.
        QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/search"),
                      "{\"sortingColumn\":\"TARGET_FIELD_NAME_CREATION_DATE\"}")
                     .status,
                 400);
        r = expect("POST", QStringLiteral("/v2/actions/targets/search"),
                   "{\"filters\":[{\"targetNameFilter\":{\"targetName\":\"x\",\"method\":\"TEXT_FILTER_METHOD_CONTAINS_"
                   "IGNORE_CASE\"}}]}",
                   200, "name filter");
        QVERIFY(r.finished);
        r = expect("POST", QStringLiteral("/v2/actions/targets/search"),
                   "{\"filters\":[{\"inTargetIdsFilter\":{\"targetIds\":[\"1\",\"2\"]}}]}", 200, "id filter");
        QVERIFY(r.finished);
        QVERIFY(!r.json.contains(QLatin1String("targets")));
        // UpdateTarget: expirationSigningKey "0s" rotates (a new 36-character key); absent fields stay.
        r = expect("POST", QStringLiteral("/v2/actions/targets/") + id, "{\"expirationSigningKey\":\"0s\"}", 200,
                   "rotate");
        QCOMPARE(r.json[u"signingKey"].toString().size(), 36);
        // Public keys: add (new keys inactive), activate, the active key cannot be removed, list, filters, sorting.
        const QString keyId = addKey(id, ecPublicPem());
        QVERIFY(!keyId.isEmpty());
        const QString keys = QStringLiteral("/v2/actions/targets/%1/publickeys").arg(id);
        r = expect("POST", keys + QStringLiteral("/") + keyId + QStringLiteral("/activate"), {}, 200, "activate");
        QCOMPARE(r.json.keys(), QStringList{QStringLiteral("changeDate")});
        checkError(send("DELETE", keys + QStringLiteral("/") + keyId), 400, 9,
                   QStringLiteral("ErrPublicKeyDeleteActiveKey"));
        for (const QByteArray &filter :
             {QByteArray(QByteArray("{\"keyIdsFilter\":{\"ids\":[\"") + keyId.toLatin1() + "\"]}}"),
              QByteArray("{\"activeFilter\":true}"),
              QByteArray("{\"expirationDateFilter\":{\"timestamp\":\"2099-01-01T00:00:00Z\",\"method\":\"TIMESTAMP_"
                         "FILTER_METHOD_BEFORE\"}}")}) {
            QVERIFY2(expect("POST", keys + QStringLiteral("/search"), "{\"filters\":[" + filter + "]}", 200,
                            filter.constData())
                         .finished,
                     filter.constData());
        }
        for (const char *method : {"EQUALS", "AFTER", "AFTER_OR_EQUALS", "BEFORE", "BEFORE_OR_EQUALS"}) {
            const QByteArray body = QByteArray("{\"filters\":[{\"expirationDateFilter\":{\"timestamp\":\"2099-01-01T00:"
                                               "00:00Z\",\"method\":\"TIMESTAMP_FILTER_METHOD_") +
                                    method + "\"}}]}";
            QVERIFY2(expect("POST", keys + QStringLiteral("/search"), body, 200, method).finished, method);
        }
        for (const char *column : {"UNSPECIFIED", "CREATION_DATE", "CHANGE_DATE", "EXPIRATION_DATE"}) {
            const QByteArray body = QByteArray("{\"sortingColumn\":\"PUBLIC_KEY_FIELD_NAME_") + column + "\"}";
            QVERIFY2(expect("POST", keys + QStringLiteral("/search"), body, 200, column).finished, column);
        }
        // Executions: every condition form of the reference.
        const QByteArray targets = "\"targets\":[\"" + id.toLatin1() + "\"]";
        for (const char *condition :
             {"{\"request\":{\"method\":\"/zitadel.user.v2.UserService/AddHumanUser\"}}",
              "{\"request\":{\"service\":\"zitadel.user.v2.UserService\"}}", "{\"request\":{\"all\":true}}",
              "{\"response\":{\"method\":\"/zitadel.user.v2.UserService/AddHumanUser\"}}",
              "{\"function\":{\"name\":\"preuserinfo\"}}", "{\"function\":{\"name\":\"preaccesstoken\"}}",
              "{\"function\":{\"name\":\"presamlresponse\"}}", "{\"event\":{\"event\":\"user.human.added\"}}",
              "{\"event\":{\"group\":\"user.human\"}}", "{\"event\":{\"all\":true}}"}) {
            const QByteArray body = "{\"condition\":" + QByteArray(condition) + "," + targets + "}";
            r = expect("PUT", QStringLiteral("/v2/actions/executions"), body, 200, condition);
            QVERIFY2(r.json.contains(QLatin1String("setDate")), condition);
        }
        // A group written with a trailing .* is refused; unknown and repeated target ids are 404; an empty id 400.
        QCOMPARE(send("PUT", QStringLiteral("/v2/actions/executions"),
                      "{\"condition\":{\"event\":{\"group\":\"user.human.*\"}}," + targets + "}")
                     .status,
                 404);
        QCOMPARE(send("PUT", QStringLiteral("/v2/actions/executions"),
                      "{\"condition\":{\"event\":{\"all\":true}},\"targets\":[\"424242\"]}")
                     .status,
                 404);
        checkError(send("PUT", QStringLiteral("/v2/actions/executions"),
                        "{\"condition\":{\"event\":{\"all\":true}},\"targets\":[\"" + id.toLatin1() + "\",\"" +
                            id.toLatin1() + "\"]}"),
                   404, 5, QStringLiteral("COMMAND-17e8fq1ggk"));
        QCOMPARE(send("PUT", QStringLiteral("/v2/actions/executions"),
                      "{\"condition\":{\"event\":{\"all\":true}},\"targets\":[\"\"]}")
                     .status,
                 400);
        for (const char *filter :
             {"{\"inConditionsFilter\":{\"conditions\":[{\"function\":{\"name\":\"preuserinfo\"}}]}}",
              "{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_REQUEST\"}}",
              "{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_RESPONSE\"}}",
              "{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_EVENT\"}}",
              "{\"executionTypeFilter\":{\"executionType\":\"EXECUTION_TYPE_FUNCTION\"}}"}) {
            const QByteArray body = "{\"filters\":[" + QByteArray(filter) + "]}";
            r = expect("POST", QStringLiteral("/v2/actions/executions/search"), body, 200, filter);
            QVERIFY2(!r.json[u"executions"].toArray().isEmpty(), filter);
        }
        r = expect("POST", QStringLiteral("/v2/actions/executions/search"),
                   "{\"filters\":[{\"targetFilter\":{\"targetId\":\"" + id.toLatin1() + "\"}}]}", 200, "target filter");
        QCOMPARE(r.json[u"executions"].toArray().size(), 10);
        // An empty targets list removes the execution.
        QVERIFY(expect("PUT", QStringLiteral("/v2/actions/executions"),
                       "{\"condition\":{\"event\":{\"all\":true}},\"targets\":[]}", 200, "remove")
                    .finished);
        for (const char *list : {"functions", "methods", "services"}) {
            r = expect("GET", QStringLiteral("/v2/actions/executions/") + QLatin1String(list), {}, 200, list);
            QVERIFY2(!r.json[QLatin1String(list)].toArray().isEmpty(), list);
        }
        // The error body example (UpdateTarget of a missing target) and the raw auth error.
        r = send("POST", QStringLiteral("/v2/actions/targets/999"), "{\"name\":\"z\"}");
        QCOMPARE(r.body, QByteArray("{\"code\":5,\"details\":[{\"@type\":\"type.googleapis.com/"
                                    "zitadel.v1.ErrorDetail\",\"id\":\"COMMAND-xj14f2cccn\",\"message\":\"Target not "
                                    "found\"}],\"message\":\"Target not found (COMMAND-xj14f2cccn)\"}"));
        r = send("POST", QStringLiteral("/v2/actions/targets/search"), {}, QStringLiteral("wrong-token"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json[u"message"].toString(), QStringLiteral("Errors.Token.Invalid (AUTH-7fs1e)"));
        // DeleteTarget answers {deletionDate} and removes the target from every execution.
        r = expect("DELETE", QStringLiteral("/v2/actions/targets/") + id, {}, 200, "delete");
        QCOMPARE(r.json.keys(), QStringList{QStringLiteral("deletionDate")});
        QVERIFY(listExecutions().isEmpty());
    }

    void updateRotatesSigningKey()
    {
        const QString id = createTarget(QStringLiteral("rot"));
        const QString oldKey = getTarget(id)[u"signingKey"].toString();
        const Reply r = post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"expirationSigningKey\":\"0s\"}"));
        QCOMPARE(r.status, 200);
        const QString newKey = r.json[u"signingKey"].toString();
        QVERIFY((QRegularExpression(QStringLiteral("^[A-Za-z0-9]{36}$")).match(newKey).hasMatch()));
        QVERIFY(newKey != oldKey);
        QCOMPARE(getTarget(id)[u"signingKey"].toString(), newKey);
        checkError(post(QStringLiteral("/v2/actions/targets/") + id, obj("{\"expirationSigningKey\":\"10s\"}")), 400, 3,
                   QString());
        QCOMPARE(getTarget(id)[u"signingKey"].toString(), newKey);
    }

    void updateErrors()
    {
        const QString a = createTarget(QStringLiteral("a"));
        QVERIFY(!createTarget(QStringLiteral("b")).isEmpty());
        const QString path = QStringLiteral("/v2/actions/targets/") + a;
        checkError(post(QStringLiteral("/v2/actions/targets/999"), obj("{\"name\":\"z\"}")), 404, 5,
                   QStringLiteral("COMMAND-xj14f2cccn"));
        checkError(post(path, obj("{\"name\":\"b\"}")), 409, 6, QStringLiteral("V3-DKcYh"));
        checkError(post(path, obj("{\"timeout\":\"0s\"}")), 400, 3, QStringLiteral("COMMAND-08b39vdi57"));
        checkError(post(path, obj("{\"endpoint\":\"::\"}")), 400, 3, QStringLiteral("COMMAND-jsbaera7b6"));
        checkError(post(path, obj("{\"name\":\"\"}")), 400, 3, QString());
        checkError(post(path, obj("{\"restCall\":{},\"restAsync\":{}}")), 400, 3, QString());
        checkError(post(path, obj("{\"interruptOnError\":true}")), 400, 3, QString());
        checkError(post(path, obj("{\"id\":\"other\"}")), 400, 3, QString());
        // Renaming to its own name is fine.
        QCOMPARE((post(path, obj("{\"name\":\"a\"}")).status), 200);
    }

    void deleteIsIdempotentAndCascades()
    {
        const QString t1 = createTarget(QStringLiteral("one"));
        const QString t2 = createTarget(QStringLiteral("two"));
        QVERIFY(!addKey(t1, ecPublicPem()).isEmpty());
        QCOMPARE((setExecution(obj("{\"event\":{\"event\":\"user.human.added\"}}"), {t1, t2}).status), 200);
        QCOMPARE((setExecution(obj("{\"function\":{\"name\":\"preuserinfo\"}}"), {t1}).status), 200);
        QCOMPARE(m_sandbox->snapshot()[u"publicKeys"].toObject().keys(), (QStringList{t1}));

        const Reply r = send("DELETE", QStringLiteral("/v2/actions/targets/") + t1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("deletionDate")}));
        checkError(send("GET", QStringLiteral("/v2/actions/targets/") + t1), 404, 5,
                   QStringLiteral("QUERY-hj5oaniyrz"));
        const QJsonArray executions = listExecutions();
        QCOMPARE(executions.size(), 1); // the function execution had only t1 and is gone
        QCOMPARE(executions.at(0)[u"targets"].toArray(), (QJsonArray{t2}));
        QVERIFY(m_sandbox->snapshot()[u"publicKeys"].toObject().isEmpty());
        // Idempotent; a missing target is answered without a deletion date.
        const Reply again = send("DELETE", QStringLiteral("/v2/actions/targets/") + t1);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, QByteArray("{}"));
        QCOMPARE(send("DELETE", QStringLiteral("/v2/actions/targets/424242")).body, QByteArray("{}"));
        // The name is free again.
        QVERIFY(!createTarget(QStringLiteral("one")).isEmpty());
    }

    // ---- ListTargets ----

    void listEmptyOmitsZeroValues()
    {
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, (QByteArray("{\"pagination\":{\"appliedLimit\":\"100\"}}")));
        // An empty body is an empty request.
        QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/search")).body, r.body);
    }

    void listPagination()
    {
        for (const char *n : {"t1", "t2", "t3", "t4", "t5"})
            QVERIFY(!createTarget(QString::fromLatin1(n)).isEmpty());
        Reply r = post(QStringLiteral("/v2/actions/targets/search"), {});
        QCOMPARE(r.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"5\",\"appliedLimit\":\"100\"}")));
        QCOMPARE(names(r.json[u"targets"].toArray()), (strs({"t5", "t4", "t3", "t2", "t1"}))); // newest first
        r = post(QStringLiteral("/v2/actions/targets/search"),
                 obj("{\"pagination\":{\"offset\":\"1\",\"limit\":2,\"asc\":true}}"));
        QCOMPARE(names(r.json[u"targets"].toArray()), (strs({"t2", "t3"})));
        QCOMPARE(r.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"5\",\"appliedLimit\":\"2\"}")));
        r = post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"offset\":4,\"limit\":\"2\"}}"));
        QCOMPARE(names(r.json[u"targets"].toArray()), (strs({"t1"})));
        r = post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"offset\":10}}"));
        QVERIFY(!r.json.contains(QLatin1String("targets")));
        QCOMPARE(r.json[u"pagination"][u"totalResult"].toString(), QStringLiteral("5"));
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"limit\":1000}}")).status),
                 200);
        checkError(post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"limit\":1001}}")), 400, 3,
                   QStringLiteral("QUERY-4M0fs"));
        checkError(post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"offset\":\"abc\"}}")),
                   400, 3, QString());
        checkError(post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"page\":1}}")), 400, 3,
                   QString());
    }

    void listSorting_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QStringList>("ascending");
        const auto row = [](const char *c, std::initializer_list<const char *> order) {
            QTest::newRow(c) << QString(QStringLiteral("TARGET_FIELD_NAME_") + QString::fromLatin1(c)) << strs(order);
        };
        row("UNSPECIFIED", {"bravo", "alpha", "charlie"});
        row("ID", {"bravo", "alpha", "charlie"});
        row("CREATED_DATE", {"bravo", "alpha", "charlie"});
        row("CHANGED_DATE", {"alpha", "charlie", "bravo"});
        row("NAME", {"alpha", "bravo", "charlie"});
        row("TARGET_TYPE", {"bravo", "alpha", "charlie"});
        row("URL", {"alpha", "charlie", "bravo"});
        row("TIMEOUT", {"alpha", "charlie", "bravo"});
        row("INTERRUPT_ON_ERROR", {"bravo", "charlie", "alpha"});
    }
    void listSorting()
    {
        QFETCH(QString, column);
        QFETCH(QStringList, ascending);
        const QString b =
            createTarget(QStringLiteral("bravo"), obj("{\"timeout\":\"20s\",\"endpoint\":\"https://c.example.com\"}"));
        QTest::qWait(3);
        createTarget(QStringLiteral("alpha"), obj("{\"restWebhook\":null,\"restCall\":{\"interruptOnError\":true}, "
                                                  "\"timeout\":\"5s\",\"endpoint\":\"https://a.example.com\"}"));
        QTest::qWait(3);
        createTarget(
            QStringLiteral("charlie"),
            obj("{\"restWebhook\":null,\"restAsync\":{},\"timeout\":\"10s\", \"endpoint\":\"https://b.example.com\"}"));
        QTest::qWait(3);
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/") + b, obj("{\"timeout\":\"21s\"}")).status), 200);
        QTest::qWait(3);
        const Reply asc = post(QStringLiteral("/v2/actions/targets/search"),
                               {{QStringLiteral("sortingColumn"), column},
                                {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("asc"), true}}}});
        QCOMPARE(names(asc.json[u"targets"].toArray()), ascending);
        const Reply desc =
            post(QStringLiteral("/v2/actions/targets/search"), {{QStringLiteral("sortingColumn"), column}});
        QStringList reversed(ascending.crbegin(), ascending.crend());
        QCOMPARE(names(desc.json[u"targets"].toArray()), reversed);
    }

    void listSortingRejectsDocsOnlyName()
    {
        // ZITADEL's docs mention TARGET_FIELD_NAME_CREATION_DATE; the enum has no such value.
        checkError(post(QStringLiteral("/v2/actions/targets/search"),
                        obj("{\"sortingColumn\":\"TARGET_FIELD_NAME_CREATION_DATE\"}")),
                   400, 3, QString());
    }

    void listNameFilter_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected"); // ascending by creation
        const auto row = [](const char *m, const char *text, std::initializer_list<const char *> expected) {
            QTest::newRow(m) << QString(QStringLiteral("TEXT_FILTER_METHOD_") + QString::fromLatin1(m))
                             << QString::fromLatin1(text) << strs(expected);
        };
        row("EQUALS", "alpha-two", {"alpha-two"});
        row("EQUALS_IGNORE_CASE", "ALPHA-TWO", {"alpha-two"});
        row("STARTS_WITH", "alpha", {"alpha-two"});
        row("STARTS_WITH_IGNORE_CASE", "alpha", {"Alpha-One", "alpha-two"});
        row("CONTAINS", "A", {"Alpha-One"});
        row("CONTAINS_IGNORE_CASE", "PHA", {"Alpha-One", "alpha-two", "beta-alpha"});
        row("ENDS_WITH", "Alpha", {});
        row("ENDS_WITH_IGNORE_CASE", "Alpha", {"beta-alpha"});
    }
    void listNameFilter()
    {
        QFETCH(QString, method);
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        for (const char *n : {"Alpha-One", "alpha-two", "beta-alpha", "gamma"})
            QVERIFY(!createTarget(QString::fromLatin1(n)).isEmpty());
        const QJsonObject filter{{QStringLiteral("targetNameFilter"), QJsonObject{{QStringLiteral("targetName"), text},
                                                                                  {QStringLiteral("method"), method}}}};
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"),
                             {{QStringLiteral("filters"), QJsonArray{filter}},
                              {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("asc"), true}}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(names(r.json[u"targets"].toArray()), expected);
        QCOMPARE(r.json[u"pagination"][u"totalResult"].toString().toInt(), expected.size());
    }

    void listIdFilterAndCombination()
    {
        const QString a = createTarget(QStringLiteral("a-1"));
        const QString b = createTarget(QStringLiteral("b-1"));
        createTarget(QStringLiteral("a-2"));
        Reply r = post(QStringLiteral("/v2/actions/targets/search"),
                       {{QStringLiteral("filters"),
                         QJsonArray{QJsonObject{{QStringLiteral("inTargetIdsFilter"),
                                                 QJsonObject{{QStringLiteral("targetIds"), QJsonArray{a, b}}}}}}}});
        QCOMPARE(names(r.json[u"targets"].toArray()), (strs({"b-1", "a-1"})));
        // Filters combine with AND.
        r = post(QStringLiteral("/v2/actions/targets/search"),
                 {{QStringLiteral("filters"),
                   QJsonArray{QJsonObject{{QStringLiteral("inTargetIdsFilter"),
                                           QJsonObject{{QStringLiteral("targetIds"), QJsonArray{a, b}}}}},
                              obj("{\"targetNameFilter\":{\"targetName\":\"a-\",\"method\":\"TEXT_FILTER_METHOD_STARTS_"
                                  "WITH\"}}")}}});
        QCOMPARE(names(r.json[u"targets"].toArray()), (strs({"a-1"})));
        // A filter object must name exactly one known filter.
        checkError(post(QStringLiteral("/v2/actions/targets/search"),
                        obj("{\"filters\":[{\"nameFilter\":{\"name\":\"a\"}}]}")),
                   400, 3, QString());
        checkError(post(QStringLiteral("/v2/actions/targets/search"), obj("{\"filters\":[{}]}")), 400, 3, QString());
        checkError(post(QStringLiteral("/v2/actions/targets/search"),
                        obj("{\"filters\":[{\"inTargetIdsFilter\":{\"ids\":[\"1\"]}}]}")),
                   400, 3, QString());
    }

    // ---- public keys ----

    void addPublicKeyAndList()
    {
        const QString target = createTarget(QStringLiteral("jwe"), obj("{\"payloadType\":\"PAYLOAD_TYPE_JWE\"}"));
        const QByteArray rsa = rsaPublicPem();
        const QByteArray ec = ecPublicPem(QStringLiteral("P-384"));
        QVERIFY(rsa.startsWith("-----BEGIN PUBLIC KEY-----"));
        const Reply r = post(QStringLiteral("/v2/actions/targets/%1/publickeys").arg(target),
                             {{QStringLiteral("publicKey"), b64(rsa)}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("creationDate"), QStringLiteral("keyId")}));
        const QString rsaId = r.json[u"keyId"].toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9]+$")).match(rsaId).hasMatch());
        const QString expiry = QStringLiteral("2099-01-02T03:04:05.123Z");
        const QString ecId = addKey(target, ec, expiry);
        QVERIFY(!ecId.isEmpty() && ecId != rsaId);

        const Reply list = post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(target),
                                obj("{\"pagination\":{\"asc\":true}}"));
        QCOMPARE(list.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"2\",\"appliedLimit\":\"100\"}")));
        const QJsonArray keys = list.json[u"publicKeys"].toArray();
        QCOMPARE(keyIds(keys), (QStringList{rsaId, ecId}));
        const QJsonObject k0 = keys.at(0).toObject();
        QCOMPARE(k0.keys(), (QStringList{QStringLiteral("changeDate"), QStringLiteral("creationDate"),
                                         QStringLiteral("fingerprint"), QStringLiteral("keyId"),
                                         QStringLiteral("publicKey")})); // inactive, no expiration: omitted
        QCOMPARE(QByteArray::fromBase64(k0[u"publicKey"].toString().toLatin1()), rsa);
        QCOMPARE(k0[u"fingerprint"].toString(), targetdesk::test::opensslFingerprint(rsa));
        const QJsonObject k1 = keys.at(1).toObject();
        QCOMPARE(k1[u"fingerprint"].toString(), targetdesk::test::opensslFingerprint(ec));
        QCOMPARE(k1[u"expirationDate"].toString(), expiry);
        QVERIFY(!k1.contains(QLatin1String("active")));
    }

    void addPublicKeyRejections_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("id");
        const QByteArray rsa = rsaPublicPem();
        const QByteArray pkcs1 =
            openssl({QStringLiteral("rsa"), QStringLiteral("-pubin"), QStringLiteral("-RSAPublicKey_out")}, rsa);
        QVERIFY(pkcs1.startsWith("-----BEGIN RSA PUBLIC KEY-----"));
        const QByteArray ed25519 =
            publicPemOf(newPrivateKey({QStringLiteral("-algorithm"), QStringLiteral("ed25519")}));
        QVERIFY(ed25519.startsWith("-----BEGIN PUBLIC KEY-----"));
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("k.pem"));
        openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                 QStringLiteral("-subj"), QStringLiteral("/CN=test"), QStringLiteral("-keyout"), keyFile,
                 QStringLiteral("-days"), QStringLiteral("1")});
        const QByteArray certificate = openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-key"),
                                                keyFile, QStringLiteral("-subj"), QStringLiteral("/CN=test"),
                                                QStringLiteral("-days"), QStringLiteral("1")});
        QVERIFY(certificate.startsWith("-----BEGIN CERTIFICATE-----"));
        const QByteArray k1 = ecPublicPem(QStringLiteral("secp256k1"));
        QVERIFY(k1.startsWith("-----BEGIN PUBLIC KEY-----"));

        const QString format = QStringLiteral("ErrPublicKeyFormat");
        QTest::newRow("pkcs1") << pkcs1 << format;
        QTest::newRow("ed25519") << ed25519 << format;
        QTest::newRow("certificate") << certificate << format;
        QTest::newRow("secp256k1") << k1 << format;
        QTest::newRow("garbage") << QByteArray("hello, not a key") << format;
        QByteArray broken = rsa;
        broken[40] = broken[40] == 'A' ? 'B' : 'A';
        broken.replace(60, 8, "AAAAAAAA");
        QTest::newRow("corrupt der") << broken << format;
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("too large") << (rsa + QByteArray(8193 - rsa.size(), '\n')) << QString();
    }
    void addPublicKeyRejections()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, id);
        const QString target = createTarget(QStringLiteral("t"));
        const Reply r = post(QStringLiteral("/v2/actions/targets/%1/publickeys").arg(target),
                             {{QStringLiteral("publicKey"), b64(pem)}});
        checkError(r, 400, 3, id);
        if (!id.isEmpty())
            QCOMPARE(r.json[u"message"].toString(), QStringLiteral("Public key is invalid (ErrPublicKeyFormat)"));
        QVERIFY(listKeys(target).isEmpty());
    }

    void addPublicKeyOtherErrors()
    {
        const QString target = createTarget(QStringLiteral("t"));
        const QByteArray ec = ecPublicPem();
        const QString path = QStringLiteral("/v2/actions/targets/%1/publickeys").arg(target);
        checkError(
            post(path, {{QStringLiteral("publicKey"), b64(ec)}, {QStringLiteral("expirationDate"), inSeconds(-60)}}),
            400, 3, QStringLiteral("ErrExpirationDateBeforeNow"));
        checkError(post(path, {{QStringLiteral("publicKey"), QStringLiteral("***not base64***")}}), 400, 3, QString());
        checkError(post(path, {{QStringLiteral("publicKey"), b64(ec)}, {QStringLiteral("expiration"), inSeconds(60)}}),
                   400, 3, QString());
        checkError(post(QStringLiteral("/v2/actions/targets/777/publickeys"), {{QStringLiteral("publicKey"), b64(ec)}}),
                   400, 9, QStringLiteral("COMMAND-nd3fsd"));
        // A key exactly at the size limit is accepted (trailing newlines after the PEM block).
        QCOMPARE((post(path, {{QStringLiteral("publicKey"), b64(ec + QByteArray(8192 - ec.size(), '\n'))}}).status),
                 200);
    }

    void pemLabelIsNotChecked()
    {
        // Current servers take any PEM label when the DER is a PKIX SubjectPublicKeyInfo.
        const QString target = createTarget(QStringLiteral("labels"));
        QByteArray ec = ecPublicPem();
        const QString fingerprint = targetdesk::test::opensslFingerprint(ec);
        ec.replace("BEGIN PUBLIC KEY", "BEGIN EC PUBLIC KEY").replace("END PUBLIC KEY", "END EC PUBLIC KEY");
        const QString keyId = addKey(target, ec);
        QVERIFY(!keyId.isEmpty());
        QCOMPARE(listKeys(target).at(0).toObject().value(QLatin1String("fingerprint")).toString(), fingerprint);
    }

    void publicKeyActivation()
    {
        const QString target = createTarget(QStringLiteral("keys"));
        const QString k1 = addKey(target, ecPublicPem());
        const QString k2 = addKey(target, ecPublicPem());
        const QString base = QStringLiteral("/v2/actions/targets/%1/publickeys/").arg(target);
        const auto active = [&] { return keyIds(listKeys(target, obj("{\"filters\":[{\"activeFilter\":true}]}"))); };
        QVERIFY(active().isEmpty()); // new keys start inactive

        Reply r = send("POST", base + k1 + QStringLiteral("/activate"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("changeDate")}));
        QCOMPARE(active(), (QStringList{k1}));
        QCOMPARE((listKeys(target, obj("{\"filters\":[{\"keyIdsFilter\":{\"ids\":[]}}]}")).size()), 0);
        const QJsonObject k1Json =
            listKeys(target,
                     QJsonObject{{QStringLiteral("filters"),
                                  QJsonArray{QJsonObject{{QStringLiteral("keyIdsFilter"),
                                                          QJsonObject{{QStringLiteral("ids"), QJsonArray{k1}}}}}}}})
                .at(0)
                .toObject();
        QCOMPARE(k1Json[u"active"], QJsonValue(true));

        // Activating another key deactivates the first in the same step.
        QCOMPARE(send("POST", base + k2 + QStringLiteral("/activate")).status, 200);
        QCOMPARE(active(), (QStringList{k2}));
        QCOMPARE((keyIds(listKeys(target, obj("{\"filters\":[{\"activeFilter\":false}]}")))), (QStringList{k1}));
        QCOMPARE(send("POST", base + k2 + QStringLiteral("/activate")).status, 200);   // already active: no-op
        QCOMPARE(send("POST", base + k1 + QStringLiteral("/deactivate")).status, 200); // inactive: no-op
        QCOMPARE(active(), (QStringList{k2}));

        // The active key cannot be removed.
        r = send("DELETE", base + k2);
        checkError(r, 400, 9, QStringLiteral("ErrPublicKeyDeleteActiveKey"));
        QCOMPARE(send("POST", base + k2 + QStringLiteral("/deactivate")).status, 200);
        QVERIFY(active().isEmpty());
        r = send("DELETE", base + k2);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("deletionDate")}));
        QCOMPARE(keyIds(listKeys(target)), (QStringList{k1}));
        // Removing a missing key, or a key of a missing target: a no-op answered with the zero time.
        const QByteArray zero("{\"deletionDate\":\"0001-01-01T00:00:00Z\"}");
        QCOMPARE(send("DELETE", base + k2).body, zero);
        const QString other = QStringLiteral("/v2/actions/targets/888/publickeys/");
        r = send("DELETE", other + k1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, zero);

        // Unknown keys and targets on activate/deactivate/add: 400 FailedPrecondition, not 404.
        checkError(send("POST", base + QStringLiteral("999/activate")), 400, 9, QStringLiteral("ErrKeyNotFound"),
                   QStringLiteral("Target not found"));
        checkError(send("POST", base + QStringLiteral("999/deactivate")), 400, 9, QStringLiteral("ErrKeyNotFound"));
        checkError(send("POST", other + k1 + QStringLiteral("/activate")), 400, 9, QStringLiteral("COMMAND-SAF4g"),
                   QStringLiteral("Target not found"));
        checkError(send("POST", other + k1 + QStringLiteral("/deactivate")), 400, 9, QStringLiteral("COMMAND-SAF4g"));
        checkError(post(QStringLiteral("/v2/actions/targets/888/publickeys"),
                        {{QStringLiteral("publicKey"), b64(ecPublicPem())}}),
                   400, 9, QStringLiteral("COMMAND-nd3fsd"), QStringLiteral("Target not found"));
        // Listing the keys of a missing target: an empty list.
        r = send("POST", other + QStringLiteral("search"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("{\"pagination\":{\"appliedLimit\":\"100\"}}"));
        // Activate takes no body fields beyond the path.
        checkError(send("POST", base + k1 + QStringLiteral("/activate"), "{\"force\":true}"), 400, 3, QString());
    }

    void expiredKeyCannotBeActivated()
    {
        const QString target = createTarget(QStringLiteral("exp"));
        const QString key = addKey(target, ecPublicPem(), inSeconds(1));
        QVERIFY(!key.isEmpty());
        QTest::qWait(1300);
        const Reply r = send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys/%2/activate").arg(target, key));
        checkError(r, 400, 9, QStringLiteral("ErrPublicKeyExpired"), QStringLiteral("Public key is expired"));
        QVERIFY(listKeys(target).at(0).toObject().value(QLatin1String("active")).isUndefined());
    }

    void listPublicKeyFiltersAndSorting()
    {
        const QString target = createTarget(QStringLiteral("many"));
        const QString exp2 = QStringLiteral("2090-05-01T00:00:00.250Z");
        const QString exp3 = QStringLiteral("2095-05-01T00:00:00Z");
        const QString k1 = addKey(target, ecPublicPem());
        QTest::qWait(3);
        const QString k2 = addKey(target, ecPublicPem(), exp2);
        QTest::qWait(3);
        const QString k3 = addKey(target, ecPublicPem(), exp3);
        QTest::qWait(3);
        QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys/%2/activate").arg(target, k2)).status,
                 200);

        const auto filtered = [&](const QString &method) {
            return keyIds(
                listKeys(target, {{QStringLiteral("filters"),
                                   QJsonArray{QJsonObject{
                                       {QStringLiteral("expirationDateFilter"),
                                        QJsonObject{{QStringLiteral("timestamp"), exp2},
                                                    {QStringLiteral("method"),
                                                     QString(QStringLiteral("TIMESTAMP_FILTER_METHOD_") + method)}}}}}},
                                  {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("asc"), true}}}}));
        };
        QCOMPARE(filtered(QStringLiteral("EQUALS")), (QStringList{k2}));
        QCOMPARE(filtered(QStringLiteral("AFTER")), (QStringList{k3}));
        QCOMPARE(filtered(QStringLiteral("AFTER_OR_EQUALS")), (QStringList{k2, k3}));
        QCOMPARE(filtered(QStringLiteral("BEFORE")), (QStringList{}));
        QCOMPARE(filtered(QStringLiteral("BEFORE_OR_EQUALS")), (QStringList{k2}));

        const auto sorted = [&](const char *column) {
            return keyIds(
                listKeys(target, {{QStringLiteral("sortingColumn"),
                                   QString(QStringLiteral("PUBLIC_KEY_FIELD_NAME_") + QString::fromLatin1(column))},
                                  {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("asc"), true}}}}));
        };
        QCOMPARE(sorted("UNSPECIFIED"), (QStringList{k1, k2, k3}));
        QCOMPARE(sorted("CREATION_DATE"), (QStringList{k1, k2, k3}));
        QCOMPARE(sorted("CHANGE_DATE"), (QStringList{k1, k3, k2}));
        QCOMPARE(sorted("EXPIRATION_DATE"), (QStringList{k2, k3, k1}));
        QCOMPARE(keyIds(listKeys(target)), (QStringList{k3, k2, k1})); // descending by default
        const Reply paged = post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(target),
                                 obj("{\"pagination\":{\"limit\":1,\"offset\":\"1\"}}"));
        QCOMPARE(keyIds(paged.json[u"publicKeys"].toArray()), (QStringList{k2}));
        QCOMPARE(paged.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"3\",\"appliedLimit\":\"1\"}")));
        checkError(post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(target),
                        obj("{\"filters\":[{\"activeFilter\":true,\"keyIdsFilter\":{\"ids\":[]}}]}")),
                   400, 3, QString());
        checkError(post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(target),
                        obj("{\"filters\":[{\"expirationDateFilter\":{\"timestamp\":\"yesterday\"}}]}")),
                   400, 3, QString());
    }

    // ---- executions ----

    void setAndListExecutions()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        const QList<QJsonObject> conditions = {
            obj("{\"request\":{\"method\":\"/zitadel.user.v2.UserService/AddHumanUser\"}}"),
            obj("{\"request\":{\"service\":\"zitadel.session.v2.SessionService\"}}"),
            obj("{\"request\":{\"all\":true}}"),
            obj("{\"response\":{\"method\":\"/zitadel.session.v2.SessionService/CreateSession\"}}"),
            obj("{\"response\":{\"all\":true}}"),
            obj("{\"function\":{\"name\":\"preaccesstoken\"}}"),
            obj("{\"event\":{\"event\":\"user.human.added\"}}"),
            obj("{\"event\":{\"group\":\"user.human\"}}"),
            obj("{\"event\":{\"all\":true}}"),
        };
        for (const QJsonObject &c : conditions) {
            const Reply r = setExecution(c, {a, b});
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json.keys(), (QStringList{QStringLiteral("setDate")}));
        }
        const Reply list =
            post(QStringLiteral("/v2/actions/executions/search"), obj("{\"pagination\":{\"asc\":true}}"));
        QCOMPARE(list.json[u"pagination"][u"totalResult"].toString(), QStringLiteral("9"));
        const QJsonArray executions = list.json[u"executions"].toArray();
        QCOMPARE(executions.size(), 9);
        QList<QJsonObject> seen;
        for (const QJsonValue &e : executions) {
            const QJsonObject o = e.toObject();
            QCOMPARE(o.keys(), (QStringList{QStringLiteral("changeDate"), QStringLiteral("condition"),
                                            QStringLiteral("creationDate"), QStringLiteral("targets")}));
            QCOMPARE(o[u"targets"].toArray(), (QJsonArray{a, b}));
            seen << o[u"condition"].toObject();
        }
        for (const QJsonObject &c : conditions)
            QVERIFY2(seen.contains(c), compact(c).constData());

        // Setting again replaces the targets, keeps the creation date; an empty list removes the execution.
        const QJsonObject fn = obj("{\"function\":{\"name\":\"preaccesstoken\"}}");
        const auto find = [&](const QJsonObject &c) {
            const QJsonArray found = listExecutions(
                {{QStringLiteral("filters"),
                  QJsonArray{QJsonObject{{QStringLiteral("inConditionsFilter"),
                                          QJsonObject{{QStringLiteral("conditions"), QJsonArray{c}}}}}}}});
            return found.isEmpty() ? QJsonObject() : found.at(0).toObject();
        };
        const QJsonObject before = find(fn);
        QTest::qWait(5);
        QCOMPARE((setExecution(fn, {b}).status), 200);
        const QJsonObject after = find(fn);
        QCOMPARE(after[u"targets"].toArray(), (QJsonArray{b}));
        QCOMPARE(after[u"creationDate"], before[u"creationDate"]);
        QVERIFY(after[u"changeDate"] != before[u"changeDate"]);
        QCOMPARE((setExecution(fn, {}).status), 200);
        QVERIFY(find(fn).isEmpty());
        QCOMPARE(listExecutions().size(), 8);
        QCOMPARE((setExecution(fn, {}).status), 200); // removing again is harmless
    }

    void setExecutionErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("id");
        const auto row = [](const char *tag, const char *body, int status, const char *id) {
            QTest::newRow(tag) << QByteArray(body) << status << QString::fromLatin1(id);
        };
        row("no condition", "{\"targets\":[\"T\"]}", 400, "");
        row("empty condition", "{\"condition\":{},\"targets\":[\"T\"]}", 400, "");
        row("two conditions",
            "{\"condition\":{\"request\":{\"all\":true},\"event\":{\"all\":true}},\"targets\":[\"T\"]}", 400, "");
        row("empty request", "{\"condition\":{\"request\":{}},\"targets\":[\"T\"]}", 400, "COMMAND-3tkej630e6");
        row("empty event", "{\"condition\":{\"event\":{}},\"targets\":[\"T\"]}", 400, "COMMAND-w5smb6v7qu");
        row("method and service",
            "{\"condition\":{\"request\":{\"method\":\"/zitadel.user.v2.UserService/AddHumanUser\", "
            "\"service\":\"zitadel.user.v2.UserService\"}},\"targets\":[\"T\"]}",
            400, "");
        row("all false", "{\"condition\":{\"request\":{\"all\":false}},\"targets\":[\"T\"]}", 400, "");
        row("unknown method",
            "{\"condition\":{\"request\":{\"method\":\"/zitadel.user.v2.UserService/Nope\"}},\"targets\":[\"T\"]}", 404,
            "COMMAND-vysplsevt8");
        row("unknown service",
            "{\"condition\":{\"response\":{\"service\":\"zitadel.nope.v2.Nope\"}},\"targets\":[\"T\"]}", 404,
            "COMMAND-qu6dfhiioq");
        row("unknown function", "{\"condition\":{\"function\":{\"name\":\"postlogin\"}},\"targets\":[\"T\"]}", 404,
            "COMMAND-cdy39t0ksr");
        row("bad event", "{\"condition\":{\"event\":{\"event\":\"User Added\"}},\"targets\":[\"T\"]}", 404,
            "COMMAND-74aaqj8fv9");
        row("unknown target", "{\"condition\":{\"function\":{\"name\":\"preuserinfo\"}},\"targets\":[\"T\",\"404\"]}",
            404, "COMMAND-17e8fq1ggk");
        row("unknown condition field", "{\"condition\":{\"request\":{\"methods\":\"x\"}},\"targets\":[\"T\"]}", 400,
            "");
        row("unknown top field", "{\"condition\":{\"request\":{\"all\":true}},\"targets\":[\"T\"],\"include\":\"x\"}",
            400, "");
        row("targets not strings", "{\"condition\":{\"request\":{\"all\":true}},\"targets\":[{\"target\":\"T\"}]}", 400,
            "");
    }
    void setExecutionErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, id);
        const QString t = createTarget(QStringLiteral("t"));
        body.replace("\"T\"", QByteArray("\"" + t.toLatin1() + "\""));
        const Reply r = send("PUT", QStringLiteral("/v2/actions/executions"), body);
        checkError(r, status, status == 404 ? 5 : 3, id);
        QVERIFY(listExecutions().isEmpty());
    }

    void listExecutionsFilters()
    {
        const QString a = createTarget(QStringLiteral("a"));
        const QString b = createTarget(QStringLiteral("b"));
        QCOMPARE((setExecution(obj("{\"request\":{\"all\":true}}"), {a}).status), 200);
        QCOMPARE((setExecution(obj("{\"response\":{\"service\":\"zitadel.user.v2.UserService\"}}"), {b}).status), 200);
        QCOMPARE((setExecution(obj("{\"function\":{\"name\":\"presamlresponse\"}}"), {a, b}).status), 200);
        QCOMPARE((setExecution(obj("{\"event\":{\"group\":\"user\"}}"), {b}).status), 200);

        const auto byType = [&](const char *type) {
            const QJsonArray found = listExecutions(
                {{QStringLiteral("filters"),
                  QJsonArray{QJsonObject{
                      {QStringLiteral("executionTypeFilter"),
                       QJsonObject{{QStringLiteral("executionType"),
                                    QString(QStringLiteral("EXECUTION_TYPE_") + QString::fromLatin1(type))}}}}}}});
            QStringList keys;
            for (const QJsonValue &e : found)
                keys << e[u"condition"].toObject().keys().join(QLatin1Char(','));
            return keys;
        };
        QCOMPARE(byType("REQUEST"), (QStringList{QStringLiteral("request")}));
        QCOMPARE(byType("RESPONSE"), (QStringList{QStringLiteral("response")}));
        QCOMPARE(byType("FUNCTION"), (QStringList{QStringLiteral("function")}));
        QCOMPARE(byType("EVENT"), (QStringList{QStringLiteral("event")}));
        QCOMPARE(byType("UNSPECIFIED").size(), 4);

        const QJsonArray withB = listExecutions(
            {{QStringLiteral("filters"), QJsonArray{QJsonObject{{QStringLiteral("targetFilter"),
                                                                 QJsonObject{{QStringLiteral("targetId"), b}}}}}}});
        QCOMPARE(withB.size(), 3);
        const QJsonArray inConditions = listExecutions(
            obj("{\"filters\":[{\"inConditionsFilter\":{\"conditions\":[ "
                "{\"request\":{\"all\":true}},{\"event\":{\"group\":\"user\"}},{\"event\":{\"all\":true}}]}}]}"));
        QCOMPARE(inConditions.size(), 2);
        // The group came back without a ".*" and an input with it names the same execution.
        const QJsonArray group = listExecutions(
            obj("{\"filters\":[{\"inConditionsFilter\":{\"conditions\":[ {\"event\":{\"group\":\"user.*\"}}]}}]}"));
        QCOMPARE(group.size(), 1);
        QCOMPARE(group.at(0)[u"condition"].toObject(), (obj("{\"event\":{\"group\":\"user\"}}")));

        const Reply paged =
            post(QStringLiteral("/v2/actions/executions/search"), obj("{\"pagination\":{\"limit\":1}}"));
        QCOMPARE(paged.json[u"executions"].toArray().size(), 1);
        QCOMPARE(paged.json[u"pagination"].toObject(), (obj("{\"totalResult\":\"4\",\"appliedLimit\":\"1\"}")));
        checkError(post(QStringLiteral("/v2/actions/executions/search"), obj("{\"pagination\":{\"limit\":5000}}")), 400,
                   3, QStringLiteral("QUERY-4M0fs"));
        checkError(post(QStringLiteral("/v2/actions/executions/search"), obj("{\"filters\":[{\"typeFilter\":{}}]}")),
                   400, 3, QString());
        // An empty list omits the array.
        QCOMPARE((post(QStringLiteral("/v2/actions/executions/search"),
                       obj("{\"filters\":[{\"targetFilter\":{\"targetId\":\"0\"}}]}"))
                      .body),
                 (QByteArray("{\"pagination\":{\"appliedLimit\":\"100\"}}")));
    }

    void executionCatalog()
    {
        Reply r = send("GET", QStringLiteral("/v2/actions/executions/functions"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, (QByteArray("{\"functions\":[\"preuserinfo\",\"preaccesstoken\",\"presamlresponse\"]}")));
        r = send("GET", QStringLiteral("/v2/actions/executions/services"));
        const QJsonArray services = r.json[u"services"].toArray();
        QVERIFY(services.size() >= 10);
        QVERIFY(services.contains(QStringLiteral("zitadel.user.v2.UserService")));
        QVERIFY(services.contains(QStringLiteral("zitadel.session.v2.SessionService")));
        QSet<QString> serviceSet;
        for (const QJsonValue &s : services)
            serviceSet.insert(s.toString());
        r = send("GET", QStringLiteral("/v2/actions/executions/methods"));
        const QJsonArray methods = r.json[u"methods"].toArray();
        QVERIFY(methods.size() >= 50);
        QVERIFY(methods.contains(QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser")));
        QVERIFY(methods.contains(QStringLiteral("/zitadel.session.v2.SessionService/CreateSession")));
        const QRegularExpression shape(QStringLiteral("^/(zitadel\\.[a-z_]+\\.v[0-9]\\.[A-Za-z]+)/[A-Z][A-Za-z]+$"));
        for (const QJsonValue &m : methods) {
            const auto match = shape.match(m.toString());
            QVERIFY2(match.hasMatch(), qPrintable(m.toString()));
            QVERIFY2(serviceSet.contains(match.captured(1)), qPrintable(m.toString()));
        }
        // Every listed method and service is accepted by SetExecution.
        const QString t = createTarget(QStringLiteral("t"));
        QCOMPARE(
            (setExecution({{QStringLiteral("request"), QJsonObject{{QStringLiteral("method"), methods.last()}}}}, {t})
                 .status),
            200);
        QCOMPARE((setExecution(
                      {{QStringLiteral("response"), QJsonObject{{QStringLiteral("service"), services.first()}}}}, {t})
                      .status),
                 200);
    }

    // ---- HTTP, auth, routing ----

    void authentication()
    {
        const QByteArray expected = QByteArray(
            "{\"code\":16,\"details\":[{\"@type\":\"type.googleapis.com/zitadel.v1.ErrorDetail\",\"id\":\"AUTH-7fs1e\","
            "\"message\":\"Errors.Token.Invalid\"}],\"message\":\"Errors.Token.Invalid (AUTH-7fs1e)\"}");
        Reply r = send("POST", QStringLiteral("/v2/actions/targets/search"), {}, QStringLiteral(""));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body, expected);
        r = send("POST", QStringLiteral("/v2/actions/targets/search"), {}, QStringLiteral("wrong"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body, expected);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 0); // not past auth
        // Basic auth is not a bearer token.
        QUrl url = m_sandbox->url();
        url.setPath(QStringLiteral("/v2/actions/targets/search"));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Authorization", "Basic " + m_token.toUtf8());
        QNetworkReply *reply = m_nam->post(request, QByteArray("{}"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        reply->deleteLater();

        // A token added by hand works, the header scheme is case-insensitive.
        m_sandbox->addToken(QStringLiteral("pat-123"), Role::ReadWrite);
        request.setRawHeader("Authorization", "bearer pat-123");
        reply = m_nam->post(request, QByteArray("{}"));
        QSignalSpy finished2(reply, &QNetworkReply::finished);
        QVERIFY(finished2.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 1);
    }

    void readOnlyTokenCannotWrite()
    {
        const QString id = createTarget(QStringLiteral("ro"));
        const QString viewer = m_sandbox->generateToken(Role::ReadOnly);
        QVERIFY(viewer != m_token && viewer.size() >= 32);
        QCOMPARE((send("GET", QStringLiteral("/v2/actions/targets/") + id, {}, viewer).status), 200);
        QCOMPARE((send("POST", QStringLiteral("/v2/actions/targets/search"), "{}", viewer).status), 200);
        QCOMPARE((send("POST", QStringLiteral("/v2/actions/executions/search"), "{}", viewer).status), 200);
        QCOMPARE(
            (send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(id), "{}", viewer).status),
            200);
        QCOMPARE((send("GET", QStringLiteral("/v2/actions/executions/methods"), {}, viewer).status), 200);
        const QList<QPair<QByteArray, QString>> writes = {
            {"POST", QStringLiteral("/v2/actions/targets")},
            {"POST", QStringLiteral("/v2/actions/targets/") + id},
            {"DELETE", QStringLiteral("/v2/actions/targets/") + id},
            {"POST", QStringLiteral("/v2/actions/targets/%1/publickeys").arg(id)},
            {"POST", QStringLiteral("/v2/actions/targets/%1/publickeys/1/activate").arg(id)},
            {"POST", QStringLiteral("/v2/actions/targets/%1/publickeys/1/deactivate").arg(id)},
            {"DELETE", QStringLiteral("/v2/actions/targets/%1/publickeys/1").arg(id)},
            {"PUT", QStringLiteral("/v2/actions/executions")},
        };
        for (const auto &[verb, path] : writes) {
            const Reply r = send(verb, path, "{}", viewer);
            checkError(r, 403, 7, QStringLiteral("AUTH-5mWD2"));
        }
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("DeleteTarget")), 1); // refused but authenticated
        QVERIFY(!getTarget(id).isEmpty());
    }

    void routing()
    {
        Reply r = send("GET", QStringLiteral("/v2/nothing/here"));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json[u"code"].toInt(), 5);
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/targets/1/extra/segments")).status, 404);
        QCOMPARE(send("GET", QStringLiteral("/")).status, 404);

        // Wrong methods on known paths, answered before authentication.
        const QList<QPair<QByteArray, QString>> wrong = {
            {"PATCH", QStringLiteral("/v2/actions/targets/1")},
            {"PUT", QStringLiteral("/v2/actions/targets/1")},
            {"GET", QStringLiteral("/v2/actions/targets")},
            {"DELETE", QStringLiteral("/v2/actions/targets")},
            {"POST", QStringLiteral("/v2/actions/executions")},
            {"GET", QStringLiteral("/v2/actions/executions")},
            {"PUT", QStringLiteral("/v2/actions/executions/search")},
            {"POST", QStringLiteral("/v2/actions/executions/methods")},
            {"GET", QStringLiteral("/v2/actions/targets/1/publickeys/2/activate")},
        };
        for (const auto &[verb, path] : wrong) {
            r = send(verb, path, {}, QStringLiteral(""));
            QVERIFY2(r.status == 405, qPrintable(QString::fromLatin1(verb) + QLatin1Char(' ') + path));
            QCOMPARE(r.json[u"code"].toInt(), 12);
        }

        // The literal route wins: POST .../targets/search is ListTargets, not UpdateTarget of "search".
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/search"), {}).status), 200);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 1);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("UpdateTarget")), 0);
        const QString id = createTarget(QStringLiteral("k"));
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/%1/publickeys/search").arg(id), {}).status), 200);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("ListPublicKeys")), 1);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("AddPublicKey")), 0);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("CreateTarget")), 1);
        // Percent-encoded path parameters are decoded.
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/targets/%1").arg(id)).status, 200);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("GetTarget")), 1);
    }

    // ---- faults ----

    void faultParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("remaining");
        const auto row = [](const char *text, bool valid, Fault::Kind kind, int delay, int status, int remaining) {
            QTest::newRow(text) << QString::fromLatin1(text) << valid << int(kind) << delay << status << remaining;
        };
        row("delay:250", true, Fault::Kind::Delay, 250, 503, -1);
        row("hang", true, Fault::Kind::Hang, 0, 503, -1);
        row("500", true, Fault::Kind::HttpError, 0, 500, -1);
        row("503", true, Fault::Kind::HttpError, 0, 503, -1);
        row("reset", true, Fault::Kind::Reset, 0, 503, -1);
        row("malformed", true, Fault::Kind::MalformedBody, 0, 503, -1);
        row("500*2", true, Fault::Kind::HttpError, 0, 500, 2);
        row("delay:10*3", true, Fault::Kind::Delay, 10, 503, 3);
        row("hang*1", true, Fault::Kind::Hang, 0, 503, 1);
        row("delay:", false, Fault::Kind::None, 0, 0, 0);
        row("delay:-5", false, Fault::Kind::None, 0, 0, 0);
        row("200", false, Fault::Kind::None, 0, 0, 0);
        row("reset*0", false, Fault::Kind::None, 0, 0, 0);
        row("reset*x", false, Fault::Kind::None, 0, 0, 0);
        row("explode", false, Fault::Kind::None, 0, 0, 0);
    }
    void faultParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto fault = Fault::parse(text);
        QCOMPARE(fault.has_value(), valid);
        if (!valid)
            return;
        QFETCH(int, kind);
        QFETCH(int, delayMs);
        QFETCH(int, httpStatus);
        QFETCH(int, remaining);
        QCOMPARE(int(fault->kind), kind);
        QCOMPARE(fault->delayMs, delayMs);
        QCOMPARE(fault->httpStatus, httpStatus);
        QCOMPARE(fault->remaining, remaining);
    }

    void faultDelay()
    {
        m_sandbox->setFault(QStringLiteral("ListTargets"), *Fault::parse(QStringLiteral("delay:300")));
        QElapsedTimer timer;
        timer.start();
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"), {});
        QCOMPARE(r.status, 200);
        QVERIFY2(timer.elapsed() >= 280, qPrintable(QString::number(timer.elapsed())));
        // Other routes are not delayed.
        timer.restart();
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/functions")).status, 200);
        QVERIFY(timer.elapsed() < 250);
    }

    void faultHangThenRecover()
    {
        m_sandbox->setFault(QStringLiteral("GetTarget"), *Fault::parse(QStringLiteral("hang*1")));
        const Reply hung = send("GET", QStringLiteral("/v2/actions/targets/1"), {}, {}, 400);
        QVERIFY(!hung.finished);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("GetTarget")), 1);
        // The client gave up; the sandbox dropped the held responder and answers the next request.
        QTest::qWait(50);
        checkError(send("GET", QStringLiteral("/v2/actions/targets/1")), 404, 5, QStringLiteral("QUERY-hj5oaniyrz"));
    }

    void faultHangThenDestroy()
    {
        m_sandbox->setFault(QStringLiteral("*"), *Fault::parse(QStringLiteral("hang")));
        QUrl url = m_sandbox->url();
        url.setPath(QStringLiteral("/v2/actions/targets/search"));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply *reply = m_nam->post(request, QByteArray("{}"));
        QTRY_COMPARE(m_sandbox->requestCount(QStringLiteral("ListTargets")), 1);
        // Destroying the sandbox with a held request must neither crash nor answer it.
        QSignalSpy finished(reply, &QNetworkReply::finished);
        m_sandbox.reset();
        QVERIFY(finished.wait(5000));
        QVERIFY(reply->error() != QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 0);
        reply->deleteLater();
    }

    void faultReset()
    {
        m_sandbox->setFault(QStringLiteral("CreateTarget"), *Fault::parse(QStringLiteral("reset")));
        const Reply r =
            post(QStringLiteral("/v2/actions/targets"),
                 obj("{\"name\":\"n\",\"restAsync\":{},\"timeout\":\"1s\",\"endpoint\":\"https://a.example\"}"));
        QVERIFY(r.finished);
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error == QNetworkReply::RemoteHostClosedError, qPrintable(QString::number(int(r.error))));
        QCOMPARE(m_sandbox->snapshot()[u"targets"].toArray().size(), 0); // not executed
    }

    void faultHttpErrors_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::newRow("500") << QStringLiteral("500") << 500 << 13;
        QTest::newRow("503") << QStringLiteral("503") << 503 << 14;
        QTest::newRow("502") << QStringLiteral("502") << 502 << 14;
    }
    void faultHttpErrors()
    {
        QFETCH(QString, fault);
        QFETCH(int, status);
        QFETCH(int, code);
        m_sandbox->setFault(QStringLiteral("ListTargets"), *Fault::parse(fault + QStringLiteral("*1")));
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"), {});
        checkError(r, status, code, QStringLiteral("SANDBOX-fault") + fault);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        // *1: the next request is normal again.
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/search"), {}).status), 200);
    }

    void faultMalformedBody()
    {
        m_sandbox->setFault(QStringLiteral("*"), *Fault::parse(QStringLiteral("malformed*2")));
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"), {});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.isEmpty());
        QVERIFY(!r.isJson);
        QVERIFY(!send("GET", QStringLiteral("/v2/actions/executions/services")).isJson);
        QVERIFY(send("GET", QStringLiteral("/v2/actions/executions/services")).isJson);
    }

    void faultRouteOverridesStarAndClears()
    {
        m_sandbox->setFault(QStringLiteral("*"), *Fault::parse(QStringLiteral("503")));
        m_sandbox->setFault(QStringLiteral("ListExecutionFunctions"), *Fault::parse(QStringLiteral("500")));
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/functions")).status, 500);
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/methods")).status, 503);
        // Faults come after routing and authentication.
        QCOMPARE((send("GET", QStringLiteral("/v2/actions/executions/methods"), {}, QStringLiteral("")).status), 401);
        QCOMPARE(send("PATCH", QStringLiteral("/v2/actions/executions/methods")).status, 405);
        m_sandbox->clearFaults();
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/functions")).status, 200);
        m_sandbox->setFault(QStringLiteral("ListExecutionMethods"), *Fault::parse(QStringLiteral("503")));
        m_sandbox->setFault(QStringLiteral("ListExecutionMethods"), Fault{});
        QCOMPARE(send("GET", QStringLiteral("/v2/actions/executions/methods")).status, 200);
    }

    // ---- state ----

    void persistenceRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("sandbox.json"));
        QString error;
        QVERIFY2(m_sandbox->setDataFile(path, &error), qPrintable(error));
        QVERIFY(QFile::exists(path));
        // Signing keys inside: owner only.
        const QFileDevice::Permissions others =
            QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());
        QSignalSpy changed(m_sandbox.get(), &Sandbox::changed);
        const QString id = createTarget(QStringLiteral("persisted"), obj("{\"payloadType\":\"PAYLOAD_TYPE_JWE\"}"));
        const QString key = addKey(id, ecPublicPem(), QStringLiteral("2099-12-31T23:59:59.999Z"));
        QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/%1/publickeys/%2/activate").arg(id, key)).status,
                 200);
        QCOMPARE((setExecution(obj("{\"event\":{\"group\":\"user.human\"}}"), {id}).status), 200);
        QCOMPARE(changed.size(), 4);
        // Reads do not count as changes.
        QVERIFY(!getTarget(id).isEmpty());
        QCOMPARE(changed.size(), 4);

        const QJsonObject snapshot = m_sandbox->snapshot();
        QCOMPARE(snapshot.keys(),
                 (QStringList{QStringLiteral("executions"), QStringLiteral("publicKeys"), QStringLiteral("targets")}));
        QCOMPARE(snapshot[u"targets"].toArray().at(0).toObject(), getTarget(id));
        QCOMPARE(snapshot[u"publicKeys"][id].toArray().at(0)[u"active"], QJsonValue(true));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), snapshot);
        file.close();

        // A second sandbox loads it and serves it.
        Sandbox other;
        QVERIFY2(other.setDataFile(path, &error), qPrintable(error));
        QCOMPARE(other.snapshot(), snapshot);
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        const QString token = other.generateToken();
        const Reply r = sendTo(other.url(), "GET", QStringLiteral("/v2/actions/targets/") + id, {}, token, 5000);
        QCOMPARE(r.json[u"target"].toObject(), getTarget(id));
        // New ids keep increasing past the loaded ones.
        const Reply created = sendTo(
            other.url(), "POST", QStringLiteral("/v2/actions/targets"),
            "{\"name\":\"next\",\"restAsync\":{},\"timeout\":\"1s\",\"endpoint\":\"https://a.example\"}", token, 5000);
        QCOMPARE(created.status, 200);
        QVERIFY(created.json[u"id"].toString().toULongLong() > key.toULongLong());
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(again.readAll()).object()[u"targets"].toArray().size(), 2);
    }

    void largeBodiesAreRefused()
    {
        QByteArray huge = "{\"name\":\"" + QByteArray(Sandbox::kMaxRequestBodyBytes, 'n') + "\"}";
        const Reply r = send("POST", QStringLiteral("/v2/actions/targets"), huge);
        QCOMPARE(r.status, 413);
        QVERIFY2(r.json[u"message"].toString().contains(QLatin1String("larger than 1048576 bytes")), r.body.left(200));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("CreateTarget")), 0);
        // Just below the limit is read (and refused by the name rule).
        const Reply below = send("POST", QStringLiteral("/v2/actions/targets"),
                                 "{\"name\":\"" + QByteArray(Sandbox::kMaxRequestBodyBytes - 20, 'n') + "\"}");
        QCOMPARE(below.status, 400);
    }

    void tokensAreComparedByDigest()
    {
        // Same-length near misses and prefixes of a valid token are all refused; the token itself works.
        const QString token = m_sandbox->generateToken();
        QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/search"), {}, token).status, 200);
        QString nearMiss = token;
        nearMiss[nearMiss.size() - 1] = nearMiss.back() == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
        for (const QString &wrong :
             QStringList{nearMiss, token.left(token.size() - 1), QString(token + QLatin1Char('x'))})
            QCOMPARE(send("POST", QStringLiteral("/v2/actions/targets/search"), {}, wrong).status, 401);
        QVERIFY(ActionService::secretEquals(token, token));
        QVERIFY(!ActionService::secretEquals(token, nearMiss));
    }

    void tokensAreComparedInConstantTime()
    {
        // The right token and a wrong one of the same length are both checked with CRYPTO_memcmp over SHA-256
        // digests (32 bytes), not with == or a hash-table lookup.
        const QString token = m_sandbox->generateToken();
        QString wrong = token;
        wrong[0] = wrong.front() == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
        for (const auto &[presented, status] : {std::pair(token, 200), std::pair(wrong, 401)}) {
            {
                const std::lock_guard lock(memcmpCalls().mutex);
                memcmpCalls().lengths.clear();
                memcmpCalls().recording = true;
            }
            const int got = send("POST", QStringLiteral("/v2/actions/targets/search"), {}, presented).status;
            const std::lock_guard lock(memcmpCalls().mutex);
            memcmpCalls().recording = false;
            QCOMPARE(got, status);
            const std::vector<size_t> &lengths = memcmpCalls().lengths;
            QVERIFY2(std::find(lengths.cbegin(), lengths.cend(), size_t(32)) != lengths.cend(),
                     qPrintable(QStringLiteral("%1 CRYPTO_memcmp call(s) of 32 bytes for a %2 token")
                                    .arg(std::count(lengths.cbegin(), lengths.cend(), size_t(32)))
                                    .arg(status == 200 ? QStringLiteral("right") : QStringLiteral("wrong"))));
        }
    }

    // The data file and a service-user key file are replaced or created through a rename (QSaveFile); the directory
    // is flushed after it, so a crash cannot bring back the old state.
    void writesFlushTheirDirectory()
    {
        using targetdesk::test::DiskFlushes;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("sandbox.json"));
        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.setDataFile(path, &error), qPrintable(error));
        QVERIFY(sandbox.listen(QHostAddress::LocalHost, 0));
        const QString token = sandbox.generateToken();
        {
            DiskFlushes::Recording recording;
            const Reply created =
                sendTo(sandbox.url(), "POST", QStringLiteral("/v2/actions/targets"),
                       "{\"name\":\"flushed\",\"restAsync\":{},\"timeout\":\"1s\",\"endpoint\":\"https://a.example\"}",
                       token, 5000);
            QCOMPARE(created.status, 200);
        }
        QString problem = DiskFlushes::checkFlushedAfterEntry(path);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const QString keyFile = dir.filePath(QStringLiteral("bot.json"));
        {
            DiskFlushes::Recording recording;
            QVERIFY2(sandbox.writeServiceUserKey(keyFile, Role::ReadWrite, &error), qPrintable(error));
        }
        problem = DiskFlushes::checkFlushedAfterEntry(keyFile);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void persistenceRejectsBadFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        const QList<QByteArray> contents = {
            "not json",
            "[1]",
            "{\"targets\":[{\"id\":\"1\"}]}",
            "{\"targets\":[],\"extra\":1}",
            "{\"publicKeys\":{\"42\":[]}}",
        };
        for (const QByteArray &content : contents) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
            f.close();
            Sandbox s;
            QString error;
            QVERIFY2(!s.setDataFile(path, &error), content.constData());
            QVERIFY(!error.isEmpty());
        }
        Sandbox s;
        QString error;
        QVERIFY(!s.setDataFile(dir.filePath(QStringLiteral("missing/dir/state.json")), &error));
        QVERIFY(!error.isEmpty());
    }

    void seedData()
    {
        QSignalSpy changed(m_sandbox.get(), &Sandbox::changed);
        m_sandbox->seed();
        QCOMPARE(changed.size(), 1);
        const Reply r = post(QStringLiteral("/v2/actions/targets/search"), obj("{\"pagination\":{\"asc\":true}}"));
        const QJsonArray targets = r.json[u"targets"].toArray();
        QVERIFY(targets.size() >= 6 && targets.size() <= 10);
        QSet<QString> types, payloads, ids;
        for (const QJsonValue &v : targets) {
            const QJsonObject t = v.toObject();
            for (const char *type : {"restWebhook", "restCall", "restAsync"}) {
                if (t.contains(QLatin1String(type)))
                    types.insert(QLatin1String(type));
            }
            payloads.insert(t[u"payloadType"].toString());
            ids.insert(t[u"id"].toString());
            QVERIFY(t[u"endpoint"].toString().startsWith(QLatin1String("https://")));
            QCOMPARE(t[u"signingKey"].toString().size(), 36);
        }
        QCOMPARE(types.size(), 3);
        for (const char *p : {"PAYLOAD_TYPE_JSON", "PAYLOAD_TYPE_JWT", "PAYLOAD_TYPE_JWE"})
            QVERIFY2(payloads.contains(QLatin1String(p)), p);
        QVERIFY(names(targets).contains(QStringLiteral("user-created-webhook")));

        // Keys: real, with correct fingerprints; an active one on a JWE target; an expired one.
        bool activeOnJwe = false;
        bool expired = false;
        int keyCount = 0;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const QJsonValue &v : targets) {
            const QJsonObject t = v.toObject();
            for (const QJsonValue &k : listKeys(t[u"id"].toString())) {
                ++keyCount;
                const QByteArray pem = QByteArray::fromBase64(k[u"publicKey"].toString().toLatin1());
                QCOMPARE(k[u"fingerprint"].toString(), targetdesk::test::opensslFingerprint(pem));
                if (k[u"active"].toBool() && t[u"payloadType"].toString() == QLatin1String("PAYLOAD_TYPE_JWE"))
                    activeOnJwe = true;
                const QDateTime exp = QDateTime::fromString(k[u"expirationDate"].toString(), Qt::ISODateWithMs);
                if (exp.isValid() && exp < now)
                    expired = true;
            }
        }
        QVERIFY(keyCount >= 3);
        QVERIFY(activeOnJwe);
        QVERIFY(expired);

        const QJsonArray executions = listExecutions();
        QVERIFY(executions.size() >= 3);
        for (const QJsonValue &e : executions) {
            for (const QJsonValue &id : e[u"targets"].toArray())
                QVERIFY(ids.contains(id.toString()));
        }
        // Seeding again adds nothing.
        m_sandbox->seed();
        QCOMPARE((post(QStringLiteral("/v2/actions/targets/search"), {}).json[u"targets"].toArray().size()),
                 targets.size());
    }

    void seedTargetsIsFast()
    {
        QElapsedTimer timer;
        timer.start();
        m_sandbox->seedTargets(10000);
        const qint64 seedMs = timer.elapsed();
        QVERIFY2(seedMs < 1000, qPrintable(QString::number(seedMs)));

        timer.restart();
        QSet<QString> ids;
        QStringList firstNames;
        for (int page = 0; page < 10; ++page) {
            const Reply r = post(QStringLiteral("/v2/actions/targets/search"),
                                 {{QStringLiteral("pagination"), QJsonObject{{QStringLiteral("offset"), page * 1000},
                                                                             {QStringLiteral("limit"), 1000},
                                                                             {QStringLiteral("asc"), true}}},
                                  {QStringLiteral("sortingColumn"), QStringLiteral("TARGET_FIELD_NAME_NAME")}});
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json[u"pagination"][u"totalResult"].toString(), QStringLiteral("10000"));
            const QJsonArray targets = r.json[u"targets"].toArray();
            QCOMPARE(targets.size(), 1000);
            firstNames << targets.at(0)[u"name"].toString();
            for (const QJsonValue &t : targets)
                ids.insert(t[u"id"].toString());
        }
        const qint64 listMs = timer.elapsed();
        QCOMPARE(ids.size(), 10000);
        QCOMPARE(firstNames.first(), QStringLiteral("target-00001"));
        QCOMPARE(firstNames.last(), QStringLiteral("target-09001"));
        QVERIFY2(listMs < 8000, qPrintable(QString::number(listMs)));
        qInfo("seedTargets(10000): %lld ms, 10 pages of 1000: %lld ms", seedMs, listMs);
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
