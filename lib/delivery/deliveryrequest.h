#pragma once

#include "common/expected.h"
#include "crypto/privatekey.h"
#include "model/execution.h"
#include "model/publickey.h"
#include "model/target.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace targetdesk::delivery
{

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The key a JWT (and the JWT inside a JWE) is signed with: on a real instance its active web key; the sandbox's
// instance key; or a local test key, in which case a receiver checking against the instance JWKS refuses it.
struct JwtSigner {
    crypto::PrivateKey key;
    QString kid;
    QString alg = QStringLiteral("RS256");
};

// Everything buildRequest() needs besides the target and the condition.
struct BuildOptions {
    QByteArray json;                        // the body to send; empty: goJson(sampleBody(condition, eventType))
    QString eventType;                      // for an event group / all condition without a json body
    std::optional<JwtSigner> signer;        // required for JWT and JWE payloads
    std::optional<PublicKey> encryptionKey; // JWE: the target's active public key (must be usable)
    qint64 timestamp = 0;                   // ZITADEL-Signature t; 0: now
};

// The exact HTTP request ZITADEL sends to a target.
struct DeliveryRequest {
    Target target;
    ExecutionCondition condition;
    QUrl endpoint;
    HeaderList headers;      // in the order sent: Content-Type, ZITADEL-Signature (when the target has a signing key)
    QByteArray body;         // what goes on the wire: the JSON, the JWT or the JWE
    QByteArray json;         // the JSON inside (equal to body for JSON payloads)
    QByteArray jwt;          // the signed JWT (JWT payloads: equal to body; JWE: what was encrypted); else empty
    QString encryptionKeyId; // JWE: kid of the key used
    std::chrono::milliseconds timeout{0};

    // "POST /path HTTP/1.1", Host and the headers, a blank line, the body: the wire view.
    [[nodiscard]] QByteArray wireText() const;
    [[nodiscard]] std::optional<QByteArray> header(QByteArrayView name) const;
};

// Builds the request for `target` as ZITADEL would for a call under `condition`. Errors (for people, naming what
// is missing): no endpoint, a JWT/JWE target without a signer, a JWE target without a usable active key, a key
// that cannot encrypt, a json that is not a JSON object.
[[nodiscard]] Expected<DeliveryRequest, QString> buildRequest(const Target &target, const ExecutionCondition &condition,
                                                              const BuildOptions &options);

} // namespace targetdesk::delivery
