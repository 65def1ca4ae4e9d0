#pragma once

// Internal to lib/crypto: RAII owners for OpenSSL objects and small helpers. Public headers never include this, so
// consumers of targetdesk::crypto need no OpenSSL headers.

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace targetdesk::crypto
{

// One translation context for every message of lib/crypto.
struct Messages {
    Q_DECLARE_TR_FUNCTIONS(targetdesk::crypto)
};

template <auto FreeFunction>
struct OpensslDeleter {
    template <typename T>
    void operator()(T *p) const
    {
        FreeFunction(p);
    }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, OpensslDeleter<&EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpensslDeleter<&EVP_PKEY_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpensslDeleter<&BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, OpensslDeleter<&X509_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, OpensslDeleter<&X509_SIG_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, OpensslDeleter<&X509_ALGOR_free>>;
// PKCS8_PRIV_KEY_INFO_free clears the key octets before freeing them.
using Pkcs8InfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, OpensslDeleter<&PKCS8_PRIV_KEY_INFO_free>>;

// Memory allocated by OpenSSL that may hold secrets: cleared before it is freed.
struct OpensslSecretDeleter {
    long size = 0;
    void operator()(unsigned char *p) const;
};
using OpensslSecretPtr = std::unique_ptr<unsigned char, OpensslSecretDeleter>;

// Memory allocated by OpenSSL without secrets (PEM names and headers).
struct OpensslFreeDeleter {
    void operator()(void *p) const;
};
using OpensslCharPtr = std::unique_ptr<char, OpensslFreeDeleter>;

// A read-only memory BIO over bytes that must outlive it.
BioPtr readBio(const QByteArray &bytes);
BioPtr writeBio();
// The bytes written to a memory BIO so far.
QByteArray bioBytes(BIO *bio);

// The first error in OpenSSL's queue as text (empties the queue), for messages about unexpected failures.
QString takeOpensslError();

// The DER SubjectPublicKeyInfo of a key (i2d_PUBKEY); empty on failure.
QByteArray spkiDer(const EVP_PKEY *key);
// PEM "BEGIN PUBLIC KEY" of a key; empty on failure.
QByteArray spkiPem(const EVP_PKEY *key);

// A description of a key for people ("RSA 3072", "EC P-256", "Ed25519").
QString describeKey(const EVP_PKEY *key);
// The OpenSSL group name of an EC key ("prime256v1"); empty when not EC or without a named curve.
QByteArray ecGroupName(const EVP_PKEY *key);
// The NIST name ("P-256") for the three curves ZITADEL encrypts to; empty for the rest.
QString nistCurveName(const QByteArray &groupName);

} // namespace targetdesk::crypto
