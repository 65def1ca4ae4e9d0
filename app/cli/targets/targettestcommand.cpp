#include "commands.h"
#include "executions/executionfields.h"

#include "api/zitadelclient.h"
#include "core/commandline.h"
#include "core/connectedcommand.h"
#include "core/console.h"
#include "core/exitcode.h"
#include "core/inputs.h"
#include "delivery/testdelivery.h"
#include "model/protojson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace targetdesk::cli
{

// `targetdesk-cli targets test ID`: sends the target what ZITADEL would send under a condition and says what ZITADEL
// would make of the answer. Exit 0 success, 6 ZITADEL would count the answer as a failure, 7 no answer (network,
// timeout); with --dry-run the request is printed and nothing is sent.
class TargetTestCommand : public ConnectedCommand
{
public:
    explicit TargetTestCommand(const CommandLine &commandLine);

private:
    std::optional<int> checkUsage() override;
    std::optional<int> prepareValues() override;
    void run() override;

    void pickCondition(const Target &target);
    void send(const Target &target, const ExecutionCondition &condition);
    void report(const delivery::TestDeliveryResult &result);

    std::optional<ExecutionCondition> m_condition; // from --condition or --event
    delivery::BuildOptions m_options;
    bool m_dryRun = false;
};

namespace
{

// A body to send is a JSON object of a delivery; nothing near this size.
constexpr qint64 kMaxBodyFileSize = 4 * 1024 * 1024;
// The answer body in text output: enough to read an error, not a whole page.
constexpr qsizetype kShownAnswerBytes = 2000;

const char *const kDefaultCondition = "request:/zitadel.user.v2.UserService/AddHumanUser";

QJsonObject headersJson(const delivery::HeaderList &headers)
{
    QJsonObject out;
    for (const auto &[name, value] : headers)
        out.insert(QString::fromLatin1(name), QString::fromLatin1(value));
    return out;
}

QJsonObject requestJson(const delivery::DeliveryRequest &request)
{
    QJsonObject out{{QStringLiteral("url"), request.endpoint.toString()},
                    {QStringLiteral("condition"), request.condition.toText()},
                    {QStringLiteral("headers"), headersJson(request.headers)},
                    {QStringLiteral("body"), QString::fromUtf8(request.body)},
                    {QStringLiteral("json"), QJsonDocument::fromJson(request.json).object()}};
    if (!request.jwt.isEmpty())
        out.insert(QStringLiteral("jwt"), QString::fromLatin1(request.jwt));
    if (!request.encryptionKeyId.isEmpty())
        out.insert(QStringLiteral("encryptionKeyId"), request.encryptionKeyId);
    return out;
}

QString outcomeName(delivery::DeliveryResponse::Outcome outcome)
{
    using Outcome = delivery::DeliveryResponse::Outcome;
    switch (outcome) {
    case Outcome::Answered:
        return QStringLiteral("answered");
    case Outcome::Timeout:
        return QStringLiteral("timeout");
    case Outcome::NetworkError:
        return QStringLiteral("network-error");
    case Outcome::TooLarge:
        return QStringLiteral("too-large");
    case Outcome::RedirectRefused:
        return QStringLiteral("redirect-refused");
    }
    return {};
}

bool reached(const delivery::DeliveryResponse &response)
{
    using Outcome = delivery::DeliveryResponse::Outcome;
    return response.outcome != Outcome::Timeout && response.outcome != Outcome::NetworkError;
}

} // namespace

TargetTestCommand::TargetTestCommand(const CommandLine &commandLine)
    : ConnectedCommand(
          commandLine,
          {.usage = "targets test ID [--condition CONDITION] [--event TYPE] [--body FILE] [--dry-run]",
           .summary = QT_TRANSLATE_NOOP("targetdesk-cli", "Send a target the delivery ZITADEL would send, and judge "
                                                          "its answer as ZITADEL would."),
           .options = {{"condition", "CONDITION",
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "The call to play (executions syntax); default: the first execution "
                                          "calling the target, else request:/zitadel.user.v2.UserService/"
                                          "AddHumanUser.")},
                       {"event", "TYPE",
                        QT_TRANSLATE_NOOP("targetdesk-cli", "The event type for an event group or event:all "
                                                            "condition; alone: the condition event:TYPE.")},
                       {"body", "FILE",
                        QT_TRANSLATE_NOOP("targetdesk-cli", "Send this JSON object instead of the sample body.")},
                       {"dry-run", nullptr,
                        QT_TRANSLATE_NOOP("targetdesk-cli",
                                          "Print the request (with --json as an object) instead of sending it.")}},
           .arguments = {1, 1, " ID", QT_TRANSLATE_NOOP("targetdesk-cli", "the target id: targetdesk-cli %1 ID")}})
{
}

std::optional<int> TargetTestCommand::checkUsage()
{
    m_dryRun = commandLine().isSet(QStringLiteral("dry-run"));
    const QString event = commandLine().value(QStringLiteral("event")).trimmed();
    if (commandLine().isSet(QStringLiteral("condition"))) {
        const ConditionParse parsed = executionConditionFromText(commandLine().value(QStringLiteral("condition")));
        if (!parsed.condition)
            return usage(QCoreApplication::translate("targetdesk-cli", "--condition: %1").arg(parsed.error));
        m_condition = parsed.condition;
    }
    if (commandLine().isSet(QStringLiteral("event"))) {
        if (event.isEmpty() || event.contains(QLatin1Char(' ')))
            return usage(QCoreApplication::translate("targetdesk-cli", "--event: \"%1\" is not an event type")
                             .arg(commandLine().value(QStringLiteral("event"))));
        if (!m_condition) {
            m_condition = ExecutionCondition{ExecutionCondition::Kind::Event, ExecutionCondition::Scope::One, event};
        } else if (m_condition->kind != ExecutionCondition::Kind::Event ||
                   m_condition->scope == ExecutionCondition::Scope::One) {
            return usage(QCoreApplication::translate(
                             "targetdesk-cli", "--event goes with an event group or event:all condition, not with %1")
                             .arg(m_condition->toText()));
        } else if (m_condition->scope == ExecutionCondition::Scope::Group &&
                   !event.startsWith(m_condition->value + QLatin1Char('.'))) {
            return usage(QCoreApplication::translate("targetdesk-cli", "--event: %1 is not in the event group %2")
                             .arg(event, m_condition->value));
        }
        m_options.eventType = event;
    }
    return std::nullopt;
}

std::optional<int> TargetTestCommand::prepareValues()
{
    if (!commandLine().isSet(QStringLiteral("body")))
        return std::nullopt;
    QString error;
    const auto bytes = inputs::jsonObjectFile(commandLine().value(QStringLiteral("body")), kMaxBodyFileSize,
                                              QStringLiteral("--body"), &error);
    if (!bytes)
        return invalid(error);
    // The bytes as written: what ZITADEL signs and sends is exactly the body.
    m_options.json = *bytes;
    return std::nullopt;
}

void TargetTestCommand::run()
{
    client().getTarget(targetId(), this, [this](Result<Target> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        if (m_condition)
            send(*r, *m_condition);
        else
            pickCondition(*r);
    });
}

// Without --condition: the call of the first execution that calls the target, as it would fire at run time.
void TargetTestCommand::pickCondition(const Target &target)
{
    ExecutionQuery query;
    query.targetId = target.id;
    query.limit = 100;
    query.asc = true;
    client().listExecutions(query, this, [this, target](Result<ExecutionPage> r) {
        if (!r) {
            fail(r.error());
            return;
        }
        ExecutionCondition condition = *executionConditionFromText(QLatin1String(kDefaultCondition)).condition;
        const Execution *used = nullptr;
        for (const Execution &execution : r->executions) {
            if (execution.targets.contains(target.id)) {
                used = &execution;
                break;
            }
        }
        if (used) {
            condition = used->condition;
            console::err(
                QCoreApplication::translate("targetdesk-cli", "condition: %1 (the first execution that calls %2)\n")
                    .arg(condition.toText(), target.name));
        } else {
            console::err(
                QCoreApplication::translate(
                    "targetdesk-cli", "condition: %1 (no execution calls %2; give --condition for another call)\n")
                    .arg(condition.toText(), target.name));
        }
        send(target, condition);
    });
}

void TargetTestCommand::send(const Target &target, const ExecutionCondition &condition)
{
    if (target.effectivePayloadType() != PayloadType::Json)
        console::err(QCoreApplication::translate(
            "targetdesk-cli",
            "note: the JWT is signed with Targetdesk's local test key, not the instance's key: a receiver that checks "
            "the instance JWKS will refuse it.\n"));
    auto *test = new delivery::TestDelivery(&client(), this);
    test->setDryRun(m_dryRun);
    connect(test, &delivery::TestDelivery::failed, this, [this](const QString &error) { fail(error, InvalidInput); });
    connect(test, &delivery::TestDelivery::finished, this, &TargetTestCommand::report);
    test->start(target, condition, m_options);
}

void TargetTestCommand::report(const delivery::TestDeliveryResult &result)
{
    const delivery::DeliveryRequest &request = result.request;
    if (!result.sent) {
        if (json()) {
            printJson(requestJson(request));
        } else {
            QByteArray text = request.wireText();
            if (!text.endsWith('\n'))
                text += '\n';
            std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
            std::fflush(stdout);
        }
        console::err(QCoreApplication::translate("targetdesk-cli", "dry run: nothing was sent\n"));
        finish(Success);
        return;
    }

    const delivery::DeliveryResponse &response = result.response;
    const delivery::Verdict &verdict = result.verdict;
    const int code = verdict.success ? int(Success) : reached(response) ? int(ServerRefused) : int(NetworkFailure);
    if (json()) {
        QJsonObject answer{{QStringLiteral("outcome"), outcomeName(response.outcome)},
                           {QStringLiteral("status"), response.status},
                           {QStringLiteral("elapsedMs"), response.elapsedMs},
                           {QStringLiteral("timeoutMs"), qint64(request.timeout.count())},
                           {QStringLiteral("headers"), headersJson(response.headers)},
                           {QStringLiteral("body"), QString::fromUtf8(response.body)}};
        if (!response.error.isEmpty())
            answer.insert(QStringLiteral("error"), response.error);
        if (response.redirects > 0)
            answer.insert(QStringLiteral("finalUrl"), response.finalUrl.toString());
        printJson(QJsonObject{{QStringLiteral("request"), requestJson(request)},
                              {QStringLiteral("response"), answer},
                              {QStringLiteral("verdict"), verdict.toJson()},
                              {QStringLiteral("exit"), code}});
    } else {
        QString text = QCoreApplication::translate("targetdesk-cli", "Sent:      POST %1 (%2, %3)\n")
                           .arg(request.endpoint.toString(), request.condition.toText(),
                                payloadTypeName(request.target.effectivePayloadType()));
        if (response.outcome == delivery::DeliveryResponse::Outcome::Answered)
            text += QCoreApplication::translate("targetdesk-cli", "Answer:    %1 in %2 ms (timeout %3 ms)\n")
                        .arg(response.status)
                        .arg(response.elapsedMs)
                        .arg(request.timeout.count());
        else
            text += QCoreApplication::translate("targetdesk-cli", "Answer:    none after %1 ms (timeout %2 ms): %3\n")
                        .arg(response.elapsedMs)
                        .arg(request.timeout.count())
                        .arg(response.error);
        text += QCoreApplication::translate("targetdesk-cli", "ZITADEL:   %1: %2\n")
                    .arg(verdict.success ? QCoreApplication::translate("targetdesk-cli", "success")
                                         : QCoreApplication::translate("targetdesk-cli", "failure"),
                         verdict.reason);
        if (!verdict.userSees.isEmpty())
            text += QCoreApplication::translate("targetdesk-cli", "User sees: %1\n").arg(verdict.userSees);
        if (!response.body.isEmpty()) {
            QString body = QString::fromUtf8(response.body.left(kShownAnswerBytes));
            if (response.body.size() > kShownAnswerBytes)
                body += QCoreApplication::translate("targetdesk-cli", "... (%1 bytes)").arg(response.body.size());
            text += QCoreApplication::translate("targetdesk-cli", "Body:      %1\n").arg(body);
        }
        console::out(text);
    }
    for (const QString &note : verdict.notes)
        console::err(QCoreApplication::translate("targetdesk-cli", "note: %1\n").arg(note));
    if (!verdict.success)
        console::error(verdict.reason);
    finish(code);
}

std::unique_ptr<Command> makeTargetTestCommand(const CommandLine &commandLine)
{
    return std::make_unique<TargetTestCommand>(commandLine);
}

} // namespace targetdesk::cli
