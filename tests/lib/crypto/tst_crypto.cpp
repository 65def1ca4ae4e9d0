#include "crypto/fingerprint.h"
#include "crypto/keytype.h"
#include "crypto/privatekey.h"
#include "crypto/publickeyimport.h"
#include "crypto/securememory.h"
#include "testfiles.h"

#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

using namespace targetdesk::crypto;

namespace
{

QByteArray readData(const QString &name)
{
    return targetdesk::test::readTestData(QStringLiteral("crypto/") + name);
}

// DER length and TLV, to build keys the openssl command line cannot make quickly (a huge RSA modulus).
QByteArray derLength(qsizetype length)
{
    if (length < 0x80)
        return QByteArray(1, char(length));
    QByteArray bytes;
    for (qsizetype rest = length; rest > 0; rest >>= 8)
        bytes.prepend(char(rest & 0xff));
    return char(0x80 | bytes.size()) + bytes;
}

// Sets N and r in the scrypt parameters of a PBES2 algorithm block (OpenSSL refuses to build costly ones).
X509_ALGOR *withScrypt(X509_ALGOR *algorithm, uint64_t n, uint64_t r)
{
    if (!algorithm)
        return nullptr;
    auto *pbes2 = static_cast<PBE2PARAM *>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), algorithm->parameter));
    auto *params = pbes2 ? static_cast<SCRYPT_PARAMS *>(
                               ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbes2->keyfunc->parameter))
                         : nullptr;
    const bool ok = params && ASN1_INTEGER_set_uint64(params->costParameter, n) == 1 &&
                    ASN1_INTEGER_set_uint64(params->blockSize, r) == 1 &&
                    ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), params, &pbes2->keyfunc->parameter) &&
                    ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBE2PARAM), pbes2, &algorithm->parameter);
    SCRYPT_PARAMS_free(params);
    PBE2PARAM_free(pbes2);
    if (!ok) {
        X509_ALGOR_free(algorithm);
        return nullptr;
    }
    return algorithm;
}

// An encrypted PKCS#8 PEM of `key` whose algorithm block asks for `algorithm` (PBES2 with any KDF cost): built by
// encrypting cheaply, then swapping the parameters, so the test never runs the costly KDF itself.
QByteArray withKdf(const PrivateKey &key, X509_ALGOR *algorithm)
{
    const auto cheap = key.encryptedPrivateKeyPem("passphrase");
    if (!cheap)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(cheap->constData(), int(cheap->size())), BIO_free);
    std::unique_ptr<X509_SIG, decltype(&X509_SIG_free)> sig(PEM_read_bio_PKCS8(in.get(), nullptr, nullptr, nullptr),
                                                            X509_SIG_free);
    X509_ALGOR *own = nullptr;
    X509_SIG_getm(sig.get(), &own, nullptr);
    if (!sig || !own || X509_ALGOR_copy(own, algorithm) != 1)
        return {};
    X509_ALGOR_free(algorithm);
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PKCS8(out.get(), sig.get());
    char *data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return QByteArray(data, size);
}

QByteArray der(unsigned char tag, const QByteArray &content)
{
    return char(tag) + derLength(content.size()) + content;
}

// SubjectPublicKeyInfo of an RSA "key" with a modulus of the given size: well-formed, not a real key.
QByteArray hugeRsaSpki(int modulusBytes)
{
    QByteArray modulus(modulusBytes, '\0');
    for (char &c : modulus)
        c = char(QRandomGenerator::global()->bounded(256));
    modulus[0] = char(0xc1);
    modulus[modulusBytes - 1] = char(modulus[modulusBytes - 1] | 1);
    const QByteArray rsaKey = der(0x30, der(0x02, '\0' + modulus) + der(0x02, QByteArray::fromHex("010001")));
    const QByteArray algorithm = der(0x30, der(0x06, QByteArray::fromHex("2a864886f70d010101")) + der(0x05, {}));
    return der(0x30, algorithm + der(0x03, '\0' + rsaKey));
}

// QVERIFY2 evaluates its message even on success: only read the error of a failed result.
template <typename T>
QString errorOf(const CryptoResult<T> &result)
{
    return result ? QString() : result.error().message;
}

QByteArray toPem(const QByteArray &derBytes, const QByteArray &label)
{
    QByteArray pem = "-----BEGIN " + label + "-----\n";
    const QByteArray base64 = derBytes.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem += base64.mid(i, 64) + '\n';
    return pem + "-----END " + label + "-----\n";
}

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHash<QString, PrivateKey> m_generated;

    // Runs a bash pipeline (pipefail) with optional stdin; fails the test on a non-zero exit.
    QByteArray shell(const QString &command, const QByteArray &input = {}, bool *ok = nullptr)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("set -o pipefail; ") + command});
        if (!process.waitForStarted(10000))
            qFatal("cannot start bash");
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(120000);
        const bool success = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
        if (ok)
            *ok = success;
        else if (!success)
            qWarning("command failed: %s\n%s", qPrintable(command), process.readAllStandardError().constData());
        return process.readAllStandardOutput();
    }

    // The fingerprint of a public key (PEM or DER on stdin, given the openssl "pkey" input options) per the CLI.
    QString cliFingerprint(const QByteArray &publicKey, const QString &inputOptions = QStringLiteral("-pubin"))
    {
        const QByteArray base64 =
            shell(QStringLiteral("openssl pkey %1 -pubout -outform DER | openssl dgst -sha256 -binary "
                                 "| base64 -w0")
                      .arg(inputOptions),
                  publicKey)
                .trimmed();
        if (base64.isEmpty())
            return {};
        return QStringLiteral("SHA256:") + QString::fromLatin1(QByteArray(base64).replace('=', ""));
    }

    // Generated once per type and shared by the tests (RSA 4096 takes a while); copies share the key.
    PrivateKey generated(KeyType type)
    {
        const QString name = keyTypeName(type);
        if (!m_generated.contains(name)) {
            auto key = PrivateKey::generate(type);
            if (!key)
                qFatal("generation of %s failed: %s", qPrintable(name), qPrintable(errorOf(key)));
            m_generated.insert(name, key.value());
        }
        return m_generated[name];
    }

    void addTypeRows()
    {
        QTest::addColumn<QString>("name");
        for (KeyType type : allKeyTypes())
            QTest::newRow(qPrintable(keyTypeName(type))) << keyTypeName(type);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
                 "the openssl command line computes the expected values; install the openssl package");
    }

    void keyTypeNames()
    {
        const QStringList expected = {QStringLiteral("rsa-2048"), QStringLiteral("rsa-3072"),
                                      QStringLiteral("rsa-4096"), QStringLiteral("ec-p256"),
                                      QStringLiteral("ec-p384"),  QStringLiteral("ec-p521")};
        QStringList names;
        for (KeyType type : allKeyTypes()) {
            names << keyTypeName(type);
            QCOMPARE(parseKeyType(keyTypeName(type)), type);
            QCOMPARE(parseKeyType(keyTypeName(type).toUpper()), type);
        }
        QCOMPARE(names, expected);
        QCOMPARE(keyTypeDescription(KeyType::Rsa3072), QStringLiteral("RSA 3072"));
        QCOMPARE(keyTypeDescription(KeyType::EcP521), QStringLiteral("EC P-521"));
        for (const char *bad : {"", "rsa", "rsa-1024", "ec-p224", "ed25519", "rsa-2048x"})
            QVERIFY2(!parseKeyType(QString::fromLatin1(bad)), bad);
    }

    void generate_data() { addTypeRows(); }
    void generate()
    {
        QFETCH(QString, name);
        const auto type = parseKeyType(name);
        QVERIFY(type);
        const PrivateKey &key = generated(*type);
        QVERIFY(!key.isNull());
        QCOMPARE(key.type(), type);
        QCOMPARE(key.bits(), keyTypeBits(*type));
        QCOMPARE(key.description(), keyTypeDescription(*type));
        QCOMPARE(key.isRsa(), isRsa(*type));
        QCOMPARE(key.isEc(), !isRsa(*type));

        // The openssl command line must see the same type, size and (named) curve.
        const QByteArray pem = key.publicKeyPem();
        QVERIFY(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
        QVERIFY(pem.endsWith("-----END PUBLIC KEY-----\n"));
        const QByteArray text = shell(QStringLiteral("openssl pkey -pubin -text -noout"), pem);
        QVERIFY2(text.contains(QStringLiteral("Public-Key: (%1 bit)").arg(keyTypeBits(*type)).toLatin1()),
                 text.constData());
        if (!isRsa(*type))
            QVERIFY2(text.contains(QByteArray("NIST CURVE: " + keyTypeCurve(*type).toLatin1())), text.constData());

        // Fingerprint and DER computed independently by the command line.
        QCOMPARE(key.fingerprint(), cliFingerprint(pem));
        QCOMPARE(key.publicKeyDer(), shell(QStringLiteral("openssl pkey -pubin -outform DER"), pem));
        QCOMPARE(fingerprintOfSpki(key.publicKeyDer()), key.fingerprint());
    }

    void generatedKeysDiffer()
    {
        const auto a = PrivateKey::generate(KeyType::EcP256);
        const auto b = PrivateKey::generate(KeyType::EcP256);
        QVERIFY(a && b);
        QVERIFY(a->fingerprint() != b->fingerprint());
    }

    void fingerprintFormat()
    {
        const QString fingerprint = generated(KeyType::EcP256).fingerprint();
        QVERIFY2(fingerprint.startsWith(QStringLiteral("SHA256:")), qPrintable(fingerprint));
        QCOMPARE(fingerprint.size(), 7 + 43); // 32 bytes of unpadded base64
        QVERIFY(!fingerprint.contains(QLatin1Char('=')));
        QVERIFY(fingerprintOfSpki({}).isEmpty());
    }

    void publicPemRoundTrip_data() { addTypeRows(); }
    void publicPemRoundTrip()
    {
        QFETCH(QString, name);
        const PrivateKey &key = generated(*parseKeyType(name));
        const PublicKeyImport imported = importPublicKey(key.publicKeyPem());
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.pem, key.publicKeyPem());
        QCOMPARE(imported.der, key.publicKeyDer());
        QCOMPARE(imported.fingerprint, key.fingerprint());
        QCOMPARE(imported.description, key.description());
        QVERIFY(imported.usableForEncryption);
        QVERIFY2(imported.notes.isEmpty(), qPrintable(imported.notes.join(QLatin1Char('\n'))));
        QVERIFY(imported.warnings.isEmpty());
    }

    void privatePemRoundTrip_data() { addTypeRows(); }
    void privatePemRoundTrip()
    {
        QFETCH(QString, name);
        const PrivateKey &key = generated(*parseKeyType(name));
        auto pem = key.privateKeyPem();
        QVERIFY2(pem, qPrintable(errorOf(pem)));
        QVERIFY(pem->startsWith("-----BEGIN PRIVATE KEY-----\n"));
        const auto loaded = PrivateKey::fromPem(*pem);
        QVERIFY2(loaded, qPrintable(errorOf(loaded)));
        QCOMPARE(loaded->fingerprint(), key.fingerprint());
        QCOMPARE(loaded->type(), key.type());
        // OpenSSL's own reader finds the same public key in our PKCS#8.
        QCOMPARE(cliFingerprint(*pem, QStringLiteral("")), key.fingerprint());
        // The private key is PKCS#8 (not traditional): asn1parse shows the algorithm OID up front.
        const QByteArray structure = shell(QStringLiteral("openssl asn1parse"), *pem);
        QVERIFY2(structure.contains(isRsa(*parseKeyType(name)) ? "rsaEncryption" : "id-ecPublicKey"),
                 structure.constData());
        QByteArray bytes = pem.value();
        wipe(bytes);
        QVERIFY(bytes.isEmpty());
    }

    void encryptedRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("scrypt");
        QTest::newRow("rsa-2048 pbkdf2") << QStringLiteral("rsa-2048") << false;
        QTest::newRow("ec-p384 pbkdf2") << QStringLiteral("ec-p384") << false;
        QTest::newRow("rsa-3072 scrypt") << QStringLiteral("rsa-3072") << true;
        QTest::newRow("ec-p521 scrypt") << QStringLiteral("ec-p521") << true;
    }
    void encryptedRoundTrip()
    {
        QFETCH(QString, name);
        QFETCH(bool, scrypt);
        const PrivateKey &key = generated(*parseKeyType(name));
        const QByteArray passphrase = QByteArrayLiteral("correct horse battery staple");
        const auto pem = key.encryptedPrivateKeyPem(passphrase, scrypt ? PassphraseKdf::Scrypt : PassphraseKdf::Pbkdf2);
        QVERIFY2(pem, qPrintable(errorOf(pem)));
        QVERIFY(pem->startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));

        // PBES2 with AES-256-CBC and the chosen KDF, as the openssl command line reads it.
        const QByteArray structure = shell(QStringLiteral("openssl asn1parse"), *pem);
        QVERIFY2(structure.contains("PBES2"), structure.constData());
        QVERIFY2(structure.contains("aes-256-cbc"), structure.constData());
        // A 16-byte salt and the 16-byte IV.
        QVERIFY2(structure.count("l=  16 prim: OCTET STRING") == 2, structure.constData());
        if (scrypt) {
            QVERIFY2(structure.contains(":scrypt"), structure.constData());
            QVERIFY2(structure.contains("INTEGER           :4000"), structure.constData()); // N = 16384
        } else {
            QVERIFY2(structure.contains("PBKDF2"), structure.constData());
            QVERIFY2(structure.contains("hmacWithSHA256"), structure.constData());
            QVERIFY2(structure.contains("INTEGER           :0186A0"), structure.constData()); // 100000 iterations
        }
        QCOMPARE(cliFingerprint(*pem, QStringLiteral("-passin pass:'correct horse battery staple'")),
                 key.fingerprint());

        const auto loaded = PrivateKey::fromPem(*pem, passphrase);
        QVERIFY2(loaded, qPrintable(errorOf(loaded)));
        QCOMPARE(loaded->fingerprint(), key.fingerprint());

        const auto wrong = PrivateKey::fromPem(*pem, QByteArrayLiteral("correct horse battery stapler"));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, CryptoError::Kind::WrongPassphrase);
        QVERIFY2(wrong.error().message.contains(QStringLiteral("Wrong passphrase")), qPrintable(errorOf(wrong)));

        const auto missing = PrivateKey::fromPem(*pem);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, CryptoError::Kind::PassphraseRequired);
        QVERIFY2(missing.error().message.contains(QStringLiteral("encrypted")), qPrintable(errorOf(missing)));

        // Each export has a fresh salt and IV.
        const auto again =
            key.encryptedPrivateKeyPem(passphrase, scrypt ? PassphraseKdf::Scrypt : PassphraseKdf::Pbkdf2);
        QVERIFY(again);
        QVERIFY(again.value() != pem.value());
    }

    void encryptedExportNeedsPassphrase()
    {
        const auto pem = generated(KeyType::EcP256).encryptedPrivateKeyPem({});
        QVERIFY(!pem);
        QCOMPARE(pem.error().kind, CryptoError::Kind::PassphraseRequired);
        QVERIFY(!PrivateKey().privateKeyPem());
        QVERIFY(PrivateKey().publicKeyPem().isEmpty());
        QVERIFY(PrivateKey().fingerprint().isEmpty());
    }

    // Private keys written by the openssl command line in every form it offers.
    void loadCliPrivateKeys_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArray>("label");
        QTest::addColumn<QByteArray>("passphrase");
        QTest::addColumn<QString>("description");
        const QString rsa = QStringLiteral("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null");
        const QString ec = QStringLiteral("openssl ecparam -name secp384r1 -genkey -noout");
        QTest::newRow("pkcs8") << rsa << QByteArray("PRIVATE KEY") << QByteArray() << QStringLiteral("RSA 2048");
        QTest::newRow("rsa traditional") << rsa + QStringLiteral(" | openssl rsa -traditional 2>/dev/null")
                                         << QByteArray("RSA PRIVATE KEY") << QByteArray() << QStringLiteral("RSA 2048");
        QTest::newRow("ec traditional") << ec << QByteArray("EC PRIVATE KEY") << QByteArray()
                                        << QStringLiteral("EC P-384");
        QTest::newRow("ec with parameters")
            << QStringLiteral("openssl ecparam -name prime256v1 -genkey") << QByteArray("EC PARAMETERS") << QByteArray()
            << QStringLiteral("EC P-256");
        QTest::newRow("rsa traditional encrypted")
            << rsa + QStringLiteral(" | openssl rsa -traditional -aes256 -passout pass:s3cret 2>/dev/null")
            << QByteArray("RSA PRIVATE KEY") << QByteArray("s3cret") << QStringLiteral("RSA 2048");
        QTest::newRow("ec traditional encrypted")
            << ec + QStringLiteral(" | openssl ec -aes256 -passout pass:s3cret 2>/dev/null")
            << QByteArray("EC PRIVATE KEY") << QByteArray("s3cret") << QStringLiteral("EC P-384");
        QTest::newRow("pkcs8 pbkdf2") << rsa + QStringLiteral(
                                                   " | openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:s3cret")
                                      << QByteArray("ENCRYPTED PRIVATE KEY") << QByteArray("s3cret")
                                      << QStringLiteral("RSA 2048");
        QTest::newRow("pkcs8 scrypt") << ec + QStringLiteral(" | openssl pkcs8 -topk8 -scrypt -passout pass:s3cret")
                                      << QByteArray("ENCRYPTED PRIVATE KEY") << QByteArray("s3cret")
                                      << QStringLiteral("EC P-384");
    }
    void loadCliPrivateKeys()
    {
        QFETCH(QString, command);
        QFETCH(QByteArray, label);
        QFETCH(QByteArray, passphrase);
        QFETCH(QString, description);
        const QByteArray pem = shell(command);
        QVERIFY2(pem.startsWith(QByteArray("-----BEGIN " + label + "-----")), pem.left(60).constData());
        const QString expected = cliFingerprint(
            pem, passphrase.isEmpty() ? QString() : QStringLiteral("-passin pass:") + QString::fromLatin1(passphrase));
        QVERIFY(!expected.isEmpty());

        const auto key = PrivateKey::fromPem(pem, passphrase);
        QVERIFY2(key, qPrintable(errorOf(key)));
        QCOMPARE(key->description(), description);
        QCOMPARE(key->fingerprint(), expected);

        if (!passphrase.isEmpty()) {
            const auto wrong = PrivateKey::fromPem(pem, QByteArrayLiteral("not it"));
            QVERIFY(!wrong);
            QCOMPARE(wrong.error().kind, CryptoError::Kind::WrongPassphrase);
            const auto missing = PrivateKey::fromPem(pem);
            QVERIFY(!missing);
            QCOMPARE(missing.error().kind, CryptoError::Kind::PassphraseRequired);
        } else {
            // A passphrase given for a clear key is not needed and does no harm.
            const auto again = PrivateKey::fromPem(pem, QByteArrayLiteral("unused"));
            QVERIFY2(again, qPrintable(errorOf(again)));
            QCOMPARE(again->fingerprint(), expected);
        }
    }

    void privateKeyErrors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        const QByteArray pkcs8 = generated(KeyType::EcP256).privateKeyPem().value();
        const QByteArray ed25519 = shell(QStringLiteral("openssl genpkey -algorithm ED25519"));
        QVERIFY(ed25519.startsWith("-----BEGIN PRIVATE KEY-----"));
        using Kind = CryptoError::Kind;
        QTest::newRow("empty") << QByteArray() << int(Kind::InvalidInput) << QStringLiteral("empty");
        QTest::newRow("blank") << QByteArray(" \n\t\n") << int(Kind::InvalidInput) << QStringLiteral("empty");
        QTest::newRow("garbage") << QByteArray("hello, I am not a key") << int(Kind::InvalidInput)
                                 << QStringLiteral("Not a private key");
        QTest::newRow("public key") << readData(QStringLiteral("rsa-2048.pub.pem")) << int(Kind::NotAPrivateKey)
                                    << QStringLiteral("public key");
        QTest::newRow("certificate") << readData(QStringLiteral("ec-p256.cert.pem")) << int(Kind::NotAPrivateKey)
                                     << QStringLiteral("certificate");
        QTest::newRow("truncated") << pkcs8.left(pkcs8.size() / 2) << int(Kind::InvalidInput)
                                   << QStringLiteral("truncated");
        QTest::newRow("lines cut") << pkcs8.left(40) + pkcs8.mid(110) << int(Kind::InvalidInput)
                                   << QStringLiteral("damaged");
        QTest::newRow("ed25519") << ed25519 << int(Kind::UnsupportedKey) << QStringLiteral("Ed25519");
        QTest::newRow("openssh") << QByteArray("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE "
                                               "KEY-----\n")
                                 << int(Kind::UnsupportedKey) << QStringLiteral("ssh-keygen");
        QTest::newRow("too large") << QByteArray(70000, 'A') << int(Kind::TooLarge) << QStringLiteral("too large");
    }
    void privateKeyErrors()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, kind);
        QFETCH(QString, message);
        const auto key = PrivateKey::fromPem(input, QByteArrayLiteral("whatever"));
        QVERIFY(!key);
        QCOMPARE(int(key.error().kind), kind);
        QVERIFY2(key.error().message.contains(message, Qt::CaseInsensitive), qPrintable(errorOf(key)));
    }

    // Keys generated once with the openssl command line (tests/data/crypto/README.md), with their fingerprints.
    void fixedKeys_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("cliInput");
        QTest::addColumn<QString>("fingerprint");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("note");
        const QString rsa2048 = QStringLiteral("SHA256:ytKMJg/vGp14rdgYTN1AzngdLeJjCWXZwH1TUxj4cr0");
        const QString rsa3072 = QStringLiteral("SHA256:YEDbSpJn4KbRraycfQU/Dt7102H6+ZGQwZKTG8fbYPA");
        const QString p256 = QStringLiteral("SHA256:gbtYoBy1e+nxWOX8WsBFtTRqTg55anhUmBsTkDsudX0");
        const QString pem = QStringLiteral("openssl pkey -pubin");
        QTest::newRow("rsa-2048") << QStringLiteral("rsa-2048.pub.pem") << pem << rsa2048 << QStringLiteral("RSA 2048")
                                  << QString();
        QTest::newRow("rsa-3072") << QStringLiteral("rsa-3072.pub.pem") << pem << rsa3072 << QStringLiteral("RSA 3072")
                                  << QString();
        QTest::newRow("ec-p256") << QStringLiteral("ec-p256.pub.pem") << pem << p256 << QStringLiteral("EC P-256")
                                 << QString();
        QTest::newRow("ec-p384") << QStringLiteral("ec-p384.pub.pem") << pem
                                 << QStringLiteral("SHA256:2Esbusqd8HLYpUsSvamlCBRKLLC8rhRew+tDH6I/OFQ")
                                 << QStringLiteral("EC P-384") << QString();
        QTest::newRow("ec-p521") << QStringLiteral("ec-p521.pub.pem") << pem
                                 << QStringLiteral("SHA256:foVuaRHdVQN3ny9iK0koHhBI8PC7y9qKP+C1wEB/sHc")
                                 << QStringLiteral("EC P-521") << QString();
        QTest::newRow("pkcs1") << QStringLiteral("rsa-2048.pkcs1.pub.pem")
                               << QStringLiteral("openssl rsa -RSAPublicKey_in -pubout 2>/dev/null") << rsa2048
                               << QStringLiteral("RSA 2048") << QStringLiteral("PKCS#1");
        QTest::newRow("der spki") << QStringLiteral("rsa-3072.pub.der")
                                  << QStringLiteral("openssl pkey -pubin -inform DER") << rsa3072
                                  << QStringLiteral("RSA 3072") << QStringLiteral("DER");
        QTest::newRow("certificate pem") << QStringLiteral("ec-p256.cert.pem")
                                         << QStringLiteral("openssl x509 -pubkey -noout | openssl pkey -pubin") << p256
                                         << QStringLiteral("EC P-256") << QStringLiteral("CN=targetdesk test EC");
        QTest::newRow("certificate der") << QStringLiteral("rsa-2048.cert.der")
                                         << QStringLiteral(
                                                "openssl x509 -inform DER -pubkey -noout | openssl pkey -pubin")
                                         << rsa2048 << QStringLiteral("RSA 2048") << QStringLiteral("certificate");
    }
    void fixedKeys()
    {
        QFETCH(QString, file);
        QFETCH(QString, cliInput);
        QFETCH(QString, fingerprint);
        QFETCH(QString, description);
        QFETCH(QString, note);
        const QByteArray input = readData(file);
        const PublicKeyImport imported = importPublicKey(input);
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.fingerprint, fingerprint);
        QCOMPARE(imported.description, description);
        QVERIFY(imported.usableForEncryption);
        QVERIFY(imported.warnings.isEmpty());

        // The command line agrees, both on the input file and on the PKIX PEM we produce.
        const QString cli = QStringLiteral("%1 -outform DER | openssl dgst -sha256 -binary | base64 -w0").arg(cliInput);
        QCOMPARE(QStringLiteral("SHA256:") + QString::fromLatin1(shell(cli, input).trimmed().replace('=', "")),
                 fingerprint);
        QCOMPARE(cliFingerprint(imported.pem), fingerprint);
        QVERIFY(imported.pem.startsWith("-----BEGIN PUBLIC KEY-----\n"));

        if (note.isEmpty()) {
            // PKIX PEM is accepted as it is.
            QCOMPARE(imported.pem, input);
            QVERIFY2(imported.notes.isEmpty(), qPrintable(imported.notes.join(QLatin1Char('\n'))));
        } else {
            QCOMPARE(imported.notes.size(), 1);
            QVERIFY2(imported.notes.constFirst().contains(note), qPrintable(imported.notes.constFirst()));
            QVERIFY2(imported.notes.constFirst().contains(QStringLiteral("BEGIN PUBLIC KEY")),
                     qPrintable(imported.notes.constFirst()));
            // The converted form imports cleanly with no further note.
            const PublicKeyImport again = importPublicKey(imported.pem);
            QVERIFY(again.ok());
            QVERIFY(again.notes.isEmpty());
            QCOMPARE(again.fingerprint, fingerprint);
        }
    }

    void pkcs1NoteSaysWhy()
    {
        const PublicKeyImport imported = importPublicKey(readData(QStringLiteral("rsa-2048.pkcs1.pub.pem")));
        QVERIFY(imported.ok());
        QVERIFY2(imported.notes.join(QLatin1Char(' ')).contains(QStringLiteral("ZITADEL rejects")),
                 qPrintable(imported.notes.join(QLatin1Char(' '))));
    }

    void certificateMadeByCli()
    {
        const QByteArray cert = shell(QStringLiteral("openssl req -x509 -newkey rsa:3072 -nodes -keyout key.pem "
                                                     "-subj /CN=cli-made -days 1 2>/dev/null"));
        QVERIFY(cert.startsWith("-----BEGIN CERTIFICATE-----"));
        const QString expected = QStringLiteral("SHA256:") +
                                 QString::fromLatin1(shell(QStringLiteral("openssl pkey -in key.pem -pubout -outform "
                                                                          "DER | openssl dgst -sha256 -binary | base64 "
                                                                          "-w0"))
                                                         .trimmed()
                                                         .replace('=', ""));
        const PublicKeyImport imported = importPublicKey(cert);
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.fingerprint, expected);
        QCOMPARE(imported.description, QStringLiteral("RSA 3072"));
        QVERIFY2(imported.notes.join(QLatin1Char(' ')).contains(QStringLiteral("CN=cli-made")),
                 qPrintable(imported.notes.join(QLatin1Char(' '))));
        // The same key read from its private half matches the certificate's.
        const auto key = PrivateKey::fromPem(shell(QStringLiteral("cat key.pem")));
        QVERIFY(key);
        QCOMPARE(key->fingerprint(), expected);
    }

    void base64OfPem()
    {
        // ZITADEL's JSON carries publicKey as base64 of the PEM text.
        const QByteArray pem = readData(QStringLiteral("ec-p384.pub.pem"));
        const PublicKeyImport imported = importPublicKey(pem.toBase64());
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.pem, pem);
        QCOMPARE(imported.fingerprint, QStringLiteral("SHA256:2Esbusqd8HLYpUsSvamlCBRKLLC8rhRew+tDH6I/OFQ"));
        QVERIFY(imported.notes.join(QLatin1Char(' ')).contains(QStringLiteral("base64")));
    }

    void windowsLineEndings()
    {
        QByteArray pem = readData(QStringLiteral("rsa-3072.pub.pem"));
        const PublicKeyImport imported = importPublicKey(pem.replace("\n", "\r\n"));
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.fingerprint, QStringLiteral("SHA256:YEDbSpJn4KbRraycfQU/Dt7102H6+ZGQwZKTG8fbYPA"));
    }

    void otherCurveWarns()
    {
        const PublicKeyImport imported = importPublicKey(readData(QStringLiteral("ec-secp256k1.pub.pem")));
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.fingerprint, QStringLiteral("SHA256:oAD55pO3zDxf4C+c+/ArVzJioa2vsljkShbCPmGKHOw"));
        QCOMPARE(imported.description, QStringLiteral("EC secp256k1"));
        QVERIFY(!imported.usableForEncryption);
        QCOMPARE(imported.warnings.size(), 1);
        QVERIFY2(imported.warnings.constFirst().contains(QStringLiteral("secp256k1")) &&
                     imported.warnings.constFirst().contains(QStringLiteral("P-256")),
                 qPrintable(imported.warnings.constFirst()));
    }

    void weakRsaWarns()
    {
        const QByteArray pem = shell(QStringLiteral("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 "
                                                    "2>/dev/null | openssl pkey -pubout"));
        const PublicKeyImport imported = importPublicKey(pem);
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.description, QStringLiteral("RSA 1024"));
        QCOMPARE(imported.warnings.size(), 1);
        QVERIFY2(imported.warnings.constFirst().contains(QStringLiteral("2048")),
                 qPrintable(imported.warnings.constFirst()));
    }

    void rejections_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        const PrivateKey &ec = generated(KeyType::EcP256);
        const QByteArray pkcs8 = ec.privateKeyPem().value();
        const QStringList privateKey = {QStringLiteral("PRIVATE key"), QStringLiteral("never share")};
        const QByteArray publicPem = readData(QStringLiteral("rsa-2048.pub.pem"));

        QTest::newRow("pkcs8 private") << pkcs8 << privateKey;
        QTest::newRow("encrypted private") << ec.encryptedPrivateKeyPem("pw").value() << privateKey;
        QTest::newRow("traditional private")
            << shell(QStringLiteral("openssl ecparam -name prime256v1 -genkey -noout")) << privateKey;
        QTest::newRow("private after public") << publicPem + pkcs8 << privateKey;
        QTest::newRow("private der") << shell(QStringLiteral("openssl pkey -outform DER"), pkcs8) << privateKey;
        QTest::newRow("ed25519") << readData(QStringLiteral("ed25519.pub.pem"))
                                 << QStringList{QStringLiteral("Ed25519"), QStringLiteral("only RSA and EC")};
        QTest::newRow("ed448") << readData(QStringLiteral("ed448.pub.pem"))
                               << QStringList{QStringLiteral("Ed448"), QStringLiteral("only RSA and EC")};
        QTest::newRow("x25519") << readData(QStringLiteral("x25519.pub.pem"))
                                << QStringList{QStringLiteral("X25519"), QStringLiteral("only RSA and EC")};
        QTest::newRow("dsa") << readData(QStringLiteral("dsa.pub.pem"))
                             << QStringList{QStringLiteral("DSA"), QStringLiteral("only RSA and EC")};
        QTest::newRow("rsa-pss") << readData(QStringLiteral("rsa-pss.pub.pem"))
                                 << QStringList{QStringLiteral("RSA-PSS")};
        QTest::newRow("empty") << QByteArray() << QStringList{QStringLiteral("empty")};
        QTest::newRow("blank") << QByteArray("  \r\n\t ") << QStringList{QStringLiteral("empty")};
        QTest::newRow("garbage text") << QByteArray("this is not a key, just words.")
                                      << QStringList{QStringLiteral("Not a public key")};
        QTest::newRow("garbage base64") << QByteArray("QUJDREVGR0g=")
                                        << QStringList{QStringLiteral("Not a public key")};
        QTest::newRow("garbage binary") << QByteArray::fromHex("00ff13378badf00d30820122")
                                        << QStringList{QStringLiteral("Not a public key")};
        QTest::newRow("truncated, no END")
            << publicPem.left(publicPem.size() / 2)
            << QStringList{QStringLiteral("truncated"), QStringLiteral("-----END PUBLIC KEY-----")};
        QTest::newRow("truncated, line missing")
            << publicPem.left(27) + publicPem.mid(27 + 65)
            << QStringList{QStringLiteral("BEGIN PUBLIC KEY"), QStringLiteral("damaged or truncated")};
        QTest::newRow("bad base64") << QByteArray("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")
                                    << QStringList{QStringLiteral("damaged")};
        QTest::newRow("oversize input") << publicPem + QByteArray(70000, ' ') + publicPem
                                        << QStringList{QStringLiteral("too large"), QStringLiteral("8192")};
        QTest::newRow("oversize key") << toPem(hugeRsaSpki(7000), "PUBLIC KEY")
                                      << QStringList{QStringLiteral("too large"), QStringLiteral("8192")};
        QTest::newRow("ssh") << QByteArray("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtestkeytestkeytestkey user@host")
                             << QStringList{QStringLiteral("SSH"), QStringLiteral("ssh-keygen")};
        QTest::newRow("csr") << shell(QStringLiteral("openssl req -new -key /dev/stdin -subj /CN=csr"), pkcs8)
                             << QStringList{QStringLiteral("certificate signing request")};
        QTest::newRow("ec parameters only") << shell(QStringLiteral("openssl ecparam -name prime256v1"))
                                            << QStringList{QStringLiteral("EC parameters")};
        QTest::newRow("unknown pem") << QByteArray("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n")
                                     << QStringList{QStringLiteral("BEGIN FOO")};
    }
    void rejections()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        const PublicKeyImport imported = importPublicKey(input);
        QVERIFY2(!imported.ok(), qPrintable(imported.description));
        QVERIFY(imported.pem.isEmpty());
        QVERIFY(imported.der.isEmpty());
        QVERIFY(imported.fingerprint.isEmpty());
        for (const QString &part : expected)
            QVERIFY2(imported.error.contains(part), qPrintable(imported.error));
    }

    // The limit is ZITADEL's, on the PEM: a big but acceptable key passes.
    void largeKeyWithinLimit()
    {
        const QByteArray pem = toPem(hugeRsaSpki(5000), "PUBLIC KEY");
        QVERIFY(pem.size() < maxPublicKeyPemSize);
        const PublicKeyImport imported = importPublicKey(pem);
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        QCOMPARE(imported.pem, pem);
        QCOMPARE(imported.fingerprint, cliFingerprint(pem));
    }

    void wipeClears()
    {
        QByteArray secret("passphrase");
        const QByteArray shared = secret;
        QVERIFY(!wipe(secret));
        QVERIFY(secret.isEmpty());
        QCOMPARE(shared, QByteArray("passphrase")); // other owners keep their copy: wipe them too
        QString text = QString::fromLatin1("passphrase");
        QVERIFY(wipe(text));
        QVERIFY(text.isEmpty());
    }

    void wipeZeroesTheRealBuffer()
    {
        const auto zeroed = [](const QByteArray &bytes, const char *buffer, qsizetype size) {
            // The emptied object still owns the allocation: reading it is defined.
            return bytes.isEmpty() && bytes.constData() == buffer && bytes.capacity() >= size &&
                   std::all_of(buffer, buffer + size, [](char c) { return c == 0; });
        };
        // A detached copy and the original: wiping one zeroes its own buffer and leaves the other alone.
        QByteArray original("secret key bytes");
        QByteArray copy = original;
        copy.detach();
        const char *originalBuffer = original.constData();
        const char *copyBuffer = copy.constData();
        QVERIFY(originalBuffer != copyBuffer);
        QVERIFY(wipe(copy));
        QVERIFY(zeroed(copy, copyBuffer, 16));
        QCOMPARE(original, QByteArray("secret key bytes"));
        QVERIFY(wipe(original));
        QVERIFY(zeroed(original, originalBuffer, 16));

        // A shared copy: wiping it neither copies nor corrupts the other owner, whose wipe then zeroes the one real
        // buffer in place.
        QByteArray owner("another secret!!");
        const char *buffer = owner.constData();
        QByteArray shared = owner;
        const quint64 before = testing::wipedBuffers();
        QVERIFY(!wipe(shared));
        QVERIFY(shared.isEmpty());
        QCOMPARE(testing::wipedBuffers(), before); // nothing was overwritten: no detached copy was made to wipe
        QCOMPARE(owner, QByteArray("another secret!!"));
        QCOMPARE(owner.constData(), buffer);
        QVERIFY(wipe(owner));
        QVERIFY(zeroed(owner, buffer, 16));

        // Raw data is not ours: left alone.
        static const char external[] = "external";
        QByteArray raw = QByteArray::fromRawData(external, 8);
        QVERIFY(!wipe(raw));
        QCOMPARE(QByteArray(external), QByteArray("external"));

        QString text = QString::fromLatin1("passphrase");
        const QChar *characters = text.constData();
        QString sharedText = text;
        QVERIFY(!wipe(sharedText));
        QCOMPARE(text, QStringLiteral("passphrase"));
        QVERIFY(wipe(text));
        QVERIFY(text.isEmpty() && text.constData() == characters);
        QVERIFY(std::all_of(characters, characters + 10, [](QChar c) { return c.unicode() == 0; }));
    }

    void excessiveKdfCostRefused_data()
    {
        QTest::addColumn<QString>("kdf");
        QTest::addColumn<QString>("cost");
        QTest::addColumn<QString>("cap");
        QTest::newRow("pbkdf2") << QStringLiteral("pbkdf2") << QStringLiteral("PBKDF2 with 2000000000 iterations")
                                << QStringLiteral("1000000 iterations");
        QTest::newRow("scrypt N") << QStringLiteral("scrypt-n") << QStringLiteral("scrypt N=131072 r=1 p=1")
                                  << QStringLiteral("N=65536");
        QTest::newRow("scrypt p") << QStringLiteral("scrypt-p") << QStringLiteral("scrypt N=16384 r=8 p=1000")
                                  << QStringLiteral("r×p=64");
        QTest::newRow("scrypt memory") << QStringLiteral("scrypt-m") << QStringLiteral("scrypt N=65536 r=8 p=1")
                                       << QStringLiteral("32 MiB of memory");
    }

    void excessiveKdfCostRefused()
    {
        QFETCH(QString, kdf);
        QFETCH(QString, cost);
        QFETCH(QString, cap);
        const auto key = PrivateKey::generate(KeyType::EcP256);
        QVERIFY(key);
        X509_ALGOR *algorithm =
            kdf == QLatin1String("pbkdf2")
                ? PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), 2000000000, nullptr, 16, nullptr, NID_hmacWithSHA256, nullptr)
            : kdf == QLatin1String("scrypt-n")
                ? withScrypt(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 16, nullptr, 1024, 1, 1), 131072, 1)
            : kdf == QLatin1String("scrypt-p")
                ? PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 16, nullptr, 16384, 8, 1000)
                : withScrypt(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 16, nullptr, 1024, 1, 1), 65536, 8);
        QVERIFY(algorithm);
        const QByteArray pem = withKdf(key.value(), algorithm);
        QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        // Refused before a passphrase is asked for, and before the KDF runs with one.
        for (const QByteArray &passphrase : {QByteArray(), QByteArray("passphrase")}) {
            const auto loaded = PrivateKey::fromPem(pem, passphrase);
            QVERIFY(!loaded);
            QCOMPARE(loaded.error().kind, CryptoError::Kind::UnsupportedKey);
            QVERIFY2(loaded.error().message.contains(cost) && loaded.error().message.contains(cap),
                     qPrintable(loaded.error().message));
        }
    }

    void costsAtTheCapStillLoad()
    {
        const auto key = PrivateKey::generate(KeyType::EcP256);
        QVERIFY(key);
        // Our own exports and OpenSSL's usual costs stay far below the caps.
        for (const PassphraseKdf kdf : {PassphraseKdf::Pbkdf2, PassphraseKdf::Scrypt}) {
            const auto pem = key->encryptedPrivateKeyPem("passphrase", kdf);
            QVERIFY(pem);
            const auto loaded = PrivateKey::fromPem(*pem, "passphrase");
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
            QCOMPARE(loaded->fingerprint(), key->fingerprint());
        }
    }

    void pemReadIntoSecureHeap()
    {
        const auto key = PrivateKey::generate(KeyType::EcP256);
        QVERIFY(key);
        const auto pem = key->privateKeyPem();
        QVERIFY(pem);
        QVERIFY(PrivateKey::fromPem(*pem));
        // Reading a private key sets up OpenSSL's secure heap, which PEM_FLAG_SECURE reads go to.
        QVERIFY(CRYPTO_secure_malloc_initialized());
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
