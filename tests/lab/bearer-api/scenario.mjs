// A Bearer API (Python stdlib) verifying real HS256/RS256 JWTs with a fixed
// clock: no token, `Bearer undefined`, expired, wrong audience, missing
// scope, and a token from an issuer whose clock runs ahead.
import { join } from 'node:path';
import { freePort } from '../lib.mjs';
import { hs256, rsaKey, epoch } from '../jwt.mjs';

// The API's clock and Date header; expected.json diagnoses with the same now.
export const NOW = '2026-12-01T12:00:00Z';

export async function record(lab) {
  const now = epoch(NOW);
  const port = await freePort();
  const issuer = 'https://login.lab.test/';
  const audience = 'https://orders.lab.test';
  const secret = 'lab-only-hs256-secret';
  const key = rsaKey('lab-2026');
  const jwks = lab.file('jwks.json', JSON.stringify(key.jwks));
  await lab.start('python3', [join(lab.dir, 'server.py'), '--port', port, '--now', now, '--secret', secret,
    '--jwks', jwks, '--issuer', issuer, '--audience', audience], { port });
  const base = `http://127.0.0.1:${port}`;
  const claims = { iss: issuer, aud: audience, sub: 'alice', scope: 'orders:read', iat: now - 300, nbf: now - 300, exp: now + 3300 };
  const bearer = (token, path = '/api/orders') => lab.curl(['-H', `Authorization: Bearer ${token}`, `${base}${path}`]);

  lab.capture('missing-token.curl.txt', lab.curl([`${base}/api/orders`]));
  lab.capture('bearer-undefined.curl.txt', bearer('undefined'));
  lab.capture('expired-rs256.curl.txt', bearer(key.sign({ ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 })));
  lab.capture('wrong-audience-hs256.curl.txt', bearer(hs256({ ...claims, aud: 'https://billing.lab.test' }, secret)));
  lab.capture('insufficient-scope.curl.txt', bearer(key.sign(claims), '/api/admin'));
  // The issuer's clock is 10 minutes ahead of the API's: iat/nbf lie in its future.
  lab.capture('clock-skew.curl.txt', bearer(key.sign({ ...claims, iat: now + 600, nbf: now + 600, exp: now + 4200 })));
  lab.capture('valid.curl.txt', bearer(key.sign(claims)));
}
