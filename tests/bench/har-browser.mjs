// Browser HAR benchmark: the page's worker streaming a big HAR through the
// wasm reader, against `file.text()` + `JSON.parse` of the same file in the
// same page — both measured in this run, so the ratio survives a noisy machine.
//   node tests/bench/har-browser.mjs FILE.har
// Prints `name: value` lines.
import { statSync } from 'node:fs';
import { launch, openPage, startServer } from '../e2e/browser.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/bench/har-browser.mjs FILE.har');
  process.exit(1);
}
const megabytes = statSync(file).size / 1e6;

const browser = await launch();
const served = await startServer();
try {
  const { context, page, problems } = await openPage(browser, served.url);
  // Time from the file chooser's change event to the summary line the page
  // writes once the worker's report arrives.
  await page.evaluate(() => {
    window.__bench = {};
    document.querySelector('#file').addEventListener('change', () => { window.__bench.start = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      if (window.__bench.start && !window.__bench.end && document.querySelector('#summary').textContent.includes('exchange')) {
        window.__bench.end = performance.now();
      }
    }).observe(document.querySelector('#summary'), { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000, polling: 100 });
  const wasmMs = await page.evaluate(() => window.__bench.end - window.__bench.start);
  const summary = await page.textContent('#summary');
  // The baseline most viewers use: read the whole file as text, JSON.parse it,
  // and walk the entries once (so an engine cannot skip the parse).
  const baselineMs = await page.evaluate(async () => {
    const f = document.querySelector('#file').files[0];
    const t0 = performance.now();
    const har = JSON.parse(await f.text());
    let statuses = 0;
    for (const e of har.log.entries) statuses += e.response.status === 401 ? 1 : 0;
    window.__sink = statuses;
    return performance.now() - t0;
  });
  console.log(`har.browser.file_mb: ${megabytes.toFixed(1)}`);
  console.log(`har.browser.wasm_ms: ${wasmMs.toFixed(0)}`);
  console.log(`har.browser.wasm_mb_per_s: ${(megabytes / (wasmMs / 1000)).toFixed(1)}`);
  console.log(`har.browser.json_parse_ms: ${baselineMs.toFixed(0)}`);
  console.log(`har.browser.ratio_vs_json_parse: ${(baselineMs / wasmMs).toFixed(2)}`);
  console.log(`har.browser.summary: ${summary.trim()}`);
  if (problems.length) console.log(`har.browser.console_errors: ${problems.length}`);
  await context.close();
} finally {
  served.server.close();
  await browser.close();
}
