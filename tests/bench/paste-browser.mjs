// Browser paste benchmark: every paste sample of the shared corpus typed into
// the page's `#input` (one input event, as a paste gives), timed in the page
// from the event to the update of `#verdict` (or `#input-error`), which the
// page rewrites once the worker's report is rendered.
//   node tests/bench/paste-browser.mjs [--smoke]
// Prints `name: value` lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, openPage, startServer } from '../e2e/browser.mjs';

const smoke = process.argv.includes('--smoke');
const shared = process.env.AUTHLENS_SHARED || join(ROOT, '..', 'shared');
const dir = join(shared, 'corpus', 'paste');
let samples = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));
if (smoke) samples = samples.filter((_, i) => i % 8 === 0);
const rounds = smoke ? 1 : 3;

function percentile(sorted, p) {
  return sorted[Math.round(p * (sorted.length - 1))];
}

const browser = await launch();
const served = await startServer();
try {
  const { context, page, problems } = await openPage(browser, served.url);
  const timeOne = (text) => page.evaluate((text) => new Promise((resolve, reject) => {
    const input = document.querySelector('#input');
    const watched = [document.querySelector('#verdict'), document.querySelector('#input-error')];
    let start = 0;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('#verdict not updated within 10 s')); }, 10_000);
    const observer = new MutationObserver(() => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - start);
    });
    for (const element of watched) {
      if (element) observer.observe(element, { childList: true, subtree: true, characterData: true, attributes: true });
    }
    start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), text);
  // One untimed paste warms the worker, the wasm and the renderer.
  await timeOne(samples[0]);
  await timeOne('');
  const times = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of samples) times.push(await timeOne(text));
  }
  times.sort((a, b) => a - b);
  console.log(`paste.browser_inputs: ${samples.length}`);
  console.log(`paste.verdict_ms_p50: ${percentile(times, 0.5).toFixed(2)}`);
  console.log(`paste.verdict_ms_p95: ${percentile(times, 0.95).toFixed(2)}`);
  console.log(`paste.verdict_ms_max: ${times[times.length - 1].toFixed(2)}`);
  if (problems.length) console.error(`console errors: ${problems.join('\n')}`);
  await context.close();
} finally {
  served.server.close();
  await browser.close();
}
