// RFC 9728 and RFC 9449 challenges from a Python resource server with a
// fixed clock: an MCP endpoint that points to its resource metadata, and a
// DPoP API (nonce required, proof for another URL, DPoP token sent as Bearer).
import { createHash, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../lib.mjs';
import { hs256, epoch } from '../jwt.mjs';

export const NOW = '2026-12-01T12:00:00Z';
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An ES256 DPoP key: its thumbprint, and proofs for a method and URL. */
function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const jwk = { kty, crv, x, y };
  const jkt = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return {
    jkt,
    proof(htm, htu, token, now, nonce) {
      const claims = { jti: randomUUID(), htm, htu, iat: now, ath: createHash('sha256').update(token).digest('base64url'), ...(nonce ? { nonce } : {}) };
      const head = `${b64({ typ: 'dpop+jwt', alg: 'ES256', jwk })}.${b64(claims)}`;
      const sig = createSign('sha256').update(head).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      return `${head}.${sig}`;
    },
  };
}

export async function record(lab) {
  const now = epoch(NOW);
  const port = await freePort();
  const secret = 'lab-only-dpop-secret';
  await lab.start('python3', [join(lab.dir, 'server.py'), '--port', port, '--now', now, '--secret', secret], { port });
  const base = `http://127.0.0.1:${port}`;

  lab.capture('mcp-resource-metadata.curl.txt', lab.curl(['-X', 'POST', '-H', 'Content-Type: application/json',
    '-H', 'Accept: application/json, text/event-stream',
    '--data', '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"lab","version":"1"}}}',
    `${base}/mcp`]));

  const key = dpopKey();
  const token = hs256({ iss: 'https://login.lab.test/', aud: base, sub: 'alice', scope: 'ledger:read', iat: now - 60, exp: now + 3540, cnf: { jkt: key.jkt } }, secret);
  const url = `${base}/api/ledger`;
  const call = (scheme, proof) => lab.curl(['-H', `Authorization: ${scheme} ${token}`, ...(proof ? ['-H', `DPoP: ${proof}`] : []), url]);
  lab.capture('dpop-nonce-required.curl.txt', call('DPoP', key.proof('GET', url, token, now)));
  lab.capture('dpop-htu-mismatch.curl.txt', call('DPoP', key.proof('GET', `${base}/api/other`, token, now, 'eyJ7S_zG.lab-nonce-1')));
  lab.capture('dpop-token-as-bearer.curl.txt', call('Bearer'));
  lab.capture('dpop-with-nonce.curl.txt', call('DPoP', key.proof('GET', url, token, now, 'eyJ7S_zG.lab-nonce-1')));
}
