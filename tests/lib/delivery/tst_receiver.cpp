// delivery::Receiver, the local HTTP/1.1 server that takes deliveries: a raw client on 127.0.0.1 sends well-formed,
// chunked, pipelined, oversized and malformed requests and checks what arrives, what is answered and when the
// connection closes.

#include "rawhttpclient.h"

#include "crypto/webhooksignature.h"
#include "delivery/receiver.h"
#include "inspect/capture.h"
#include "inspect/inspector.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace targetdesk;
using targetdesk::delivery::ReceivedDelivery;
using targetdesk::delivery::Receiver;
using targetdesk::test::RawHttpClient;
using targetdesk::test::RawResponse;

Q_DECLARE_METATYPE(targetdesk::delivery::ReceivedDelivery)

namespace
{

const QByteArray kSigningKey = "tdtest-receiver-signing-key-7f3a";

QByteArray post(const QByteArray &body, const QByteArray &extraHeaders = {}, const QByteArray &path = "/hook")
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

ReceivedDelivery deliveryAt(const QSignalSpy &spy, qsizetype index)
{
    return spy.at(index).at(0).value<ReceivedDelivery>();
}

} // namespace

class TestReceiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_receiver = std::make_unique<Receiver>();
        QString error;
        QVERIFY2(m_receiver->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }
    void cleanup() { m_receiver.reset(); }

    void listensOnLoopback()
    {
        QVERIFY(m_receiver->isListening());
        QVERIFY(m_receiver->port() > 0);
        QCOMPARE(m_receiver->url().toString(), QStringLiteral("http://127.0.0.1:%1/").arg(m_receiver->port()));
        m_receiver->close();
        QVERIFY(!m_receiver->isListening());
        RawHttpClient client;
        QVERIFY(!client.connectTo(m_receiver->port(), 500));
    }

    void deliveryArrivesIntact()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        const QByteArray body = R"({"fullMethod":"/zitadel.user.v2.UserService/AddHumanUser","x":"<&>"})";
        const QByteArray signature = crypto::webhookSignatureHeader(body, kSigningKey, 1767225600);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post(body, "ZITADEL-Signature: " + signature + "\r\nX-Trace:  spaced value \r\n"));
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("{}"));
        QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));

        QCOMPARE(received.size(), 1);
        const ReceivedDelivery delivery = deliveryAt(received, 0);
        QCOMPARE(delivery.method, QByteArray("POST"));
        QCOMPARE(delivery.path, QByteArray("/hook"));
        QCOMPARE(delivery.body, body);
        QCOMPARE(delivery.header("zitadel-signature"), signature);
        QCOMPARE(delivery.header("X-Trace"), QByteArray("spaced value"));
        QCOMPARE(delivery.headers.value(0).first, QByteArray("Host"));
        QCOMPARE(delivery.headers.value(1), qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        QVERIFY(delivery.peer.startsWith(QLatin1String("127.0.0.1:")));
        QCOMPARE(delivery.peer, QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort()));
        QVERIFY(qAbs(delivery.receivedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    void answersAsConfigured()
    {
        m_receiver->setAnswer({403, R"({"forwardedStatusCode":403,"forwardedErrorMessage":"no"})", "text/plain"});
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post("{}"));
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 403);
        QCOMPARE(response->body, QByteArray(R"({"forwardedStatusCode":403,"forwardedErrorMessage":"no"})"));
        QCOMPARE(response->header("Content-Type"), QByteArray("text/plain"));
    }

    void tooLargeIsRefusedBeforeTheBody()
    {
        m_receiver->setMaxBodyBytes(1000);
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        QSignalSpy refused(m_receiver.get(), &Receiver::refused);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        // Only the head: the answer must come without a single byte of the body.
        client.send("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000000\r\n\r\n");
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        QCOMPARE(received.size(), 0);
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.at(0).at(1).toString().startsWith(QLatin1String("413")),
                 qPrintable(refused.at(0).at(1).toString()));
        QVERIFY(refused.at(0).at(0).toString().startsWith(QLatin1String("127.0.0.1:")));
    }

    void bodyAtTheLimitIsAccepted()
    {
        m_receiver->setMaxBodyBytes(1000);
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post(QByteArray(1000, 'a')));
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(received.size(), 1);
        QCOMPARE(deliveryAt(received, 0).body.size(), 1000);
    }

    void chunkedTooLargeIsRefused()
    {
        m_receiver->setMaxBodyBytes(100);
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send("POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + QByteArray(80, 'a') +
                    "\r\n50\r\n");
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        QCOMPARE(received.size(), 0);
    }

    void wrongMethod()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        QSignalSpy refused(m_receiver.get(), &Receiver::refused);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send("GET /hook HTTP/1.1\r\nHost: x\r\n\r\n");
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 405);
        QCOMPARE(response->header("Allow"), QByteArray("POST"));
        QVERIFY(response->body.contains("GET"));
        QCOMPARE(received.size(), 0);
        QCOMPARE(refused.size(), 1);
        QVERIFY(refused.at(0).at(1).toString().startsWith(QLatin1String("405")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("not http") << QByteArray("hello there\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("POST  /hook HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("version") << QByteArray("POST /hook HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("no colon") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n") << 400;
        QTest::newRow("space in name") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n") << 400;
        QTest::newRow("folded") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nA: b\r\n  c\r\n\r\n") << 400;
        QTest::newRow("control char") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nA: b\x01\r\n\r\n") << 400;
        QTest::newRow("no host") << QByteArray("POST /hook HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << 400;
        QTest::newRow("two hosts") << QByteArray(
                                          "POST /hook HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 0\r\n\r\n")
                                   << 400;
        QTest::newRow("no length") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\n\r\n") << 411;
        QTest::newRow("length not a number")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 12a\r\n\r\n") << 400;
        QTest::newRow("negative length") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
                                         << 400;
        QTest::newRow("conflicting lengths")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n") << 400;
        QTest::newRow("length and chunked")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
            << 400;
        QTest::newRow("gzip coding") << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, "
                                                   "chunked\r\n\r\n")
                                     << 501;
        QTest::newRow("bad chunk size")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("chunk overruns")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n") << 400;
        QTest::newRow("unknown expectation")
            << QByteArray("POST /hook HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n") << 417;
        QTest::newRow("head too large") << "POST /hook HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(70 * 1024, 'a') +
                                               "\r\n\r\n"
                                        << 431;
        QTest::newRow("head without end") << "POST /hook HTTP/1.1\r\nX: " + QByteArray(70 * 1024, 'a') << 431;
    }

    void malformed()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        QSignalSpy refused(m_receiver.get(), &Receiver::refused);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(request);
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QVERIFY(response->body.startsWith("{\"error\":\""));
        QVERIFY(client.waitClosed());
        QCOMPARE(received.size(), 0);
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.at(0).at(1).toString().startsWith(QString::number(status)),
                 qPrintable(refused.at(0).at(1).toString()));
    }

    void chunkedBody()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        // Split at awkward places: inside the size line, inside the data, between CR and LF.
        const QList<QByteArray> pieces = {"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1",
                                          "4;ext=1\r\n{\"user\":\"0123456", "78\"}\r",
                                          "\n5\r\n\n\n \r\n\r\n0\r\nX-Trailer: t\r\n", "\r\n"};
        for (const QByteArray &piece : pieces) {
            client.send(piece);
            QTest::qWait(20);
        }
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(received.size(), 1);
        const ReceivedDelivery delivery = deliveryAt(received, 0);
        QCOMPARE(delivery.body, QByteArray("{\"user\":\"012345678\"}\n\n \r\n"));
        QCOMPARE(delivery.header("Transfer-Encoding"), QByteArray("chunked"));
        // The capture carries the decoded body with its length, so inspect reads it as sent.
        const QByteArray capture = delivery.captureText();
        QVERIFY(!capture.contains("Transfer-Encoding"));
        QVERIFY(capture.contains("Content-Length: 25\r\n"));
        const inspect::Capture parsed = inspect::parseCapture(capture);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.body, delivery.body);
        QVERIFY(client.isConnected());
    }

    void keepAlive()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post("{\"n\":1}"));
        std::optional<RawResponse> first = client.response();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QVERIFY(!first->header("Connection"));
        QVERIFY(client.isConnected());
        // The second request on the same connection, and two more pipelined in one write.
        client.send(post("{\"n\":2}"));
        QVERIFY(client.response());
        client.send(post("{\"n\":3}", {}, "/a") + post("{\"n\":4}", "Connection: close\r\n", "/b"));
        const std::optional<RawResponse> third = client.response();
        const std::optional<RawResponse> fourth = client.response();
        QVERIFY(third && fourth);
        QCOMPARE(third->status, 200);
        QCOMPARE(fourth->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        QCOMPARE(received.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(deliveryAt(received, i).body, QByteArray("{\"n\":") + QByteArray::number(i + 1) + '}');
        QCOMPARE(deliveryAt(received, 2).path, QByteArray("/a"));
        QCOMPARE(deliveryAt(received, 3).path, QByteArray("/b"));
        QCOMPARE(deliveryAt(received, 0).peer, deliveryAt(received, 3).peer);
    }

    void http10ClosesUnlessKeptAlive()
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send("POST /old HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}");
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
    }

    void expectContinue()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send("POST /hook HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        const std::optional<RawResponse> interim = client.response();
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        QCOMPARE(received.size(), 0);
        client.send("{}");
        const std::optional<RawResponse> response = client.response();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(received.size(), 1);
    }

    void idleConnectionsAreClosed()
    {
        m_receiver->setIdleTimeout(std::chrono::milliseconds(300));
        QSignalSpy refused(m_receiver.get(), &Receiver::refused);
        // Silent from the start: closed without an answer.
        RawHttpClient silent;
        QVERIFY(silent.connectTo(m_receiver->port()));
        QVERIFY(silent.waitClosed(5000));
        QCOMPARE(refused.size(), 0);
        // Stuck in the middle of a body: 408, then closed.
        RawHttpClient stuck;
        QVERIFY(stuck.connectTo(m_receiver->port()));
        stuck.send("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\"");
        const std::optional<RawResponse> response = stuck.response(5000);
        QVERIFY(response);
        QCOMPARE(response->status, 408);
        QVERIFY(stuck.waitClosed(5000));
        QCOMPARE(refused.size(), 1);
        // Activity keeps a connection open past the timeout.
        RawHttpClient busy;
        QVERIFY(busy.connectTo(m_receiver->port()));
        for (int i = 0; i < 4; ++i) {
            busy.send(post("{}"));
            QVERIFY(busy.response());
            QTest::qWait(150);
        }
        QVERIFY(busy.isConnected());
    }

    void closeEndsOpenConnections()
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post("{}"));
        QVERIFY(client.response());
        m_receiver->close();
        QVERIFY(client.waitClosed(5000));
    }

    void receiverMayCloseFromItsSignal()
    {
        connect(m_receiver.get(), &Receiver::received, m_receiver.get(), [this] { m_receiver->close(); });
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post("{}") + post("{}"));
        QVERIFY(client.waitClosed(5000));
        QVERIFY(!m_receiver->isListening());
    }

    // The capture of a signed delivery is read by the inspector: same body, same signature, verified.
    void captureTextParsesAndVerifies()
    {
        QSignalSpy received(m_receiver.get(), &Receiver::received);
        // A body ending in a newline: the signature covers it, so the capture must keep it.
        const QByteArray body = "{\"event_type\":\"user.human.added\"}\n";
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray signature = crypto::webhookSignatureHeader(body, kSigningKey, now);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_receiver->port()));
        client.send(post(body, "ZITADEL-Signature: " + signature + "\r\n", "/hooks/user?x=1"));
        QVERIFY(client.response());
        QCOMPARE(received.size(), 1);
        const ReceivedDelivery delivery = deliveryAt(received, 0);
        const QByteArray capture = delivery.captureText();
        QVERIFY(capture.startsWith("POST /hooks/user?x=1 HTTP/1.1\r\n"));

        const inspect::Capture parsed = inspect::parseCapture(capture);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.form, inspect::Capture::Form::HttpRequest);
        QCOMPARE(parsed.body, body);
        QCOMPARE(parsed.header("ZITADEL-Signature"), signature);

        inspect::InspectOptions options;
        options.signingKey = kSigningKey;
        const inspect::Report report = inspect::inspectDelivery(capture, options);
        QVERIFY2(report.ok(), qPrintable(report.error));
        const inspect::Check *check = report.check(inspect::Check::Kind::WebhookSignature);
        QVERIFY(check);
        QCOMPARE(check->status, inspect::Check::Status::Passed);

        options.signingKey = "another-key";
        QCOMPARE(inspect::inspectDelivery(capture, options).exitClass, inspect::ExitClass::SignatureInvalid);
    }

private:
    std::unique_ptr<Receiver> m_receiver;
};

QTEST_GUILESS_MAIN(TestReceiver)
#include "tst_receiver.moc"
