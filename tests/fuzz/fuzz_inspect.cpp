// libFuzzer target: arbitrary bytes as a pasted or captured delivery. Exercises capture parsing (HTTP request, JSON
// capture, bare tokens), JWE decryption with every test key type, JWS verification against a JWKS and the
// ZITADEL-Signature check, then the report's JSON. Any crash, sanitizer report or broken invariant is a finding.

#include "inspect/capture.h"
#include "inspect/inspector.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace targetdesk;

namespace
{

QByteArray readData(const char *name)
{
    QFile file(QStringLiteral(TARGETDESK_TEST_DATA "/jose/interop/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_inspect: missing test data %s\n", name);
        std::abort();
    }
    return file.readAll();
}

// The committed test keys with their ZITADEL key ids (as the vault would offer them), the test JWKS and signing key.
const inspect::InspectOptions &options()
{
    static const inspect::InspectOptions fixed = [] {
        auto keys = std::make_shared<inspect::KeyList>();
        const char *names[] = {"enc-rsa-2048.pem", "enc-rsa-3072.pem", "enc-ec-p256.pem", "enc-ec-p384.pem",
                               "enc-ec-p521.pem"};
        int id = 1;
        for (const char *name : names) {
            auto key = crypto::PrivateKey::fromPem(readData(name));
            if (!key)
                std::abort();
            keys->add({key.value(), QLatin1String(name), QStringLiteral("31000000000000000%1").arg(id++)});
        }
        inspect::InspectOptions o;
        o.keys = keys;
        o.jwks = crypto::Jwks::parse(readData("jwks.json")).value();
        o.signingKey = readData("signing-key.txt").trimmed();
        o.now = 1767225600 + 60; // the captures' t=, so valid signatures stay valid
        return o;
    }();
    return fixed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const inspect::Capture capture = inspect::parseCapture(input);
    if (!capture.ok() && capture.error.isEmpty())
        std::abort();

    const inspect::Report report = inspect::inspectDelivery(input, options());
    switch (report.exitClass) {
    case inspect::ExitClass::Ok:
    case inspect::ExitClass::Malformed:
    case inspect::ExitClass::CannotDecrypt:
    case inspect::ExitClass::SignatureInvalid:
        break;
    default:
        std::abort();
    }
    if (!report.ok() && report.error.isEmpty())
        std::abort(); // every failure says why
    const QByteArray json = QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact);
    if (json.isEmpty())
        std::abort();
    return 0;
}
