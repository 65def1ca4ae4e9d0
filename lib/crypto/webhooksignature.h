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
        Valid,            // a v1 matches and the timestamp is not older than the tolerance
        Invalid,          // no v1 matches
        OutsideTolerance, // the timestamp is older than the tolerance allows (refused before any v1 is compared)
        Malformed,        // the header cannot be read (no t, no v1, a pair that is not key=value)
    };

    Outcome outcome = Outcome::Malformed;
    qint64 timestamp = 0;   // t
    qint64 ageSeconds = 0;  // now - t; negative when t lies in the future
    int signatureCount = 0; // v1 entries
    bool future = false;    // t lies in the future: accepted, as ZITADEL's verifier does, but worth a note
    QString message;        // for people, includes the age

    [[nodiscard]] bool ok() const { return outcome == Outcome::Valid; }
};

// Checks the header against the body in constant time per entry, the way ZITADEL's own verifier does: a pair that
// is not exactly key=value makes the whole header invalid, unknown keys and v1 values that are not hex are skipped,
// a timestamp older than the tolerance is refused, one in the future is accepted (with a note). toleranceSeconds < 0
// reports the age without enforcing it (to inspect old captures). Thread-safe.
[[nodiscard]] WebhookSignatureCheck verifyWebhookSignature(QByteArrayView header, QByteArrayView body,
                                                           QByteArrayView signingKey, qint64 nowSeconds,
                                                           int toleranceSeconds = defaultWebhookTolerance);

// The header ZITADEL would send: "t=<timestamp>,v1=<lowercase hex>".
[[nodiscard]] QByteArray webhookSignatureHeader(QByteArrayView body, QByteArrayView signingKey, qint64 timestamp);

// "3 min 20 s ago", "in 5 s", for the age of a signature.
[[nodiscard]] QString describeAge(qint64 ageSeconds);

} // namespace targetdesk::crypto
