#pragma once

#include "deliveryrequest.h"
#include "sender.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace targetdesk::delivery
{

// What ZITADEL makes of a target's answer (reference: "Answers").
struct Verdict {
    enum class Shape {
        Ignored,         // webhook, async and event answers: the body does not matter
        ReplacesMessage, // restCall on request/response: the answer replaces the message
        FunctionAnswer,  // restCall on a function: set_user_metadata / append_claims / append_log_claims / ...
        Invalid,         // restCall answer that ZITADEL cannot use: the call fails
        NotReached,      // no answer (timeout, network, too large, redirect)
    };

    bool success = false; // ZITADEL counts the call as a success
    Shape shape = Shape::NotReached;
    int forwardedStatus = 0;  // forwardedStatusCode from the answer (0: none)
    QString grpcCode;         // what the API caller gets on failure: "InvalidArgument", "PermissionDenied", ...
    QString forwardedMessage; // forwardedErrorMessage, when given
    QString reason;           // one sentence for people: why success or failure
    QString userSees;         // what the end user / API caller would see ("the sign-up fails with ...")
    QStringList notes;        // dropped claims under urn:zitadel:iam, an async target's result is never seen, ...
    QJsonObject answer;       // the parsed answer, when it is JSON
    bool interrupts = false;  // failure and the target has interrupt-on-error: the chain stops

    [[nodiscard]] QJsonObject toJson() const;
};

// Judges one exchange as ZITADEL would.
[[nodiscard]] Verdict judge(const DeliveryRequest &request, const DeliveryResponse &response);

} // namespace targetdesk::delivery
