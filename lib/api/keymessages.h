#pragma once

#include "model/execution.h"
#include "model/publickey.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

// Request and response messages of the public-key and execution RPCs.
namespace targetdesk
{

struct AddPublicKeyRequest {
    QByteArray publicKeyPem;  // PKIX "BEGIN PUBLIC KEY" text; sent base64-encoded
    QDateTime expirationDate; // invalid: no expiration

    QJsonObject toJson() const;
};

struct AddPublicKeyResponse {
    QString keyId;
    QDateTime creationDate;
};

enum class PublicKeySortColumn { Unspecified, CreationDate, ChangeDate, ExpirationDate };
enum class TimestampFilterMethod { Equals, After, AfterOrEquals, Before, BeforeOrEquals };

struct PublicKeyQuery {
    quint64 offset = 0;
    quint32 limit = 0; // 0: the server's default
    bool asc = false;
    PublicKeySortColumn sortingColumn = PublicKeySortColumn::Unspecified;
    std::optional<QStringList> keyIds;
    std::optional<bool> active;
    std::optional<std::pair<QDateTime, TimestampFilterMethod>> expiration;

    QJsonObject toJson() const;
};

struct PublicKeyPage {
    quint64 totalResult = 0;
    QList<PublicKey> publicKeys;
};

enum class ExecutionType { Request, Response, Event, Function };

struct ExecutionQuery {
    quint64 offset = 0;
    quint32 limit = 0;
    bool asc = false;
    std::optional<QList<ExecutionCondition>> conditions;
    std::optional<ExecutionType> executionType;
    std::optional<QString> targetId; // executions that call this target

    QJsonObject toJson() const;
};

struct ExecutionPage {
    quint64 totalResult = 0;
    QList<Execution> executions;
};

} // namespace targetdesk
