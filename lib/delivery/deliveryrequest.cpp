#include "deliveryrequest.h"

#include "samples.h"

#include "crypto/jwe.h"
#include "crypto/jws.h"
#include "crypto/webhooksignature.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

namespace targetdesk::delivery
{

namespace
{

struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::delivery)
};

// Line and column of a byte offset, for a parse error people can find.
QString positionOf(const QByteArray &text, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, text.size());
    const QByteArrayView before(text.constData(), offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return Messages::tr("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

} // namespace

QByteArray DeliveryRequest::wireText() const
{
    QByteArray path = endpoint.path(QUrl::FullyEncoded).toUtf8();
    if (path.isEmpty())
        path = "/";
    if (endpoint.hasQuery())
        path += '?' + endpoint.query(QUrl::FullyEncoded).toUtf8();
    QByteArray host = endpoint.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (endpoint.port() >= 0)
        host += ':' + QByteArray::number(endpoint.port());

    QByteArray text = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    for (const auto &[name, value] : headers)
        text += name + ": " + value + "\r\n";
    text += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    text += body;
    return text;
}

std::optional<QByteArray> DeliveryRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

Expected<DeliveryRequest, QString> buildRequest(const Target &target, const ExecutionCondition &condition,
                                                const BuildOptions &options)
{
    DeliveryRequest request;
    request.target = target;
    request.condition = condition;
    request.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(target.timeout);

    if (target.endpoint.trimmed().isEmpty())
        return Messages::tr("The target has no endpoint to send to.");
    request.endpoint = QUrl(target.endpoint.trimmed(), QUrl::StrictMode);
    if (!request.endpoint.isValid() || request.endpoint.host().isEmpty())
        return Messages::tr("The target's endpoint \"%1\" is not a URL with a host.").arg(target.endpoint);
    const QString scheme = request.endpoint.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return Messages::tr("The target's endpoint \"%1\" is not an http or https URL.").arg(target.endpoint);

    // The JSON: the sample, or the user's edit encoded the way ZITADEL encodes it (compact, Go's escaping).
    if (options.json.trimmed().isEmpty()) {
        request.json = goJson(sampleBody(condition, options.eventType));
    } else {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(options.json, &error);
        if (error.error != QJsonParseError::NoError) {
            return Messages::tr("The body is not valid JSON: %1 at %2.")
                .arg(error.errorString(), positionOf(options.json, error.offset));
        }
        if (!document.isObject())
            return Messages::tr("The body must be a JSON object ({...}): ZITADEL always sends an object.");
        request.json = goJson(document.object());
    }

    switch (target.effectivePayloadType()) {
    case PayloadType::Unspecified:
    case PayloadType::Json:
        request.body = request.json;
        break;
    case PayloadType::Jwt:
    case PayloadType::Jwe: {
        const bool jwe = target.effectivePayloadType() == PayloadType::Jwe;
        const QString kind = jwe ? QStringLiteral("JWE") : QStringLiteral("JWT");
        if (!options.signer || options.signer->key.isNull()) {
            return Messages::tr("A %1 target gets a JWT signed with the instance's web key, and no signing key was "
                                "given (no active web key: ZITADEL sends nothing either).")
                .arg(kind);
        }
        if (jwe) {
            if (!options.encryptionKey) {
                return Messages::tr("The JWE target has no usable active public key: ZITADEL sends nothing to it "
                                    "until one is added and activated.");
            }
            const PublicKey &key = *options.encryptionKey;
            if (!key.active)
                return Messages::tr("Public key %1 is not active: ZITADEL encrypts only to the active key.")
                    .arg(key.keyId);
            if (key.isExpired()) {
                return Messages::tr("Public key %1 expired on %2: ZITADEL does not use an expired key and sends "
                                    "nothing.")
                    .arg(key.keyId, key.expirationDate.toUTC().toString(Qt::ISODate));
            }
        }
        auto jwt = crypto::signJws(request.json, options.signer->key, options.signer->alg, options.signer->kid,
                                   QStringLiteral("JWT"));
        if (!jwt.ok())
            return Messages::tr("Could not sign the JWT: %1").arg(jwt.error().message);
        request.jwt = jwt.value();
        if (!jwe) {
            request.body = request.jwt;
            break;
        }
        crypto::JweEncryption how;
        how.kid = options.encryptionKey->keyId;
        auto token = crypto::encryptJwe(request.jwt, options.encryptionKey->publicKeyPem, how);
        if (!token.ok()) {
            return Messages::tr("Public key %1 cannot encrypt the payload: %2")
                .arg(options.encryptionKey->keyId, token.error().message);
        }
        request.body = token.value();
        request.encryptionKeyId = options.encryptionKey->keyId;
        break;
    }
    }

    request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    if (!target.signingKey.isEmpty()) {
        const qint64 t = options.timestamp > 0 ? options.timestamp : QDateTime::currentSecsSinceEpoch();
        request.headers.append({QByteArrayLiteral("ZITADEL-Signature"),
                                crypto::webhookSignatureHeader(request.body, target.signingKey.toUtf8(), t)});
    }
    return request;
}

} // namespace targetdesk::delivery
