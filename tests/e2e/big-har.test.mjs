// A ~200 MB HAR through the page: chosen in `#file`, streamed by the worker
// with progress, and its report shown with the 401s in the timeline. The
// file is synthetic (tests/tools/synthetic-har.mjs), made once under target/.
// How long the main thread is blocked is the benchmark's figure, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openPage, useBrowser } from './browser.mjs';
import { syntheticHar } from '../tools/synthetic-har.mjs';

const MEGABYTES = 200;

const env = useBrowser();

/** Runs before the page's scripts: records what the page posts to its
 * worker and what the worker posts back. */
function watchWorker() {
  window.__toWorker = [];
  window.__fromWorker = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    window.__toWorker.push({ kind: message?.kind, file: message?.file instanceof File, id: message?.id });
    if (!this.__watched) {
      this.__watched = true;
      this.addEventListener('message', (event) => window.__fromWorker.push({ kind: event.data?.kind, id: event.data?.id }));
    }
    return post.call(this, message, ...rest);
  };
}

test(`a ${MEGABYTES} MB HAR streams through the worker with progress, and its 401s are in the timeline`, async () => {
  const har = syntheticHar(join(ROOT, 'target', 'e2e-data'), MEGABYTES);
  const megabytes = statSync(har.path).size / 1e6;
  assert.ok(megabytes > MEGABYTES * 0.95, `the file is about ${MEGABYTES} MB (${megabytes.toFixed(1)} MB)`);
  const { context, page, problems } = await openPage(env.browser, env.served.url, { init: watchWorker });
  try {
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => window.__progress.push(document.querySelector('#progress-text').textContent))
        .observe(document.querySelector('#progress-text'), { childList: true, characterData: true, subtree: true });
    });
    const started = Date.now();
    await page.setInputFiles('#file', har.path);
    await page.waitForFunction((count) => document.querySelector('#summary').textContent.includes(`${count} exchanges`),
      har.entries, { timeout: 120000, polling: 500 });
    console.log(`${megabytes.toFixed(1)} MB, ${har.entries} entries read and shown in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const progress = await page.evaluate(() => window.__progress);
    const steps = progress.filter((t) => /^Read .* of 199\.\d MB \(\d+%\)$/.test(t));
    assert.ok(steps.length >= 10, `progress was shown while reading: ${JSON.stringify(progress.slice(0, 4))}`);
    assert.match(await page.textContent('#summary'), new RegExp(`^Read 199\\.\\d MB as har from authlens-synthetic[^:]*: ${har.entries} exchanges\\.$`));

    // Parsed in the worker: the page handed it the File itself and got
    // progress and the report back from it.
    const toWorker = await page.evaluate(() => window.__toWorker);
    const sent = toWorker.filter((m) => m.kind === 'file');
    assert.equal(sent.length, 1, `the page posted the file to its worker: ${JSON.stringify(toWorker)}`);
    assert.ok(sent[0].file, 'as a File, not as its text');
    const fromWorker = (await page.evaluate(() => window.__fromWorker)).filter((m) => m.id === sent[0].id);
    assert.ok(fromWorker.filter((m) => m.kind === 'progress').length >= 10, 'the worker reported progress');
    assert.equal(fromWorker.at(-1).kind, 'report', 'and sent the report');

    const rows = await page.$$eval('#timeline button[data-index]', (buttons) => buttons.map((b) => [b.dataset.index, b.firstElementChild.textContent, b.textContent]));
    const failing = rows.filter(([, status]) => status === '401');
    assert.equal(failing.length, har.unauthorized.length, `the timeline lists the ${har.unauthorized.length} 401s: ${rows.length} rows`);
    for (const [, , text] of failing) assert.match(text, /\/v1\/orders\/\d+.*sent Bearer.*asks Bearer/);
    assert.equal(await page.getAttribute('#verdict .verdict-card', 'data-code'), 'jwt.expired');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
