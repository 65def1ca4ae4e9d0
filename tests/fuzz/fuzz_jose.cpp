// libFuzzer target: the JOSE layer alone, without the inspector around it. The same bytes are parsed as a compact
// JWE (and decrypted with each test key it fits), a compact JWS (and verified against the test JWKS), a JWKS, and a
// ZITADEL-Signature header line followed by a body.

#include "crypto/base64url.h"
#include "crypto/jwe.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/webhooksignature.h"

#include <QFile>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace targetdesk::crypto;

namespace
{

QByteArray readData(const char *name)
{
    QFile file(QStringLiteral(TARGETDESK_TEST_DATA "/jose/interop/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_jose: missing test data %s\n", name);
        std::abort();
    }
    return file.readAll();
}

struct Fixture {
    QList<PrivateKey> keys;
    Jwks jwks;
    QByteArray signingKey;
};

const Fixture &fixture()
{
    static const Fixture fixed = [] {
        Fixture f;
        for (const char *name :
             {"enc-rsa-2048.pem", "enc-rsa-3072.pem", "enc-ec-p256.pem", "enc-ec-p384.pem", "enc-ec-p521.pem"}) {
            auto key = PrivateKey::fromPem(readData(name));
            if (!key)
                std::abort();
            f.keys.append(key.value());
        }
        f.jwks = Jwks::parse(readData("jwks.json")).value();
        f.signingKey = readData("signing-key.txt").trimmed();
        return f;
    }();
    return fixed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const Fixture &f = fixture();

    if (JoseResult<Jwe> jwe = Jwe::parse(input)) {
        for (const PrivateKey &key : f.keys) {
            if (!jwe->keyFits(key))
                continue;
            JoseResult<QByteArray> plaintext = jwe->decrypt(key);
            if (!plaintext && plaintext.error().message.isEmpty())
                std::abort();
        }
    }
    if (JoseResult<Jws> jws = Jws::parse(input)) {
        JoseResult<Jwk> key = jws->verify(f.jwks);
        // An unsigned token is never verified.
        if (key && jws->alg() == QLatin1String("none"))
            std::abort();
    }
    if (JoseResult<Jwks> jwks = Jwks::parse(input)) {
        for (const Jwk &key : jwks->keys())
            (void)key.description();
    }
    (void)base64UrlDecode(input);

    const qsizetype newline = input.indexOf('\n');
    if (newline >= 0) {
        const WebhookSignatureCheck check =
            verifyWebhookSignature(input.first(newline), input.sliced(newline + 1), f.signingKey, 1767225600 + 60);
        if (check.ok() && check.signatureCount == 0)
            std::abort();
    }
    return 0;
}
