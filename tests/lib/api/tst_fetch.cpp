// The client's one bounded download (ZitadelClient::fetch) and the inspector's JWKS fetch on top of it: the byte cap
// holds while reading, no bearer token leaves, redirects are not followed, and the client's URL rules apply.
#include "testutil.h"

#include "api/zitadelclient.h"
#include "inspect/jwksfetch.h"
#include "sandbox/sandboxclient.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace std::chrono_literals;
using test::await;

namespace
{

// A raw HTTP server on 127.0.0.1: answers every request with `response`, or with an endless body.
class RawServer : public QObject
{
public:
    QByteArray response;
    bool endless = false;
    QList<QByteArray> requests;
    qint64 bytesSent = 0;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url(const QString &path = QStringLiteral("/oauth/v2/keys")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            const QByteArray head = socket->readAll();
            requests << head;
            if (!endless) {
                socket->write(response);
                socket->disconnectFromHost();
                return;
            }
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n");
            auto *timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [this, socket] {
                // Keep the pipe full, 64 KiB at a time, until the client hangs up.
                if (socket->state() != QAbstractSocket::ConnectedState || socket->bytesToWrite() > 256 * 1024)
                    return;
                const QByteArray chunk(64 * 1024, 'x');
                bytesSent += socket->write(chunk);
            });
            timer->start(1);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    QTcpServer m_server;
};

QByteArray answer(int status, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

} // namespace

class TestFetch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capHoldsWhileReading()
    {
        RawServer server;
        server.endless = true;
        QVERIFY(server.listen());
        ZitadelClient client;
        client.setTimeout(20s);
        auto r = await<HttpAnswer>([&](auto cb) { client.fetch(server.url(), 100'000, this, cb); });
        QVERIFY(r);
        QVERIFY(!*r);
        QCOMPARE(r->error().kind, ApiError::Kind::TooLarge);
        QVERIFY2(r->error().message.contains(QLatin1String("100000 bytes")), qPrintable(r->error().message));
        // Reading stopped near the cap: the server was not drained for the whole timeout.
        QVERIFY2(server.bytesSent < 8 * 1024 * 1024, QByteArray::number(server.bytesSent));
    }

    void bodyWithinTheCapAndExactlyAtIt()
    {
        RawServer server;
        server.response = answer(200, QByteArray(1000, 'a'));
        QVERIFY(server.listen());
        ZitadelClient client;
        auto r = await<HttpAnswer>([&](auto cb) { client.fetch(server.url(), 1000, this, cb); });
        QVERIFY(r && *r);
        QCOMPARE((*r)->body.size(), 1000);
        r = await<HttpAnswer>([&](auto cb) { client.fetch(server.url(), 999, this, cb); });
        QVERIFY(r && !*r);
        QCOMPARE(r->error().kind, ApiError::Kind::TooLarge);
    }

    void neverSendsTheTokenAndNeverFollowsRedirects()
    {
        RawServer server;
        server.response = answer(302, {}, "Location: http://127.0.0.1:1/elsewhere\r\n");
        QVERIFY(server.listen());
        ZitadelClient client;
        client.setInstance(server.url(QStringLiteral("/")));
        client.setToken(QStringLiteral("secret-token-never-sent"));
        auto r = await<HttpAnswer>([&](auto cb) { client.fetch(server.url(), 1000, this, cb); });
        QVERIFY(r && *r);
        QCOMPARE((*r)->status, 302);
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(!server.requests.first().toLower().contains("authorization"));
        QVERIFY(!server.requests.first().contains("secret-token-never-sent"));
    }

    void urlRulesOfTheClient_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowInsecure");
        QTest::newRow("plain http beyond loopback") << QStringLiteral("http://keys.example.com/jwks") << false;
        QTest::newRow("not http") << QStringLiteral("ftp://keys.example.com/jwks") << true;
        QTest::newRow("no host") << QStringLiteral("https:///jwks") << false;
    }

    void urlRulesOfTheClient()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowInsecure);
        ZitadelClient client;
        TlsOptions tls;
        tls.allowInsecureHttp = allowInsecure;
        client.setTlsOptions(tls);
        auto r = await<HttpAnswer>([&](auto cb) { client.fetch(QUrl(url), 1000, this, cb); });
        QVERIFY(r && !*r);
        QCOMPARE(r->error().kind, ApiError::Kind::InvalidRequest);
    }

    void jwksOfTheSandbox()
    {
        sandbox::Sandbox sandbox;
        QVERIFY(sandbox.listen());
        auto client = sandbox::connectClient(sandbox);
        const QUrl url = inspect::instanceJwksUrl(client->instance());
        QCOMPARE(url.path(), QStringLiteral("/oauth/v2/keys"));
        auto r = await<crypto::Jwks>([&](auto cb) { inspect::fetchJwks(*client, url, this, cb); });
        QVERIFY(r);
        QVERIFY2(*r, qPrintable(r->ok() ? QString() : r->error().toString()));
        QVERIFY(!(*r)->isEmpty());
    }

    void jwksFailures_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("text");
        QTest::newRow("404") << answer(404, "{}") << int(ApiError::Kind::Server) << QStringLiteral("answered HTTP 404");
        QTest::newRow("not a jwks") << answer(200, "<html>hello</html>") << int(ApiError::Kind::MalformedResponse)
                                    << QStringLiteral("did not answer with a JWKS");
        QTest::newRow("too large") << answer(200, QByteArray(inspect::kMaxJwksBytes + 1, ' '))
                                   << int(ApiError::Kind::TooLarge) << QStringLiteral("larger than");
    }

    void jwksFailures()
    {
        QFETCH(QByteArray, response);
        QFETCH(int, kind);
        QFETCH(QString, text);
        RawServer server;
        server.response = response;
        QVERIFY(server.listen());
        ZitadelClient client;
        auto r = await<crypto::Jwks>([&](auto cb) { inspect::fetchJwks(client, server.url(), this, cb); });
        QVERIFY(r && !*r);
        QCOMPARE(int(r->error().kind), kind);
        QVERIFY2(r->error().message.contains(text), qPrintable(r->error().message));
    }

    // Every API call and the token endpoint have a cap of their own, enforced while reading.
    void apiCallsAndTokenEndpointAreCapped()
    {
        RawServer server;
        server.endless = true;
        QVERIFY(server.listen());
        ZitadelClient client;
        client.setTimeout(20s);
        client.setInstance(server.url(QStringLiteral("/")));
        client.setToken(QStringLiteral("t"));
        client.setMaxResponseBytes(200'000);
        auto r = await<QJsonObject>(
            [&](auto cb) { client.request("GET", QStringLiteral("/v2/actions/targets/1"), {}, this, cb); });
        QVERIFY(r && !*r);
        QCOMPARE(r->error().kind, ApiError::Kind::TooLarge);
        QVERIFY2(r->error().message.contains(QLatin1String("200000 bytes")), qPrintable(r->error().message));
        QVERIFY2(server.bytesSent < 8 * 1024 * 1024, QByteArray::number(server.bytesSent));

        RawServer tokenServer;
        tokenServer.endless = true;
        QVERIFY(tokenServer.listen());
        client.setInstance(tokenServer.url(QStringLiteral("/")));
        auto token = await<HttpAnswer>([&](auto cb) {
            client.postForm(QStringLiteral("/oauth/v2/token"), "grant_type=client_credentials", {}, this, cb);
        });
        QVERIFY(token && !*token);
        QCOMPARE(token->error().kind, ApiError::Kind::TooLarge);
        QVERIFY2(token->error().message.contains(QString::number(ZitadelClient::kMaxTokenResponseBytes)),
                 qPrintable(token->error().message));
        QVERIFY2(tokenServer.bytesSent < 8 * 1024 * 1024, QByteArray::number(tokenServer.bytesSent));
    }

    // listAllTargets stops on a short page whatever totalResult claims, and refuses an implausible totalResult.
    void listPagingStopsOnShortPageAndImplausibleTotal()
    {
        const QByteArray target = "{\"id\":\"1\",\"name\":\"a\",\"restWebhook\":{},\"timeout\":\"1s\","
                                  "\"endpoint\":\"https://x.example.com\"}";
        RawServer server;
        server.response = answer(200, "{\"pagination\":{\"totalResult\":\"5000\",\"appliedLimit\":\"1000\"},"
                                      "\"targets\":[" +
                                          target + "," + target + "]}");
        QVERIFY(server.listen());
        ZitadelClient client;
        client.setInstance(server.url(QStringLiteral("/")));
        client.setToken(QStringLiteral("t"));
        int pages = 0;
        auto done = await<quint64>([&](auto cb) {
            client.listAllTargets(
                TargetQuery{}, this, [&](const TargetPage &) { ++pages; }, cb);
        });
        QVERIFY(done && *done);
        QCOMPARE(pages, 1);
        QCOMPARE(server.requests.size(), 1);

        RawServer huge;
        huge.response =
            answer(200, "{\"pagination\":{\"totalResult\":\"18446744073709551615\"},\"targets\":[" + target + "]}");
        QVERIFY(huge.listen());
        client.setInstance(huge.url(QStringLiteral("/")));
        pages = 0;
        done = await<quint64>([&](auto cb) {
            client.listAllTargets(
                TargetQuery{}, this, [&](const TargetPage &) { ++pages; }, cb);
        });
        QVERIFY(done && !*done);
        QCOMPARE(done->error().kind, ApiError::Kind::MalformedResponse);
        QVERIFY2(done->error().message.contains(QLatin1String("not plausible")), qPrintable(done->error().message));
        QCOMPARE(pages, 0);
    }

    void instanceJwksUrl()
    {
        QCOMPARE(inspect::instanceJwksUrl(QUrl(QStringLiteral("https://id.example.com/"))),
                 QUrl(QStringLiteral("https://id.example.com/oauth/v2/keys")));
        QCOMPARE(inspect::instanceJwksUrl(QUrl(QStringLiteral("https://example.com/zitadel?x=1"))),
                 QUrl(QStringLiteral("https://example.com/zitadel/oauth/v2/keys")));
    }
};

QTEST_GUILESS_MAIN(TestFetch)
#include "tst_fetch.moc"
