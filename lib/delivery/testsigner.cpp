#include "testsigner.h"

#include "crypto/jwk.h"

#include <QJsonArray>
#include <QThreadPool>

namespace targetdesk::delivery
{

namespace
{

struct LocalKey {
    JwtSigner signer;
    QJsonObject jwk;
};

const LocalKey &localKey()
{
    // A function-local static: made once, thread-safe.
    static const LocalKey key = [] {
        LocalKey made;
        auto generated = crypto::PrivateKey::generate(crypto::KeyType::Rsa2048);
        if (!generated.ok())
            return made; // null key: buildRequest reports that it cannot sign
        made.signer.key = generated.value();
        auto jwk = crypto::Jwk::fromPublicKey(made.signer.key.publicKeyPem());
        const QString thumbprint = jwk.ok() ? jwk->thumbprint() : made.signer.key.fingerprint().mid(7);
        made.signer.kid = QString(localTestKeyIdPrefix) + thumbprint.left(8);
        made.signer.alg = QStringLiteral("RS256");
        if (jwk.ok()) {
            made.jwk = jwk->json();
            made.jwk.insert(QStringLiteral("kid"), made.signer.kid);
            made.jwk.insert(QStringLiteral("alg"), made.signer.alg);
            made.jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
        }
        return made;
    }();
    return key;
}

} // namespace

JwtSigner localTestSigner()
{
    return localKey().signer;
}

void prepareLocalTestSigner()
{
    QThreadPool::globalInstance()->start([] { (void)localKey(); });
}

QJsonObject localTestJwks()
{
    const LocalKey &key = localKey();
    QJsonArray keys;
    if (!key.jwk.isEmpty())
        keys.append(key.jwk);
    return {{QStringLiteral("keys"), keys}};
}

bool isLocalTestKeyId(const QString &kid)
{
    return kid.startsWith(localTestKeyIdPrefix);
}

} // namespace targetdesk::delivery
