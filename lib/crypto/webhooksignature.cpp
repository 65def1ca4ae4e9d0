#include "webhooksignature.h"

#include "joseprimitives.h"
#include "opensslptr.h"

#include <QList>

namespace targetdesk::crypto
{

namespace
{

// Real headers are a few hundred bytes; refuse to parse novels.
constexpr qsizetype maxHeaderSize = 4096;

WebhookSignatureCheck malformed(const QString &message)
{
    WebhookSignatureCheck check;
    check.outcome = WebhookSignatureCheck::Outcome::Malformed;
    check.message = message;
    return check;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

WebhookSignatureCheck verifyWebhookSignature(QByteArrayView header, QByteArrayView body, QByteArrayView signingKey,
                                             qint64 nowSeconds, int toleranceSeconds)
{
    if (header.size() > maxHeaderSize)
        return malformed(Messages::tr("The ZITADEL-Signature header is too long (%1 bytes).").arg(header.size()));
    QByteArray timestamp;
    QList<QByteArray> signatures;
    int undecodable = 0;
    const QList<QByteArray> pairs = header.toByteArray().split(',');
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QByteArrayView item = QByteArrayView(pairs.at(i)).trimmed();
        const qsizetype equals = item.indexOf('=');
        // ZITADEL's verifier: one pair that does not split into key=value invalidates the whole header.
        if (equals < 0 || item.sliced(equals + 1).contains('='))
            return malformed(Messages::tr("The ZITADEL-Signature header is invalid: part %1 (\"%2\") is not "
                                          "key=value, and ZITADEL's verifier refuses the whole header for that.")
                                 .arg(i + 1)
                                 .arg(QString::fromLatin1(item.first(std::min<qsizetype>(item.size(), 40)))));
        const QByteArrayView key = item.first(equals).trimmed();
        const QByteArrayView value = item.sliced(equals + 1).trimmed();
        if (key == "t") {
            if (!timestamp.isEmpty() || !isDigits(value))
                return malformed(Messages::tr("The ZITADEL-Signature header has no valid timestamp \"t=<unix "
                                              "seconds>\"."));
            timestamp = value.toByteArray();
        } else if (key == "v1") {
            const QByteArray decoded = QByteArray::fromHex(value.toByteArray());
            // fromHex skips junk silently; require exact hex of a SHA-256 size.
            if (value.size() != 64 || decoded.size() != 32 || decoded.toHex() != value.toByteArray().toLower())
                ++undecodable;
            else
                signatures.append(decoded);
        }
    }
    if (timestamp.isEmpty())
        return malformed(Messages::tr("The ZITADEL-Signature header has no timestamp \"t=<unix seconds>\"."));
    if (signatures.isEmpty())
        return malformed(undecodable > 0
                             ? Messages::tr("The ZITADEL-Signature header has no v1 signature of 64 hex digits.")
                             : Messages::tr("The ZITADEL-Signature header has no \"v1=\" signature."));

    WebhookSignatureCheck check;
    check.timestamp = timestamp.toLongLong();
    check.ageSeconds = nowSeconds - check.timestamp;
    check.signatureCount = int(signatures.size());
    const QByteArray expected = hmacSha256(signingKey, QByteArray(timestamp + '.' + body.toByteArray()));
    bool match = false;
    // Every entry is compared, each in constant time.
    for (const QByteArray &signature : std::as_const(signatures))
        match = constantTimeEquals(expected, signature) || match;
    const QString age = describeAge(check.ageSeconds);
    check.future = check.ageSeconds < 0;
    // ZITADEL's verifier refuses an old timestamp before it compares any signature; it never refuses a future one.
    if (toleranceSeconds >= 0 && check.ageSeconds > toleranceSeconds) {
        check.outcome = WebhookSignatureCheck::Outcome::OutsideTolerance;
        check.message = (match ? Messages::tr("The webhook signature matches, but it was made %1: older than the "
                                              "tolerance of %2 s, so ZITADEL's verifier refuses it (a replay?).")
                               : Messages::tr("The webhook signature was made %1: older than the tolerance of %2 s, so "
                                              "ZITADEL's verifier refuses it; no v1 matches either."))
                            .arg(age)
                            .arg(toleranceSeconds);
    } else if (!match) {
        check.outcome = WebhookSignatureCheck::Outcome::Invalid;
        check.message = Messages::tr("The webhook signature is invalid: no v1 matches the body with this signing key "
                                     "(signed %1).")
                            .arg(age);
    } else {
        check.outcome = WebhookSignatureCheck::Outcome::Valid;
        check.message = Messages::tr("The webhook signature is valid (signed %1).").arg(age);
        if (check.future)
            check.message += QLatin1Char(' ') + Messages::tr("Note: its timestamp lies in the future (the sender's "
                                                             "clock is ahead?); ZITADEL's verifier accepts that.");
    }
    return check;
}

QByteArray webhookSignatureHeader(QByteArrayView body, QByteArrayView signingKey, qint64 timestamp)
{
    const QByteArray t = QByteArray::number(timestamp);
    return "t=" + t + ",v1=" + hmacSha256(signingKey, QByteArray(t + '.' + body.toByteArray())).toHex();
}

QString describeAge(qint64 ageSeconds)
{
    const bool future = ageSeconds < 0;
    qint64 rest = std::abs(ageSeconds);
    QString text;
    if (rest >= 86400) {
        text = Messages::tr("%1 d %2 h").arg(rest / 86400).arg((rest % 86400) / 3600);
    } else if (rest >= 3600) {
        text = Messages::tr("%1 h %2 min").arg(rest / 3600).arg((rest % 3600) / 60);
    } else if (rest >= 60) {
        text = Messages::tr("%1 min %2 s").arg(rest / 60).arg(rest % 60);
    } else {
        text = Messages::tr("%1 s").arg(rest);
    }
    return future ? Messages::tr("%1 in the future").arg(text) : Messages::tr("%1 ago").arg(text);
}

} // namespace targetdesk::crypto
