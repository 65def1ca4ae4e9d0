#pragma once

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>

#include <functional>

namespace targetdesk::sandbox
{

// The thin HTTP layer: every request goes to one handler, which does its own routing. Kept apart because
// QAbstractHttpServer's API changed in Qt 6.8 (listen/bind); only this class and Sandbox::listen know it.
class SandboxHttpServer : public QAbstractHttpServer
{
public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    explicit SandboxHttpServer(Handler handler, QObject *parent = nullptr);

    static QHttpServerResponder responder(const QHttpServerRequest &request, QTcpSocket *socket)
    {
        return makeResponder(request, socket);
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace targetdesk::sandbox
