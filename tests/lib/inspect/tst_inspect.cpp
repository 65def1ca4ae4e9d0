#include "crypto/base64url.h"
#include "crypto/joseprimitives.h"
#include "crypto/jwe.h"
#include "crypto/jws.h"
#include "crypto/webhooksignature.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"
#include "inspect/payloadsummary.h"
#include "interopvectors.h"
#include "testfiles.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace targetdesk;
using namespace targetdesk::inspect;

namespace
{

// 2026-01-01T00:00:00Z, the t= of the committed captures.
constexpr qint64 captureTime = 1767225600;

QByteArray readData(const QString &name)
{
    return targetdesk::test::readTestData(QStringLiteral("jose/") + name);
}

QJsonArray vectors(const QString &generator)
{
    return test::interopVectors(generator);
}

crypto::PrivateKey pemKey(const QString &name)
{
    crypto::CryptoResult<crypto::PrivateKey> key =
        crypto::PrivateKey::fromPem(readData(QStringLiteral("interop/") + name));
    if (!key)
        qFatal("cannot read %s", qPrintable(name));
    return key.value();
}

crypto::Jwks jwks(const QString &name = QStringLiteral("jwks.json"))
{
    return crypto::Jwks::parse(readData(QStringLiteral("interop/") + name)).value();
}

// Every target key, as key files (no key id, the way `--key` passes them) or as the vault would (with ZITADEL's
// key ids, which are the JWE kids).
std::shared_ptr<KeyList> allKeys(bool withKeyIds)
{
    auto keys = std::make_shared<KeyList>();
    int id = 1;
    for (const char *name : {"rsa-2048", "rsa-3072", "ec-p256", "ec-p384", "ec-p521"})
        keys->add({pemKey(QStringLiteral("enc-%1.pem").arg(QLatin1String(name))),
                   QStringLiteral("enc-%1.pem").arg(QLatin1String(name)),
                   withKeyIds ? QStringLiteral("31000000000000000%1").arg(id++) : QString()});
    return keys;
}

InspectOptions fullOptions()
{
    InspectOptions options;
    options.keys = allKeys(true);
    options.jwks = jwks();
    options.signingKey = readData(QStringLiteral("interop/signing-key.txt"));
    options.now = captureTime + 42;
    return options;
}

QByteArray firstToken()
{
    return vectors(QStringLiteral("jwcrypto")).at(0).toObject().value(QLatin1String("token")).toString().toLatin1();
}

QByteArray withPart(const QByteArray &token, int index, const QByteArray &part)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

QByteArray tamperPart(const QByteArray &token, int index)
{
    QByteArray decoded = *crypto::base64UrlDecode(token.split('.').at(index));
    decoded[decoded.size() / 2] = char(decoded[decoded.size() / 2] ^ 0x01);
    return withPart(token, index, crypto::base64UrlEncode(decoded));
}

QJsonObject headerOf(const QByteArray &token)
{
    return QJsonDocument::fromJson(*crypto::base64UrlDecode(token.split('.').at(0))).object();
}

QByteArray withHeader(const QByteArray &token, const QJsonObject &header)
{
    return withPart(token, 0, crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)));
}

QString describe(const Report &report)
{
    return QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact)).left(2000);
}

} // namespace

class TestInspect : public QObject
{
    Q_OBJECT

private slots:
    void forms_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("form");
        QTest::addColumn<bool>("ok");
        const QByteArray jwe = firstToken();
        QTest::newRow("jwe") << jwe << int(Capture::Form::Jwe) << true;
        QTest::newRow("jwe with whitespace") << QByteArray("\n  " + jwe + " \r\n\t") << int(Capture::Form::Jwe) << true;
        QTest::newRow("jwt") << QByteArray("e30.e30.c2ln") << int(Capture::Form::Jws) << true;
        QTest::newRow("json") << QByteArray(" {\"event_type\":\"x\"}\n") << int(Capture::Form::Json) << true;
        QTest::newRow("capture line") << QByteArray("{\"headers\":{\"a\":[\"b\"]},\"body\":\"x.y.z\"}")
                                      << int(Capture::Form::JsonCapture) << true;
        QTest::newRow("http crlf") << readData(QStringLiteral("interop/capture-json.http"))
                                   << int(Capture::Form::HttpRequest) << true;
        QTest::newRow("http lf") << readData(QStringLiteral("interop/capture-jwt.http"))
                                 << int(Capture::Form::HttpRequest) << true;
        QTest::newRow("four parts") << QByteArray("a.b.c.d") << int(Capture::Form::Jwe) << false;
        QTest::newRow("empty") << QByteArray(" \n ") << int(Capture::Form::Json) << false;
        QTest::newRow("garbage") << QByteArray("hello world") << int(Capture::Form::Json) << false;
    }

    void forms()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, form);
        QFETCH(bool, ok);
        const Capture capture = parseCapture(input);
        QCOMPARE(int(capture.form), form);
        QCOMPARE(capture.ok(), ok);
    }

    void httpCapture()
    {
        const Capture capture = parseCapture(readData(QStringLiteral("interop/capture-jwe.http")));
        QVERIFY2(capture.ok(), qPrintable(capture.error));
        QCOMPARE(capture.requestLine, QStringLiteral("POST /webhook HTTP/1.1"));
        QVERIFY(capture.header("zitadel-signature"));
        QVERIFY(capture.header("ZITADEL-SIGNATURE")->startsWith("t=1767225600,v1="));
        QCOMPARE(capture.body, firstToken());
        // A body shorter than Content-Length is a truncated capture.
        QByteArray truncated = readData(QStringLiteral("interop/capture-jwe.http"));
        truncated.chop(10);
        QVERIFY(parseCapture(truncated).error.contains(QLatin1String("truncated")));
    }

    void interop_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        test::addInteropVectorRows({QStringLiteral("jwcrypto"), QStringLiteral("node"), QStringLiteral("gojose")});
    }

    void interop()
    {
        QFETCH(QJsonObject, vector);
        const auto text = [&](const char *name) { return vector.value(QLatin1String(name)).toString(); };
        InspectOptions options = fullOptions();
        options.jwks = jwks(vector.contains(QLatin1String("jwks")) ? text("jwks") : QStringLiteral("jwks.json"));
        const Report report = inspectDelivery(text("token").toLatin1(), options);
        QVERIFY2(report.ok(), qPrintable(describe(report)));
        const bool encrypted = vector.contains(QLatin1String("key"));
        QCOMPARE(report.form, encrypted ? Capture::Form::Jwe : Capture::Form::Jws);
        QCOMPARE(report.layers.size(), encrypted ? 3 : 2);
        if (encrypted) {
            QCOMPARE(report.decryptedWith, text("key"));
            QCOMPARE(report.layers.at(0).header.value(QLatin1String("kid")).toString(), text("kid"));
        }
        QVERIFY(report.signatureVerified);
        QCOMPARE(report.verifiedWith, text("signedBy"));
        if (encrypted) {
            // Key files without ids: the fitting ones are tried in turn.
            options.keys = allKeys(false);
            const Report byType = inspectDelivery(text("token").toLatin1(), options);
            QVERIFY2(byType.ok(), qPrintable(describe(byType)));
            QCOMPARE(byType.decryptedWith, text("key"));
        }
        QCOMPARE(report.payload, readData(QStringLiteral("interop/") + text("payload")));
        QCOMPARE(payloadKindName(report.kind), text("kind"));
        QVERIFY(!report.kindName.isEmpty());
        if (text("kind") != QLatin1String("request"))
            QVERIFY2(!report.timestamps.isEmpty(), qPrintable(describe(report)));
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QLatin1String("exit")).toInt(), 0);
        QCOMPARE(json.value(QLatin1String("payload")).toObject(), QJsonDocument::fromJson(report.payload).object());
    }

    // RFC 3339 times in string values, read by hand: what counts, what does not, and the instant each one names.
    void rfc3339Times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("utc"); // empty: not a time
        QTest::newRow("zulu") << QStringLiteral("2026-01-01T00:00:02Z") << QStringLiteral("2026-01-01T00:00:02.000Z");
        QTest::newRow("nanoseconds cut to ms")
            << QStringLiteral("2026-01-01T00:00:02.123456789Z") << QStringLiteral("2026-01-01T00:00:02.123Z");
        QTest::newRow("one fraction digit")
            << QStringLiteral("2026-01-01T00:00:02.5Z") << QStringLiteral("2026-01-01T00:00:02.500Z");
        QTest::newRow("space and lower z")
            << QStringLiteral("2026-06-30 23:59:59z") << QStringLiteral("2026-06-30T23:59:59.000Z");
        QTest::newRow("plus offset") << QStringLiteral("2026-01-01T01:30:00+02:00")
                                     << QStringLiteral("2025-12-31T23:30:00.000Z");
        QTest::newRow("minus offset") << QStringLiteral("2026-01-01T22:00:00.25-03:30")
                                      << QStringLiteral("2026-01-02T01:30:00.250Z");
        QTest::newRow("leap day") << QStringLiteral("2024-02-29T12:00:00Z")
                                  << QStringLiteral("2024-02-29T12:00:00.000Z");
        QTest::newRow("no leap day") << QStringLiteral("2026-02-29T12:00:00Z") << QString();
        QTest::newRow("hour 24") << QStringLiteral("2026-01-01T24:00:00Z") << QString();
        QTest::newRow("no zone") << QStringLiteral("2026-01-01T00:00:02.000") << QString();
        QTest::newRow("ten fraction digits") << QStringLiteral("2026-01-01T00:00:02.1234567891Z") << QString();
        QTest::newRow("empty fraction") << QStringLiteral("2026-01-01T00:00:02.Z") << QString();
        QTest::newRow("offset without colon") << QStringLiteral("2026-01-01T00:00:02+0200") << QString();
        QTest::newRow("offset hour 24") << QStringLiteral("2026-01-01T00:00:02+24:00") << QString();
        QTest::newRow("trailing text") << QStringLiteral("2026-01-01T00:00:02Z ") << QString();
        QTest::newRow("letters in the date") << QStringLiteral("2026-0a-01T00:00:02Z") << QString();
        QTest::newRow("other digits") << QStringLiteral("2026-01-01T00:00:0\u0662Z") << QString();
        QTest::newRow("a date only") << QStringLiteral("2026-01-01") << QString();
    }
    void rfc3339Times()
    {
        QFETCH(QString, text);
        QFETCH(QString, utc);
        const QList<Timestamp> found = findTimestamps(QJsonObject{{QStringLiteral("at"), text}});
        if (utc.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(text));
            return;
        }
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).path, QStringLiteral("at"));
        QCOMPARE(found.at(0).raw, text);
        QCOMPARE(found.at(0).time.toUTC().toString(Qt::ISODateWithMs), utc);
    }

    void payloadDetails()
    {
        const Report event = inspectDelivery(readData(QStringLiteral("interop/payload-event.json")));
        QVERIFY(event.ok());
        QCOMPARE(event.kind, PayloadKind::Event);
        QCOMPARE(event.kindName, QStringLiteral("user.human.added"));
        QCOMPARE(event.timestamps.size(), 1);
        QCOMPARE(event.timestamps.at(0).path, QStringLiteral("created_at"));
        QCOMPARE(readableTime(event.timestamps.at(0).time), QStringLiteral("2026-01-01 00:00:02 UTC"));

        const Report response = inspectDelivery(readData(QStringLiteral("interop/payload-response.json")));
        QCOMPARE(response.kind, PayloadKind::Response);
        QCOMPARE(response.kindName, QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
        QCOMPARE(response.timestamps.at(0).path, QStringLiteral("response.details.changeDate"));

        const Report function = inspectDelivery(readData(QStringLiteral("interop/payload-function.json")));
        QCOMPARE(function.kind, PayloadKind::Function);
        QCOMPARE(function.kindName, QStringLiteral("function/preuserinfo"));
        QStringList paths;
        for (const Timestamp &time : function.timestamps)
            paths.append(time.path);
        QVERIFY2(paths.contains(QStringLiteral("userinfo.updated_at")), qPrintable(paths.join(QLatin1Char(' '))));
        QVERIFY(paths.contains(QStringLiteral("user.creation_date")));

        QCOMPARE(inspectDelivery(readData(QStringLiteral("interop/payload-request.json"))).kind, PayloadKind::Request);
    }

    void keyChoice()
    {
        // The key whose id is the JWE kid is tried first, even when a fitting key file comes earlier.
        const QJsonObject vector = vectors(QStringLiteral("jwcrypto")).at(0).toObject();
        const QString kid = vector.value(QLatin1String("kid")).toString();
        auto keys = std::make_shared<KeyList>();
        crypto::CryptoResult<crypto::PrivateKey> stranger = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
        keys->add({*stranger, QStringLiteral("stranger.pem"), QString()});
        keys->add({pemKey(QStringLiteral("enc-ec-p256.pem")), QStringLiteral("ec.pem"), QString()});
        keys->add({pemKey(QStringLiteral("enc-rsa-2048.pem")), QStringLiteral("vault: billing"), kid});
        InspectOptions options;
        options.keys = keys;
        const Report report = inspectDelivery(vector.value(QLatin1String("token")).toString().toLatin1(), options);
        QVERIFY2(report.ok(), qPrintable(describe(report)));
        QCOMPARE(report.decryptedWith, QStringLiteral("vault: billing"));
        const Check *decryption = report.check(Check::Kind::Decryption);
        QVERIFY(decryption->summary.contains(QLatin1String("key id ") + kid));
        // The EC key was skipped by type and the stranger never needed.
        QVERIFY(decryption->attempts.first().startsWith(QLatin1String("ec.pem: skipped")));
        QCOMPARE(decryption->attempts.last(), QStringLiteral("vault: billing: decrypted"));

        // Without key ids: fitting key files in turn, the wrong one first.
        auto files = std::make_shared<KeyList>();
        files->add({*stranger, QStringLiteral("stranger.pem"), QString()});
        files->add({pemKey(QStringLiteral("enc-rsa-2048.pem")), QStringLiteral("right.pem"), QString()});
        options.keys = files;
        const Report second = inspectDelivery(vector.value(QLatin1String("token")).toString().toLatin1(), options);
        QVERIFY2(second.ok(), qPrintable(describe(second)));
        QCOMPARE(second.decryptedWith, QStringLiteral("right.pem"));
        QVERIFY(
            second.check(Check::Kind::Decryption)->attempts.at(0).startsWith(QLatin1String("stranger.pem: Could not")));
        // No JWKS: the JWT is shown, unverified, and that is not an error.
        QCOMPARE(second.check(Check::Kind::Signature)->status, Check::Status::NotChecked);
        QVERIFY(!second.signatureVerified);
    }

    void webhookSignatures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QByteArray>("signingKey");
        QTest::addColumn<int>("tolerance");
        QTest::addColumn<int>("exit");
        QTest::addColumn<int>("status");
        const QByteArray key = readData(QStringLiteral("interop/signing-key.txt"));
        const int passed = int(Check::Status::Passed);
        const int failed = int(Check::Status::Failed);
        const int notChecked = int(Check::Status::NotChecked);
        for (const char *file : {"capture-json.http", "capture-jwt.http", "capture-jwe.http"}) {
            QTest::addRow("%s valid", file) << file << captureTime + 10 << key << 300 << 0 << passed;
            QTest::addRow("%s wrong key", file) << file << captureTime + 10 << QByteArray("nope") << 300 << 5 << failed;
            QTest::addRow("%s too old", file) << file << captureTime + 301 << key << 300 << 5 << failed;
            QTest::addRow("%s old, not enforced", file) << file << captureTime + 86400 << key << -1 << 0 << passed;
            // ZITADEL's verifier accepts a future timestamp; the inspector passes it with a note.
            QTest::addRow("%s future", file) << file << captureTime - 3600 << key << 300 << 0 << passed;
            QTest::addRow("%s no key", file) << file << captureTime << QByteArray() << 300 << 0 << notChecked;
        }
    }

    void webhookSignatures()
    {
        QFETCH(QString, file);
        QFETCH(qint64, now);
        QFETCH(QByteArray, signingKey);
        QFETCH(int, tolerance);
        QFETCH(int, exit);
        QFETCH(int, status);
        InspectOptions options = fullOptions();
        options.now = now;
        options.signingKey = signingKey;
        options.signatureTolerance = tolerance;
        const Report report = inspectDelivery(readData(QStringLiteral("interop/") + file), options);
        QCOMPARE(report.form, Capture::Form::HttpRequest);
        QVERIFY2(report.exitCode() == exit, qPrintable(describe(report)));
        QCOMPARE(int(report.check(Check::Kind::WebhookSignature)->status), status);
        if (now < captureTime)
            QVERIFY(report.check(Check::Kind::WebhookSignature)->summary.contains(QLatin1String("in the future")));
        // Even with a bad webhook signature the payload is shown.
        QVERIFY(report.payloadReached);
        QCOMPARE(report.kind, PayloadKind::Request);
    }

    void bulkLines()
    {
        const QList<QByteArray> lines = readData(QStringLiteral("interop/captures.jsonl")).split('\n');
        int seen = 0;
        for (const QByteArray &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            ++seen;
            const Report report = inspectDelivery(line, fullOptions());
            QCOMPARE(report.form, Capture::Form::JsonCapture);
            QVERIFY2(report.ok(), qPrintable(describe(report)));
            QCOMPARE(report.check(Check::Kind::WebhookSignature)->status, Check::Status::Passed);
        }
        QCOMPARE(seen, 3);
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QString>("message");
        const QByteArray jwe = firstToken();
        const QByteArray ecJwe =
            vectors(QStringLiteral("jwcrypto")).at(8).toObject().value(QLatin1String("token")).toString().toLatin1();
        const QString generic =
            QStringLiteral("Could not decrypt: the token was not encrypted to this key, or it was changed.");
        QJsonObject header = headerOf(jwe);

        QTest::newRow("truncated") << jwe.left(jwe.lastIndexOf('.')) << 3 << "4 dot-separated parts";
        QTest::newRow("truncated tag") << jwe.chopped(4) << 3 << "authentication tag is";
        QTest::newRow("bad character") << QByteArray(jwe).replace(jwe.indexOf('.') + 5, 1, "*") << 3
                                       << "Not a JWE, JWT";
        QTest::newRow("bad base64") << withPart(jwe, 2, "abcde") << 3 << "The JWE IV is not valid base64url";
        QTest::newRow("bad base64 in iv") << withPart(jwe, 2, "!!!!") << 3 << "Not a JWE";
        QTest::newRow("padding") << withPart(jwe, 2, jwe.split('.').at(2) + "==") << 3 << "Not a JWE";
        QTest::newRow("header not an object")
            << withPart(jwe, 0, crypto::base64UrlEncode("[1,2]")) << 3 << "not a JSON object";
        QTest::newRow("header not json") << withPart(jwe, 0, crypto::base64UrlEncode("{alg")) << 3 << "not valid JSON";
        QTest::newRow("tampered tag") << tamperPart(jwe, 4) << 4 << generic;
        QTest::newRow("tampered ciphertext") << tamperPart(jwe, 3) << 4 << generic;
        QTest::newRow("tampered iv") << tamperPart(jwe, 2) << 4 << generic;
        QTest::newRow("tampered encrypted key") << tamperPart(jwe, 1) << 4 << generic;
        QJsonObject changed = header;
        changed.insert(QStringLiteral("kid"), QStringLiteral("310000000000000009"));
        QTest::newRow("tampered header") << withHeader(jwe, changed) << 4 << generic;
        QTest::newRow("tampered ec tag") << tamperPart(ecJwe, 4) << 4 << generic;

        QJsonObject ecHeader = headerOf(ecJwe);
        QJsonObject epk = ecHeader.value(QLatin1String("epk")).toObject();
        QByteArray y = *crypto::base64UrlDecode(epk.value(QLatin1String("y")).toString().toLatin1());
        y[5] = char(y[5] ^ 0x10);
        epk.insert(QStringLiteral("y"), QString::fromLatin1(crypto::base64UrlEncode(y)));
        QJsonObject offCurve = ecHeader;
        offCurve.insert(QStringLiteral("epk"), epk);
        QTest::newRow("off-curve epk") << withHeader(ecJwe, offCurve) << 4 << "point on P-256";
        QJsonObject wrongCurve = ecHeader;
        QJsonObject p384 = headerOf(vectors(QStringLiteral("jwcrypto"))
                                        .at(12)
                                        .toObject()
                                        .value(QLatin1String("token"))
                                        .toString()
                                        .toLatin1())
                               .value(QLatin1String("epk"))
                               .toObject();
        wrongCurve.insert(QStringLiteral("epk"), p384);
        QTest::newRow("wrong-curve epk") << withHeader(ecJwe, wrongCurve) << 4
                                         << "is on P-384, but the key is on P-256";

        QJsonObject rsa15 = header;
        rsa15.insert(QStringLiteral("alg"), QStringLiteral("RSA1_5"));
        QTest::newRow("RSA1_5") << withHeader(jwe, rsa15) << 4 << "padding-oracle";
        QJsonObject none = header;
        none.insert(QStringLiteral("alg"), QStringLiteral("none"));
        QTest::newRow("jwe alg none") << withHeader(jwe, none) << 4 << "not encryption";
        QJsonObject crit = header;
        crit.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("urn:example:ttl")});
        QTest::newRow("crit unknown") << withHeader(jwe, crit) << 4 << "urn:example:ttl";
        QJsonObject big = header;
        big.insert(QStringLiteral("x"), QString(20000, QLatin1Char('a')));
        QTest::newRow("huge header") << withHeader(jwe, big) << 3 << "too large";
        QByteArray deep = "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"x\":" + QByteArray(3000, '[') +
                          QByteArray(3000, ']') + "}";
        QTest::newRow("deeply nested header")
            << withPart(jwe, 0, crypto::base64UrlEncode(deep)) << 3 << "nested too deeply";
        QTest::newRow("deeply nested json body")
            << QByteArray(QByteArray(100000, '[') + QByteArray(100000, ']')) << 3 << "nested too deeply";
        QTest::newRow("zip bomb") << readData(QStringLiteral("interop/zip-bomb.jwe")) << 4 << "inflates to more than";
        QTest::newRow("no fitting key") << withHeader(ecJwe, [&] {
            QJsonObject h = ecHeader;
            h.insert(QStringLiteral("epk"), QJsonObject{{QStringLiteral("kty"), QStringLiteral("EC")},
                                                        {QStringLiteral("crv"), QStringLiteral("P-192")}});
            return h;
        }()) << 4 << "P-256, P-384 or P-521";

        // Inner JWTs.
        const QByteArray payload = crypto::base64UrlEncode(readData(QStringLiteral("interop/payload-event.json")));
        QTest::newRow("jwt alg none") << QByteArray(crypto::base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}") +
                                                    '.' + payload + '.')
                                      << 5 << "never accepted as verified";
        const QByteArray hsHeader = crypto::base64UrlEncode("{\"alg\":\"HS256\",\"kid\":\"sig-rs256\"}");
        const QByteArray pem = jwks()
                                   .keysWithKid(QStringLiteral("sig-rs256"))
                                   .first()
                                   .json()
                                   .value(QLatin1String("n"))
                                   .toString()
                                   .toLatin1();
        QTest::newRow("HS256 with the public key")
            << QByteArray(hsHeader + '.' + payload + '.' +
                          crypto::base64UrlEncode(crypto::hmacSha256(pem, QByteArray(hsHeader + '.' + payload))))
            << 5 << "HS256";
        const QJsonObject jwtVector = vectors(QStringLiteral("jwcrypto")).last().toObject();
        const QByteArray jwt = jwtVector.value(QLatin1String("token")).toString().toLatin1();
        QTest::newRow("jwt tampered payload") << tamperPart(jwt, 1) << 5 << "does not verify";
        QTest::newRow("jwt unknown kid") << withPart(jwt, 0,
                                                     crypto::base64UrlEncode("{\"alg\":\"EdDSA\",\"kid\":\"gone\"}"))
                                         << 5 << "no key with the kid \"gone\"";
        QTest::newRow("jwt crit")
            << withPart(jwt, 0,
                        crypto::base64UrlEncode(
                            "{\"alg\":\"EdDSA\",\"kid\":\"sig-ed25519\",\"crit\":[\"b64\"],\"b64\":false}"))
            << 5 << "b64";
        QTest::newRow("jwt bad base64 payload") << withPart(jwt, 1, "a+b") << 3 << "Not a JWE, JWT";
        QTest::newRow("jwt payload not base64url")
            << withPart(jwt, 1, "abcde") << 3 << "payload is not valid base64url";
    }

    void hostile()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, exit);
        QFETCH(QString, message);
        const Report report = inspectDelivery(input, fullOptions());
        QVERIFY2(report.exitCode() == exit, qPrintable(describe(report)));
        QVERIFY2(report.error.contains(message), qPrintable(report.error));
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QLatin1String("exit")).toInt(), exit);
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), false);
        // An integrity failure says nothing specific in its message; the detail is for the local user.
        if (message.startsWith(QLatin1String("Could not decrypt")))
            QVERIFY(!report.errorDetail.isEmpty());
    }

    void wrongKeyAndNoKey()
    {
        InspectOptions options;
        const Report none = inspectDelivery(firstToken(), options);
        QCOMPARE(none.exitClass, ExitClass::CannotDecrypt);
        QVERIFY2(none.error.contains(QLatin1String("no private key was given")), qPrintable(none.error));
        QVERIFY(none.error.contains(QLatin1String("310000000000000001")));

        auto keys = std::make_shared<KeyList>();
        keys->add({pemKey(QStringLiteral("enc-ec-p384.pem")), QStringLiteral("p384.pem"), QString()});
        options.keys = keys;
        const Report unfit = inspectDelivery(firstToken(), options);
        QCOMPARE(unfit.exitClass, ExitClass::CannotDecrypt);
        QVERIFY(unfit.error.contains(QLatin1String("no offered key fits")));
        QVERIFY(unfit.error.contains(QLatin1String("an RSA private key")));

        crypto::CryptoResult<crypto::PrivateKey> stranger = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
        keys->add({*stranger, QStringLiteral("stranger.pem"), QString()});
        const Report wrong = inspectDelivery(firstToken(), options);
        QCOMPARE(wrong.exitClass, ExitClass::CannotDecrypt);
        QVERIFY(wrong.error.startsWith(QLatin1String("Could not decrypt")));
        QVERIFY(wrong.errorDetail.contains(QLatin1String("stranger.pem")));
        QVERIFY(wrong.errorDetail.contains(QLatin1String("RSA-OAEP-256 key decryption failed")));

        // The JWKS without the signing key: decrypts, then the signature check fails.
        InspectOptions other = fullOptions();
        other.jwks = jwks(QStringLiteral("jwks-other.json"));
        const Report unsigned_ = inspectDelivery(firstToken(), other);
        QCOMPARE(unsigned_.exitClass, ExitClass::SignatureInvalid);
        QCOMPARE(unsigned_.decryptedWith, QStringLiteral("enc-rsa-2048.pem"));
        QVERIFY(unsigned_.payloadReached);
    }

    void reportJson()
    {
        const Report report = inspectDelivery(readData(QStringLiteral("interop/capture-jwe.http")), fullOptions());
        QVERIFY2(report.ok(), qPrintable(describe(report)));
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QLatin1String("form")).toString(), QStringLiteral("http"));
        QCOMPARE(json.value(QLatin1String("outcome")).toString(), QStringLiteral("ok"));
        QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("request"));
        const QJsonArray layers = json.value(QLatin1String("layers")).toArray();
        QCOMPARE(layers.size(), 3);
        QCOMPARE(layers.at(0).toObject().value(QLatin1String("layer")).toString(), QStringLiteral("jwe"));
        QCOMPARE(
            layers.at(1).toObject().value(QLatin1String("header")).toObject().value(QLatin1String("alg")).toString(),
            QStringLiteral("RS256"));
        QStringList checks;
        for (const QJsonValue &check : json.value(QLatin1String("checks")).toArray())
            checks.append(check.toObject().value(QLatin1String("check")).toString() + QLatin1Char('=') +
                          check.toObject().value(QLatin1String("status")).toString());
        QCOMPARE(checks, (QStringList{QStringLiteral("decryption=passed"), QStringLiteral("signature=passed"),
                                      QStringLiteral("webhook-signature=passed")}));
        QVERIFY(json.value(QLatin1String("payload")).toObject().contains(QLatin1String("fullMethod")));
    }

    void parallelBulk()
    {
        // The bulk mode's shape: one options object, many threads, results identical to the serial ones.
        const InspectOptions options = fullOptions();
        QList<QByteArray> inputs;
        for (const QJsonValue &entry : vectors(QStringLiteral("jwcrypto")))
            inputs.append(entry.toObject().value(QLatin1String("token")).toString().toLatin1());
        inputs.append(tamperPart(inputs.first(), 4));
        QList<int> serial;
        for (const QByteArray &input : inputs)
            serial.append(inspectDelivery(input, options).exitCode());
        std::vector<int> parallel(size_t(inputs.size()), -1);
        std::atomic<qsizetype> next = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (qsizetype i; (i = next++) < inputs.size();)
                    parallel[size_t(i)] = inspectDelivery(inputs.at(i), options).exitCode();
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(QList<int>(parallel.begin(), parallel.end()), serial);
        QCOMPARE(serial.last(), 4);
        QCOMPARE(serial.first(), 0);
    }
};

QTEST_GUILESS_MAIN(TestInspect)
#include "tst_inspect.moc"
