// The page's promises to a person: the verdict first with fixes for the
// visitor or the owner (remembered), findings by severity with highlighted
// evidence, the examples gallery, decoded panels and the HAR timeline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ARTIFACTS, launch, startServer, openPage, paste } from './browser.mjs';

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

let browser;
let served;

before(async () => {
  browser = await launch();
  served = await startServer();
});

after(async () => {
  await browser?.close();
  served?.server.close();
});

/** Waits until the page shows the report of the text now in the box. */
async function settled(page) {
  await page.waitForFunction(() => document.querySelector('#summary').textContent.startsWith('Read'));
}

test('each example of the gallery loads with one click and shows its verdict and codes', async () => {
  const { context, page, problems } = await openPage(browser, served.url);
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
  const { context, page } = await openPage(browser, served.url);
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
    await reloaded.goto(served.url);
    await reloaded.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    assert.ok(await reloaded.isChecked('#audience-owner'), 'the choice survives a reload');
  } finally {
    await context.close();
  }
});

test('a finding expands to its evidence with the offending bytes highlighted, and its references', async () => {
  const { context, page } = await openPage(browser, served.url);
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
  const { context, page } = await openPage(browser, served.url);
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
  } finally {
    await context.close();
  }
});

test('a redirect chain gets a timeline whose rows select the exchange to diagnose', async () => {
  const { context, page } = await openPage(browser, served.url);
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
