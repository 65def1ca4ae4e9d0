#pragma once

// The openssl command line: a code path independent of ours, the judge of key material, certificates and
// fingerprints in the tests.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace targetdesk::test
{

struct OpensslRun {
    int exitCode = -1; // -1: it did not start, or did not finish normally
    QByteArray out;
    QByteArray err;
};

// Runs `openssl args` with `input` on stdin; `passphrase`, when not null, in TDTEST_PW (for "-passin env:TDTEST_PW").
inline OpensslRun openssl(const QStringList &args, const QByteArray &input = {}, const QString &passphrase = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!passphrase.isNull())
        env.insert(QStringLiteral("TDTEST_PW"), passphrase);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("openssl"), args);
    OpensslRun r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    const bool finished = p.waitForFinished(60000);
    r.exitCode = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// "SHA256:" + unpadded base64 of SHA-256 over the DER SubjectPublicKeyInfo of a public or (unencrypted) private key
// PEM, as openssl reads it. Empty when openssl cannot read the key.
inline QString opensslFingerprint(const QByteArray &pem)
{
    QStringList args{QStringLiteral("pkey"), QStringLiteral("-pubout"), QStringLiteral("-outform"),
                     QStringLiteral("DER")};
    if (pem.contains("-----BEGIN PUBLIC KEY-----"))
        args << QStringLiteral("-pubin");
    const OpensslRun der = openssl(args, pem);
    if (der.exitCode != 0 || der.out.isEmpty())
        return {};
    const OpensslRun digest =
        openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-binary")}, der.out);
    if (digest.exitCode != 0 || digest.out.size() != 32)
        return {};
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.out.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

} // namespace targetdesk::test
