#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <optional>

namespace targetdesk
{

// Per-connection TLS choices. Certificate verification is always on; these only say what else to trust.
struct TlsOptions {
    // Trusted in addition to the system's CA store (a private CA).
    QList<QSslCertificate> caCertificates;
    // SHA-256 (32 raw bytes) of the server's certificate: exactly that certificate is accepted, even self-signed
    // or for another name, and any other is refused, however it is signed.
    QByteArray pinnedSha256;
    // Plain http to a host that is not loopback. Off: such URLs are refused before anything is sent.
    bool allowInsecureHttp = false;

    bool operator==(const TlsOptions &other) const = default;
};

// "AB:CD:...": upper-case hex pairs, as browsers and `openssl x509 -fingerprint` show them.
[[nodiscard]] QString formatSha256Fingerprint(const QByteArray &digest);
// Reads "AB:CD:...", plain hex (any case, spaces allowed) and an optional "SHA256:" / "sha256 Fingerprint=" prefix.
// nullopt unless it is exactly 32 bytes.
[[nodiscard]] std::optional<QByteArray> parseSha256Fingerprint(const QString &text);
[[nodiscard]] QByteArray certificateSha256(const QSslCertificate &certificate);
// PEM with one or more certificates (a CA file). Empty list with `error` set when there is none or one is damaged.
[[nodiscard]] QList<QSslCertificate> readPemCertificates(const QByteArray &pem, QString *error = nullptr);
// localhost, *.localhost, 127.0.0.0/8, ::1.
[[nodiscard]] bool isLoopbackHost(const QString &host);

// A server certificate as shown to a user before pinning it or importing its CA.
struct CertificateInfo {
    QSslCertificate certificate;  // the leaf
    QList<QSslCertificate> chain; // as the server sent it, leaf first
    QByteArray sha256;            // of the leaf's DER
    QString fingerprint;          // formatSha256Fingerprint(sha256)
    QString subject;              // "CN=zitadel.example.com, O=..."
    QString issuer;               // same form
    QStringList subjectAlternativeNames;
    QDateTime notBefore;
    QDateTime notAfter;
    bool selfSigned = false;
    // Why the certificate fails verification with the connection's CA options (system store + caCertificates),
    // for people; empty when it verifies.
    QStringList problems;
    // The connection's pinned fingerprint is this certificate's.
    bool matchesPin = false;

    [[nodiscard]] bool verifies() const { return problems.isEmpty(); }
    // Trusted by the current options: verifies, or pinned.
    [[nodiscard]] bool trusted() const { return verifies() || matchesPin; }

    [[nodiscard]] static CertificateInfo from(const QSslCertificate &certificate);
};

} // namespace targetdesk
