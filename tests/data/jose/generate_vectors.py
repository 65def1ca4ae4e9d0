#!/usr/bin/python3
"""Builds interop vectors for tst_jose / tst_inspect with python3-jwcrypto (Debian: apt-get install python3-jwcrypto).

Tokens are nested exactly as ZITADEL nests them: a JWS (RS256 by default, header typ/alg/kid) over the raw JSON body,
signed with a key from jwks.json, then a JWE (RSA-OAEP-256 or ECDH-ES+A256KW, A256GCM, kid, typ JWT, cty JWT) to a
target key. Variants cover the other supported algorithms. Keys, tokens and payloads are committed; rerunning makes
new random keys, so commit everything it writes. Test-only keys: never use them for anything else.

Run from anywhere: /usr/bin/python3 tests/data/jose/generate_vectors.py
"""
import hashlib
import hmac
import json
import os
import zlib

from jwcrypto import jwe, jwk, jws
from jwcrypto.common import json_encode

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "interop")
SIGNING_KEY = "zitadel-signing-key-for-tests-0123456789"  # the target's HMAC key (ZITADEL-Signature)
TIMESTAMP = 1767225600  # 2026-01-01T00:00:00Z

ENC_KEYS = {
    # name: (kty, size/curve, ZITADEL key id)
    "rsa-2048": ("RSA", 2048, "310000000000000001"),
    "rsa-3072": ("RSA", 3072, "310000000000000002"),
    "ec-p256": ("EC", "P-256", "310000000000000003"),
    "ec-p384": ("EC", "P-384", "310000000000000004"),
    "ec-p521": ("EC", "P-521", "310000000000000005"),
}


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(OUT, name), mode) as f:
        f.write(data)


def payloads():
    request = {
        "fullMethod": "/zitadel.user.v2.UserService/AddHumanUser",
        "instanceID": "300000000000000001", "orgID": "300000000000000002", "projectID": "300000000000000003",
        "userID": "300000000000000004",
        "request": {"username": "minnie", "profile": {"givenName": "Minnie", "familyName": "Mouse"},
                    "email": {"email": "minnie@example.com"}},
        "headers": {"Content-Type": ["application/grpc"], "X-Request-Id": ["abc-123"]},
    }
    response = dict(request)
    response["response"] = {"userId": "300000000000000010",
                            "details": {"sequence": "42", "changeDate": "2026-01-01T00:00:01.123456Z",
                                        "resourceOwner": "300000000000000002"}}
    event = {
        "aggregateID": "300000000000000010", "aggregateType": "user", "resourceOwner": "300000000000000002",
        "instanceID": "300000000000000001", "version": "v2", "sequence": 7, "event_type": "user.human.added",
        "created_at": "2026-01-01T00:00:02.5Z", "userID": "300000000000000004",
        "event_payload": {"userName": "minnie", "firstName": "Minnie", "lastName": "Mouse"},
    }
    function = {
        "function": "function/preuserinfo",
        "userinfo": {"sub": "300000000000000010", "email": "minnie@example.com", "updated_at": 1767225603},
        "user": {"id": "300000000000000010", "creation_date": "2026-01-01T00:00:03Z", "username": "minnie"},
        "user_metadata": [{"key": "tier", "value": "Z29sZA=="}], "org": {"id": "300000000000000002", "name": "acme"},
        "user_grants": [], "application": {"id": "300000000000000020", "name": "portal"},
    }
    # Compact JSON like Go's encoding/json.
    return {name: json.dumps(body, separators=(",", ":")).encode()
            for name, body in (("request", request), ("response", response), ("event", event), ("function", function))}


def pem_private(key):
    return key.export_to_pem(private_key=True, password=None)


def sign(body, key, alg, kid, typ="JWT"):
    token = jws.JWS(body)
    header = {"alg": alg, "kid": kid}
    if typ:
        header["typ"] = typ
    token.add_signature(key, alg=alg, protected=json_encode(header))
    return token.serialize(compact=True)


def encrypt(plaintext, key, alg, enc, kid, zip_def=False):
    header = {"alg": alg, "enc": enc, "kid": kid, "typ": "JWT", "cty": "JWT"}
    if zip_def:
        header["zip"] = "DEF"
    token = jwe.JWE(plaintext if isinstance(plaintext, bytes) else plaintext.encode(), protected=json_encode(header))
    token.allowed_algs = [alg, enc]
    token.add_recipient(key)
    return token.serialize(compact=True)


def http_capture(body, header_name="ZITADEL-Signature", newline="\r\n"):
    signature = "t=%d,v1=%s" % (TIMESTAMP, hmac.new(SIGNING_KEY.encode(), b"%d." % TIMESTAMP + body,
                                                     hashlib.sha256).hexdigest())
    lines = ["POST /webhook HTTP/1.1", "Host: receiver.example", "User-Agent: Go-http-client/1.1",
             "Content-Length: %d" % len(body), "Content-Type: application/json", "%s: %s" % (header_name, signature),
             "Accept-Encoding: gzip", ""]
    return (newline.join(lines) + newline).encode() + body, signature


def main():
    os.makedirs(OUT, exist_ok=True)
    bodies = payloads()
    for name, body in bodies.items():
        write("payload-%s.json" % name, body)

    # The instance's web keys (JWKS at /oauth/v2/keys).
    sig_keys = {
        "sig-rs256": jwk.JWK.generate(kty="RSA", size=2048, kid="sig-rs256", use="sig"),
        "sig-es256": jwk.JWK.generate(kty="EC", crv="P-256", kid="sig-es256", use="sig"),
        "sig-es384": jwk.JWK.generate(kty="EC", crv="P-384", kid="sig-es384", use="sig"),
        "sig-es512": jwk.JWK.generate(kty="EC", crv="P-521", kid="sig-es512", use="sig"),
        "sig-ed25519": jwk.JWK.generate(kty="OKP", crv="Ed25519", kid="sig-ed25519", use="sig"),
    }
    jwks_public = {"keys": [json.loads(k.export_public()) for k in sig_keys.values()]}
    write("jwks.json", json.dumps(jwks_public, indent=1))
    # A JWKS without the RS256 key: its tokens must fail with "no key with that kid".
    write("jwks-other.json", json.dumps({"keys": [json.loads(sig_keys["sig-es256"].export_public())]}, indent=1))

    enc_keys = {}
    for name, (kty, param, kid) in ENC_KEYS.items():
        key = jwk.JWK.generate(kty=kty, size=param, kid=kid) if kty == "RSA" else \
            jwk.JWK.generate(kty=kty, crv=param, kid=kid)
        enc_keys[name] = key
        write("enc-%s.pem" % name, pem_private(key))
        write("enc-%s.pub.pem" % name, key.export_to_pem())

    vectors = []
    # ZITADEL's own shapes: every key type and payload kind.
    for key_name, key in enc_keys.items():
        alg = "RSA-OAEP-256" if key_name.startswith("rsa") else "ECDH-ES+A256KW"
        for kind, body in bodies.items():
            inner = sign(body, sig_keys["sig-rs256"], "RS256", "sig-rs256")
            token = encrypt(inner, key, alg, "A256GCM", ENC_KEYS[key_name][2])
            vectors.append({"name": "zitadel-%s-%s" % (key_name, kind), "token": token, "key": "enc-%s.pem" % key_name,
                            "kid": ENC_KEYS[key_name][2], "alg": alg, "enc": "A256GCM", "jws": "RS256",
                            "signedBy": "sig-rs256", "payload": "payload-%s.json" % kind, "kind": kind})
    # Every other supported alg / enc combination, with the event payload.
    variants = [("rsa-2048", "RSA-OAEP", "A256GCM"), ("rsa-3072", "RSA-OAEP-256", "A128GCM"),
                ("rsa-2048", "RSA-OAEP-256", "A192GCM"), ("rsa-2048", "RSA-OAEP-256", "A128CBC-HS256"),
                ("rsa-2048", "RSA-OAEP-256", "A192CBC-HS384"), ("rsa-2048", "RSA-OAEP-256", "A256CBC-HS512"),
                ("ec-p256", "ECDH-ES", "A256GCM"), ("ec-p384", "ECDH-ES", "A128CBC-HS256"),
                ("ec-p521", "ECDH-ES", "A256CBC-HS512"), ("ec-p256", "ECDH-ES+A128KW", "A128GCM"),
                ("ec-p384", "ECDH-ES+A192KW", "A192GCM"), ("ec-p521", "ECDH-ES+A128KW", "A256GCM"),
                ("ec-p256", "ECDH-ES+A192KW", "A256CBC-HS512")]
    for key_name, alg, enc in variants:
        inner = sign(bodies["event"], sig_keys["sig-rs256"], "RS256", "sig-rs256")
        token = encrypt(inner, enc_keys[key_name], alg, enc, ENC_KEYS[key_name][2])
        vectors.append({"name": "variant-%s-%s-%s" % (key_name, alg, enc), "token": token,
                        "key": "enc-%s.pem" % key_name, "kid": ENC_KEYS[key_name][2], "alg": alg, "enc": enc,
                        "jws": "RS256", "signedBy": "sig-rs256", "payload": "payload-event.json", "kind": "event"})
    # Compressed content.
    inner = sign(bodies["response"], sig_keys["sig-rs256"], "RS256", "sig-rs256")
    vectors.append({"name": "zip-def-rsa-2048", "token": encrypt(inner, enc_keys["rsa-2048"], "RSA-OAEP-256", "A256GCM",
                                                                 ENC_KEYS["rsa-2048"][2], zip_def=True),
                    "key": "enc-rsa-2048.pem", "kid": ENC_KEYS["rsa-2048"][2], "alg": "RSA-OAEP-256",
                    "enc": "A256GCM", "jws": "RS256", "signedBy": "sig-rs256", "payload": "payload-response.json",
                    "kind": "response"})
    # Inner JWS with every signature algorithm (bare JWTs, as PAYLOAD_TYPE_JWT sends them).
    for alg, kid in (("RS256", "sig-rs256"), ("RS384", "sig-rs256"), ("RS512", "sig-rs256"), ("PS256", "sig-rs256"),
                     ("PS384", "sig-rs256"), ("PS512", "sig-rs256"), ("ES256", "sig-es256"), ("ES384", "sig-es384"),
                     ("ES512", "sig-es512"), ("EdDSA", "sig-ed25519")):
        vectors.append({"name": "jwt-%s" % alg, "token": sign(bodies["request"], sig_keys[kid], alg, kid),
                        "jws": alg, "signedBy": kid, "payload": "payload-request.json", "kind": "request"})
    write("vectors-jwcrypto.json", json.dumps(vectors, indent=1))

    # Captured deliveries with the ZITADEL-Signature header, one per payload type.
    jwe_body = vectors[0]["token"].encode()
    jwt_body = sign(bodies["request"], sig_keys["sig-rs256"], "RS256", "sig-rs256").encode()
    captures = []
    for name, body, newline in (("json", bodies["request"], "\r\n"), ("jwt", jwt_body, "\n"),
                                ("jwe", jwe_body, "\r\n")):
        raw, signature = http_capture(body, newline=newline)
        write("capture-%s.http" % name, raw)
        captures.append({"headers": {"Content-Type": ["application/json"], "Zitadel-Signature": [signature]},
                         "body": body.decode()})
    write("captures.jsonl", "".join(json.dumps(c, separators=(",", ":")) + "\n" for c in captures))
    write("signing-key.txt", SIGNING_KEY)

    # A zip bomb: 17 MiB of JSON that deflates to a few KiB, over the 16 MiB default cap.
    bomb = b'{"a":"' + b"A" * (17 * 1024 * 1024) + b'"}'
    write("zip-bomb.jwe", encrypt(bomb, enc_keys["rsa-2048"], "RSA-OAEP-256", "A256GCM", ENC_KEYS["rsa-2048"][2],
                                  zip_def=True))


if __name__ == "__main__":
    main()
