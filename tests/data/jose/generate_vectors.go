// Interop vectors from go-jose v2 (gopkg.in/square/go-jose.v2, the lineage ZITADEL uses), a third implementation
// independent of jwcrypto, npm `jose` and ours. Uses the target keys generate_vectors.py wrote
// (interop/enc-*.pub.pem) and makes its own signing keys. Needs only Debian packages, no module downloads:
//
//	apt-get install golang-go golang-gopkg-square-go-jose.v2-dev
//	GO111MODULE=off GOPATH=/usr/share/gocode go run tests/data/jose/generate_vectors.go
//
// Run from the repository root (or pass the jose data folder as the only argument). Writes interop/vectors-gojose.json
// and interop/jwks-gojose.json; rerunning makes new signing keys, so commit both together. Every token is decrypted
// and verified again with go-jose before it is written. Test-only keys: never use them for anything else.
package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	jose "gopkg.in/square/go-jose.v2"
)

// The target keys and their ZITADEL key ids (the JWE kid).
var encKeys = []struct{ name, kid string }{
	{"rsa-2048", "310000000000000001"},
	{"rsa-3072", "310000000000000002"},
	{"ec-p256", "310000000000000003"},
	{"ec-p384", "310000000000000004"},
	{"ec-p521", "310000000000000005"},
}

var kinds = []string{"request", "response", "event", "function"}

const jwksFile = "jwks-gojose.json"

// One entry of vectors-*.json; the same fields as generate_vectors.py and generate_vectors.mjs write.
type vector struct {
	Name     string `json:"name"`
	Token    string `json:"token"`
	Key      string `json:"key,omitempty"`
	Kid      string `json:"kid,omitempty"`
	Alg      string `json:"alg,omitempty"`
	Enc      string `json:"enc,omitempty"`
	Jws      string `json:"jws"`
	SignedBy string `json:"signedBy"`
	Jwks     string `json:"jwks"`
	Payload  string `json:"payload"`
	Kind     string `json:"kind"`
}

type signingKey struct {
	private crypto.Signer
	public  crypto.PublicKey
}

var out string

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func read(name string) []byte {
	data, err := os.ReadFile(filepath.Join(out, name))
	check(err)
	return data
}

func pemBlock(name string) []byte {
	block, _ := pem.Decode(read(name))
	if block == nil {
		check(fmt.Errorf("%s: no PEM block", name))
	}
	return block.Bytes
}

func publicKey(name string) interface{} {
	key, err := x509.ParsePKIXPublicKey(pemBlock("enc-" + name + ".pub.pem"))
	check(err)
	return key
}

func privateKey(name string) interface{} {
	key, err := x509.ParsePKCS8PrivateKey(pemBlock("enc-" + name + ".pem"))
	check(err)
	return key
}

func writeJSON(name string, value interface{}) {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", " ")
	check(encoder.Encode(value))
	check(os.WriteFile(filepath.Join(out, name), bytes.TrimRight(buffer.Bytes(), "\n"), 0o644))
}

// The inner JWT: a JWS over the raw JSON body with typ JWT, alg and kid in the protected header.
func sign(body []byte, key signingKey, alg jose.SignatureAlgorithm, kid string) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key.private, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	check(err)
	object, err := signer.Sign(body)
	check(err)
	token, err := object.CompactSerialize()
	check(err)
	// Check it the way a receiver would: parse, verify with the public key, compare the payload.
	parsed, err := jose.ParseSigned(token)
	check(err)
	verified, err := parsed.Verify(key.public)
	check(err)
	if !bytes.Equal(verified, body) || parsed.Signatures[0].Protected.KeyID != kid {
		check(fmt.Errorf("%s: JWS round trip failed", alg))
	}
	return token
}

// The outer JWE with kid, typ JWT and cty JWT in the protected header.
func encrypt(inner string, keyName, kid string, alg jose.KeyAlgorithm, enc jose.ContentEncryption,
	zip bool) string {
	options := (&jose.EncrypterOptions{}).WithType("JWT").WithContentType("JWT")
	if zip {
		options.Compression = jose.DEFLATE
	}
	encrypter, err := jose.NewEncrypter(enc, jose.Recipient{Algorithm: alg, Key: publicKey(keyName), KeyID: kid},
		options)
	check(err)
	object, err := encrypter.Encrypt([]byte(inner))
	check(err)
	token, err := object.CompactSerialize()
	check(err)
	parsed, err := jose.ParseEncrypted(token)
	check(err)
	decrypted, err := parsed.Decrypt(privateKey(keyName))
	check(err)
	header := parsed.Header
	if string(decrypted) != inner || header.KeyID != kid || header.ExtraHeaders["typ"] != "JWT" ||
		header.ExtraHeaders["cty"] != "JWT" {
		check(fmt.Errorf("%s %s %s: JWE round trip failed", keyName, alg, enc))
	}
	return token
}

func main() {
	here := "tests/data/jose"
	if len(os.Args) > 1 {
		here = os.Args[1]
	}
	out = filepath.Join(here, "interop")

	// The instance's web keys (JWKS at /oauth/v2/keys).
	signing := map[string]signingKey{}
	jwks := jose.JSONWebKeySet{}
	for _, spec := range []struct {
		kid   string
		curve elliptic.Curve
	}{{"gojose-rs256", nil}, {"gojose-es256", elliptic.P256()}, {"gojose-es384", elliptic.P384()},
		{"gojose-es512", elliptic.P521()}} {
		var key signingKey
		if spec.curve == nil {
			private, err := rsa.GenerateKey(rand.Reader, 2048)
			check(err)
			key = signingKey{private, &private.PublicKey}
		} else {
			private, err := ecdsa.GenerateKey(spec.curve, rand.Reader)
			check(err)
			key = signingKey{private, &private.PublicKey}
		}
		signing[spec.kid] = key
		jwks.Keys = append(jwks.Keys, jose.JSONWebKey{Key: key.public, KeyID: spec.kid, Use: "sig"})
	}
	writeJSON(jwksFile, jwks)

	vectors := []vector{}
	add := func(name, keyName, kid string, alg jose.KeyAlgorithm, enc jose.ContentEncryption, kind string,
		jws jose.SignatureAlgorithm, signedBy string, zip bool) {
		payload := "payload-" + kind + ".json"
		inner := sign(read(payload), signing[signedBy], jws, signedBy)
		vectors = append(vectors, vector{Name: name, Token: encrypt(inner, keyName, kid, alg, enc, zip),
			Key: "enc-" + keyName + ".pem", Kid: kid, Alg: string(alg), Enc: string(enc), Jws: string(jws),
			SignedBy: signedBy, Jwks: jwksFile, Payload: payload, Kind: kind})
	}
	// ZITADEL's own shapes: every target key type and payload kind, RS256 inside.
	for _, key := range encKeys {
		alg := jose.ECDH_ES_A256KW
		if strings.HasPrefix(key.name, "rsa") {
			alg = jose.RSA_OAEP_256
		}
		for _, kind := range kinds {
			add("zitadel-"+key.name+"-"+kind, key.name, key.kid, alg, jose.A256GCM, kind, jose.RS256, "gojose-rs256",
				false)
		}
	}
	// A few other shapes go-jose makes.
	kid := map[string]string{}
	for _, key := range encKeys {
		kid[key.name] = key.kid
	}
	add("variant-es256-inner", "ec-p256", kid["ec-p256"], jose.ECDH_ES_A256KW, jose.A256GCM, "event", jose.ES256,
		"gojose-es256", false)
	add("variant-ps256-inner", "rsa-3072", kid["rsa-3072"], jose.RSA_OAEP_256, jose.A256GCM, "response", jose.PS256,
		"gojose-rs256", false)
	add("variant-ecdh-es-direct", "ec-p521", kid["ec-p521"], jose.ECDH_ES, jose.A256GCM, "function", jose.RS256,
		"gojose-rs256", false)
	add("variant-a192kw-cbc", "ec-p384", kid["ec-p384"], jose.ECDH_ES_A192KW, jose.A192CBC_HS384, "event", jose.RS256,
		"gojose-rs256", false)
	add("variant-rsa-oaep-sha1", "rsa-2048", kid["rsa-2048"], jose.RSA_OAEP, jose.A128CBC_HS256, "request", jose.RS256,
		"gojose-rs256", false)
	add("zip-def-rsa-2048", "rsa-2048", kid["rsa-2048"], jose.RSA_OAEP_256, jose.A256GCM, "response", jose.RS256,
		"gojose-rs256", true)
	// Bare JWTs (as PAYLOAD_TYPE_JWT sends them) with every signature algorithm go-jose offers that we verify.
	for _, spec := range []struct {
		alg jose.SignatureAlgorithm
		kid string
	}{{jose.RS256, "gojose-rs256"}, {jose.RS384, "gojose-rs256"}, {jose.RS512, "gojose-rs256"},
		{jose.PS256, "gojose-rs256"}, {jose.PS384, "gojose-rs256"}, {jose.PS512, "gojose-rs256"},
		{jose.ES256, "gojose-es256"}, {jose.ES384, "gojose-es384"}, {jose.ES512, "gojose-es512"}} {
		vectors = append(vectors, vector{Name: "jwt-" + string(spec.alg),
			Token: sign(read("payload-request.json"), signing[spec.kid], spec.alg, spec.kid), Jws: string(spec.alg),
			SignedBy: spec.kid, Jwks: jwksFile, Payload: "payload-request.json", Kind: "request"})
	}
	writeJSON("vectors-gojose.json", vectors)
	fmt.Printf("wrote %d vectors and %d signing keys to %s\n", len(vectors), len(jwks.Keys), out)
}
