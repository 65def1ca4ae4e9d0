#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace targetdesk::crypto
{

// ZITADEL's default clock tolerance for the ZITADEL-Signature timestamp.
inline constexpr int defaultWebhookTolerance = 300;

// The outcome of checking a ZITADEL-Signature header ("t=<unix seconds>,v1=<hex>[,v1=<hex>...]"), which is
// HMAC-SHA256 with the target's signing key over "<t>." + the raw body.
struct WebhookSignatureCheck {
    enum class Outcome {
        Valid,            // a v1 matches and the timestamp is within the tolerance
        Invalid,          // no v1 matches
        OutsideTolerance, // a v1 matches, but the timestamp is older (or newer) than the tolerance allows
        Malformed,        // the header cannot be read (no t, no v1, garbage)
    };

    Outcome outcome = Outcome::Malformed;
    qint64 timestamp = 0;   // t
    qint64 ageSeconds = 0;  // now - t; negative when t lies in the future
    int signatureCount = 0; // v1 entries
    QString message;        // for people, includes the age

    [[nodiscard]] bool ok() const { return outcome == Outcome::Valid; }
};

// Checks the header against the body in constant time per entry. toleranceSeconds < 0 reports the age without
// enforcing it (to inspect old captures). Thread-safe.
[[nodiscard]] WebhookSignatureCheck verifyWebhookSignature(QByteArrayView header, QByteArrayView body,
                                                           QByteArrayView signingKey, qint64 nowSeconds,
                                                           int toleranceSeconds = defaultWebhookTolerance);

// The header ZITADEL would send: "t=<timestamp>,v1=<lowercase hex>".
[[nodiscard]] QByteArray webhookSignatureHeader(QByteArrayView body, QByteArrayView signingKey, qint64 timestamp);

// "3 min 20 s ago", "in 5 s", for the age of a signature.
[[nodiscard]] QString describeAge(qint64 ageSeconds);

} // namespace targetdesk::crypto
