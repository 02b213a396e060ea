// JWTs for the lab's APIs, signed for real with node:crypto (HS256 and RS256).
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function hs256(claims, secret) {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** A fresh RSA key: `sign(claims)` gives an RS256 JWT, `jwks` its public half. */
export function rsaKey(kid) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign(claims, header = {}) {
      const head = `${b64({ alg: 'RS256', typ: 'at+jwt', kid, ...header })}.${b64(claims)}`;
      return `${head}.${createSign('sha256').update(head).sign(privateKey).toString('base64url')}`;
    },
  };
}

/** Seconds since the epoch of an RFC 3339 time. */
export const epoch = (rfc3339) => Math.floor(Date.parse(rfc3339) / 1000);
