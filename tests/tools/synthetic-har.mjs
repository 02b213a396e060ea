// A big synthetic HAR for the page's tests: many entries with large bodies
// (JSON text with escapes, and base64 ones) and a few auth-relevant 401
// exchanges at the start, the middle and the end. Written once under
// target/e2e-data/ and reused: the name holds the size and the layout version.
//   node tests/tools/synthetic-har.mjs [MEGABYTES]   prints the path
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the layout changes, so cached files are not reused. */
const LAYOUT = 2;
const BODY_BYTES = 256 * 1024;

function header(name, value) {
  return { name, value };
}

// An expired token (exp 2025-12-02T09:00:00Z), unsigned: what the 401s reject.
const JWT = [
  { alg: 'RS256', typ: 'JWT' },
  { iss: 'https://login.example.test/', aud: 'api://orders', sub: 'user-4821', exp: 1764666000 },
].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

function timing() {
  return { blocked: 0, dns: 0, connect: 0, send: 1, wait: 20, receive: 2, ssl: -1 };
}

function entry(index, response) {
  return {
    startedDateTime: new Date(Date.UTC(2025, 11, 2, 11, 0, 0) + index * 10).toISOString(),
    time: 23,
    request: {
      method: 'GET',
      url: `https://app.example.test/assets/chunk-${index}.json`,
      httpVersion: 'HTTP/1.1',
      headers: [header('Host', 'app.example.test'), header('Accept', '*/*'), header('User-Agent', 'synthetic/1')],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response,
    cache: {},
    timings: timing(),
  };
}

function bigResponse(index, body) {
  const base64 = index % 3 === 2;
  return {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: [header('Content-Type', base64 ? 'image/png' : 'application/json'), header('Date', 'Tue, 02 Dec 2025 11:00:00 GMT')],
    cookies: [],
    content: base64
      ? { size: body.base64Size, mimeType: 'image/png', encoding: 'base64', text: body.base64 }
      : { size: body.text.length, mimeType: 'application/json', text: body.text },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
}

function unauthorized(index) {
  const e = entry(index, {
    status: 401,
    statusText: 'Unauthorized',
    httpVersion: 'HTTP/1.1',
    headers: [
      header('WWW-Authenticate', 'Bearer realm="orders", error="invalid_token", error_description="The access token expired"'),
      header('Date', 'Tue, 02 Dec 2025 11:30:00 GMT'),
      header('Content-Length', '0'),
    ],
    cookies: [],
    content: { size: 0, mimeType: 'text/plain', text: '' },
    redirectURL: '',
    headersSize: -1,
    bodySize: 0,
  });
  e.request.url = `https://api.example.test/v1/orders/${index}`;
  e.request.headers = [header('Host', 'api.example.test'), header('Authorization', `Bearer ${JWT}`)];
  return e;
}

/** The bodies every big entry carries: built once, reused. */
function bodies() {
  const row = (i) => ({ id: i, name: `item "${i}"`, note: 'line one\nline two\ttabbed \\ backslash', price: i * 1.25 });
  const rows = [];
  let text = '';
  for (let i = 0; text.length < BODY_BYTES; i++) {
    rows.push(row(i));
    if (i % 64 === 0) text = JSON.stringify(rows);
  }
  text = JSON.stringify(rows);
  const raw = Buffer.alloc((BODY_BYTES * 3) / 4);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return { text, base64: raw.toString('base64'), base64Size: raw.length };
}

/**
 * Writes (or reuses) a HAR of about `megabytes` MB in `dir`.
 * Returns its path, how many entries it holds and the indexes of its 401s.
 */
export function syntheticHar(dir, megabytes) {
  const target = megabytes * 1e6;
  const body = bodies();
  // Two JSON bodies for one base64 body, as the entries alternate.
  const sample = [0, 1, 2].map((i) => JSON.stringify(entry(i, bigResponse(i, body))).length).reduce((a, b) => a + b) / 3;
  const count = Math.max(4, Math.round(target / sample));
  const failing = [1, Math.floor(count / 2), count - 2];
  const path = join(dir, `synthetic-page-${megabytes}mb-v${LAYOUT}.har`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${path}.part`;
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"authlens-synthetic","version":"1"},"pages":[],"entries":[\n');
      for (let i = 0; i < count; i++) {
        const e = failing.includes(i) ? unauthorized(i) : entry(i, bigResponse(i, body));
        writeSync(fd, (i ? ',\n' : '') + JSON.stringify(e));
      }
      writeSync(fd, '\n]}}\n');
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  }
  return { path, entries: count, unauthorized: failing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { path } = syntheticHar(join(process.cwd(), 'target', 'e2e-data'), Number(process.argv[2] ?? 200));
  console.log(path);
}
