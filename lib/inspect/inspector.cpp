#include "inspector.h"

#include "payloadsummary.h"

#include "crypto/base64url.h"
#include "crypto/jsonguard.h"
#include "crypto/jwe.h"
#include "crypto/jws.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

namespace targetdesk::inspect
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::inspect)
};

using crypto::JoseError;

void fail(Report &report, ExitClass exitClass, const QString &message, const QString &detail = {})
{
    // The most severe class wins; among equals the first failure explains it.
    if (int(exitClass) > int(report.exitClass)) {
        report.exitClass = exitClass;
        report.error = message;
        report.errorDetail = detail;
    }
}

QString describeAlg(const QString &alg)
{
    if (alg == QLatin1String("RSA-OAEP-256"))
        return Messages::tr("content key encrypted with RSA-OAEP and SHA-256 (what ZITADEL uses for RSA keys)");
    if (alg == QLatin1String("RSA-OAEP"))
        return Messages::tr("content key encrypted with RSA-OAEP and SHA-1");
    if (alg == QLatin1String("ECDH-ES"))
        return Messages::tr("content key agreed directly with ECDH-ES");
    if (alg.startsWith(QLatin1String("ECDH-ES+")))
        return Messages::tr("ECDH-ES key agreement, content key wrapped with AES key wrap (ZITADEL uses "
                            "ECDH-ES+A256KW for EC keys)");
    if (alg.startsWith(QLatin1String("RS")))
        return Messages::tr("RSA PKCS#1 v1.5 signature with SHA-%1").arg(alg.mid(2));
    if (alg.startsWith(QLatin1String("PS")))
        return Messages::tr("RSA-PSS signature with SHA-%1").arg(alg.mid(2));
    if (alg.startsWith(QLatin1String("ES")))
        return Messages::tr("ECDSA signature with SHA-%1").arg(alg.mid(2));
    if (alg == QLatin1String("EdDSA"))
        return Messages::tr("Edwards-curve signature");
    if (alg == QLatin1String("none"))
        return Messages::tr("no signature at all");
    return Messages::tr("not supported here");
}

QString describeField(const QString &name, const QJsonValue &value)
{
    const QString text = value.toString();
    if (name == QLatin1String("alg"))
        return describeAlg(text);
    if (name == QLatin1String("enc"))
        return text.contains(QLatin1String("GCM")) ? Messages::tr("content encrypted with AES-GCM")
                                                   : Messages::tr("content encrypted with AES-CBC and HMAC");
    if (name == QLatin1String("kid"))
        return Messages::tr("key id: for a JWE the id ZITADEL gave the target's public key, for a JWT the id of "
                            "the instance's signing key in its JWKS");
    if (name == QLatin1String("typ"))
        return Messages::tr("type of the whole token");
    if (name == QLatin1String("cty"))
        return text.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0
                   ? Messages::tr("the plaintext is itself a JWT (nested, as ZITADEL sends it)")
                   : Messages::tr("type of the content");
    if (name == QLatin1String("zip"))
        return Messages::tr("the plaintext was compressed (DEFLATE) before encryption");
    if (name == QLatin1String("epk"))
        return Messages::tr("the sender's one-time public key on %1")
            .arg(value.toObject().value(QLatin1String("crv")).toString());
    if (name == QLatin1String("apu") || name == QLatin1String("apv"))
        return Messages::tr("party information mixed into the key derivation");
    if (name == QLatin1String("crit"))
        return Messages::tr("extensions the receiver must understand");
    return {};
}

Layer headerLayer(Layer::Kind kind, const QJsonObject &header)
{
    Layer layer;
    layer.kind = kind;
    layer.header = header;
    for (auto it = header.begin(); it != header.end(); ++it)
        layer.fields.append({it.key(), it.value(), describeField(it.key(), it.value())});
    return layer;
}

bool isTokenText(QByteArrayView text)
{
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

bool isCompactJws(QByteArrayView text)
{
    return text.count('.') == 2 && isTokenText(text);
}

bool isCompactJwe(QByteArrayView text)
{
    return text.count('.') == 4 && isTokenText(text);
}

// The order to try keys in: those whose key id is the JWE kid first (even if their type looks wrong: the report
// then says why), then every other key whose type fits.
QList<KeyCandidate> keysToTry(const crypto::Jwe &jwe, const KeyProvider &provider, QStringList &skipped)
{
    QList<KeyCandidate> out = provider.keysWithId(jwe.kid());
    const QList<KeyCandidate> all = provider.candidates();
    for (const KeyCandidate &candidate : all) {
        if (!jwe.kid().isEmpty() && candidate.keyId == jwe.kid())
            continue;
        QString why;
        if (jwe.keyFits(candidate.key, &why))
            out.append(candidate);
        else
            skipped.append(Messages::tr("%1: skipped, %2").arg(candidate.label, why));
    }
    return out;
}

QString neededKey(const crypto::Jwe &jwe)
{
    return jwe.isKeyAgreement() ? Messages::tr("an EC %1 private key").arg(jwe.ephemeralCurve())
                                : Messages::tr("an RSA private key");
}

// Decrypts the JWE layer; returns the plaintext or nullopt (the report says why).
std::optional<QByteArray> decryptLayer(const QByteArray &body, const InspectOptions &options, Report &report)
{
    crypto::JoseResult<crypto::Jwe> jwe = crypto::Jwe::parse(body, options.limits);
    Check check;
    check.kind = Check::Kind::Decryption;
    if (!jwe) {
        // Show what we could read of a refused token's header.
        const qsizetype dot = body.indexOf('.');
        const std::optional<QByteArray> headerJson =
            dot > 0 ? crypto::base64UrlDecode(QByteArrayView(body).first(dot)) : std::nullopt;
        if (headerJson && jwe.error().kind == JoseError::Kind::Refused) {
            crypto::JoseResult<QJsonObject> header = crypto::parseJsonObjectGuarded(
                *headerJson, options.limits.maxHeaderSize, options.limits.maxHeaderDepth, QString());
            if (header)
                report.layers.append(headerLayer(Layer::Kind::Jwe, *header));
        }
        check.status = Check::Status::Failed;
        check.summary = jwe.error().message;
        report.checks.append(check);
        fail(report, exitClassOf(jwe.error()), jwe.error().message, jwe.error().detail);
        return std::nullopt;
    }
    report.layers.append(headerLayer(Layer::Kind::Jwe, jwe->header()));

    QStringList skipped;
    const QList<KeyCandidate> keys = options.keys ? keysToTry(*jwe, *options.keys, skipped) : QList<KeyCandidate>();
    check.attempts = skipped;
    if (keys.isEmpty()) {
        check.status = Check::Status::Failed;
        check.summary = !options.keys || options.keys->candidates().isEmpty()
                            ? Messages::tr("Not decrypted: no private key was given. The token needs %1%2.")
                                  .arg(neededKey(*jwe),
                                       jwe->kid().isEmpty() ? QString() : Messages::tr(" (key id %1)").arg(jwe->kid()))
                            : Messages::tr("Not decrypted: no offered key fits. The token needs %1%2.")
                                  .arg(neededKey(*jwe),
                                       jwe->kid().isEmpty() ? QString() : Messages::tr(" (key id %1)").arg(jwe->kid()));
        report.checks.append(check);
        fail(report, ExitClass::CannotDecrypt, check.summary);
        return std::nullopt;
    }

    std::optional<JoseError> decisive;
    for (const KeyCandidate &candidate : keys) {
        crypto::JoseResult<QByteArray> plaintext = jwe->decrypt(candidate.key, options.limits);
        if (plaintext) {
            check.status = Check::Status::Passed;
            report.decryptedWith = candidate.label;
            check.summary =
                Messages::tr("Decrypted with %1 (%2%3).")
                    .arg(candidate.label, candidate.key.description(),
                         candidate.keyId.isEmpty() ? QString() : Messages::tr(", key id %1").arg(candidate.keyId));
            check.attempts.append(Messages::tr("%1: decrypted").arg(candidate.label));
            report.checks.append(check);
            return std::move(plaintext).value();
        }
        const JoseError &error = plaintext.error();
        check.attempts.append(Messages::tr("%1: %2").arg(
            candidate.label, error.detail.isEmpty() ? error.message : error.message + QLatin1Char(' ') + error.detail));
        // A problem of the token itself (bad ephemeral key, inflate cap) explains the failure better than "wrong key".
        if (!decisive || (decisive->kind == JoseError::Kind::DecryptionFailed &&
                          (error.kind == JoseError::Kind::InvalidKey || error.kind == JoseError::Kind::Refused)))
            decisive = error;
    }
    check.status = Check::Status::Failed;
    check.summary = decisive->message;
    check.detail = decisive->detail;
    report.checks.append(check);
    fail(report, ExitClass::CannotDecrypt, decisive->message, check.attempts.join(QLatin1Char('\n')));
    return std::nullopt;
}

// Reads the JWS layer; returns its payload (verified or not) or nullopt when the token is malformed.
std::optional<QByteArray> signatureLayer(const QByteArray &token, const InspectOptions &options, Report &report)
{
    crypto::JoseResult<crypto::Jws> jws = crypto::Jws::parse(token, options.limits);
    Check check;
    check.kind = Check::Kind::Signature;
    if (!jws) {
        check.status = Check::Status::Failed;
        check.summary = jws.error().message;
        report.checks.append(check);
        fail(report, exitClassOf(jws.error()), jws.error().message);
        return std::nullopt;
    }
    report.layers.append(headerLayer(Layer::Kind::Jws, jws->header()));
    if (!options.jwks) {
        check.status = Check::Status::NotChecked;
        check.summary = jws->alg() == QLatin1String("none")
                            ? Messages::tr("Unverified: the JWT is unsigned (\"alg\":\"none\").")
                            : Messages::tr("Unverified: no JWKS was given to check the %1 signature (kid %2).")
                                  .arg(jws->alg(), jws->kid().isEmpty() ? Messages::tr("none") : jws->kid());
        report.notes.append(Messages::tr("The payload is shown unverified."));
    } else {
        crypto::JoseResult<crypto::Jwk> key = jws->verify(*options.jwks);
        if (key) {
            check.status = Check::Status::Passed;
            report.signatureVerified = true;
            report.verifiedWith = key->kid().isEmpty() ? key->thumbprint() : key->kid();
            check.summary = Messages::tr("Signature verified with JWKS key %1 (%2, %3).")
                                .arg(report.verifiedWith, key->description(), jws->alg());
        } else {
            check.status = Check::Status::Failed;
            check.summary = key.error().message;
            fail(report, exitClassOf(key.error(), true), key.error().message);
        }
    }
    report.checks.append(check);
    return jws->payload();
}

void describePayload(const QByteArray &payload, const InspectOptions &options, Report &report)
{
    report.payload = payload;
    report.payloadReached = true;
    Layer layer;
    layer.kind = Layer::Kind::Payload;
    report.layers.append(layer);
    crypto::JoseResult<QJsonDocument> document = crypto::parseJsonGuarded(
        payload, options.limits.maxInflatedSize, options.maxPayloadDepth, Messages::tr("The payload"));
    if (!document) {
        report.notes.append(document.error().message);
        return;
    }
    report.payloadJson = document->isObject() ? QJsonValue(document->object()) : QJsonValue(document->array());
    report.kind = recognisePayload(report.payloadJson, &report.kindName);
    report.timestamps = findTimestamps(report.payloadJson);
}

void checkWebhookSignature(const Capture &capture, const InspectOptions &options, Report &report)
{
    Check check;
    check.kind = Check::Kind::WebhookSignature;
    const std::optional<QByteArray> header = capture.header("ZITADEL-Signature");
    const bool hasHeaders = capture.form == Capture::Form::HttpRequest || capture.form == Capture::Form::JsonCapture;
    if (!header) {
        check.summary = hasHeaders ? Messages::tr("Not checked: the capture has no ZITADEL-Signature header.")
                                   : Messages::tr("Not checked: the input has no HTTP headers (paste the whole request "
                                                  "to check the ZITADEL-Signature).");
    } else if (options.signingKey.isEmpty()) {
        check.summary = Messages::tr("Not checked: no signing key was given for the ZITADEL-Signature header.");
    } else {
        const qint64 now = options.now.value_or(QDateTime::currentSecsSinceEpoch());
        const crypto::WebhookSignatureCheck result =
            crypto::verifyWebhookSignature(*header, capture.body, options.signingKey, now, options.signatureTolerance);
        check.summary = result.message;
        if (result.outcome != crypto::WebhookSignatureCheck::Outcome::Malformed)
            check.detail = Messages::tr("t=%1 (%2), %3 v1 signature(s)")
                               .arg(result.timestamp)
                               .arg(readableTime(QDateTime::fromSecsSinceEpoch(result.timestamp, Qt::UTC)))
                               .arg(result.signatureCount);
        check.status = result.ok() ? Check::Status::Passed : Check::Status::Failed;
        if (!result.ok())
            fail(report, ExitClass::SignatureInvalid, result.message);
    }
    report.checks.append(check);
}

} // namespace

ExitClass exitClassOf(const crypto::JoseError &error, bool signatureLayer)
{
    switch (error.kind) {
    case JoseError::Kind::Malformed:
    case JoseError::Kind::TooLarge:
        return ExitClass::Malformed;
    case JoseError::Kind::SignatureInvalid:
    case JoseError::Kind::NoKey:
        return ExitClass::SignatureInvalid;
    case JoseError::Kind::Refused:
    case JoseError::Kind::KeyMismatch:
    case JoseError::Kind::InvalidKey:
    case JoseError::Kind::DecryptionFailed:
    case JoseError::Kind::Internal:
        return signatureLayer ? ExitClass::SignatureInvalid : ExitClass::CannotDecrypt;
    }
    return ExitClass::CannotDecrypt;
}

Report inspectDelivery(QByteArrayView input, const InspectOptions &options)
{
    Report report;
    const Capture capture = parseCapture(input);
    report.form = capture.form;
    if (!capture.ok()) {
        fail(report, ExitClass::Malformed, capture.error);
        return report;
    }
    if (!capture.note.isEmpty())
        report.notes.append(capture.note);

    QByteArray content = capture.body.trimmed();
    if (capture.form == Capture::Form::HttpRequest || capture.form == Capture::Form::JsonCapture) {
        if (content.isEmpty())
            fail(report, ExitClass::Malformed, Messages::tr("The captured request has no body."));
    }
    if (report.ok()) {
        if (isCompactJwe(content)) {
            std::optional<QByteArray> plaintext = decryptLayer(content, options, report);
            content = plaintext ? plaintext->trimmed() : QByteArray();
            if (!plaintext)
                content.clear();
            else if (!isCompactJws(content))
                describePayload(*plaintext, options, report);
            if (plaintext && isCompactJws(content)) {
                if (std::optional<QByteArray> payload = signatureLayer(content, options, report))
                    describePayload(*payload, options, report);
            }
        } else if (isCompactJws(content)) {
            if (std::optional<QByteArray> payload = signatureLayer(content, options, report))
                describePayload(*payload, options, report);
        } else {
            crypto::JoseResult<QJsonDocument> document =
                crypto::parseJsonGuarded(content, maxCaptureSize, options.maxPayloadDepth, Messages::tr("The body"));
            if (!document)
                fail(report, ExitClass::Malformed, document.error().message);
            else
                describePayload(content, options, report);
        }
    }
    checkWebhookSignature(capture, options, report);
    return report;
}

} // namespace targetdesk::inspect
