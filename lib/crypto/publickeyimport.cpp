#include "publickeyimport.h"

#include "fingerprint.h"
#include "opensslptr.h"
#include "pemtext.h"

#include <openssl/err.h>

#include <algorithm>

namespace targetdesk::crypto
{

namespace
{

// Certificates (even a short chain) fit easily; larger input is not something we should try to parse.
constexpr qsizetype maxInputSize = 64 * 1024;

PublicKeyImport failure(const QString &message)
{
    ERR_clear_error();
    PublicKeyImport out;
    out.error = message;
    return out;
}

QString privateKeyMessage()
{
    return Messages::tr("This is a PRIVATE key — paste the public key; never share the private key.");
}

QString damagedMessage(const QByteArray &label)
{
    return Messages::tr("The \"BEGIN %1\" block is damaged or truncated: its content is not a valid key.")
        .arg(QString::fromLatin1(label));
}

PkeyPtr pkeyFromSpki(const QByteArray &der)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *p = begin;
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    return key && p == begin + der.size() ? std::move(key) : nullptr;
}

PkeyPtr pkeyFromPkcs1(const QByteArray &der)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *p = begin;
    PkeyPtr key(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size())));
    return key && p == begin + der.size() ? std::move(key) : nullptr;
}

X509Ptr certificateFromDer(const QByteArray &der, bool trusted)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *p = begin;
    X509Ptr cert(trusted ? d2i_X509_AUX(nullptr, &p, static_cast<long>(der.size()))
                         : d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    return cert && p == begin + der.size() ? std::move(cert) : nullptr;
}

bool isPrivateKeyDer(const QByteArray &der)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *p = begin;
    if (Pkcs8InfoPtr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()))); info)
        return true;
    p = begin;
    if (PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()))); key)
        return true;
    p = begin;
    X509SigPtr sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(der.size())));
    return sig && p == begin + der.size();
}

QString subjectOf(X509 *cert)
{
    BioPtr bio = writeBio();
    if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0)
        return {};
    return QString::fromUtf8(bioBytes(bio.get()));
}

PkeyPtr keyFromCertificate(X509 *cert, PublicKeyImport &out)
{
    PkeyPtr key(X509_get_pubkey(cert));
    if (!key)
        return nullptr;
    const QString subject = subjectOf(cert);
    out.notes.append(subject.isEmpty()
                         ? Messages::tr("Took the public key out of the certificate: ZITADEL rejects certificates and "
                                        "accepts only a PKIX public key (\"BEGIN PUBLIC KEY\").")
                         : Messages::tr("Took the public key out of the certificate \"%1\": ZITADEL rejects "
                                        "certificates and accepts only a PKIX public key (\"BEGIN PUBLIC KEY\").")
                               .arg(subject));
    return key;
}

QString pkcs1Note()
{
    return Messages::tr("Converted from PKCS#1 (\"BEGIN RSA PUBLIC KEY\") to PKIX (\"BEGIN PUBLIC KEY\"): ZITADEL "
                        "rejects the PKCS#1 form.");
}

bool isCertificateLabel(const QByteArray &label)
{
    return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

// The key of the first useful PEM block, or an error in out.
PkeyPtr keyFromPem(const QByteArray &text, const QList<QByteArray> &labels, PublicKeyImport &out)
{
    QByteArray wanted;
    for (const QByteArray &label : labels) {
        if (label != "EC PARAMETERS") {
            wanted = label;
            break;
        }
    }
    if (wanted.isEmpty()) {
        out.error = Messages::tr("The input holds only EC parameters, no key.");
        return nullptr;
    }
    if (wanted.contains("CERTIFICATE REQUEST")) {
        out.error = Messages::tr("This is a certificate signing request, not a public key. Extract its key with "
                                 "\"openssl req -in FILE -noout -pubkey\".");
        return nullptr;
    }
    if (wanted.startsWith("PGP ")) {
        out.error = Messages::tr("This is an OpenPGP key: ZITADEL needs a PKIX public key (\"BEGIN PUBLIC KEY\").");
        return nullptr;
    }
    if (wanted != "PUBLIC KEY" && wanted != "RSA PUBLIC KEY" && !isCertificateLabel(wanted)) {
        out.error = Messages::tr("Unsupported PEM block \"BEGIN %1\": paste a public key (\"-----BEGIN PUBLIC "
                                 "KEY-----\").")
                        .arg(QString::fromLatin1(wanted));
        return nullptr;
    }

    BioPtr bio = readBio(text);
    if (!bio) {
        out.error = takeOpensslError();
        return nullptr;
    }
    for (;;) {
        char *rawName = nullptr;
        char *rawHeader = nullptr;
        unsigned char *rawData = nullptr;
        long length = 0;
        if (PEM_read_bio(bio.get(), &rawName, &rawHeader, &rawData, &length) != 1) {
            out.error = pemDamage(text);
            return nullptr;
        }
        const OpensslCharPtr name(rawName);
        const OpensslCharPtr header(rawHeader);
        const OpensslSecretPtr data(rawData, OpensslSecretDeleter{length});
        if (QByteArray(name.get()) != wanted)
            continue;

        const QByteArray der(reinterpret_cast<const char *>(data.get()), static_cast<qsizetype>(length));
        PkeyPtr key;
        if (wanted == "PUBLIC KEY") {
            key = pkeyFromSpki(der);
        } else if (wanted == "RSA PUBLIC KEY") {
            key = pkeyFromPkcs1(der);
            if (key)
                out.notes.append(pkcs1Note());
        } else {
            X509Ptr cert = certificateFromDer(der, wanted == "TRUSTED CERTIFICATE");
            if (cert) {
                key = keyFromCertificate(cert.get(), out);
                const auto certificates = std::count_if(labels.begin(), labels.end(), isCertificateLabel);
                if (key && certificates > 1)
                    out.notes.append(Messages::tr("The input holds %1 certificates; the key of the first one was used.")
                                         .arg(certificates));
            }
        }
        if (!key)
            out.error = damagedMessage(wanted);
        return key;
    }
}

// Binary input: DER SubjectPublicKeyInfo, PKCS#1 or a certificate.
PkeyPtr keyFromDer(const QByteArray &der, PublicKeyImport &out)
{
    if (PkeyPtr key = pkeyFromSpki(der)) {
        out.notes.append(
            Messages::tr("Read binary DER and converted it to PEM (\"BEGIN PUBLIC KEY\"): ZITADEL expects PEM text."));
        return key;
    }
    if (PkeyPtr key = pkeyFromPkcs1(der)) {
        out.notes.append(pkcs1Note());
        return key;
    }
    if (X509Ptr cert = certificateFromDer(der, false))
        return keyFromCertificate(cert.get(), out);
    out.error = isPrivateKeyDer(der)
                    ? privateKeyMessage()
                    : Messages::tr("Not a public key: expected PEM text starting with \"-----BEGIN PUBLIC KEY-----\".");
    return nullptr;
}

bool isBase64Text(const QByteArray &text)
{
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                        c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
        if (!ok)
            return false;
    }
    return true;
}

// Checks the key type against what ZITADEL accepts and fills the result.
PublicKeyImport finish(EVP_PKEY *key, PublicKeyImport out)
{
    const QString description = describeKey(key);
    if (EVP_PKEY_is_a(key, "RSA")) {
        out.rsaBits = EVP_PKEY_get_bits(key);
        out.usableForEncryption = out.rsaBits >= minRsaEncryptionBits;
        if (!out.usableForEncryption)
            out.warnings.append(Messages::tr("RSA keys shorter than %1 bits can be broken and are refused for "
                                             "encryption; use 3072 bits or more.")
                                    .arg(minRsaEncryptionBits));
    } else if (EVP_PKEY_is_a(key, "EC")) {
        const QByteArray group = ecGroupName(key);
        if (group.isEmpty())
            return failure(Messages::tr("EC keys with explicit curve parameters are not accepted: use a named curve "
                                        "(P-256, P-384 or P-521)."));
        out.usableForEncryption = !nistCurveName(group).isEmpty();
        if (!out.usableForEncryption)
            out.warnings.append(Messages::tr("The curve %1 cannot be used for encryption: ZITADEL encrypts payloads "
                                             "only to P-256, P-384 or P-521 keys (and may refuse this one).")
                                    .arg(QString::fromLatin1(group)));
    } else if (EVP_PKEY_is_a(key, "RSA-PSS")) {
        return failure(Messages::tr("RSA-PSS-only keys are not accepted by ZITADEL: use a plain RSA key."));
    } else {
        return failure(Messages::tr("%1 keys are not accepted by ZITADEL: it accepts only RSA and EC public keys.")
                           .arg(description));
    }

    out.der = spkiDer(key);
    out.pem = spkiPem(key);
    if (out.der.isEmpty() || out.pem.isEmpty())
        return failure(Messages::tr("Could not encode the public key: %1").arg(takeOpensslError()));
    if (out.pem.size() > maxPublicKeyPemSize)
        return failure(Messages::tr("The public key is too large: %1 bytes of PEM, ZITADEL accepts at most %2.")
                           .arg(out.pem.size())
                           .arg(maxPublicKeyPemSize));
    out.description = description;
    out.fingerprint = fingerprintOfSpki(out.der);
    ERR_clear_error();
    return out;
}

PublicKeyImport import(const QByteArray &input, bool allowBase64)
{
    const QByteArray text = input.trimmed();
    if (text.isEmpty())
        return failure(Messages::tr("The input is empty: paste a public key (\"-----BEGIN PUBLIC KEY-----\")."));
    if (input.size() > maxInputSize)
        return failure(Messages::tr("The input is too large to be a public key (%1 bytes; ZITADEL accepts at most %2 "
                                    "bytes of PEM).")
                           .arg(input.size())
                           .arg(maxPublicKeyPemSize));

    // Refused by its label, before any private material is decoded.
    const QList<QByteArray> labels = pemBeginLabels(text);
    if (std::any_of(labels.begin(), labels.end(), isPrivateKeyLabel))
        return failure(privateKeyMessage());

    PublicKeyImport out;
    PkeyPtr key;
    if (!labels.isEmpty()) {
        key = keyFromPem(text, labels, out);
    } else if (text.startsWith("ssh-") || text.startsWith("ecdsa-sha2-") || text.contains("---- BEGIN SSH2")) {
        return failure(Messages::tr("This is an SSH public key: ZITADEL needs PKIX PEM. Convert it with "
                                    "\"ssh-keygen -e -m PKCS8 -f FILE\"."));
    } else if (allowBase64 && isBase64Text(text)) {
        // ZITADEL's JSON carries the PEM as base64; a bare PEM body is base64 of DER.
        QByteArray compact;
        for (char c : text) {
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
                compact.append(c);
        }
        const auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty())
            return failure(
                Messages::tr("Not a public key: expected PEM text starting with \"-----BEGIN PUBLIC KEY-----\"."));
        if (decoded.decoded.trimmed().startsWith("-----BEGIN")) {
            PublicKeyImport inner = import(decoded.decoded, false);
            if (inner.ok())
                inner.notes.prepend(Messages::tr("Decoded base64 text (as in ZITADEL's JSON) to PEM."));
            return inner;
        }
        key = keyFromDer(decoded.decoded, out);
        if (key)
            out.notes.prepend(Messages::tr("Read base64 text without PEM lines."));
    } else {
        key = keyFromDer(input, out);
    }
    if (!key)
        return failure(out.error);
    return finish(key.get(), std::move(out));
}

} // namespace

PublicKeyImport importPublicKey(const QByteArray &input)
{
    return import(input, true);
}

} // namespace targetdesk::crypto
