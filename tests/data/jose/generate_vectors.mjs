// Interop vectors from the `jose` npm package (an implementation independent of jwcrypto and of ours).
// Uses the target keys generate_vectors.py wrote (interop/enc-*.pub.pem) and makes its own signing keys.
//   mkdir /tmp/josegen && cd /tmp/josegen && npm install jose@5
//   JOSE_MODULES=/tmp/josegen node tests/data/jose/generate_vectors.mjs
// JOSE_MODULES: the folder holding node_modules/jose (default: the current directory). Writes interop/vectors-node.json and interop/jwks-node.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'interop');
const require = createRequire(join(process.env.JOSE_MODULES || process.cwd(), 'x.js'));
const jose = require('jose');

const encKeys = {
  'rsa-2048': '310000000000000001',
  'rsa-3072': '310000000000000002',
  'ec-p256': '310000000000000003',
  'ec-p384': '310000000000000004',
  'ec-p521': '310000000000000005',
};
const kinds = ['request', 'response', 'event', 'function'];

async function main() {
  const signing = {};
  const jwks = { keys: [] };
  for (const [kid, alg, options] of [['node-rs256', 'RS256', { modulusLength: 2048 }], ['node-es256', 'ES256', {}],
                                     ['node-ps384', 'PS384', { modulusLength: 3072 }]]) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { ...options, extractable: true });
    signing[kid] = { alg, privateKey };
    jwks.keys.push({ ...(await jose.exportJWK(publicKey)), kid, use: 'sig' });
  }
  writeFileSync(join(out, 'jwks-node.json'), JSON.stringify(jwks, null, 1));

  const sign = (body, kid) => new jose.CompactSign(body)
    .setProtectedHeader({ alg: signing[kid].alg, kid, typ: 'JWT' }).sign(signing[kid].privateKey);
  const encrypt = async (inner, keyName, alg, enc) => {
    const pem = readFileSync(join(out, `enc-${keyName}.pub.pem`), 'utf8');
    const key = await jose.importSPKI(pem, alg);
    return new jose.CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg, enc, kid: encKeys[keyName], typ: 'JWT', cty: 'JWT' }).encrypt(key);
  };

  const vectors = [];
  const add = async (name, keyName, alg, enc, kind, kid) => {
    const body = readFileSync(join(out, `payload-${kind}.json`));
    const inner = await sign(body, kid);
    vectors.push({ name, token: await encrypt(inner, keyName, alg, enc), key: `enc-${keyName}.pem`,
                   kid: encKeys[keyName], alg, enc, jws: signing[kid].alg, signedBy: kid, jwks: 'jwks-node.json',
                   payload: `payload-${kind}.json`, kind });
  };
  for (const keyName of Object.keys(encKeys)) {
    const alg = keyName.startsWith('rsa') ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW';
    for (const kind of kinds)
      await add(`zitadel-${keyName}-${kind}`, keyName, alg, 'A256GCM', kind, 'node-rs256');
  }
  await add('variant-es256-inner', 'ec-p256', 'ECDH-ES+A256KW', 'A256GCM', 'event', 'node-es256');
  await add('variant-ps384-inner', 'rsa-2048', 'RSA-OAEP-256', 'A256GCM', 'event', 'node-ps384');
  await add('variant-ecdh-es-direct', 'ec-p384', 'ECDH-ES', 'A256GCM', 'function', 'node-rs256');
  await add('variant-a128kw-cbc', 'ec-p521', 'ECDH-ES+A128KW', 'A128CBC-HS256', 'response', 'node-rs256');
  await add('variant-rsa-oaep-sha1', 'rsa-3072', 'RSA-OAEP', 'A256CBC-HS512', 'request', 'node-rs256');
  writeFileSync(join(out, 'vectors-node.json'), JSON.stringify(vectors, null, 1));
}

main().catch((error) => { console.error(error); process.exit(1); });
