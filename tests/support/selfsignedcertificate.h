#pragma once

// A throw-away self-signed certificate for 127.0.0.1 (EC P-256, two days), made with the openssl command line.

#include "openssl.h"

#include <QFile>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace targetdesk::test
{

struct SelfSignedCertificate {
    QString certificatePath;
    QString keyPath;
    QSslCertificate certificate;

    // Writes <directory>/<name>.crt and .key. Null certificate on failure (the openssl output is logged).
    static SelfSignedCertificate make(const QString &directory, const QString &name)
    {
        SelfSignedCertificate out;
        out.certificatePath = directory + QLatin1Char('/') + name + QStringLiteral(".crt");
        out.keyPath = directory + QLatin1Char('/') + name + QStringLiteral(".key");
        const QString subject = QStringLiteral("/CN=127.0.0.1/O=Targetdesk test ") + name;
        QStringList args = QStringLiteral("req -x509 -nodes -days 2 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                                          "-addext subjectAltName=IP:127.0.0.1")
                               .split(QLatin1Char(' '));
        args << QStringLiteral("-subj") << subject << QStringLiteral("-keyout") << out.keyPath << QStringLiteral("-out")
             << out.certificatePath;
        const OpensslRun req = openssl(args);
        if (req.exitCode != 0) {
            qWarning("openssl req: %s", QByteArray(req.out + req.err).constData());
            return out;
        }
        QFile file(out.certificatePath);
        if (file.open(QIODevice::ReadOnly))
            out.certificate = QSslCertificate(file.readAll(), QSsl::Pem);
        return out;
    }
};

} // namespace targetdesk::test
