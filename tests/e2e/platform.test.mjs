// The platform promises of the page: strict CSP, no request after load,
// parsing in a worker (pastes and streamed files with progress), a located
// error for unreadable input, and a single-file build that works offline
// from file://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ARTIFACTS, openPage, paste, useBrowser } from './browser.mjs';

const env = useBrowser();

const RESPONSE = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="staff"\r\nContent-Length: 0\r\n\r\n';

test('the page loads under the strict CSP and makes no request after load', async () => {
  const { context, page, requests, problems } = await openPage(env.browser, env.served.url);
  try {
    const response = await page.request.get(env.served.url);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(meta, /default-src 'none'/);

    const loaded = requests.length;
    assert.ok(requests.every((url) => url.startsWith(env.served.url)), `only same-origin assets at load: ${requests}`);
    await paste(page, RESPONSE);
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('1 exchange'));
    assert.equal(requests.length, loaded, `requests after load: ${requests.slice(loaded)}`);
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
  } finally {
    await context.close();
  }
});

test('a paste is read in the worker and shown as text, never as HTML', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    assert.equal(page.workers().length, 1, 'the page runs one worker');
    const hostile = 'HTTP/1.1 401 <img src=x onerror="window.__pwned=1">\r\nX-Note: <script>window.__pwned=2</script>\r\n\r\n';
    await paste(page, hostile);
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('1 exchange'));
    const shown = await page.textContent('#exchanges');
    assert.ok(shown.includes('<script>window.__pwned=2</script>'), `header shown verbatim: ${shown}`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#exchanges img, #exchanges script').count(), 0);
    const summary = await page.textContent('#summary');
    assert.match(summary, /Read \d+ bytes as http: 1 exchange\./);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('unreadable input shows a located error and the page keeps working', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await paste(page, 'this is not http at all');
    await page.waitForSelector('#input-error:not([hidden])');
    assert.match(await page.textContent('#input-error'), /^Line 1, column 1: /);
    assert.equal(await page.getAttribute('#input-error', 'role'), 'alert');
    await paste(page, RESPONSE);
    await page.waitForSelector('#input-error', { state: 'hidden' });
    assert.match(await page.textContent('#summary'), /1 exchange/);
  } finally {
    await context.close();
  }
});

test('a chosen file streams through the worker in chunks with progress', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    // Record every progress text the page shows while the file streams.
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => window.__progress.push(document.querySelector('#progress-text').textContent))
        .observe(document.querySelector('#progress-text'), { childList: true, characterData: true, subtree: true });
    });
    // 12 MB: many File.stream() chunks, several progress steps.
    const filler = `X-Filler: ${'a'.repeat(1000)}\r\n`.repeat(12_000);
    const text = `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="api"\r\n${filler}\r\n`;
    await page.setInputFiles('#file', { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('exchange'), null, { timeout: 60000 });
    const progress = await page.evaluate(() => window.__progress);
    const steps = progress.filter((t) => /^Read .* of 12\.\d MB/.test(t));
    assert.ok(steps.length >= 3, `progress was reported while streaming: ${JSON.stringify(progress.slice(0, 5))}`);
    assert.match(await page.textContent('#summary'), /Read 12\.\d MB as http: 1 exchange\./);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('dropping a file anywhere on the page reads it', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
      const target = document.querySelector('header');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, RESPONSE);
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('exchange'));
    assert.match(await page.textContent('#exchanges'), /WWW-Authenticate: Basic realm="staff"/);
  } finally {
    await context.close();
  }
});

test('the single-file build works from file:// with the network off', async () => {
  const url = pathToFileURL(join(ROOT, 'dist', 'authlens.html')).href;
  const context = await env.browser.newContext({ offline: true });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20000 });
    await paste(page, RESPONSE);
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('1 exchange'));
    assert.match(await page.textContent('#exchanges'), /401 Unauthorized/);
    const remote = requests.filter((r) => !r.startsWith('file:') && !r.startsWith('blob:') && !r.startsWith('data:'));
    assert.deepEqual(remote, [], 'no network request');
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(ARTIFACTS, 'single-file.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('screenshots in light, dark and narrow layouts', async () => {
  for (const [name, options] of [
    ['light', { colorScheme: 'light', viewport: { width: 1280, height: 800 } }],
    ['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 800 } }],
    ['narrow', { colorScheme: 'light', viewport: { width: 390, height: 844 } }],
  ]) {
    const { context, page } = await openPage(env.browser, env.served.url, { context: options });
    try {
      await paste(page, RESPONSE);
      await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('exchange'));
      await page.screenshot({ path: join(ARTIFACTS, `page-${name}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `${name}: no horizontal scroll`);
    } finally {
      await context.close();
    }
  }
});
