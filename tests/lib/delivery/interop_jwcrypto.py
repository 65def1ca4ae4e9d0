#!/usr/bin/env python3
"""Checks a delivery built by Targetdesk with an independent JOSE implementation (python3-jwcrypto).

Reads one JSON case file:
  {"payloadType": "json"|"jwt"|"jwe", "body": what was sent, "json": the JSON inside,
   "signatureHeader": the ZITADEL-Signature value, "signingKey": the target's HMAC key,
   "privateKeyPem": the JWE recipient's private key (jwe only), "kid": the JWE kid (jwe only),
   "jwks": the signer's JWKS (jwt, jwe)}
Decrypts, verifies the inner JWT against the JWKS, checks the HMAC header, and compares the payload with "json".
Exit 0 when everything holds, 1 with a message on stderr otherwise, 2 when jwcrypto is missing.
"""
import hashlib
import hmac
import json
import sys

try:
    from jwcrypto import jwe, jwk, jws
except ImportError:
    print("python3-jwcrypto is not installed (packaging/dev.sh installs it)", file=sys.stderr)
    sys.exit(2)


def fail(message):
    print("interop check failed: " + message, file=sys.stderr)
    sys.exit(1)


def check_signature(header, body, key):
    pairs = [part.split("=", 1) for part in header.split(",")]
    if any(len(p) != 2 for p in pairs):
        fail("malformed ZITADEL-Signature header")
    timestamps = [v for k, v in pairs if k == "t"]
    signatures = [v for k, v in pairs if k == "v1"]
    if len(timestamps) != 1 or not signatures:
        fail("ZITADEL-Signature needs one t and at least one v1")
    expected = hmac.new(key.encode(), (timestamps[0] + "." + body).encode(), hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        fail("ZITADEL-Signature does not match the body")


def verify_jwt(token, jwks_json):
    keys = jwk.JWKSet.from_json(json.dumps(jwks_json))
    outer = jws.JWS()
    outer.deserialize(token)
    header = outer.jose_header
    if header.get("typ") != "JWT":
        fail("JWT header typ is %r, not JWT" % header.get("typ"))
    key = keys.get_key(header.get("kid"))
    if key is None:
        fail("no key in the JWKS with kid %r" % header.get("kid"))
    try:
        outer.verify(key, alg=header.get("alg"))
    except Exception as e:  # jwcrypto raises several types
        fail("JWT signature does not verify: %s" % e)
    return outer.payload


def main():
    if len(sys.argv) != 2:
        fail("usage: interop_jwcrypto.py CASE.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        case = json.load(f)
    body = case["body"]
    check_signature(case["signatureHeader"], body, case["signingKey"])
    kind = case["payloadType"]
    if kind == "json":
        payload = body.encode()
    elif kind == "jwt":
        payload = verify_jwt(body, case["jwks"])
    elif kind == "jwe":
        private = jwk.JWK.from_pem(case["privateKeyPem"].encode())
        token = jwe.JWE()
        try:
            token.deserialize(body, key=private)
        except Exception as e:
            fail("JWE does not decrypt: %s" % e)
        header = token.jose_header
        expected_alg = "RSA-OAEP-256" if private.key_type == "RSA" else "ECDH-ES+A256KW"
        for name, value in (("alg", expected_alg), ("enc", "A256GCM"), ("kid", case["kid"]), ("typ", "JWT"),
                            ("cty", "JWT")):
            if header.get(name) != value:
                fail("JWE header %s is %r, expected %r" % (name, header.get(name), value))
        payload = verify_jwt(token.payload.decode(), case["jwks"])
    else:
        fail("unknown payloadType %r" % kind)
    if payload != case["json"].encode():
        fail("the payload is not the JSON that was built")
    json.loads(payload)
    print("ok")


if __name__ == "__main__":
    main()
