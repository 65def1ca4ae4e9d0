#include "jwk.h"

#include "base64url.h"
#include "jsonguard.h"
#include "jwkinternal.h"
#include "securememory.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <QCryptographicHash>
#include <QJsonArray>

#include <vector>

namespace targetdesk::crypto
{

namespace
{

using BnPtr = std::unique_ptr<BIGNUM, OpensslDeleter<&BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpensslDeleter<&OSSL_PARAM_BLD_free>>;
// The secure part (built from secure BIGNUMs) is cleared by OSSL_PARAM_free.
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpensslDeleter<&OSSL_PARAM_free>>;

// At most 100 keys in a JWKS and 64 KiB of text per key: far more than any real issuer publishes.
constexpr qsizetype maxJwksKeys = 100;
constexpr qsizetype maxMemberSize = 2048;

JoseError malformed(const QString &message)
{
    return JoseError{JoseError::Kind::Malformed, message, {}};
}

JoseError invalidKey(const QString &message)
{
    ERR_clear_error();
    return JoseError{JoseError::Kind::InvalidKey, message, {}};
}

// A base64url member that must be present.
JoseResult<QByteArray> member(const QJsonObject &object, const char *name, const QString &what)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (!value.isString())
        return malformed(Messages::tr("%1 has no \"%2\" member (a base64url string).").arg(what, QLatin1String(name)));
    const QString text = value.toString();
    if (text.size() > maxMemberSize)
        return JoseError{JoseError::Kind::TooLarge,
                         Messages::tr("The \"%1\" member of %2 is too long.").arg(QLatin1String(name), what),
                         {}};
    std::optional<QByteArray> decoded = base64UrlDecode(text.toLatin1());
    if (!decoded || decoded->isEmpty() || !text.isSimpleText()) {
        if (decoded)
            wipe(*decoded);
        return malformed(
            Messages::tr("The \"%1\" member of %2 is not valid base64url.").arg(QLatin1String(name), what));
    }
    return std::move(*decoded);
}

BnPtr bignum(const QByteArray &bigEndian)
{
    return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char *>(bigEndian.constData()),
                           static_cast<int>(bigEndian.size()), nullptr));
}

// A private member (d, p, q, dp, dq, qi): the number lives on OpenSSL's secure heap (so do the parameters built from
// it), and the decoded bytes are wiped at once.
BnPtr secretBignum(QByteArray &bigEndian)
{
    BnPtr number(BN_secure_new());
    if (number && !BN_bin2bn(reinterpret_cast<const unsigned char *>(bigEndian.constData()),
                             static_cast<int>(bigEndian.size()), number.get()))
        number.reset();
    wipe(bigEndian);
    return number;
}

JoseResult<PkeyPtr> fromParams(const char *type, OSSL_PARAM_BLD *builder, int selection)
{
    ParamPtr params(OSSL_PARAM_BLD_to_param(builder));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1)
        return invalidKey(Messages::tr("OpenSSL does not accept the key: %1").arg(takeOpensslError()));
    return PkeyPtr(key);
}

JoseResult<PkeyPtr> rsaKey(const QJsonObject &object, bool withPrivate, const QString &what)
{
    static const char *const names[] = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
    static const char *const params[] = {OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,
                                         OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
                                         OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
                                         OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
    const int count = withPrivate ? 8 : 2;
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    std::vector<BnPtr> numbers;
    for (int i = 0; i < count; ++i) {
        JoseResult<QByteArray> bytes = member(object, names[i], what);
        if (!bytes)
            return bytes.error();
        numbers.push_back(i >= 2 ? secretBignum(bytes.value()) : bignum(*bytes));
        if (!builder || !numbers.back() || OSSL_PARAM_BLD_push_BN(builder.get(), params[i], numbers.back().get()) != 1)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    }
    return fromParams("RSA", builder.get(), withPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

// A public EC key holding `point` (uncompressed) on the named group, validated: OpenSSL's point decoding refuses
// coordinates outside [0, p) and points off the curve, and the uncompressed form cannot encode the point at
// infinity (tst_jose's ephemeralKeyValidation holds it to that). P-256, P-384 and P-521 have cofactor 1, so every
// point on them has the group's prime order: the n*Q == O multiplication of a full EVP_PKEY_public_check would prove
// nothing more and costs as much as the ECDH itself.
// Every ephemeral key of an ECDH-ES token comes through here, so the group is not built from its name each time (a
// third of a P-256 ECDH): the key copies the domain parameters of a per-thread template for the curve.
JoseResult<PkeyPtr> ecPublicPoint(const QByteArray &group, const QByteArray &point)
{
    struct Template {
        QByteArray group;
        PkeyPtr parameters;
    };
    thread_local std::vector<Template> templates;
    EVP_PKEY *parameters = nullptr;
    for (const Template &t : templates) {
        if (t.group == group)
            parameters = t.parameters.get();
    }
    if (!parameters) {
        ParamBldPtr builder(OSSL_PARAM_BLD_new());
        if (!builder ||
            OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.constData(), 0) != 1)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
        JoseResult<PkeyPtr> made = fromParams("EC", builder.get(), EVP_PKEY_KEY_PARAMETERS);
        if (!made)
            return made.error();
        parameters = made->get();
        templates.push_back({group, std::move(made).value()});
    }
    PkeyPtr key(EVP_PKEY_new());
    if (!key || EVP_PKEY_copy_parameters(key.get(), parameters) != 1 ||
        EVP_PKEY_set1_encoded_public_key(key.get(), reinterpret_cast<const unsigned char *>(point.constData()),
                                         static_cast<size_t>(point.size())) != 1)
        return invalidKey(takeOpensslError());
    return key;
}

// Public key validation of a key pair read with its private part: coordinates in range, on the curve, not the point
// at infinity (the order follows from cofactor 1, as above).
JoseResult<PkeyPtr> validatedEcPublic(PkeyPtr key, const QString &what, const QString &crv)
{
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check_quick(check.get()) != 1)
        return invalidKey(Messages::tr("%1 is not a valid point on %2.").arg(what, crv));
    return key;
}

// The uncompressed point (0x04 || x || y) of an EC JWK's "crv", "x", "y", and its OpenSSL group name.
JoseResult<QByteArray> ecPoint(const QJsonObject &object, const QString &what, QByteArray *group)
{
    const QString crv = object.value(QLatin1String("crv")).toString();
    *group = opensslGroupOfCurve(crv);
    if (group->isEmpty())
        return JoseError{
            JoseError::Kind::Refused,
            Messages::tr("%1 is on the curve \"%2\": only P-256, P-384 and P-521 are supported.").arg(what, crv),
            {}};
    const int size = curveFieldBytes(crv);
    JoseResult<QByteArray> x = member(object, "x", what);
    if (!x)
        return x.error();
    JoseResult<QByteArray> y = member(object, "y", what);
    if (!y)
        return y.error();
    // RFC 7518 §6.2.1.2: the coordinates are exactly the field size, no shorter, no longer.
    if (x->size() != size || y->size() != size)
        return malformed(
            Messages::tr("The coordinates of %1 are not %2 bytes long as %3 requires.").arg(what).arg(size).arg(crv));
    return QByteArray('\x04' + *x + *y);
}

// EC key from "crv", "x", "y" (and "d"), validated.
JoseResult<PkeyPtr> ecKey(const QJsonObject &object, bool withPrivate, const QString &what)
{
    const QString crv = object.value(QLatin1String("crv")).toString();
    QByteArray group;
    JoseResult<QByteArray> parsed = ecPoint(object, what, &group);
    if (!parsed)
        return parsed.error();
    const QByteArray point = std::move(parsed).value();
    if (!withPrivate) {
        // Validated by the import itself (see ecPublicPoint).
        JoseResult<PkeyPtr> key = ecPublicPoint(group, point);
        if (!key)
            return invalidKey(Messages::tr("%1 is not a valid point on %2.").arg(what, crv));
        return std::move(key).value();
    }
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    BnPtr d;
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.constData(), 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         static_cast<size_t>(point.size())) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    if (withPrivate) {
        JoseResult<QByteArray> secret = member(object, "d", what);
        if (!secret)
            return secret.error();
        d = secretBignum(secret.value());
        if (!d || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1)
            return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    }
    JoseResult<PkeyPtr> key = fromParams("EC", builder.get(), EVP_PKEY_KEYPAIR);
    if (!key)
        return invalidKey(Messages::tr("%1 is not a point on %2.").arg(what, crv));
    return validatedEcPublic(std::move(key).value(), what, crv);
}

JoseResult<PkeyPtr> okpKey(const QJsonObject &object, const QString &what)
{
    const QString crv = object.value(QLatin1String("crv")).toString();
    const char *type = crv == QLatin1String("Ed25519") ? "ED25519" : crv == QLatin1String("Ed448") ? "ED448" : nullptr;
    if (!type)
        return JoseError{
            JoseError::Kind::Refused,
            Messages::tr("%1 is an OKP key on \"%2\": only Ed25519 and Ed448 are supported.").arg(what, crv),
            {}};
    JoseResult<QByteArray> x = member(object, "x", what);
    if (!x)
        return x.error();
    EVP_PKEY *key =
        EVP_PKEY_new_raw_public_key_ex(nullptr, type, nullptr, reinterpret_cast<const unsigned char *>(x->constData()),
                                       static_cast<size_t>(x->size()));
    if (!key)
        return invalidKey(Messages::tr("%1 is not a valid %2 key.").arg(what, crv));
    return PkeyPtr(key);
}

// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
QString thumbprintOf(const QJsonObject &object, const QString &kty)
{
    QStringList members;
    if (kty == QLatin1String("RSA"))
        members = {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")};
    else if (kty == QLatin1String("EC"))
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"), QStringLiteral("y")};
    else
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")};
    QByteArray canonical = "{";
    for (const QString &name : members) {
        if (canonical.size() > 1)
            canonical += ',';
        canonical += '"' + name.toUtf8() + "\":\"" + object.value(name).toString().toUtf8() + '"';
    }
    canonical += '}';
    return QString::fromLatin1(base64UrlEncode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
}

} // namespace

QByteArray opensslGroupOfCurve(const QString &crv)
{
    if (crv == QLatin1String("P-256"))
        return QByteArrayLiteral("prime256v1");
    if (crv == QLatin1String("P-384"))
        return QByteArrayLiteral("secp384r1");
    if (crv == QLatin1String("P-521"))
        return QByteArrayLiteral("secp521r1");
    return {};
}

int curveFieldBytes(const QString &crv)
{
    if (crv == QLatin1String("P-256"))
        return 32;
    if (crv == QLatin1String("P-384"))
        return 48;
    if (crv == QLatin1String("P-521"))
        return 66;
    return 0;
}

JoseResult<PkeyPtr> ecPublicKeyFromJwk(const QJsonObject &object, const QString &what)
{
    if (object.value(QLatin1String("kty")).toString() != QLatin1String("EC"))
        return malformed(Messages::tr("%1 is not an EC key (\"kty\":\"EC\").").arg(what));
    return ecKey(object, false, what);
}

JoseResult<EVP_PKEY *> ecPeerKeyFromJwk(const QJsonObject &object, const QString &what)
{
    if (object.value(QLatin1String("kty")).toString() != QLatin1String("EC"))
        return malformed(Messages::tr("%1 is not an EC key (\"kty\":\"EC\").").arg(what));
    QByteArray group;
    JoseResult<QByteArray> point = ecPoint(object, what, &group);
    if (!point)
        return point.error();
    // One public key object per curve and thread, given each token's point in turn: no key object to build per
    // token. A point that does not decode leaves the object unusable for this call only (it is never returned).
    struct Peer {
        QByteArray group;
        PkeyPtr key;
    };
    thread_local std::vector<Peer> peers;
    EVP_PKEY *key = nullptr;
    for (const Peer &p : peers) {
        if (p.group == group)
            key = p.key.get();
    }
    if (!key) {
        // Any valid point to start from: the curve's generator is not known here, so a fresh import of this one.
        JoseResult<PkeyPtr> first = ecPublicPoint(group, *point);
        if (!first)
            return invalidKey(Messages::tr("%1 is not a valid point on %2.")
                                  .arg(what, object.value(QLatin1String("crv")).toString()));
        key = first->get();
        peers.push_back({group, std::move(first).value()});
        return key;
    }
    if (EVP_PKEY_set1_encoded_public_key(key, reinterpret_cast<const unsigned char *>(point->constData()),
                                         static_cast<size_t>(point->size())) != 1)
        return invalidKey(
            Messages::tr("%1 is not a valid point on %2.").arg(what, object.value(QLatin1String("crv")).toString()));
    return key;
}

JoseResult<Jwk> Jwk::fromJson(const QJsonObject &object)
{
    const QString kid = object.value(QLatin1String("kid")).toString();
    const QString what = kid.isEmpty() ? Messages::tr("the JWK") : Messages::tr("the JWK \"%1\"").arg(kid);
    const QJsonValue ktyValue = object.value(QLatin1String("kty"));
    if (!ktyValue.isString())
        return malformed(Messages::tr("%1 has no \"kty\".").arg(what));
    const QString kty = ktyValue.toString();
    JoseResult<PkeyPtr> key = JoseError{};
    QJsonObject json;
    QStringList keep = {QStringLiteral("kty"), QStringLiteral("kid"), QStringLiteral("alg"), QStringLiteral("use"),
                        QStringLiteral("key_ops")};
    if (kty == QLatin1String("RSA")) {
        key = rsaKey(object, false, what);
        keep << QStringLiteral("n") << QStringLiteral("e");
    } else if (kty == QLatin1String("EC")) {
        key = ecKey(object, false, what);
        keep << QStringLiteral("crv") << QStringLiteral("x") << QStringLiteral("y");
    } else if (kty == QLatin1String("OKP")) {
        key = okpKey(object, what);
        keep << QStringLiteral("crv") << QStringLiteral("x");
    } else if (kty == QLatin1String("oct")) {
        return JoseError{
            JoseError::Kind::Refused,
            Messages::tr("%1 is a symmetric (\"oct\") key: only public keys are used to verify.").arg(what),
            {}};
    } else {
        return JoseError{JoseError::Kind::Refused, Messages::tr("%1 has the unknown type \"%2\".").arg(what, kty), {}};
    }
    if (!key)
        return key.error();
    for (const QString &name : std::as_const(keep)) {
        if (object.contains(name))
            json.insert(name, object.value(name));
    }
    Jwk jwk;
    jwk.m_key = std::shared_ptr<EVP_PKEY>(std::move(key).value().release(), EVP_PKEY_free);
    jwk.m_kid = kid;
    jwk.m_kty = kty;
    jwk.m_crv = object.value(QLatin1String("crv")).toString();
    jwk.m_alg = object.value(QLatin1String("alg")).toString();
    jwk.m_use = object.value(QLatin1String("use")).toString();
    jwk.m_thumbprint = thumbprintOf(object, kty);
    jwk.m_json = json;
    return jwk;
}

JoseResult<Jwk> Jwk::fromPublicKey(const QByteArray &pemOrDer, const QString &kid)
{
    PkeyPtr key;
    if (pemOrDer.trimmed().startsWith("-----BEGIN")) {
        BioPtr bio = readBio(pemOrDer);
        key.reset(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    } else {
        const auto *der = reinterpret_cast<const unsigned char *>(pemOrDer.constData());
        key.reset(d2i_PUBKEY(nullptr, &der, static_cast<long>(pemOrDer.size())));
    }
    if (!key)
        return invalidKey(Messages::tr("Not a public key (PEM \"BEGIN PUBLIC KEY\" or DER)."));
    const auto bignumMember = [&](const char *param, int size) {
        BIGNUM *raw = nullptr;
        if (EVP_PKEY_get_bn_param(key.get(), param, &raw) != 1)
            return QString();
        BnPtr number(raw);
        QByteArray bytes(size > 0 ? size : BN_num_bytes(number.get()), Qt::Uninitialized);
        BN_bn2binpad(number.get(), reinterpret_cast<unsigned char *>(bytes.data()), int(bytes.size()));
        return QString::fromLatin1(base64UrlEncode(bytes));
    };
    QJsonObject object;
    if (!kid.isEmpty())
        object.insert(QStringLiteral("kid"), kid);
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        object.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        object.insert(QStringLiteral("n"), bignumMember(OSSL_PKEY_PARAM_RSA_N, 0));
        object.insert(QStringLiteral("e"), bignumMember(OSSL_PKEY_PARAM_RSA_E, 0));
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        const QString crv = nistCurveName(ecGroupName(key.get()));
        object.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        object.insert(QStringLiteral("crv"), crv);
        object.insert(QStringLiteral("x"), bignumMember(OSSL_PKEY_PARAM_EC_PUB_X, curveFieldBytes(crv)));
        object.insert(QStringLiteral("y"), bignumMember(OSSL_PKEY_PARAM_EC_PUB_Y, curveFieldBytes(crv)));
    } else if (EVP_PKEY_is_a(key.get(), "ED25519") || EVP_PKEY_is_a(key.get(), "ED448")) {
        size_t length = 0;
        EVP_PKEY_get_raw_public_key(key.get(), nullptr, &length);
        QByteArray raw(static_cast<qsizetype>(length), Qt::Uninitialized);
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(raw.data()), &length);
        object.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        object.insert(QStringLiteral("crv"),
                      EVP_PKEY_is_a(key.get(), "ED25519") ? QStringLiteral("Ed25519") : QStringLiteral("Ed448"));
        object.insert(QStringLiteral("x"), QString::fromLatin1(base64UrlEncode(raw)));
    } else {
        return JoseError{JoseError::Kind::Refused,
                         Messages::tr("%1 keys cannot verify JOSE signatures.").arg(describeKey(key.get())),
                         {}};
    }
    ERR_clear_error();
    return fromJson(object);
}

int Jwk::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QString Jwk::description() const
{
    return m_key ? describeKey(m_key.get()) : QString();
}

JoseResult<Jwks> Jwks::parse(QByteArrayView json, const JoseLimits &limits)
{
    JoseResult<QJsonObject> object =
        parseJsonObjectGuarded(json, limits.maxCompactSize, limits.maxHeaderDepth, Messages::tr("The JWKS"));
    if (!object)
        return object.error();
    Jwks jwks;
    if (!object->contains(QLatin1String("keys"))) {
        JoseResult<Jwk> single = Jwk::fromJson(*object);
        if (!single)
            return single.error();
        jwks.m_keys.append(*single);
        return jwks;
    }
    const QJsonValue keys = object->value(QLatin1String("keys"));
    if (!keys.isArray())
        return malformed(Messages::tr("The JWKS member \"keys\" is not an array."));
    const QJsonArray array = keys.toArray();
    if (array.size() > maxJwksKeys)
        return JoseError{JoseError::Kind::TooLarge,
                         Messages::tr("The JWKS holds %1 keys, more than %2.").arg(array.size()).arg(maxJwksKeys),
                         {}};
    for (const QJsonValue &entry : array) {
        if (!entry.isObject()) {
            jwks.m_notes.append(Messages::tr("Skipped an entry of \"keys\" that is not an object."));
            continue;
        }
        JoseResult<Jwk> key = Jwk::fromJson(entry.toObject());
        if (key)
            jwks.m_keys.append(*key);
        else
            jwks.m_notes.append(Messages::tr("Skipped a key: %1").arg(key.error().message));
    }
    return jwks;
}

Jwks Jwks::fromKeys(const QList<Jwk> &keys)
{
    Jwks jwks;
    jwks.m_keys = keys;
    return jwks;
}

QList<Jwk> Jwks::keysWithKid(const QString &kid) const
{
    QList<Jwk> out;
    for (const Jwk &key : m_keys) {
        if (key.kid() == kid)
            out.append(key);
    }
    return out;
}

JoseResult<PrivateKey> privateKeyFromJwk(const QJsonObject &object)
{
    const QString kty = object.value(QLatin1String("kty")).toString();
    const QString what = Messages::tr("the private JWK");
    JoseResult<PkeyPtr> key = JoseError{};
    if (kty == QLatin1String("RSA"))
        key = rsaKey(object, true, what);
    else if (kty == QLatin1String("EC"))
        key = ecKey(object, true, what);
    else
        return JoseError{
            JoseError::Kind::Refused,
            Messages::tr("Only RSA and EC private keys can be read from a JWK (this one is \"%1\").").arg(kty),
            {}};
    if (!key)
        return key.error();
    // Through PKCS#8 so the key gets exactly the checks and shape of every other PrivateKey.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key->get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return JoseError{JoseError::Kind::Internal, takeOpensslError(), {}};
    QByteArray pem = bioBytes(bio.get());
    CryptoResult<PrivateKey> privateKey = PrivateKey::fromPem(pem);
    OPENSSL_cleanse(pem.data(), static_cast<size_t>(pem.size()));
    if (!privateKey)
        return JoseError{JoseError::Kind::InvalidKey, privateKey.error().message, {}};
    return privateKey.value();
}

} // namespace targetdesk::crypto
