// "Download sanitized HAR" (contracts.md "Sanitizer"): the worker reads the
// dropped HAR again through the streaming sanitizer and the page saves the
// result from a blob: URL. The download must hold every entry, be valid
// JSON, and hold none of the input's credentials — a corpus HAR, and a
// canary HAR with a marked secret in each place one hides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openPage, useBrowser } from './browser.mjs';

const SHARED = process.env.AUTHLENS_SHARED ?? join(ROOT, '..', 'shared');
const CORPUS_HAR = join(SHARED, 'corpus', 'har', 'charles__httprunner_httprunner__postman-echo.har');

const env = useBrowser();

/** Chooses `file` (a path or {name, mimeType, buffer}), waits for its report,
 * then downloads the sanitized HAR. Returns its text, name and the status line. */
async function sanitizedDownload(page, file, exchanges) {
  await page.setInputFiles('#file', file);
  await page.waitForFunction((n) => document.querySelector('#summary').textContent.includes(`${n} exchange`), exchanges, { timeout: 30000 });
  await page.waitForSelector('#download-har:not([hidden])');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-har')]);
  await page.waitForFunction(() => document.querySelector('#share-status').textContent.startsWith('Sanitized HAR downloaded'));
  return {
    text: readFileSync(await download.path(), 'utf8'),
    name: download.suggestedFilename(),
    url: download.url(),
    status: await page.textContent('#share-status'),
  };
}

test('a corpus HAR downloads sanitized: same entries, valid JSON, no cookie or Authorization value left', async () => {
  const { context, page, requests, problems } = await openPage(env.browser, env.served.url);
  try {
    const original = JSON.parse(readFileSync(CORPUS_HAR, 'utf8'));
    // The credentials and the session cookie: what the sanitizer promises to
    // replace wherever it appears (the echo service also repeats short demo
    // cookies like foo1=bar1 as JSON keys in bodies, which are not secret names).
    const secrets = new Set();
    for (const { request, response } of original.log.entries) {
      for (const { name, value } of request.headers) {
        if (/^authorization$/i.test(name) && /^basic /i.test(value)) secrets.add(value.slice(6));
        if (/^cookie$/i.test(name)) for (const pair of value.split(';')) if (pair.trim().startsWith('sails.sid=')) secrets.add(pair.split('=').slice(1).join('='));
      }
      for (const { name, value } of response.headers) {
        if (/^set-cookie$/i.test(name) && value.startsWith('sails.sid=')) secrets.add(value.split(';')[0].split('=').slice(1).join('='));
      }
    }
    secrets.delete('');
    assert.ok(secrets.size >= 10, `the HAR holds credentials to look for (${secrets.size})`);
    const loaded = requests.length;

    const got = await sanitizedDownload(page, CORPUS_HAR, original.log.entries.length);
    assert.equal(got.name, 'charles__httprunner_httprunner__postman-echo.sanitized.har');
    assert.match(got.url, /^blob:/, 'made in the page, not fetched');
    const sanitized = JSON.parse(got.text);
    assert.equal(sanitized.log.entries.length, original.log.entries.length, 'every entry is kept');
    for (const secret of secrets) assert.ok(!got.text.includes(secret), `the credential ${secret} is gone`);
    const redacted = Number(/(\d+) values redacted/.exec(got.status)?.[1]);
    assert.ok(redacted >= secrets.size, `the redaction count is shown: ${got.status}`);
    assert.match(got.status, new RegExp(`^Sanitized HAR downloaded: ${original.log.entries.length} entries`));
    assert.deepEqual(requests.slice(loaded), [], 'no request after load');

    // The sanitized HAR, read again, gives the same verdict and findings.
    const verdictOf = async () => [await page.getAttribute('#verdict .verdict-card', 'data-code'),
      await page.$$eval('#findings [data-code]', (items) => items.map((i) => i.dataset.code))];
    const before = await verdictOf();
    await page.evaluate(() => { document.querySelector('#summary').textContent = ''; });
    await page.setInputFiles('#file', { name: 'again.har', mimeType: 'application/json', buffer: Buffer.from(got.text) });
    await page.waitForFunction((n) => document.querySelector('#summary').textContent.includes(`${n} exchanges`), original.log.entries.length);
    assert.deepEqual(await verdictOf(), before, 'the same diagnosis');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

const CANARY = 'QZKANARI';
const canary = (place) => `${CANARY}${place}q7Zx`;
const b64 = (text) => Buffer.from(text).toString('base64');
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A HAR with a canary in each place a secret hides (the native
 * sanitize_canary test plants the same kinds of places). */
function canaryHar() {
  const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: canary('sub'), exp: 1764666000 })}.${canary('sig')}`;
  const entry = {
    startedDateTime: '2025-12-02T11:30:00.000Z',
    time: 10,
    request: {
      method: 'POST',
      url: `https://api.example.test/v1/orders?api_key=${canary('qs')}`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Authorization', value: `Bearer ${jwt}` },
        { name: 'Proxy-Authorization', value: `Basic ${b64(`alice:${canary('basic')}`)}` },
        { name: 'Cookie', value: `theme=dark; sid=${canary('cookiehdr')}` },
        { name: 'x-api-key', value: canary('apikey') },
      ],
      cookies: [{ name: 'sid', value: canary('cookiearr') }],
      queryString: [{ name: 'api_key', value: canary('qs') }],
      postData: { mimeType: 'application/json', text: JSON.stringify({ user: 'bob', password: canary('json') }) },
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: 401,
      statusText: 'Unauthorized',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'WWW-Authenticate', value: 'Bearer realm="orders", error="invalid_token"' },
        { name: 'Set-Cookie', value: `session=${canary('setcookie')}; Path=/; HttpOnly` },
      ],
      cookies: [{ name: 'session', value: canary('respcookie') }],
      content: { size: 40, mimeType: 'application/json', encoding: 'base64', text: b64(JSON.stringify({ refresh_token: canary('b64body') })) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 8, receive: 1 },
  };
  const second = structuredClone(entry);
  second.startedDateTime = '2025-12-02T11:30:01.000Z';
  return { log: { version: '1.2', creator: { name: 'canary', version: '1' }, entries: [entry, second] } };
}

test('no canary planted in a HAR survives the page\'s sanitized download', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    const har = canaryHar();
    const text = JSON.stringify(har, null, 2);
    assert.ok(text.split(CANARY).length - 1 >= 16, 'the canaries are planted');
    const got = await sanitizedDownload(page, { name: 'canary.har', mimeType: 'application/json', buffer: Buffer.from(text) }, 2);
    assert.equal(got.name, 'canary.sanitized.har');
    const sanitized = JSON.parse(got.text);
    assert.equal(sanitized.log.entries.length, 2);
    const left = [...got.text.matchAll(new RegExp(`${CANARY}\\w*`, 'g'))].map((m) => m[0]);
    assert.deepEqual(left, [], 'no canary is left');
    // Nor in what is encoded: the Basic credentials, the JWT's claims, the base64 body.
    const [first] = sanitized.log.entries;
    const header = (name) => first.request.headers.find((h) => h.name === name).value;
    const decoded = [
      Buffer.from(header('Proxy-Authorization').replace(/^Basic /, ''), 'base64').toString(),
      Buffer.from(header('Authorization').replace(/^Bearer /, '').split('.')[1], 'base64url').toString(),
      Buffer.from(first.response.content.text, 'base64').toString(),
    ];
    assert.ok(decoded[1].includes('"exp":1764666000'), `the claims are kept: ${decoded[1]}`);
    for (const text of decoded) assert.ok(!text.includes(CANARY), `no canary in ${text}`);
    // What the diagnosis reads survives: the status, the challenge, the claims' shape.
    assert.equal(sanitized.log.entries[0].response.status, 401);
    assert.equal(sanitized.log.entries[0].response.headers[0].value, 'Bearer realm="orders", error="invalid_token"');
  } finally {
    await context.close();
  }
});

test('the sanitized download is offered for a HAR file only, not for a paste', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.fill('#input', 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="staff"\r\n\r\n');
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('1 exchange'));
    assert.ok(await page.isHidden('#download-har'), 'hidden for a paste');
    assert.ok(await page.isVisible('#download-json'));
  } finally {
    await context.close();
  }
});
