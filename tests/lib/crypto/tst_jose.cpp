#include "crypto/base64url.h"
#include "crypto/joseprimitives.h"
#include "crypto/jsonguard.h"
#include "crypto/jwe.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/privatekey.h"
#include "crypto/securememory.h"
#include "crypto/webhooksignature.h"
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

using namespace targetdesk::crypto;

namespace
{

QByteArray readData(const QString &name)
{
    return targetdesk::test::readTestData(QStringLiteral("jose/") + name);
}

QJsonObject readObject(const QString &name)
{
    return QJsonDocument::fromJson(readData(name)).object();
}

QJsonArray readArray(const QString &name)
{
    return QJsonDocument::fromJson(readData(name)).array();
}

PrivateKey jwkKey(const QString &name)
{
    JoseResult<PrivateKey> key = privateKeyFromJwk(readObject(name));
    if (!key)
        qFatal("cannot read %s: %s", qPrintable(name), qPrintable(key.error().message));
    return key.value();
}

PrivateKey pemKey(const QString &name)
{
    CryptoResult<PrivateKey> key = PrivateKey::fromPem(readData(name));
    if (!key)
        qFatal("cannot read %s: %s", qPrintable(name), qPrintable(key.error().message));
    return key.value();
}

Jwks jwksOf(const QString &name)
{
    JoseResult<Jwks> jwks = Jwks::parse(readData(name));
    if (!jwks)
        qFatal("cannot read %s: %s", qPrintable(name), qPrintable(jwks.error().message));
    return jwks.value();
}

Jwks publicJwks(const QString &jwkName)
{
    JoseResult<Jwk> key = Jwk::fromJson(readObject(jwkName));
    if (!key)
        qFatal("cannot read %s: %s", qPrintable(jwkName), qPrintable(key.error().message));
    return Jwks::fromKeys({key.value()});
}

template <typename T>
QString errorOf(const JoseResult<T> &result)
{
    return result ? QString() : result.error().message + QLatin1Char(' ') + result.error().detail;
}

QByteArray b64(const QByteArray &json)
{
    return base64UrlEncode(json);
}

// Replaces part `index` of a compact token.
QByteArray withPart(const QByteArray &token, int index, const QByteArray &part)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

// Flips one bit in the middle of a decoded part.
QByteArray tamperPart(const QByteArray &token, int index)
{
    QByteArray decoded = *base64UrlDecode(token.split('.').at(index));
    decoded[decoded.size() / 2] = char(decoded[decoded.size() / 2] ^ 0x01);
    return withPart(token, index, base64UrlEncode(decoded));
}

QByteArray headerWith(const QByteArray &token, const char *name, const QJsonValue &value)
{
    QJsonObject header = QJsonDocument::fromJson(*base64UrlDecode(token.split('.').at(0))).object();
    header.insert(QLatin1String(name), value);
    return withPart(token, 0, b64(QJsonDocument(header).toJson(QJsonDocument::Compact)));
}

} // namespace

class TestJose : public QObject
{
    Q_OBJECT

private slots:
    void base64Url()
    {
        QCOMPARE(base64UrlEncode("\xfb\xff"), QByteArray("-_8"));
        QCOMPARE(base64UrlDecode("-_8").value_or("x"), QByteArray("\xfb\xff"));
        QCOMPARE(base64UrlDecode("").value_or("x"), QByteArray());
        QVERIFY(!base64UrlDecode("+/8"));
        QVERIFY(!base64UrlDecode("-_8="));
        QVERIFY(!base64UrlDecode("ab cd"));
        QVERIFY(!base64UrlDecode("abcde"));
    }

    void nesting()
    {
        QCOMPARE(jsonNestingDepth("{\"a\":[1,{\"b\":2}]}", 100), 3);
        QCOMPARE(jsonNestingDepth("{\"a\":\"[[[[{{{\\\"\"}", 100), 1);
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        QVERIFY(jsonNestingDepth(deep, 10) > 10);
        JoseResult<QJsonDocument> parsed = parseJsonGuarded(deep, 1 << 20, 10, QStringLiteral("x"));
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, JoseError::Kind::TooLarge);
    }

    void keyWrapRfc3394()
    {
        for (const QJsonValue &entry : readArray(QStringLiteral("rfc/rfc3394-keywrap.json"))) {
            const QJsonObject vector = entry.toObject();
            const QByteArray kek = QByteArray::fromHex(vector.value(QLatin1String("kek")).toString().toLatin1());
            const QByteArray key = QByteArray::fromHex(vector.value(QLatin1String("key")).toString().toLatin1());
            const QByteArray wrapped =
                QByteArray::fromHex(vector.value(QLatin1String("wrapped")).toString().toLatin1());
            QCOMPARE(aesKeyWrap(kek, key).value_or(QByteArray()).toHex(), wrapped.toHex());
            QCOMPARE(aesKeyUnwrap(kek, wrapped).value_or(QByteArray()).toHex(), key.toHex());
            QByteArray damaged = wrapped;
            damaged[3] = char(damaged[3] ^ 0x80);
            QVERIFY(!aesKeyUnwrap(kek, damaged));
        }
    }

    void aesCbcHmacRfc7518()
    {
        const QJsonObject data = readObject(QStringLiteral("rfc/rfc7518-b-aes-cbc-hmac.json"));
        const QByteArray plaintext = data.value(QLatin1String("plaintext")).toString().toLatin1();
        const QByteArray aad = data.value(QLatin1String("aad")).toString().toLatin1();
        const QByteArray iv = QByteArray::fromHex(data.value(QLatin1String("iv")).toString().toLatin1());
        const QJsonArray vectors = data.value(QLatin1String("vectors")).toArray();
        QCOMPARE(vectors.size(), 3);
        for (const QJsonValue &entry : vectors) {
            const QJsonObject vector = entry.toObject();
            const QString enc = vector.value(QLatin1String("enc")).toString();
            const auto hex = [&](const char *name) {
                return QByteArray::fromHex(vector.value(QLatin1String(name)).toString().toLatin1());
            };
            std::optional<EncryptedContent> sealed = encryptContent(enc, hex("key"), iv, aad, plaintext);
            QVERIFY(sealed);
            QCOMPARE(sealed->ciphertext.toHex(), hex("ciphertext").toHex());
            QCOMPARE(sealed->tag.toHex(), hex("tag").toHex());
            QCOMPARE(decryptContent(enc, hex("key"), iv, aad, hex("ciphertext"), hex("tag")).value_or(QByteArray()),
                     plaintext);
            QByteArray badTag = hex("tag");
            badTag[0] = char(badTag[0] ^ 1);
            QVERIFY(!decryptContent(enc, hex("key"), iv, aad, hex("ciphertext"), badTag));
            QVERIFY(!decryptContent(enc, hex("key"), iv, QByteArray(aad + 'x'), hex("ciphertext"), hex("tag")));
        }
    }

    void concatKdfRfc7518AppendixC()
    {
        const QJsonObject data = readObject(QStringLiteral("rfc/rfc7518-c-ecdh-es.json"));
        const QByteArray expected = data.value(QLatin1String("key")).toString().toLatin1();
        const QByteArray z = QByteArray::fromHex(data.value(QLatin1String("z")).toString().toLatin1());
        QCOMPARE(base64UrlEncode(concatKdf(z, "A128GCM", "Alice", "Bob", 128).value_or(QByteArray())), expected);
        // The whole derivation from Bob's private key and Alice's ephemeral key.
        JoseResult<PrivateKey> bob = privateKeyFromJwk(data.value(QLatin1String("bob")).toObject());
        QVERIFY2(bob, qPrintable(errorOf(bob)));
        JoseResult<QByteArray> derived =
            ecdhEsDeriveKey(*bob, data.value(QLatin1String("alice_epk")).toObject(), "A128GCM", "Alice", "Bob", 128);
        QVERIFY2(derived, qPrintable(errorOf(derived)));
        QCOMPARE(base64UrlEncode(*derived), expected);
    }

    void jwsRfc7520_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("jwk");
        QTest::newRow("4.1 RS256") << "rfc/rfc7520-4.1-rs256.jws"
                                   << "rfc/rfc7520-rsa-sig.jwk.json";
        QTest::newRow("4.2 PS384") << "rfc/rfc7520-4.2-ps384.jws"
                                   << "rfc/rfc7520-rsa-sig.jwk.json";
        QTest::newRow("4.3 ES512") << "rfc/rfc7520-4.3-es512.jws"
                                   << "rfc/rfc7520-ec-sig.jwk.json";
    }

    void jwsRfc7520()
    {
        QFETCH(QString, token);
        QFETCH(QString, jwk);
        const QByteArray compact = readData(token).trimmed();
        JoseResult<Jws> jws = Jws::parse(compact);
        QVERIFY2(jws, qPrintable(errorOf(jws)));
        QCOMPARE(jws->payload(), readData(QStringLiteral("rfc/rfc7520-plaintext.txt")));
        QCOMPARE(jws->kid(), QStringLiteral("bilbo.baggins@hobbiton.example"));
        JoseResult<Jwk> verified = jws->verify(publicJwks(jwk));
        QVERIFY2(verified, qPrintable(errorOf(verified)));
        QCOMPARE(verified->kid(), QStringLiteral("bilbo.baggins@hobbiton.example"));

        JoseResult<Jwk> tampered = Jws::parse(tamperPart(compact, 1))->verify(publicJwks(jwk));
        QVERIFY(!tampered);
        QCOMPARE(tampered.error().kind, JoseError::Kind::SignatureInvalid);
        JoseResult<Jwk> badSignature = Jws::parse(tamperPart(compact, 2))->verify(publicJwks(jwk));
        QCOMPARE(badSignature.error().kind, JoseError::Kind::SignatureInvalid);
    }

    // RFC 8037 A.4: Ed25519 ("EdDSA"), which OpenSSL 3 offers.
    void jwsEd25519Rfc8037()
    {
        const QByteArray compact =
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
        const QJsonObject jwk{{QStringLiteral("kty"), QStringLiteral("OKP")},
                              {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                              {QStringLiteral("x"), QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")}};
        JoseResult<Jwk> key = Jwk::fromJson(jwk);
        QVERIFY2(key, qPrintable(errorOf(key)));
        JoseResult<Jws> jws = Jws::parse(compact);
        QVERIFY2(jws, qPrintable(errorOf(jws)));
        QCOMPARE(jws->payload(), QByteArray("Example of Ed25519 signing"));
        JoseResult<Jwk> verified = jws->verifyWith(*key);
        QVERIFY2(verified, qPrintable(errorOf(verified)));

        JoseResult<Jwk> tampered = Jws::parse(tamperPart(compact, 1))->verifyWith(*key);
        QVERIFY(!tampered);
        QCOMPARE(tampered.error().kind, JoseError::Kind::SignatureInvalid);
        // An RSA key never verifies an EdDSA token, whatever the token says.
        const Jwks rsa = publicJwks(QStringLiteral("rfc/rfc7520-rsa-sig.jwk.json"));
        QVERIFY(!rsa.keys().isEmpty());
        QVERIFY(!jws->verifyWith(rsa.keys().first()));
    }

    void jweRfc7520_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("jwk");
        QTest::addColumn<QString>("alg");
        QTest::newRow("5.2 RSA-OAEP A256GCM") << "rfc/rfc7520-5.2-rsa-oaep-a256gcm.jwe"
                                              << "rfc/rfc7520-5.2-rsa-enc.jwk.json"
                                              << "RSA-OAEP";
        QTest::newRow("5.4 ECDH-ES+A128KW A128GCM") << "rfc/rfc7520-5.4-ecdh-es-a128kw-a128gcm.jwe"
                                                    << "rfc/rfc7520-5.4-ec-enc.jwk.json"
                                                    << "ECDH-ES+A128KW";
        QTest::newRow("5.5 ECDH-ES A128CBC-HS256") << "rfc/rfc7520-5.5-ecdh-es-a128cbc-hs256.jwe"
                                                   << "rfc/rfc7520-5.5-ec-enc.jwk.json"
                                                   << "ECDH-ES";
    }

    void jweRfc7520()
    {
        QFETCH(QString, token);
        QFETCH(QString, jwk);
        QFETCH(QString, alg);
        const QByteArray compact = readData(token).trimmed();
        JoseResult<Jwe> jwe = Jwe::parse(compact);
        QVERIFY2(jwe, qPrintable(errorOf(jwe)));
        QCOMPARE(jwe->alg(), alg);
        const PrivateKey key = jwkKey(jwk);
        QVERIFY(jwe->keyFits(key));
        JoseResult<QByteArray> plaintext = jwe->decrypt(key);
        QVERIFY2(plaintext, qPrintable(errorOf(plaintext)));
        QCOMPARE(*plaintext, readData(QStringLiteral("rfc/rfc7520-5-plaintext.txt")));

        // Each part changed: one generic message, the detail names the step.
        for (int part : {0, 1, 2, 3, 4}) {
            if (part == 1 && alg == QLatin1String("ECDH-ES"))
                continue;
            const QByteArray changed =
                part == 0 ? headerWith(compact, "x", QStringLiteral("y")) : tamperPart(compact, part);
            JoseResult<Jwe> reparsed = Jwe::parse(changed);
            QVERIFY2(reparsed, qPrintable(errorOf(reparsed)));
            JoseResult<QByteArray> failed = reparsed->decrypt(key);
            QVERIFY2(!failed, qPrintable(QStringLiteral("part %1").arg(part)));
            QCOMPARE(failed.error().kind, JoseError::Kind::DecryptionFailed);
            QCOMPARE(failed.error().message, QStringLiteral("Could not decrypt: the token was not encrypted to this "
                                                            "key, or it was changed."));
            QVERIFY(!failed.error().detail.isEmpty());
        }
    }

    void refusedAlgorithms_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        const int refused = int(JoseError::Kind::Refused);
        const int malformed = int(JoseError::Kind::Malformed);
        // RFC 7520 5.1 / RFC 7516 A.2 use RSA1_5.
        QTest::newRow("RSA1_5") << QByteArray("{\"alg\":\"RSA1_5\",\"kid\":\"frodo.baggins@hobbiton.example\",\"enc\":"
                                              "\"A128CBC-HS256\"}")
                                << refused << "padding-oracle";
        QTest::newRow("none") << QByteArray("{\"alg\":\"none\",\"enc\":\"A256GCM\"}") << refused << "not encryption";
        QTest::newRow("PBES2") << QByteArray("{\"alg\":\"PBES2-HS512+A256KW\",\"p2c\":100000000,\"p2s\":\"AAAA\","
                                             "\"enc\":\"A256GCM\"}")
                               << refused << "password-based";
        QTest::newRow("dir") << QByteArray("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") << refused << "shared symmetric";
        QTest::newRow("A128KW") << QByteArray("{\"alg\":\"A128KW\",\"enc\":\"A128CBC-HS256\"}") << refused
                                << "shared symmetric";
        QTest::newRow("unknown alg") << QByteArray("{\"alg\":\"RSA-OAEP-1024\",\"enc\":\"A256GCM\"}") << refused
                                     << "not supported";
        QTest::newRow("unknown enc") << QByteArray("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256CTR\"}") << refused
                                     << "content encryption";
        QTest::newRow("zip") << QByteArray("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"zip\":\"GZ\"}") << refused
                             << "compression";
        QTest::newRow("crit") << QByteArray("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"crit\":[\"exp\"],"
                                            "\"exp\":1}")
                              << refused << "critical";
        QTest::newRow("no alg") << QByteArray("{\"enc\":\"A256GCM\"}") << malformed << "\"alg\"";
        QTest::newRow("alg not string") << QByteArray("{\"alg\":1,\"enc\":\"A256GCM\"}") << malformed << "not a string";
        QTest::newRow("not an object") << QByteArray("[\"RSA-OAEP-256\"]") << malformed << "not a JSON object";
        QTest::newRow("not JSON") << QByteArray("{alg:RSA}") << malformed << "not valid JSON";
    }

    void refusedAlgorithms()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, kind);
        QFETCH(QString, message);
        const QByteArray token = b64(header) + ".AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
        JoseResult<Jwe> jwe = Jwe::parse(token);
        QVERIFY(!jwe);
        QCOMPARE(int(jwe.error().kind), kind);
        QVERIFY2(jwe.error().message.contains(message), qPrintable(jwe.error().message));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("enc");
        QTest::addColumn<bool>("deflate");
        const QStringList rsa = {QStringLiteral("RSA-OAEP-256"), QStringLiteral("RSA-OAEP")};
        const QStringList ec = {QStringLiteral("ECDH-ES"), QStringLiteral("ECDH-ES+A128KW"),
                                QStringLiteral("ECDH-ES+A192KW"), QStringLiteral("ECDH-ES+A256KW")};
        const QStringList encs = {QStringLiteral("A128GCM"),       QStringLiteral("A192GCM"),
                                  QStringLiteral("A256GCM"),       QStringLiteral("A128CBC-HS256"),
                                  QStringLiteral("A192CBC-HS384"), QStringLiteral("A256CBC-HS512")};
        for (const QString &key : {QStringLiteral("rsa-2048"), QStringLiteral("rsa-3072")})
            for (const QString &alg : rsa)
                for (const QString &enc : encs)
                    QTest::addRow("%s %s %s", qPrintable(key), qPrintable(alg), qPrintable(enc))
                        << key << alg << enc << false;
        for (const QString &key : {QStringLiteral("ec-p256"), QStringLiteral("ec-p384"), QStringLiteral("ec-p521")})
            for (const QString &alg : ec)
                for (const QString &enc : encs)
                    QTest::addRow("%s %s %s", qPrintable(key), qPrintable(alg), qPrintable(enc))
                        << key << alg << enc << false;
        QTest::newRow("deflate") << "ec-p256"
                                 << "ECDH-ES+A256KW"
                                 << "A256GCM" << true;
    }

    void roundTrip()
    {
        QFETCH(QString, keyFile);
        QFETCH(QString, alg);
        QFETCH(QString, enc);
        QFETCH(bool, deflate);
        const PrivateKey key = pemKey(QStringLiteral("interop/enc-%1.pem").arg(keyFile));
        const QByteArray plaintext = readData(QStringLiteral("interop/payload-event.json"));
        JweEncryption how;
        how.alg = alg;
        how.enc = enc;
        how.kid = QStringLiteral("42");
        how.deflate = deflate;
        JoseResult<QByteArray> token = encryptJwe(plaintext, key.publicKeyDer(), how);
        QVERIFY2(token, qPrintable(errorOf(token)));
        JoseResult<Jwe> jwe = Jwe::parse(*token);
        QVERIFY2(jwe, qPrintable(errorOf(jwe)));
        QCOMPARE(jwe->kid(), QStringLiteral("42"));
        QCOMPARE(jwe->cty(), QStringLiteral("JWT"));
        JoseResult<QByteArray> decrypted = jwe->decrypt(key);
        QVERIFY2(decrypted, qPrintable(errorOf(decrypted)));
        QCOMPARE(*decrypted, plaintext);
    }

    void interop_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        // The node vectors may be missing; the others may not.
        QStringList generators{QStringLiteral("jwcrypto"), QStringLiteral("gojose")};
        if (QFile::exists(targetdesk::test::testDataPath(targetdesk::test::interopVectorsFile(QStringLiteral("node")))))
            generators.insert(1, QStringLiteral("node"));
        targetdesk::test::addInteropVectorRows(generators);
    }

    void interop()
    {
        QFETCH(QJsonObject, vector);
        const auto text = [&](const char *name) { return vector.value(QLatin1String(name)).toString(); };
        QByteArray token = text("token").toLatin1();
        const QString jwksFile = vector.contains(QLatin1String("jwks")) ? text("jwks") : QStringLiteral("jwks.json");
        if (vector.contains(QLatin1String("key"))) {
            JoseResult<Jwe> jwe = Jwe::parse(token);
            QVERIFY2(jwe, qPrintable(errorOf(jwe)));
            QCOMPARE(jwe->alg(), text("alg"));
            QCOMPARE(jwe->enc(), text("enc"));
            QCOMPARE(jwe->kid(), text("kid"));
            QCOMPARE(jwe->typ(), QStringLiteral("JWT"));
            QCOMPARE(jwe->cty(), QStringLiteral("JWT"));
            JoseResult<QByteArray> inner = jwe->decrypt(pemKey(QStringLiteral("interop/") + text("key")));
            QVERIFY2(inner, qPrintable(errorOf(inner)));
            token = *inner;
        }
        JoseResult<Jws> jws = Jws::parse(token);
        QVERIFY2(jws, qPrintable(errorOf(jws)));
        QCOMPARE(jws->alg(), text("jws"));
        JoseResult<Jwk> key = jws->verify(jwksOf(QStringLiteral("interop/") + jwksFile));
        QVERIFY2(key, qPrintable(errorOf(key)));
        QCOMPARE(key->kid(), text("signedBy"));
        QCOMPARE(jws->payload(), readData(QStringLiteral("interop/") + text("payload")));
    }

    void signRoundTrip_data()
    {
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("alg");
        for (const char *alg : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
            QTest::newRow(alg) << "rsa-2048" << alg;
        QTest::newRow("ES256") << "ec-p256"
                               << "ES256";
        QTest::newRow("ES384") << "ec-p384"
                               << "ES384";
        QTest::newRow("ES512") << "ec-p521"
                               << "ES512";
    }

    void signRoundTrip()
    {
        QFETCH(QString, keyFile);
        QFETCH(QString, alg);
        const PrivateKey key = pemKey(QStringLiteral("interop/enc-%1.pem").arg(keyFile));
        JoseResult<QByteArray> token = signJws("{\"a\":1}", key, alg, QStringLiteral("k1"));
        QVERIFY2(token, qPrintable(errorOf(token)));
        JoseResult<Jws> jws = Jws::parse(*token);
        QVERIFY(jws);
        QCOMPARE(jws->payload(), QByteArray("{\"a\":1}"));
        JoseResult<Jwk> publicKey = Jwk::fromPublicKey(key.publicKeyPem(), QStringLiteral("k1"));
        QVERIFY2(publicKey, qPrintable(errorOf(publicKey)));
        JoseResult<Jwk> verified = jws->verifyWith(*publicKey);
        QVERIFY2(verified, qPrintable(errorOf(verified)));
        // The same key under another kid is not used.
        JoseResult<Jwk> otherKid = jws->verifyWith(*Jwk::fromPublicKey(key.publicKeyDer(), QStringLiteral("k2")));
        QCOMPARE(otherKid.error().kind, JoseError::Kind::NoKey);
    }

    void algorithmConfusion()
    {
        const Jwks jwks = jwksOf(QStringLiteral("interop/jwks.json"));
        const QByteArray payload = b64("{\"fullMethod\":\"/x\"}");
        // HS256 "signed" with the public RSA key's JSON as the HMAC secret: the classic confusion attack.
        const QByteArray header = b64("{\"alg\":\"HS256\",\"kid\":\"sig-rs256\",\"typ\":\"JWT\"}");
        const QByteArray secret =
            QJsonDocument(jwks.keysWithKid(QStringLiteral("sig-rs256")).first().json()).toJson(QJsonDocument::Compact);
        const QByteArray forged =
            header + '.' + payload + '.' + b64(hmacSha256(secret, QByteArray(header + '.' + payload)));
        JoseResult<Jwk> result = Jws::parse(forged)->verify(jwks);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, JoseError::Kind::Refused);
        QVERIFY(result.error().message.contains(QLatin1String("HS256")));

        // alg none is never verified, even with an empty signature.
        JoseResult<Jwk> none = Jws::parse(QByteArray(b64("{\"alg\":\"none\"}") + '.' + payload + '.'))->verify(jwks);
        QCOMPARE(none.error().kind, JoseError::Kind::Refused);

        // The token's alg cannot make an RSA key verify as ECDSA (or the reverse).
        const QByteArray esWithRsaKid =
            b64("{\"alg\":\"ES256\",\"kid\":\"sig-rs256\"}") + '.' + payload + '.' + b64(QByteArray(64, 'x'));
        JoseResult<Jwk> mismatch = Jws::parse(esWithRsaKid)->verify(jwks);
        QCOMPARE(mismatch.error().kind, JoseError::Kind::NoKey);
        QVERIFY(mismatch.error().message.contains(QLatin1String("needs an EC P-256 key")));

        // Unknown kid.
        JoseResult<Jwk> unknown =
            Jws::parse(QByteArray(b64("{\"alg\":\"RS256\",\"kid\":\"nope\"}") + '.' + payload + '.' + b64("sig")))
                ->verify(jwks);
        QCOMPARE(unknown.error().kind, JoseError::Kind::NoKey);
        QVERIFY(unknown.error().message.contains(QLatin1String("\"nope\"")));

        // A symmetric key in a JWKS is never loaded.
        JoseResult<Jwks> withOct = Jwks::parse("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"h\"}]}");
        QVERIFY(withOct);
        QVERIFY(withOct->isEmpty());
        QCOMPARE(withOct->notes().size(), 1);
    }

    void ephemeralKeyValidation()
    {
        const PrivateKey p256 = pemKey(QStringLiteral("interop/enc-ec-p256.pem"));
        JweEncryption how;
        JoseResult<QByteArray> token = encryptJwe("{}", p256.publicKeyDer(), how);
        QVERIFY(token);
        const QJsonObject header = QJsonDocument::fromJson(*base64UrlDecode(token->split('.').at(0))).object();
        QJsonObject epk = header.value(QLatin1String("epk")).toObject();

        // Off the curve: y + 1.
        QByteArray y = *base64UrlDecode(epk.value(QLatin1String("y")).toString().toLatin1());
        y[y.size() - 1] = char(y[y.size() - 1] ^ 0x01);
        QJsonObject offCurve = epk;
        offCurve.insert(QStringLiteral("y"), QString::fromLatin1(base64UrlEncode(y)));
        JoseResult<QByteArray> off = Jwe::parse(headerWith(*token, "epk", offCurve))->decrypt(p256);
        QVERIFY(!off);
        QCOMPARE(off.error().kind, JoseError::Kind::InvalidKey);
        QVERIFY2(off.error().message.contains(QLatin1String("not a valid point")) ||
                     off.error().message.contains(QLatin1String("not a point")),
                 qPrintable(off.error().message));

        // A valid P-384 point sent to a P-256 key.
        const PrivateKey p384 = pemKey(QStringLiteral("interop/enc-ec-p384.pem"));
        JoseResult<QByteArray> other = encryptJwe("{}", p384.publicKeyDer(), how);
        const QJsonObject otherEpk = QJsonDocument::fromJson(*base64UrlDecode(other->split('.').at(0)))
                                         .object()
                                         .value(QLatin1String("epk"))
                                         .toObject();
        JoseResult<Jwe> wrongCurve = Jwe::parse(headerWith(*token, "epk", otherEpk));
        QVERIFY(!wrongCurve->keyFits(p256));
        JoseResult<QByteArray> wrong = wrongCurve->decrypt(p256);
        QCOMPARE(wrong.error().kind, JoseError::Kind::InvalidKey);
        QVERIFY(wrong.error().message.contains(QLatin1String("P-384")));

        // Coordinates of the wrong length, and the point at infinity as (0,0).
        QJsonObject zero = epk;
        zero.insert(QStringLiteral("x"), QString::fromLatin1(base64UrlEncode(QByteArray(32, '\0'))));
        zero.insert(QStringLiteral("y"), QString::fromLatin1(base64UrlEncode(QByteArray(32, '\0'))));
        QCOMPARE(Jwe::parse(headerWith(*token, "epk", zero))->decrypt(p256).error().kind, JoseError::Kind::InvalidKey);
        // A coordinate equal to the field prime p (outside [0, p)), for x and for y.
        const QByteArray p256Prime =
            QByteArray::fromHex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        for (const char *coordinate : {"x", "y"}) {
            QJsonObject atPrime = epk;
            atPrime.insert(QLatin1String(coordinate), QString::fromLatin1(base64UrlEncode(p256Prime)));
            JoseResult<QByteArray> result = Jwe::parse(headerWith(*token, "epk", atPrime))->decrypt(p256);
            QVERIFY2(!result, coordinate);
            QCOMPARE(result.error().kind, JoseError::Kind::InvalidKey);
        }
        QJsonObject shortX = epk;
        shortX.insert(QStringLiteral("x"), QString::fromLatin1(base64UrlEncode(QByteArray(31, '\1'))));
        QCOMPARE(Jwe::parse(headerWith(*token, "epk", shortX))->decrypt(p256).error().kind, JoseError::Kind::Malformed);
    }

    void wrongKey()
    {
        const QJsonObject vector = readArray(QStringLiteral("interop/vectors-jwcrypto.json")).at(0).toObject();
        JoseResult<Jwe> jwe = Jwe::parse(vector.value(QLatin1String("token")).toString().toLatin1());
        QVERIFY(jwe);
        CryptoResult<PrivateKey> other = PrivateKey::generate(KeyType::Rsa2048);
        JoseResult<QByteArray> result = jwe->decrypt(*other);
        QCOMPARE(result.error().kind, JoseError::Kind::DecryptionFailed);
        QVERIFY(result.error().detail.contains(QLatin1String("RSA-OAEP-256 key decryption failed")));
        // A 3072-bit key: the encrypted key has the wrong length for it; still the generic message.
        JoseResult<QByteArray> bigger = jwe->decrypt(pemKey(QStringLiteral("interop/enc-rsa-3072.pem")));
        QCOMPARE(bigger.error().kind, JoseError::Kind::DecryptionFailed);
        QCOMPARE(bigger.error().message, result.error().message);
        JoseResult<QByteArray> ec = jwe->decrypt(pemKey(QStringLiteral("interop/enc-ec-p256.pem")));
        QCOMPARE(ec.error().kind, JoseError::Kind::KeyMismatch);
    }

    void privateJwkMembersWiped()
    {
        // RSA: d, p, q, dp, dq and qi are decoded, handed to OpenSSL and wiped; n and e are public.
        quint64 before = testing::wipedBuffers();
        const QJsonObject rsa = readObject(QStringLiteral("rfc/rfc7520-5.2-rsa-enc.jwk.json"));
        QVERIFY(privateKeyFromJwk(rsa));
        QCOMPARE(testing::wipedBuffers() - before, quint64(6));
        // EC: d.
        before = testing::wipedBuffers();
        QVERIFY(privateKeyFromJwk(readObject(QStringLiteral("rfc/rfc7520-5.4-ec-enc.jwk.json"))));
        QCOMPARE(testing::wipedBuffers() - before, quint64(1));
        // Also when a later member is broken.
        QJsonObject broken = rsa;
        broken.insert(QStringLiteral("qi"), QStringLiteral("!!"));
        before = testing::wipedBuffers();
        QVERIFY(!privateKeyFromJwk(broken));
        QVERIFY(testing::wipedBuffers() - before >= 4);
    }

    void inflateBuffersWiped()
    {
        // 200 KiB of plaintext: the output grows past its first buffer, which is wiped when it moves; so is the
        // chunk buffer. A refused bomb wipes what it inflated so far.
        QByteArray plain;
        for (int i = 0; i < 200 * 1024 / 16; ++i)
            plain.append(QByteArray::number(i).rightJustified(16, '0'));
        const QByteArray compressed = rawDeflate(plain);
        quint64 before = testing::wipedBuffers();
        QCOMPARE(rawInflate(compressed, plain.size(), nullptr).value_or(QByteArray()), plain);
        QVERIFY(testing::wipedBuffers() - before >= 2);
        before = testing::wipedBuffers();
        bool tooLarge = false;
        QVERIFY(!rawInflate(compressed, plain.size() - 1, &tooLarge));
        QVERIFY(tooLarge);
        QVERIFY(testing::wipedBuffers() - before >= 2);
    }

    void zipBomb()
    {
        JoseResult<Jwe> jwe = Jwe::parse(readData(QStringLiteral("interop/zip-bomb.jwe")).trimmed());
        QVERIFY2(jwe, qPrintable(errorOf(jwe)));
        const PrivateKey key = pemKey(QStringLiteral("interop/enc-rsa-2048.pem"));
        JoseResult<QByteArray> result = jwe->decrypt(key);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, JoseError::Kind::Refused);
        QVERIFY(result.error().message.contains(QLatin1String("inflates to more than")));
        JoseLimits generous;
        generous.maxInflatedSize = 18 * 1024 * 1024;
        JoseResult<QByteArray> allowed = jwe->decrypt(key, generous);
        QVERIFY2(allowed, qPrintable(errorOf(allowed)));
        QCOMPARE(allowed->size(), 17 * 1024 * 1024 + 8);

        bool tooLarge = false;
        QVERIFY(!rawInflate(rawDeflate(QByteArray(1000, 'a')), 999, &tooLarge));
        QVERIFY(tooLarge);
        QCOMPARE(rawInflate(rawDeflate(QByteArray(1000, 'a')), 1000, &tooLarge).value_or(QByteArray()).size(), 1000);
        QVERIFY(!rawInflate("\xff\xfe garbage", 1000, &tooLarge));
        QVERIFY(!tooLarge);
    }

    void limits()
    {
        JoseLimits small;
        small.maxCompactSize = 100;
        QCOMPARE(Jwe::parse(QByteArray(101, 'a'), small).error().kind, JoseError::Kind::TooLarge);
        const QByteArray huge =
            b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"x\":\"" + QByteArray(40000, 'a') + "\"}");
        QCOMPARE(Jwe::parse(QByteArray(huge + ".a.b.c.d")).error().kind, JoseError::Kind::TooLarge);
        const QByteArray deep = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"x\":" + QByteArray(500, '[') +
                                    QByteArray(500, ']') + "}");
        JoseResult<Jwe> nested = Jwe::parse(QByteArray(deep + ".a.b.c.d"));
        QCOMPARE(nested.error().kind, JoseError::Kind::TooLarge);
        QVERIFY(nested.error().message.contains(QLatin1String("nested too deeply")));
        QCOMPARE(Jwe::parse("a.b.c.d").error().kind, JoseError::Kind::Malformed);
        QCOMPARE(Jwe::parse("a.b.c.d.e.f").error().kind, JoseError::Kind::Malformed);
        QCOMPARE(Jws::parse("e30.e30").error().kind, JoseError::Kind::Malformed);
    }

    void webhookSignature()
    {
        const QByteArray body = "{\"fullMethod\":\"/x\"}";
        const QByteArray key = "signing-key";
        const QByteArray header = webhookSignatureHeader(body, key, 1000);
        QVERIFY(header.startsWith("t=1000,v1="));
        QCOMPARE(header.size(), qsizetype(10 + 64));

        WebhookSignatureCheck valid = verifyWebhookSignature(header, body, key, 1010);
        QVERIFY2(valid.ok(), qPrintable(valid.message));
        QCOMPARE(valid.ageSeconds, qint64(10));
        QVERIFY(valid.message.contains(QLatin1String("10 s ago")));

        QCOMPARE(verifyWebhookSignature(header, QByteArray(body + ' '), key, 1010).outcome,
                 WebhookSignatureCheck::Outcome::Invalid);
        QCOMPARE(verifyWebhookSignature(header, body, "other", 1010).outcome, WebhookSignatureCheck::Outcome::Invalid);
        // Several v1 entries (key rotation): any match counts.
        const QByteArray several =
            "t=1000, v1=" + QByteArray(64, '0') + ", v1=" + header.mid(header.indexOf("v1=") + 3);
        QVERIFY(verifyWebhookSignature(several, body, key, 1000).ok());
        QCOMPARE(verifyWebhookSignature(several, body, key, 1000).signatureCount, 2);
        // ZITADEL's verifier: old timestamps are refused (even with a wrong signature), future ones accepted with a
        // note; a negative tolerance only reports.
        WebhookSignatureCheck old = verifyWebhookSignature(header, body, key, 1000 + 301);
        QCOMPARE(old.outcome, WebhookSignatureCheck::Outcome::OutsideTolerance);
        QVERIFY(old.message.contains(QLatin1String("5 min 1 s ago")));
        QCOMPARE(verifyWebhookSignature(header, body, "other", 1000 + 301).outcome,
                 WebhookSignatureCheck::Outcome::OutsideTolerance);
        QVERIFY(verifyWebhookSignature(header, body, key, 1300).ok());
        const WebhookSignatureCheck future = verifyWebhookSignature(header, body, key, 600);
        QVERIFY2(future.ok(), qPrintable(future.message));
        QVERIFY(future.future);
        QVERIFY(future.message.contains(QLatin1String("in the future")));
        QVERIFY(future.message.contains(QLatin1String("Note:")));
        QVERIFY(!verifyWebhookSignature(header, body, key, 1010).future);
        QCOMPARE(verifyWebhookSignature(header, body, "other", 600).outcome, WebhookSignatureCheck::Outcome::Invalid);
        QVERIFY(verifyWebhookSignature(header, body, key, 99999, -1).ok());
        // Unknown keys are skipped; a pair that is not key=value invalidates the whole header, even with a match.
        QVERIFY(verifyWebhookSignature(QByteArray(header + ",v2=abc"), body, key, 1000).ok());
        for (const QByteArray &bad : {QByteArray(header + ",junk"), QByteArray(header + ",v1=a=b"),
                                      QByteArray("junk," + header), QByteArray(header + ",")}) {
            const WebhookSignatureCheck check = verifyWebhookSignature(bad, body, key, 1000);
            QCOMPARE(check.outcome, WebhookSignatureCheck::Outcome::Malformed);
            QVERIFY2(check.message.contains(QLatin1String("refuses the whole header")), qPrintable(check.message));
        }
        // Unreadable headers.
        for (const char *bad : {"", "v1=abc", "t=1000", "t=abc,v1=00", "t=1000,v1=zz", "garbage"})
            QCOMPARE(verifyWebhookSignature(bad, body, key, 1000).outcome, WebhookSignatureCheck::Outcome::Malformed);
    }

    void threadSafety()
    {
        // One parsed token and one key shared by several threads, as the bulk mode does.
        const QJsonArray vectors = readArray(QStringLiteral("interop/vectors-jwcrypto.json"));
        const QJsonObject vector = vectors.at(0).toObject();
        JoseResult<Jwe> jwe = Jwe::parse(vector.value(QLatin1String("token")).toString().toLatin1());
        const PrivateKey key = pemKey(QStringLiteral("interop/") + vector.value(QLatin1String("key")).toString());
        const Jwks jwks = jwksOf(QStringLiteral("interop/jwks.json"));
        std::atomic<int> failures = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 10; ++i) {
                    JoseResult<QByteArray> inner = jwe->decrypt(key);
                    if (!inner || !Jws::parse(*inner)->verify(jwks))
                        ++failures;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJose)
#include "tst_jose.moc"
