// The load side of run_receiver_bench.sh: posts every line of a file (one delivery body per line) to a receiver
// and reports how fast the answers came back.
//   bench_receiver --url URL --file FILE [--signing-key-env VAR]
// Prints "<deliveries> <seconds> <deliveries/s>" on stdout; exits 1 when an answer is not 200. The requests go out
// over Qt's HTTP/1.1 client (keep-alive, up to six connections), all queued at once, so the receiver never waits
// for the client.

#include "crypto/webhooksignature.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>

#include <cstdio>

using namespace targetdesk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("url"), QStringLiteral("The receiver."), QStringLiteral("URL")},
         {QStringLiteral("file"), QStringLiteral("One body per line."), QStringLiteral("FILE")},
         {QStringLiteral("signing-key-env"),
          QStringLiteral("Sign each body with the key in this environment variable."), QStringLiteral("VAR")}});
    parser.process(app);
    QFile file(parser.value(QStringLiteral("file")));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
        return 2;
    }
    QList<QByteArray> bodies;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            bodies.append(line.trimmed());
    }
    const QByteArray signingKey =
        QProcessEnvironment::systemEnvironment().value(parser.value(QStringLiteral("signing-key-env"))).toUtf8();
    // Signed before the clock starts: ZITADEL's side of the work is not the receiver's.
    QList<QByteArray> signatures;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const QByteArray &body : std::as_const(bodies))
        signatures.append(signingKey.isEmpty() ? QByteArray() : crypto::webhookSignatureHeader(body, signingKey, now));

    QNetworkAccessManager manager;
    const QUrl url(parser.value(QStringLiteral("url")));
    qsizetype pending = bodies.size();
    int failures = 0;
    QElapsedTimer clock;
    clock.start();
    for (qsizetype i = 0; i < bodies.size(); ++i) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        if (!signatures.at(i).isEmpty())
            request.setRawHeader("ZITADEL-Signature", signatures.at(i));
        QNetworkReply *reply = manager.post(request, bodies.at(i));
        QObject::connect(reply, &QNetworkReply::finished, &app, [reply, &pending, &failures] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                ++failures;
            reply->deleteLater();
            if (--pending == 0)
                QCoreApplication::quit();
        });
    }
    if (pending > 0)
        app.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("%lld %.3f %.1f\n", static_cast<long long>(bodies.size()), seconds, double(bodies.size()) / seconds);
    if (failures > 0) {
        std::fprintf(stderr, "%d answers were not 200\n", failures);
        return 1;
    }
    return 0;
}
