#pragma once

#include "capture.h"
#include "keyprovider.h"
#include "report.h"

#include "crypto/joseerror.h"
#include "crypto/jwk.h"
#include "crypto/webhooksignature.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>

namespace targetdesk::inspect
{

// What the inspector may use. Copies are cheap; one InspectOptions may be shared by many threads.
struct InspectOptions {
    std::shared_ptr<const KeyProvider> keys; // private keys to decrypt JWEs with; none: JWEs cannot be decrypted
    std::optional<crypto::Jwks> jwks;        // the instance's JWKS; none: JWTs are shown unverified
    QByteArray signingKey;                   // the target's signing key; empty: ZITADEL-Signature not checked
    std::optional<qint64> now;               // Unix seconds for the signature age; default: the current time
    int signatureTolerance = crypto::defaultWebhookTolerance; // < 0: report the age, do not enforce it
    crypto::JoseLimits limits;
    int maxPayloadDepth = 128;
};

// Takes apart one pasted or captured delivery: detects the form, decrypts with the fitting key, verifies the JWT
// against the JWKS and the ZITADEL-Signature against the signing key, and describes the payload. Never throws;
// every problem ends up in the report with its exit class. Thread-safe: no shared mutable state, so a thread pool
// may inspect many inputs at once with the same options.
[[nodiscard]] Report inspectDelivery(QByteArrayView input, const InspectOptions &options = {});

// The exit class a JOSE error maps to. signatureLayer: the error came from verifying a JWS (always class 5 unless
// the token is malformed).
[[nodiscard]] ExitClass exitClassOf(const crypto::JoseError &error, bool signatureLayer = false);

} // namespace targetdesk::inspect
