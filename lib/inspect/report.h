#pragma once

#include "capture.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace targetdesk::inspect
{

// The CLI's exit classes; a report's class is the most severe failure it found.
enum class ExitClass {
    Ok = 0,
    Malformed = 3,        // not a well-formed JWE / JWT / capture: structure, base64, JSON, missing header fields
    CannotDecrypt = 4,    // refused algorithm, no fitting key, wrong key, integrity failure, invalid EC point
    SignatureInvalid = 5, // a signature was checked and is not valid (inner JWT, ZITADEL-Signature)
};
[[nodiscard]] QString exitClassName(ExitClass exitClass);

// One member of a JOSE header, with what it means for people.
struct HeaderField {
    QString name;
    QJsonValue value;
    QString meaning;
};

// One layer of the onion: JWE header -> inner JWT header -> payload.
struct Layer {
    enum class Kind { Jwe, Jws, Payload };
    Kind kind = Kind::Payload;
    QJsonObject header; // empty for the payload
    QList<HeaderField> fields;
};

// A check the inspector ran (or could not run) and its outcome.
struct Check {
    enum class Kind { Decryption, Signature, WebhookSignature };
    enum class Status { Passed, Failed, NotChecked };
    Kind kind = Kind::Decryption;
    Status status = Status::NotChecked;
    QString summary;      // "Decrypted with key.pem (RSA 2048)", "not checked: no JWKS given"
    QString detail;       // for a local user: which step failed, ages, key types
    QStringList attempts; // keys tried, each with its outcome
};

// A time found in the payload, shown readably.
struct Timestamp {
    QString path; // "event.created_at", "request.user.changeDate"
    QString raw;
    QDateTime time; // UTC
};

enum class PayloadKind { Unknown, Request, Response, Event, Function };
[[nodiscard]] QString payloadKindName(PayloadKind kind);

struct Report {
    Capture::Form form = Capture::Form::Json;
    QList<Layer> layers;
    QList<Check> checks;
    ExitClass exitClass = ExitClass::Ok;
    QString error;       // the message of the failure that set exitClass; empty when Ok
    QString errorDetail; // local-user detail of that failure
    QStringList notes;

    QByteArray payload; // innermost plaintext (empty when it could not be reached)
    bool payloadReached = false;
    QJsonValue payloadJson; // parsed payload; Undefined when it is not JSON
    PayloadKind kind = PayloadKind::Unknown;
    QString kindName; // the fullMethod, event_type or function name
    QList<Timestamp> timestamps;

    QString decryptedWith; // label of the key that decrypted the JWE
    QString verifiedWith;  // kid (or thumbprint) of the JWKS key that verified the JWT
    bool signatureVerified = false;

    [[nodiscard]] bool ok() const { return exitClass == ExitClass::Ok; }
    [[nodiscard]] int exitCode() const { return int(exitClass); }
    [[nodiscard]] const Check *check(Check::Kind kind) const;
    // The whole report for `targetdesk-cli inspect --json`, with the payload under "payload".
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace targetdesk::inspect
