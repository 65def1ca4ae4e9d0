#pragma once

#include <QByteArray>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QString>
#include <QTimer>
#include <QUrl>

namespace targetdesk::test
{

// A REST answer as the sandbox tests look at it.
struct RestReply {
    int status = 0;
    QByteArray body;
    QJsonObject json;
};

// One JSON request to `base` + `path`, waited for (at most timeoutMs); `bearer` empty: no Authorization header.
inline RestReply restCall(QNetworkAccessManager &nam, const QUrl &base, const QByteArray &verb, const QString &path,
                          const QByteArray &body, const QString &bearer, int timeoutMs)
{
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    RestReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.json = QJsonDocument::fromJson(out.body).object();
    reply->deleteLater();
    return out;
}

} // namespace targetdesk::test
