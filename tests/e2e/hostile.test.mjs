// Hostile input in the page: XSS payloads in every field that reaches it
// (header names and values, URLs, cookie names, JWT claims, HAR comments and
// page titles) never run and show as text; the page makes no request after
// load whatever it reads; its CSP allows nothing it does not need; and a
// worker that dies (as a panic in the wasm makes it) gives a friendly error,
// after which the next input is read by a fresh worker.
// Only the page's stable ids (contracts.md "Page") are relied on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, paste, useBrowser } from './browser.mjs';

const env = useBrowser();

// Each payload sets window.__xss (or opens a dialog) if it ever runs.
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  'javascript:window.__xss=3',
  '<svg onload="window.__xss=4"><script>window.__xss=5</script></svg>',
  '</style><style>*{background:url("javascript:window.__xss=6")}</style>',
  '"><iframe srcdoc="<script>parent.__xss=7</script>"></iframe>',
  '<a href="javascript:alert(8)">x</a><details open ontoggle=alert(9)>',
  '\u202Egnp.exe\u202C \u2066evil\u2069',
];

const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

function hostileHar() {
  const jwt = [
    b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: PAYLOADS[1] })),
    b64url(JSON.stringify({ sub: PAYLOADS[0], name: PAYLOADS[3], iss: PAYLOADS[2], exp: 1 })),
    'c2ln',
  ].join('.');
  const entries = PAYLOADS.map((payload, i) => ({
    pageref: 'p0',
    comment: payload,
    startedDateTime: '2026-12-03T10:00:00Z',
    time: 1,
    request: {
      method: 'GET',
      url: `https://a.test/${encodeURI(payload)}?q=${payload}`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: `X-${i}${payload}`, value: payload, comment: payload },
        { name: 'Authorization', value: `Bearer ${jwt}` },
        { name: 'Cookie', value: `${payload}=v; sid=${payload}` },
      ],
      cookies: [{ name: payload, value: payload }],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
      comment: payload,
    },
    response: {
      status: 401,
      statusText: payload,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'WWW-Authenticate', value: `Bearer realm="${payload}", error_description="${payload}"` },
        { name: 'Set-Cookie', value: `${payload}=1; Path=/` },
        { name: 'Location', value: payload },
      ],
      cookies: [],
      content: { size: payload.length, mimeType: 'text/html', text: payload },
      redirectURL: payload,
      headersSize: -1,
      bodySize: 0,
      comment: payload,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  }));
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: PAYLOADS[0], version: PAYLOADS[4], comment: PAYLOADS[5] },
      pages: [{ startedDateTime: '2026-12-03T10:00:00Z', id: 'p0', title: PAYLOADS[1], pageTimings: {}, comment: PAYLOADS[6] }],
      entries,
      comment: PAYLOADS[3],
    },
  });
}

function hostileHttp() {
  return PAYLOADS.map((payload) =>
    `GET https://a.test/${payload} HTTP/1.1\r\nX-Note: ${payload}\r\nCookie: ${payload}=1\r\n\r\n` +
    `HTTP/1.1 401 ${payload}\r\nWWW-Authenticate: Basic realm="${payload}"\r\n\r\n`).join('');
}

/** The page's own elements that could run or load something, counted. */
const activeElements = () =>
  document.querySelectorAll('script, style, img, svg, iframe, object, embed, link, a[href^="javascript:" i], [onerror], [onload], [ontoggle]').length;

async function readsHostile(text) {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  const requests = [];
  const dialogs = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  try {
    const before = await page.evaluate(activeElements);
    const verdictBefore = await page.textContent('#verdict');
    await paste(page, text);
    await page.waitForFunction((old) => document.querySelector('#verdict').textContent !== old
      || !document.querySelector('#input-error').hidden, verdictBefore, { timeout: 20000 });
    await page.waitForTimeout(300); // a late onerror or onload would fire here
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    assert.equal(await page.evaluate(activeElements), before, 'no element that runs or loads was added');
    assert.equal(await page.locator('#input-error').isHidden(), true, await page.textContent('#input-error'));
    assert.deepEqual(requests, [], 'no request after load');
    assert.deepEqual(problems, [], 'no console error or CSP violation');
    return await page.evaluate(() => document.body.textContent);
  } finally {
    await context.close();
  }
}

test('XSS payloads in a HAR never run, and no request leaves the page', async () => {
  const shown = await readsHostile(hostileHar());
  // The page shows what was read as text: header values and names verbatim.
  for (const payload of PAYLOADS) {
    assert.ok(shown.includes(payload), `shown verbatim: ${payload}`);
  }
  assert.ok(shown.includes(`X-0${PAYLOADS[0]}`), 'header name shown verbatim');
});

test('XSS payloads in pasted HTTP never run and show verbatim', async () => {
  const shown = await readsHostile(hostileHttp());
  for (const payload of PAYLOADS) {
    assert.ok(shown.includes(`X-Note`) && shown.includes(payload), `shown verbatim: ${payload}`);
  }
});

test('the CSP, served and in the page, allows nothing beyond the page itself', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    const response = await page.request.get(env.served.url);
    const policies = [
      response.headers()['content-security-policy'],
      await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
    ];
    for (const csp of policies) {
      assert.ok(csp, 'a policy is set');
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0])
        .map(([name, ...values]) => [name, values]));
      assert.deepEqual(directives['default-src'], ["'none'"]);
      for (const [name, values] of Object.entries(directives)) {
        for (const value of values) {
          const loose = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'blob:'].includes(value)
            && !(name === 'img-src' && value === 'data:') && !(name === 'worker-src' && value === 'blob:');
          assert.ok(!loose && !/^(https?|wss?):/.test(value), `${name} allows ${value}`);
        }
      }
      assert.ok((directives['connect-src'] ?? ["'none'"]).every((v) => v === "'self'" || v === "'none'"));
      assert.ok(!('script-src' in directives) || directives['script-src'].every((v) => ["'self'", "'wasm-unsafe-eval'"].includes(v) || v.startsWith("'sha256-")));
    }
  } finally {
    await context.close();
  }
});

test('a worker that dies shows a friendly error and the next input is read', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    await paste(page, 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="a"\r\n\r\n');
    await page.waitForSelector('[data-code]');
    // A panic in the wasm traps, and the trap leaves the worker's message
    // handler as an uncaught error: the same event this raises.
    const [worker] = page.workers();
    await worker.evaluate(() => setTimeout(() => { throw new Error('simulated wasm panic'); }, 0));
    await page.waitForSelector('#input-error:not([hidden])');
    const message = await page.textContent('#input-error');
    assert.match(message, /internal error/);
    assert.match(message, /try again/);
    await page.waitForFunction(() => true);
    const verdictBefore = await page.textContent('#verdict');
    await paste(page, 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\n\r\n');
    await page.waitForSelector('#input-error', { state: 'hidden' });
    await page.waitForFunction((old) => document.querySelector('#verdict').textContent !== old, verdictBefore);
    assert.equal(page.workers().length, 1, 'the dead worker was replaced, not kept');
    assert.ok(problems.every((p) => /simulated wasm panic/.test(p)), `only the simulated error: ${problems}`);
  } finally {
    await context.close();
  }
});
