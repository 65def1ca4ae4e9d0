#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace targetdesk::crypto
{

// ZITADEL's limit on the PEM text of a public key (AddPublicKeyRequest.publicKey).
inline constexpr qsizetype maxPublicKeyPemSize = 8192;
// Shorter RSA encryption keys are refused before they reach ZITADEL (which would accept them).
inline constexpr int minRsaEncryptionBits = 2048;

// The outcome of reading a public key that a user pasted or dropped. On success pem holds what to send to ZITADEL
// (PKIX "BEGIN PUBLIC KEY"); notes say what was converted and why, warnings what will not work as expected.
// On failure error says what is wrong, for people.
struct PublicKeyImport {
    QByteArray pem;                   // PKIX PEM, ready for AddPublicKeyRequest
    QByteArray der;                   // DER SubjectPublicKeyInfo
    QString description;              // "RSA 3072", "EC P-256"
    QString fingerprint;              // "SHA256:...", as ZITADEL shows it
    bool usableForEncryption = false; // RSA, or EC on P-256/P-384/P-521
    int rsaBits = 0;                  // the modulus size of an RSA key; 0 for other keys
    QStringList notes;                // conversions: PKCS#1 or certificate to PKIX, DER or base64 input
    QStringList warnings;             // accepted, but: weak RSA size, EC curve ZITADEL cannot encrypt to
    QString error;                    // empty on success

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

// Reads PKIX PEM as is; converts PKCS#1 "BEGIN RSA PUBLIC KEY", X.509 certificates, DER SubjectPublicKeyInfo and
// base64 of any of those (ZITADEL's JSON form) to PKIX with a note. Refuses private keys, Ed25519/Ed448/DSA/DH and
// other key types ZITADEL does not accept, SSH/OpenPGP keys, garbage, empty, truncated and oversized input.
[[nodiscard]] PublicKeyImport importPublicKey(const QByteArray &input);

} // namespace targetdesk::crypto
