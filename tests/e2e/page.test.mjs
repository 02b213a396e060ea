// The page's promises to a person: the verdict first with fixes for the
// visitor or the owner (remembered), findings by severity with highlighted
// evidence, the examples gallery, decoded panels and the HAR timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ARTIFACTS, openPage, paste, useBrowser } from './browser.mjs';

const EXAMPLES = join(ROOT, 'tests', 'fixtures', 'examples');
// What each example must produce, from `authlens diagnose` (the native test
// crate/tests/examples.rs holds the core to the same table).
const EXPECTED = readFileSync(join(EXAMPLES, 'expected.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [id, verdict, codes] = line.split('\t');
    return { id, verdict: verdict === '-' ? null : verdict, codes: codes.split(',') };
  });

const env = useBrowser();

/** Waits until the page shows the report of the text now in the box. */
async function settled(page) {
  await page.waitForFunction(() => document.querySelector('#summary').textContent.startsWith('Read'));
}

test('each example of the gallery loads with one click and shows its verdict and codes', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    const ids = await page.$$eval('#examples button', (buttons) => buttons.map((b) => b.dataset.example));
    assert.deepEqual(ids.sort(), EXPECTED.map((e) => e.id).sort(), 'the gallery shows every example of expected.tsv');
    for (const { id, verdict, codes } of EXPECTED) {
      await page.evaluate(() => { document.querySelector('#summary').textContent = ''; });
      await page.click(`#examples button[data-example="${id}"]`);
      await settled(page);
      const text = readFileSync(join(EXAMPLES, `${id}.txt`), 'utf8');
      assert.equal(await page.inputValue('#input'), text, `${id}: the example is in the box`);
      const shown = await page.$$eval('#findings [data-code]', (items) => items.map((i) => i.dataset.code));
      assert.deepEqual(shown, codes, `${id}: the expected findings, in order`);
      if (verdict) {
        assert.equal(await page.getAttribute('#verdict .verdict-card', 'data-code'), verdict, `${id}: verdict`);
        assert.ok((await page.textContent('#verdict')).includes(verdict), `${id}: #verdict names ${verdict}`);
      } else {
        assert.match(await page.textContent('#verdict'), /No failure explained/, `${id}: no verdict`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the verdict gives the fix for the chosen reader, and the choice is remembered', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="jwt-expired"]');
    await settled(page);
    assert.equal(await page.getAttribute('#verdict', 'aria-live'), 'polite');
    assert.ok(await page.isChecked('#audience-visitor'), 'visitor by default');
    assert.match(await page.textContent('#verdict'), /What you can do/);
    assert.match(await page.textContent('#verdict'), /How sure: high/);
    // Keyboard only: focus the owner radio and choose it with the space bar.
    await page.focus('#audience-owner');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#verdict').textContent.includes('What to change on the site'));
    const reloaded = await context.newPage();
    await reloaded.goto(env.served.url);
    await reloaded.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    assert.ok(await reloaded.isChecked('#audience-owner'), 'the choice survives a reload');
  } finally {
    await context.close();
  }
});

test('a finding expands to its evidence with the offending bytes highlighted, and its references', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="digest-stale"]');
    await settled(page);
    const finding = page.locator('#findings [data-code="digest.stale"]');
    assert.equal(await finding.getAttribute('data-severity'), 'error');
    await finding.locator('summary').focus();
    await page.keyboard.press('Enter');
    const evidence = finding.locator('pre.evidence').first();
    await evidence.waitFor();
    assert.match(await evidence.textContent(), /^WWW-Authenticate: Digest /);
    assert.equal(await evidence.locator('mark').textContent(), 'true', 'the value of stale is marked');
    assert.match(await evidence.textContent(), /, stale=true$/);
    const links = finding.locator('a');
    assert.ok((await links.count()) > 0, 'references are links');
    assert.equal(await links.first().getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await links.first().getAttribute('target'), '_blank');
  } finally {
    await context.close();
  }
});

test('decoded panels show the JWT claims against the response Date, and the Basic password only as a length', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="jwt-expired"]');
    await settled(page);
    const panels = await page.textContent('#panels');
    assert.match(panels, /token claims/);
    assert.match(panels, /2025-12-02T09:00:00Z\s*2 h 30 min before the response Date/);
    assert.match(panels, /Bearerrealm=orders, error=invalid_token/);
    await page.click('#examples button[data-example="basic-htaccess"]');
    await page.waitForFunction(() => document.querySelector('#panels').textContent.includes('admin'));
    const basic = await page.textContent('#panels');
    assert.match(basic, /password10 characters \(not shown\)/);
    assert.ok(!basic.includes('opensesame'), 'the password is never shown');
    await page.click('#examples button[data-example="ntlm-fallback"]');
    await page.waitForFunction(() => document.querySelector('#panels').textContent.includes('Negotiate'));
    assert.match(await page.textContent('#panels'), /ntlm\.message_nameNEGOTIATE/, 'NTLM message fields');
  } finally {
    await context.close();
  }
});

test('a redirect chain gets a timeline whose rows select the exchange to diagnose', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="samesite-cookie"]');
    await settled(page);
    await page.waitForSelector('#timeline-section:not([hidden])');
    const rows = page.locator('#timeline button[data-index]');
    assert.equal(await rows.count(), 3, 'all, then one row per exchange');
    assert.match(await rows.nth(1).textContent(), /302POST.*cookies set: session/);
    assert.match(await page.textContent('#panels'), /sessionexchange #0.*SameSite=Strictno: SameSite=Strict/);
    await rows.nth(1).click();
    assert.equal(await rows.nth(1).getAttribute('aria-pressed'), 'true');
    assert.match(await page.textContent('#verdict'), /No failure found on this exchange/);
    await rows.nth(2).click();
    assert.equal(await page.getAttribute('#verdict .verdict-card', 'data-code'), 'cookie.not-sent');
  } finally {
    await context.close();
  }
});

/** The credentials an example holds, read from its text: what must never
 * reach a copied or downloaded report. */
function secretsOf(text) {
  const secrets = [];
  for (const [, scheme, credentials] of text.matchAll(/authorization: (\w+) (.+)$/gim)) {
    if (/^digest$/i.test(scheme)) {
      secrets.push(/response="([^"]+)"/.exec(credentials)[1]);
      continue;
    }
    secrets.push(credentials.trim());
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(credentials.trim(), 'base64').toString('utf8');
      secrets.push(decoded.slice(decoded.indexOf(':') + 1).trim());
    }
    if (/^bearer$/i.test(scheme) && credentials.includes('.')) secrets.push(credentials.trim().split('.').pop());
  }
  for (const [, value] of text.matchAll(/^(?:[<>] )?set-cookie: [^=]+=([^;\r\n]+)/gim)) secrets.push(value);
  return secrets;
}

test('copied Markdown, downloaded JSON and the curl command hold no credential of any example', async () => {
  const { context, page } = await openPage(env.browser, env.served.url, { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  try {
    let checked = 0;
    for (const { id } of EXPECTED) {
      const secrets = secretsOf(readFileSync(join(EXAMPLES, `${id}.txt`), 'utf8'));
      await page.evaluate(() => { document.querySelector('#summary').textContent = ''; });
      await page.click(`#examples button[data-example="${id}"]`);
      await settled(page);

      await page.click('#copy-markdown');
      await page.waitForFunction(() => document.querySelector('#share-status').textContent.includes('copied to the clipboard'));
      const markdown = await page.inputValue('#share-output');
      assert.match(markdown, /^# AuthLens report/);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown, 'the clipboard holds the report');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
      const json = readFileSync(await download.path(), 'utf8');
      const report = JSON.parse(json);
      assert.equal(report.schema_version, 1);
      assert.equal(download.suggestedFilename(), 'authlens-report.json');

      await page.click('#copy-curl');
      let curl = '';
      if ((await page.textContent('#share-status')).includes('no request to repeat')) {
        assert.ok(await page.isHidden('#share-output'), `${id}: nothing to copy`);
      } else {
        curl = await page.inputValue('#share-output');
        assert.match(curl, /^curl -v /);
      }

      for (const secret of secrets) {
        checked += 1;
        for (const [what, shown] of [['markdown', markdown], ['json', json], ['curl', curl]]) {
          assert.ok(!shown.includes(secret), `${id}: ${what} holds the credential ${secret}`);
        }
      }
    }
    assert.ok(checked >= 10, `the examples hold credentials to check (${checked})`);
  } finally {
    await context.close();
  }
});

test('copy as curl repeats the failing request with placeholders', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="jwt-expired"]');
    await settled(page);
    await page.click('#copy-curl');
    const curl = await page.inputValue('#share-output');
    assert.equal(curl, "curl -v 'https://api.example.test/v1/orders' \\\n  -H 'User-Agent: curl/8.5.0' \\\n  -H 'Accept: */*' \\\n  -H 'Authorization: Bearer <BEARER-CREDENTIALS>'");
  } finally {
    await context.close();
  }
});

test('a share link holds codes and severities only and opens their generic explanation', async () => {
  const { context, page } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="jwt-expired"]');
    await settled(page);
    await page.click('#share-link');
    const link = await page.inputValue('#share-output');
    const { codes } = EXPECTED.find((e) => e.id === 'jwt-expired');
    const fragment = new URL(link).hash;
    assert.match(fragment, /^#f=/);
    const carried = fragment.slice(3).split(',').map((part) => part.split(':'));
    assert.deepEqual(carried.map(([code]) => code), codes, 'every code, verdict first');
    const severities = Object.fromEntries(await page.$$eval('#findings [data-code]', (items) => items.map((i) => [i.dataset.code, i.dataset.severity])));
    for (const [code, severity, subcode, ...rest] of carried) {
      assert.equal(severity, severities[code], `${code}: its severity`);
      assert.ok(subcode === undefined || /^[A-Za-z0-9._-]+$/.test(subcode), `${code}: a plain subcode`);
      assert.deepEqual(rest, []);
    }
    assert.match(await page.textContent('#share-status'), new RegExp(`holding ${codes.length} finding codes`));
    for (const leak of ['example.test', 'orders', 'user-4821', 'Bearer']) assert.ok(!link.includes(leak), `the link leaks ${leak}`);

    const opened = await context.newPage();
    await opened.goto(link);
    await opened.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await opened.waitForSelector('#shared:not([hidden])');
    const shared = await opened.$$eval('#shared-list [data-code]', (items) => items.map((i) => [i.dataset.code, i.dataset.severity, i.querySelector('.detail').textContent.length > 10]));
    assert.deepEqual(shared.map(([code]) => code), codes);
    assert.ok(shared.every(([, , explained]) => explained), 'each code has its generic explanation');
    // A forged link cannot inject text: unknown codes and odd subcodes are dropped.
    await opened.goto(`${env.served.url}#f=jwt.expired:error:<b>x</b>,evil.code:error,jwt.decoded:loud`);
    await opened.reload();
    await opened.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    assert.deepEqual(await opened.$$eval('#shared-list [data-code]', (items) => items.map((i) => i.textContent.includes('<b>'))), [false]);
  } finally {
    await context.close();
  }
});

test('screenshots of an example in light, dark and narrow layouts', async () => {
  for (const [name, options] of [
    ['light', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
    ['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
    ['narrow', { colorScheme: 'light', viewport: { width: 390, height: 844 } }],
  ]) {
    const { context, page } = await openPage(env.browser, env.served.url, { context: options });
    try {
      await page.click('#examples button[data-example="jwt-expired"]');
      await settled(page);
      await page.click('#findings [data-code="jwt.expired"] summary');
      await page.focus('#copy-markdown');
      await page.screenshot({ path: join(ARTIFACTS, `example-${name}.png`), fullPage: true });
      const top = (selector) => page.$eval(selector, (e) => e.getBoundingClientRect().top);
      if (name === 'narrow') assert.ok(await top('#verdict') < await top('#examples'), 'on a phone the verdict comes before the examples');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `${name}: no horizontal scroll`);
    } finally {
      await context.close();
    }
  }
});

const SHARED = process.env.AUTHLENS_SHARED ?? join(ROOT, '..', 'shared');

test('a real HAR chosen with the file input shows progress, and its timeline lists the 401 to select', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    await page.evaluate(() => {
      window.__progressShown = false;
      new MutationObserver(() => { if (!document.querySelector('#progress').hidden) window.__progressShown = true; })
        .observe(document.querySelector('#progress'), { attributes: true });
    });
    await page.setInputFiles('#file', join(SHARED, 'corpus', 'har', 'charles__httprunner_httprunner__postman-echo.har'));
    await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('37 exchanges'), null, { timeout: 30000 });
    assert.ok(await page.evaluate(() => window.__progressShown), 'the progress bar was shown while reading');
    const statuses = await page.$$eval('#timeline button[data-index]', (rows) => rows.map((r) => r.firstElementChild.textContent));
    assert.equal(statuses.length, 38, 'one row per exchange, after "all"');
    const row = statuses.indexOf('401');
    assert.ok(row > 0, `the 401 is listed: ${statuses}`);
    await page.click(`#timeline button[data-index="${row - 1}"]`);
    assert.equal(await page.getAttribute(`#timeline button[data-index="${row - 1}"]`, 'aria-pressed'), 'true');
    const shown = await page.$$eval('#findings [data-code]', (items) => items.length);
    assert.ok(shown > 0, 'the findings of the chosen exchange are shown');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('keyboard focus is visible and no request leaves the page while using it', async () => {
  const { context, page, requests } = await openPage(env.browser, env.served.url);
  try {
    const loaded = requests.length;
    await page.focus('#input');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return [document.activeElement.tagName, style.outlineStyle, style.outlineWidth];
    });
    assert.notEqual(outline[1], 'none', `focused ${outline[0]} shows an outline`);
    for (const id of ['proxy-407', 'samesite-cookie']) {
      await page.focus(`#examples button[data-example="${id}"]`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((code) => document.querySelector('#verdict .verdict-card')?.dataset.code === code,
        EXPECTED.find((e) => e.id === id).verdict);
    }
    await page.click('#share-link');
    await page.click('#copy-curl');
    assert.deepEqual(requests.slice(loaded), [], 'no request after load');
  } finally {
    await context.close();
  }
});

test('a working capture pasted beside the failing one lists what differs, most explanatory first', async () => {
  const { context, page, problems } = await openPage(env.browser, env.served.url);
  try {
    await page.click('#examples button[data-example="jwt-expired"]');
    await settled(page);
    assert.ok(await page.isHidden('#compare-section'), 'no comparison without a working capture');
    const failing = readFileSync(join(EXAMPLES, 'jwt-expired.txt'), 'utf8');
    const claims = Buffer.from(JSON.stringify({ iss: 'https://login.example.test/', aud: 'api://orders', exp: 1764680000 })).toString('base64url');
    const working = failing
      .replace(/Bearer [\w.-]+/, `Bearer eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`)
      .replace(/< HTTP\/1.1 401 Unauthorized[^]*$/, '< HTTP/1.1 200 OK\n< Date: Tue, 02 Dec 2025 11:30:00 GMT\n<\n');
    await page.click('#compare-details summary');
    await page.fill('#compare-input', working);
    await page.waitForSelector('#compare-section:not([hidden])');
    const table = page.locator('#compare table[data-request="GET /v1/orders"]');
    assert.match(await table.locator('caption').textContent(), /working #0 200, failing #0 401/);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows[0], ['token', 'exp: valid 1 h 23 min after Date', 'exp: expired 2 h 30 min before Date']);
    assert.ok(rows.some(([what, w, f]) => what === 'challenge' && w === '(none)' && f.startsWith('Bearer error=invalid_token')), JSON.stringify(rows));
    assert.ok(!(await page.textContent('#compare')).includes(claims), 'no token shown');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
