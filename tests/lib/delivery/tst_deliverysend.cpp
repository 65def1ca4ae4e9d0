#include "crypto/jws.h"
#include "delivery/deliveryrequest.h"
#include "delivery/judgement.h"
#include "delivery/sender.h"
#include "delivery/testdelivery.h"
#include "delivery/testsigner.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace targetdesk;
using namespace targetdesk::delivery;

namespace
{

// A minimal HTTP/1.1 server on 127.0.0.1: reads one request per connection and answers with what the handler
// returns for its path (raw bytes after the status line is built), or nothing at all for an empty answer.
class LocalServer
{
public:
    struct Seen {
        QByteArray method;
        QByteArray path;
        QByteArray body;
    };
    // Returns the whole raw HTTP response; empty: never answer (the connection stays open).
    using Handler = std::function<QByteArray(const Seen &)>;

    LocalServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(&m_server);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onData(socket); });
            }
        });
        m_listening = m_server.listen(QHostAddress::LocalHost, 0);
    }

    bool listening() const { return m_listening; }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Seen> &seen() const { return m_seen; }
    void clear() { m_seen.clear(); }

    static QByteArray answer(int status, const QByteArray &body, const QByteArray &extraHeaders = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) +
               " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
               "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
    }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
        Seen seen{requestLine.value(0), requestLine.value(1), buffer.mid(end + 4, length)};
        m_buffers.remove(socket);
        m_seen.append(seen);
        const QByteArray response = m_handler ? m_handler(seen) : answer(200, "{}");
        if (response.isEmpty())
            return; // hang
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    bool m_listening = false;
    Handler m_handler;
    QList<Seen> m_seen;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

ExecutionCondition condition(ExecutionCondition::Kind kind, const QString &value)
{
    ExecutionCondition c;
    c.kind = kind;
    c.scope = ExecutionCondition::Scope::One;
    c.value = value;
    return c;
}

const ExecutionCondition addHumanUserRequest =
    condition(ExecutionCondition::Kind::Request, QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
const ExecutionCondition preaccesstoken =
    condition(ExecutionCondition::Kind::Function, QStringLiteral("preaccesstoken"));

Target target(const QString &endpoint, TargetType type = TargetType::Webhook, int timeoutMs = 5000)
{
    Target t;
    t.id = QStringLiteral("330000000000000001");
    t.name = QStringLiteral("hook");
    t.type = type;
    t.interruptOnError = true;
    t.timeout = std::chrono::milliseconds(timeoutMs);
    t.endpoint = endpoint;
    t.signingKey = QStringLiteral("signing-key");
    t.payloadType = PayloadType::Json;
    return t;
}

DeliveryRequest build(const Target &t, const ExecutionCondition &c = addHumanUserRequest)
{
    auto request = buildRequest(t, c, {});
    if (!request.ok())
        qFatal("build failed: %s", qPrintable(request.error()));
    return request.value();
}

std::optional<DeliveryResponse> sendAndWait(Sender &sender, const DeliveryRequest &request)
{
    std::optional<DeliveryResponse> out;
    int calls = 0;
    sender.send(request, [&](const DeliveryResponse &response) {
        ++calls;
        out = response;
    });
    QDeadlineTimer deadline(20000);
    while (!out && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    // Exactly one call: give a second one the chance to show up.
    QTest::qWait(20);
    if (calls != 1)
        qWarning("done called %d times", calls);
    return calls == 1 ? out : std::nullopt;
}

DeliveryResponse answered(int status, const QByteArray &body)
{
    DeliveryResponse response;
    response.outcome = DeliveryResponse::Outcome::Answered;
    response.status = status;
    response.body = body;
    return response;
}

} // namespace

class TestDeliverySend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void success();
    void timeoutIsAFailure();
    void serverErrorIsAFailure();
    void forwardedStatus();
    void restCallReplacingTheMessage_data();
    void restCallReplacingTheMessage();
    void restCallFunctionAnswer_data();
    void restCallFunctionAnswer();
    void eventAndAsyncAnswers();
    void redirectFollowedAndCounted();
    void redirect307RepeatsThePost();
    void redirectAskedBeforeConnecting();
    void tooManyRedirectsRefused();
    void redirectRules();
    void answerOverTheCapIsCut();
    void cancelAllEndsEveryExchange();
    void testDeliveryEndToEnd();
    void testDeliveryFailsClearly();

private:
    LocalServer m_server;
};

void TestDeliverySend::initTestCase()
{
    QVERIFY(m_server.listening());
}

void TestDeliverySend::init()
{
    m_server.clear();
    m_server.setHandler({});
}

void TestDeliverySend::success()
{
    m_server.setHandler([](const LocalServer::Seen &) { return LocalServer::answer(200, "{}", "X-Reply: yes\r\n"); });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/hook"))));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("{}"));
    QCOMPARE(*response->header("x-reply"), QByteArray("yes"));
    QVERIFY(response->elapsedMs < 5000);
    QCOMPARE(m_server.seen().size(), 1);
    QCOMPARE(m_server.seen().at(0).method, QByteArray("POST"));
    QCOMPARE(m_server.seen().at(0).body, request.body);
    const Verdict verdict = judge(request, *response);
    QVERIFY(verdict.success);
    QCOMPARE(verdict.shape, Verdict::Shape::Ignored);
    QVERIFY(!verdict.interrupts);
    QVERIFY(!verdict.userSees.isEmpty());
}

void TestDeliverySend::timeoutIsAFailure()
{
    m_server.setHandler([](const LocalServer::Seen &) { return QByteArray(); }); // never answers
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/slow")), TargetType::Webhook, 300));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Timeout);
    QVERIFY2(response->elapsedMs >= 290 && response->elapsedMs < 10000,
             qPrintable(QString::number(response->elapsedMs)));
    QVERIFY(response->error.contains(QStringLiteral("0.3 s")));
    const Verdict verdict = judge(request, *response);
    QVERIFY(!verdict.success);
    QCOMPARE(verdict.shape, Verdict::Shape::NotReached);
    QCOMPARE(verdict.grpcCode, QStringLiteral("DeadlineExceeded"));
    QVERIFY(verdict.interrupts);
}

void TestDeliverySend::serverErrorIsAFailure()
{
    m_server.setHandler([](const LocalServer::Seen &) { return LocalServer::answer(500, "{}"); });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/hook"))));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(response->status, 500);
    const Verdict verdict = judge(request, *response);
    QVERIFY(!verdict.success);
    QVERIFY(verdict.reason.contains(QStringLiteral("500")));
    QVERIFY(verdict.interrupts);
    // Without interrupt-on-error the call goes on, and the user sees nothing.
    DeliveryRequest lenient = request;
    lenient.target.interruptOnError = false;
    const Verdict logged = judge(lenient, *response);
    QVERIFY(!logged.success);
    QVERIFY(!logged.interrupts);
    QVERIFY(logged.userSees.startsWith(QStringLiteral("Nothing")));
    // 204 is 2xx: success.
    QVERIFY(judge(request, answered(204, {})).success);
}

void TestDeliverySend::forwardedStatus()
{
    m_server.setHandler([](const LocalServer::Seen &) {
        return LocalServer::answer(200, R"({"forwardedStatusCode":403,"forwardedErrorMessage":"no"})");
    });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/hook"))));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const Verdict verdict = judge(request, *response);
    QVERIFY(!verdict.success);
    QCOMPARE(verdict.forwardedStatus, 403);
    QCOMPARE(verdict.forwardedMessage, QStringLiteral("no"));
    QCOMPARE(verdict.grpcCode, QStringLiteral("PermissionDenied"));
    QVERIFY2(verdict.userSees.contains(QStringLiteral("PermissionDenied: no")), qPrintable(verdict.userSees));
    QCOMPARE(verdict.toJson().value(QStringLiteral("forwardedStatusCode")).toInt(), 403);

    // The mapping of the other codes, and a message alone.
    const QList<QPair<int, QString>> codes = {{400, QStringLiteral("InvalidArgument")},
                                              {401, QStringLiteral("Unauthenticated")},
                                              {404, QStringLiteral("NotFound")},
                                              {409, QStringLiteral("AlreadyExists")},
                                              {429, QStringLiteral("ResourceExhausted")}};
    for (const auto &[code, name] : codes) {
        const Verdict v = judge(request, answered(200, "{\"forwardedStatusCode\":" + QByteArray::number(code) + "}"));
        QVERIFY(!v.success);
        QCOMPARE(v.grpcCode, name);
    }
    QVERIFY(!judge(request, answered(200, R"({"forwardedErrorMessage":"go away"})")).success);
}

void TestDeliverySend::restCallReplacingTheMessage_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("success");
    QTest::addColumn<int>("shape");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("not JSON") << QByteArray("hello") << false << int(Verdict::Shape::Invalid)
                              << QStringLiteral("not JSON");
    QTest::newRow("empty") << QByteArray() << false << int(Verdict::Shape::Invalid) << QStringLiteral("empty");
    QTest::newRow("array") << QByteArray("[]") << false << int(Verdict::Shape::Invalid)
                           << QStringLiteral("not an object");
    QTest::newRow("unknown field") << QByteArray(R"({"hello":"world"})") << false << int(Verdict::Shape::Invalid)
                                   << QStringLiteral("\"hello\" is not a field");
    QTest::newRow("unknown nested field")
        << QByteArray(R"({"username":"mickey","profile":{"givenName":"Mickey","shoeSize":9}})") << false
        << int(Verdict::Shape::Invalid) << QStringLiteral("profile.shoeSize");
    QTest::newRow("wrong type") << QByteArray(R"({"profile":"Mickey"})") << false << int(Verdict::Shape::Invalid)
                                << QStringLiteral("wrong JSON type");
    QTest::newRow("replacement") << QByteArray(R"({"username":"mickey","profile":{"givenName":"Mickey"}})") << true
                                 << int(Verdict::Shape::ReplacesMessage) << QStringLiteral("replaces");
    QTest::newRow("proto names") << QByteArray(R"({"username":"mickey","profile":{"given_name":"Mickey"}})") << true
                                 << int(Verdict::Shape::ReplacesMessage) << QStringLiteral("replaces");
    QTest::newRow("known field not sent") << QByteArray(R"({"username":"mickey","phone":{"phone":"+41"}})") << true
                                          << int(Verdict::Shape::ReplacesMessage) << QStringLiteral("replaces");
}

void TestDeliverySend::restCallReplacingTheMessage()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, success);
    QFETCH(int, shape);
    QFETCH(QString, reasonPart);
    m_server.setHandler([answer](const LocalServer::Seen &) { return LocalServer::answer(200, answer); });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/call")), TargetType::Call));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    const Verdict verdict = judge(request, *response);
    QCOMPARE(verdict.success, success);
    QCOMPARE(int(verdict.shape), shape);
    QVERIFY2(verdict.reason.contains(reasonPart), qPrintable(verdict.reason));
    // The same answer to a webhook is ignored.
    DeliveryRequest webhook = request;
    webhook.target.type = TargetType::Webhook;
    QVERIFY(judge(webhook, *response).success);
}

void TestDeliverySend::restCallFunctionAnswer_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("success");
    QTest::addColumn<QString>("part"); // in the reason or the notes
    QTest::newRow("claims, one reserved")
        << QByteArray(
               R"({"append_claims":[{"key":"team","value":"blue"},{"key":"urn:zitadel:iam:org:id","value":"1"}],"set_user_metadata":[{"key":"seen","value":"eWVz"}],"append_log_claims":["hello"]})")
        << true << QStringLiteral("\"urn:zitadel:iam:org:id\" is dropped");
    QTest::newRow("unknown member ignored")
        << QByteArray(R"({"append_claims":[],"extra":1})") << true << QStringLiteral("\"extra\" is not part");
    QTest::newRow("claims not an array") << QByteArray(R"({"append_claims":{"key":"a"}})") << false
                                         << QStringLiteral("must be an array");
    QTest::newRow("metadata not base64") << QByteArray(R"({"set_user_metadata":[{"key":"k","value":"%%%"}]})") << false
                                         << QStringLiteral("base64");
    QTest::newRow("not JSON") << QByteArray("<html>") << false << QStringLiteral("not JSON");
}

void TestDeliverySend::restCallFunctionAnswer()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, success);
    QFETCH(QString, part);
    m_server.setHandler([answer](const LocalServer::Seen &) { return LocalServer::answer(200, answer); });
    Sender sender;
    const DeliveryRequest request =
        build(target(m_server.url(QStringLiteral("/fn")), TargetType::Call), preaccesstoken);
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    const Verdict verdict = judge(request, *response);
    QCOMPARE(verdict.success, success);
    QCOMPARE(verdict.shape, success ? Verdict::Shape::FunctionAnswer : Verdict::Shape::Invalid);
    const QString said = verdict.reason + QLatin1Char(' ') + verdict.notes.join(QLatin1Char(' '));
    QVERIFY2(said.contains(part), qPrintable(said));
    if (!success)
        QVERIFY(verdict.userSees.contains(QStringLiteral("token request fails")));
}

void TestDeliverySend::eventAndAsyncAnswers()
{
    const auto event = condition(ExecutionCondition::Kind::Event, QStringLiteral("user.human.added"));
    const DeliveryRequest eventRequest = build(target(m_server.url(QStringLiteral("/e")), TargetType::Call), event);
    // Event answers are ignored, forwarded errors included; the status still counts.
    const Verdict ignored = judge(eventRequest, answered(200, R"({"forwardedStatusCode":403})"));
    QVERIFY(ignored.success);
    QCOMPARE(ignored.shape, Verdict::Shape::Ignored);
    QVERIFY(!judge(eventRequest, answered(503, {})).success);

    // Async: detached, never interrupts, the user sees nothing.
    const DeliveryRequest asyncRequest = build(target(m_server.url(QStringLiteral("/a")), TargetType::Async));
    const Verdict async = judge(asyncRequest, answered(500, {}));
    QVERIFY(!async.interrupts);
    QVERIFY(async.userSees.startsWith(QStringLiteral("Nothing")));
    QVERIFY(async.notes.join(QLatin1Char(' ')).contains(QStringLiteral("detached")));
}

void TestDeliverySend::redirectFollowedAndCounted()
{
    m_server.setHandler([](const LocalServer::Seen &seen) {
        if (seen.path == "/old")
            return LocalServer::answer(302, {}, "Location: /new\r\n");
        return LocalServer::answer(200, "{}");
    });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/old"))));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->redirects, 1);
    QCOMPARE(response->finalUrl.path(), QStringLiteral("/new"));
    QCOMPARE(m_server.seen().size(), 2);
    // Go's client turns the POST into a GET without body on 302.
    QCOMPARE(m_server.seen().at(1).method, QByteArray("GET"));
    QVERIFY(m_server.seen().at(1).body.isEmpty());
    QVERIFY(judge(request, *response).success);
}

// The connect check (the sandbox's deny list) is asked before a redirect is followed, answering later.
void TestDeliverySend::redirectAskedBeforeConnecting()
{
    m_server.setHandler([](const LocalServer::Seen &seen) {
        if (seen.path == "/old")
            return LocalServer::answer(302, {}, "Location: /denied\r\n");
        if (seen.path == "/ok-old")
            return LocalServer::answer(307, {}, "Location: /ok\r\n");
        return LocalServer::answer(200, "{}");
    });
    Sender sender;
    QList<QUrl> asked;
    sender.setConnectCheck([&asked](const QUrl &url, std::function<void(const QString &)> answer) {
        asked.append(url);
        QTimer::singleShot(10, [url, answer] {
            answer(url.path() == QLatin1String("/denied") ? QStringLiteral("on the deny list") : QString());
        });
    });
    const DeliveryRequest refused = build(target(m_server.url(QStringLiteral("/old"))));
    const auto response = sendAndWait(sender, refused);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::RedirectRefused);
    QCOMPARE(response->error, QStringLiteral("on the deny list"));
    QCOMPARE(m_server.seen().size(), 1); // /denied never reached
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().path(), QStringLiteral("/denied"));
    QVERIFY(!judge(refused, *response).success);

    const DeliveryRequest allowed = build(target(m_server.url(QStringLiteral("/ok-old"))));
    const auto followed = sendAndWait(sender, allowed);
    QVERIFY(followed);
    QCOMPARE(followed->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(followed->status, 200);
    QCOMPARE(followed->redirects, 1);
    QCOMPARE(asked.size(), 2);
}

void TestDeliverySend::redirect307RepeatsThePost()
{
    m_server.setHandler([](const LocalServer::Seen &seen) {
        if (seen.path == "/old")
            return LocalServer::answer(307, {}, "Location: /new\r\n");
        return LocalServer::answer(200, "{}");
    });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/old"))));
    const auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->redirects, 1);
    QCOMPARE(m_server.seen().size(), 2);
    QCOMPARE(m_server.seen().at(1).method, QByteArray("POST"));
    QCOMPARE(m_server.seen().at(1).body, request.body);
}

void TestDeliverySend::tooManyRedirectsRefused()
{
    // /hop/N redirects to /hop/N+1 until N reaches the limit of the row.
    int limit = 0;
    m_server.setHandler([&limit](const LocalServer::Seen &seen) {
        const int n = seen.path.mid(5).toInt();
        if (n < limit)
            return LocalServer::answer(302, {}, "Location: /hop/" + QByteArray::number(n + 1) + "\r\n");
        return LocalServer::answer(200, "{}");
    });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/hop/0"))));

    limit = 5; // exactly five redirects: followed
    auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(response->redirects, 5);
    QCOMPARE(response->finalUrl.path(), QStringLiteral("/hop/5"));

    limit = 100; // the sixth is refused
    m_server.clear();
    response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::RedirectRefused);
    QCOMPARE(response->redirects, 5);
    QCOMPARE(m_server.seen().size(), 6);
    QVERIFY2(response->error.contains(QStringLiteral("5 redirects")), qPrintable(response->error));
    const Verdict verdict = judge(request, *response);
    QVERIFY(!verdict.success);
    QCOMPARE(verdict.shape, Verdict::Shape::NotReached);
}

void TestDeliverySend::redirectRules()
{
    const QUrl https(QStringLiteral("https://a.example/x"));
    const QUrl http(QStringLiteral("http://b.example/y"));
    QVERIFY(redirectRefusal(https, http, 0).contains(QStringLiteral("https to http")));
    QVERIFY(redirectRefusal(http, https, 0).isEmpty());
    QVERIFY(redirectRefusal(https, QUrl(QStringLiteral("https://c.example/")), 4).isEmpty());
    QVERIFY(redirectRefusal(http, QUrl(QStringLiteral("http://c.example/")), 4).isEmpty());
    QVERIFY(!redirectRefusal(http, QUrl(QStringLiteral("http://c.example/")), 5).isEmpty());
    QVERIFY(!redirectRefusal(http, QUrl(QStringLiteral("ftp://c.example/")), 0).isEmpty());
}

void TestDeliverySend::answerOverTheCapIsCut()
{
    QByteArray size;
    m_server.setHandler([&size](const LocalServer::Seen &) {
        return LocalServer::answer(200, "\"" + QByteArray(size.toInt() - 2, 'x') + "\"");
    });
    Sender sender;
    sender.setMaxResponseBytes(1024);
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/big"))));

    size = "1024"; // at the cap: read whole
    auto response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::Answered);
    QCOMPARE(response->body.size(), 1024);

    size = "300000"; // over it: cut
    response = sendAndWait(sender, request);
    QVERIFY(response);
    QCOMPARE(response->outcome, DeliveryResponse::Outcome::TooLarge);
    QCOMPARE(response->body.size(), 1024);
    const Verdict verdict = judge(request, *response);
    QVERIFY(!verdict.success);
    QCOMPARE(verdict.shape, Verdict::Shape::NotReached);
    QCOMPARE(maxResponseBytes, qint64(20) * 1024 * 1024);
}

void TestDeliverySend::cancelAllEndsEveryExchange()
{
    m_server.setHandler([](const LocalServer::Seen &) { return QByteArray(); });
    Sender sender;
    const DeliveryRequest request = build(target(m_server.url(QStringLiteral("/slow"))));
    int calls = 0;
    QString error;
    sender.send(request, [&](const DeliveryResponse &r) {
        ++calls;
        error = r.error;
    });
    sender.send(request, [&](const DeliveryResponse &) { ++calls; });
    QTRY_COMPARE(m_server.seen().size(), 2);
    sender.cancelAll();
    QCOMPARE(calls, 2);
    QCOMPARE(error, QStringLiteral("cancelled"));
    QTest::qWait(50);
    QCOMPARE(calls, 2);
}

void TestDeliverySend::testDeliveryEndToEnd()
{
    m_server.setHandler([](const LocalServer::Seen &) { return LocalServer::answer(200, "{}"); });
    Target t = target(m_server.url(QStringLiteral("/jwt")));
    t.payloadType = PayloadType::Jwt;
    TestDelivery delivery(nullptr);
    QSignalSpy built(&delivery, &TestDelivery::built);
    QSignalSpy finished(&delivery, &TestDelivery::finished);
    QSignalSpy failed(&delivery, &TestDelivery::failed);
    delivery.start(t, addHumanUserRequest); // no signer: the local test key
    QVERIFY(delivery.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(built.size(), 1);
    QVERIFY(!delivery.isRunning());
    const auto result = finished.at(0).at(0).value<TestDeliveryResult>();
    QVERIFY(result.sent);
    QCOMPARE(result.response.status, 200);
    QVERIFY(result.verdict.success);
    QVERIFY(result.verdict.notes.join(QLatin1Char(' ')).contains(QStringLiteral("local test key")));
    // What arrived is a JWT that verifies against the local test JWKS.
    QCOMPARE(m_server.seen().size(), 1);
    const auto jws = crypto::Jws::parse(m_server.seen().at(0).body);
    QVERIFY(jws.ok());
    QVERIFY(jws->verify(*crypto::Jwks::parse(QJsonDocument(localTestJwks()).toJson())).ok());

    // Dry run: built, not sent.
    m_server.clear();
    delivery.setDryRun(true);
    delivery.start(t, addHumanUserRequest);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    QVERIFY(!finished.at(1).at(0).value<TestDeliveryResult>().sent);
    QTest::qWait(50);
    QCOMPARE(m_server.seen().size(), 0);

    // Cancelled while the target hangs: nothing is emitted.
    m_server.setHandler([](const LocalServer::Seen &) { return QByteArray(); });
    delivery.setDryRun(false);
    delivery.start(t, addHumanUserRequest);
    QTRY_COMPARE(m_server.seen().size(), 1);
    delivery.cancel();
    QVERIFY(!delivery.isRunning());
    QTest::qWait(100);
    QCOMPARE(finished.size(), 2);
    QCOMPARE(failed.size(), 0);
}

void TestDeliverySend::testDeliveryFailsClearly()
{
    TestDelivery delivery(nullptr);
    QSignalSpy failed(&delivery, &TestDelivery::failed);
    delivery.start(QStringLiteral("123"), addHumanUserRequest);
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("123")));

    // A JWE target without a connection to list its keys, and one whose given key is inactive.
    Target jwe = target(m_server.url(QStringLiteral("/jwe")));
    jwe.payloadType = PayloadType::Jwe;
    delivery.start(jwe, addHumanUserRequest);
    QCOMPARE(failed.size(), 2);
    QVERIFY(failed.at(1).at(0).toString().contains(QStringLiteral("public keys")));
    BuildOptions options;
    options.encryptionKey = PublicKey{};
    options.encryptionKey->keyId = QStringLiteral("77");
    delivery.start(jwe, addHumanUserRequest, options);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 3, 20000);
    QVERIFY2(failed.at(2).at(0).toString().contains(QStringLiteral("77 is not active")),
             qPrintable(failed.at(2).at(0).toString()));
}

QTEST_GUILESS_MAIN(TestDeliverySend)
#include "tst_deliverysend.moc"
