#include "report.h"

#include <QJsonArray>

namespace targetdesk::inspect
{

namespace
{

QString checkKindName(Check::Kind kind)
{
    switch (kind) {
    case Check::Kind::Decryption:
        return QStringLiteral("decryption");
    case Check::Kind::Signature:
        return QStringLiteral("signature");
    case Check::Kind::WebhookSignature:
        return QStringLiteral("webhook-signature");
    }
    return {};
}

QString statusName(Check::Status status)
{
    switch (status) {
    case Check::Status::Passed:
        return QStringLiteral("passed");
    case Check::Status::Failed:
        return QStringLiteral("failed");
    case Check::Status::NotChecked:
        return QStringLiteral("not-checked");
    }
    return {};
}

QString layerName(Layer::Kind kind)
{
    switch (kind) {
    case Layer::Kind::Jwe:
        return QStringLiteral("jwe");
    case Layer::Kind::Jws:
        return QStringLiteral("jwt");
    case Layer::Kind::Payload:
        return QStringLiteral("payload");
    }
    return {};
}

} // namespace

QString exitClassName(ExitClass exitClass)
{
    switch (exitClass) {
    case ExitClass::Ok:
        return QStringLiteral("ok");
    case ExitClass::Malformed:
        return QStringLiteral("malformed");
    case ExitClass::CannotDecrypt:
        return QStringLiteral("cannot-decrypt");
    case ExitClass::SignatureInvalid:
        return QStringLiteral("signature-invalid");
    }
    return {};
}

QString payloadKindName(PayloadKind kind)
{
    switch (kind) {
    case PayloadKind::Unknown:
        return QStringLiteral("unknown");
    case PayloadKind::Request:
        return QStringLiteral("request");
    case PayloadKind::Response:
        return QStringLiteral("response");
    case PayloadKind::Event:
        return QStringLiteral("event");
    case PayloadKind::Function:
        return QStringLiteral("function");
    }
    return {};
}

const Check *Report::check(Check::Kind kind) const
{
    for (const Check &entry : checks) {
        if (entry.kind == kind)
            return &entry;
    }
    return nullptr;
}

QJsonObject Report::toJson() const
{
    QJsonObject out;
    out.insert(QStringLiteral("ok"), ok());
    out.insert(QStringLiteral("exit"), exitCode());
    out.insert(QStringLiteral("outcome"), exitClassName(exitClass));
    if (!error.isEmpty())
        out.insert(QStringLiteral("error"), error);
    if (!errorDetail.isEmpty())
        out.insert(QStringLiteral("detail"), errorDetail);
    out.insert(QStringLiteral("form"), formName(form));

    QJsonArray layerArray;
    for (const Layer &layer : layers) {
        QJsonObject entry{{QStringLiteral("layer"), layerName(layer.kind)}};
        if (layer.kind != Layer::Kind::Payload) {
            entry.insert(QStringLiteral("header"), layer.header);
            QJsonArray fields;
            for (const HeaderField &field : layer.fields)
                fields.append(QJsonObject{{QStringLiteral("name"), field.name},
                                          {QStringLiteral("value"), field.value},
                                          {QStringLiteral("meaning"), field.meaning}});
            entry.insert(QStringLiteral("fields"), fields);
        }
        layerArray.append(entry);
    }
    out.insert(QStringLiteral("layers"), layerArray);

    QJsonArray checkArray;
    for (const Check &entry : checks) {
        QJsonObject object{{QStringLiteral("check"), checkKindName(entry.kind)},
                           {QStringLiteral("status"), statusName(entry.status)},
                           {QStringLiteral("summary"), entry.summary}};
        if (!entry.detail.isEmpty())
            object.insert(QStringLiteral("detail"), entry.detail);
        if (!entry.attempts.isEmpty())
            object.insert(QStringLiteral("attempts"), QJsonArray::fromStringList(entry.attempts));
        checkArray.append(object);
    }
    out.insert(QStringLiteral("checks"), checkArray);
    if (!decryptedWith.isEmpty())
        out.insert(QStringLiteral("decryptedWith"), decryptedWith);
    if (!verifiedWith.isEmpty())
        out.insert(QStringLiteral("verifiedWith"), verifiedWith);
    out.insert(QStringLiteral("signatureVerified"), signatureVerified);
    if (!notes.isEmpty())
        out.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));

    if (payloadReached) {
        out.insert(QStringLiteral("kind"), payloadKindName(kind));
        if (!kindName.isEmpty())
            out.insert(QStringLiteral("name"), kindName);
        QJsonArray times;
        for (const Timestamp &time : timestamps)
            times.append(QJsonObject{{QStringLiteral("path"), time.path},
                                     {QStringLiteral("value"), time.raw},
                                     {QStringLiteral("utc"), time.time.toString(Qt::ISODateWithMs)}});
        out.insert(QStringLiteral("timestamps"), times);
        out.insert(QStringLiteral("payload"),
                   payloadJson.isUndefined() ? QJsonValue(QString::fromUtf8(payload)) : payloadJson);
    }
    return out;
}

} // namespace targetdesk::inspect
