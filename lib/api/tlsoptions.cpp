#include "tlsoptions.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QRegularExpression>

namespace targetdesk
{

namespace
{

QString distinguishedName(const QSslCertificate &c, bool issuer)
{
    const QList<QByteArray> attributes = issuer ? c.issuerInfoAttributes() : c.subjectInfoAttributes();
    QStringList parts;
    for (const QByteArray &a : attributes) {
        const QStringList values = issuer ? c.issuerInfo(a) : c.subjectInfo(a);
        for (const QString &v : values)
            parts << QStringLiteral("%1=%2").arg(QString::fromLatin1(a), v);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString formatSha256Fingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

std::optional<QByteArray> parseSha256Fingerprint(const QString &input)
{
    QString text = input.trimmed();
    const qsizetype eq = text.lastIndexOf(QLatin1Char('='));
    if (eq >= 0 && text.left(eq).contains(QLatin1String("sha256"), Qt::CaseInsensitive))
        text = text.mid(eq + 1);
    if (text.startsWith(QLatin1String("sha256:"), Qt::CaseInsensitive))
        text = text.mid(7);
    text.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!hex.match(text).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(text.toLatin1());
}

QByteArray certificateSha256(const QSslCertificate &certificate)
{
    return certificate.isNull() ? QByteArray() : certificate.digest(QCryptographicHash::Sha256);
}

QList<QSslCertificate> readPemCertificates(const QByteArray &pem, QString *error)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    const qsizetype begins = pem.count("-----BEGIN CERTIFICATE-----");
    QString problem;
    if (certificates.isEmpty())
        problem = QStringLiteral("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    else if (certificates.size() != begins)
        problem =
            QStringLiteral("%1 of %2 certificates could not be read").arg(begins - certificates.size()).arg(begins);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    return certificates;
}

bool isLoopbackHost(const QString &host)
{
    QString h = host;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    QHostAddress address;
    if (address.setAddress(h))
        return address.isLoopback();
    return h.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           h.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive);
}

CertificateInfo CertificateInfo::from(const QSslCertificate &certificate)
{
    CertificateInfo info;
    info.certificate = certificate;
    info.chain = {certificate};
    info.sha256 = certificateSha256(certificate);
    info.fingerprint = formatSha256Fingerprint(info.sha256);
    info.subject = distinguishedName(certificate, false);
    info.issuer = distinguishedName(certificate, true);
    const auto names = certificate.subjectAlternativeNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        info.subjectAlternativeNames << it.value();
    info.notBefore = certificate.effectiveDate();
    info.notAfter = certificate.expiryDate();
    info.selfSigned = certificate.isSelfSigned();
    return info;
}

} // namespace targetdesk
