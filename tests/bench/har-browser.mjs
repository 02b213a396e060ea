// Browser HAR benchmark: the page's worker streaming a big HAR (chosen in
// `#file`) through the wasm, against `file.text()` + `JSON.parse` of the same
// file in the same page — both measured in this run, so the ratio survives a
// noisy machine. Also counts long tasks (> 50 ms) on the page's main thread
// while the file is read, and the peak growth of the renderer's resident
// memory (the worker's JS heap, its wasm memory and the chunks in flight all
// live in that process). The best of BENCH_ROUNDS (2) rounds of each.
//   node tests/bench/har-browser.mjs FILE.har
// Prints `name: value` lines.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { launch, openPage, startServer } from '../e2e/browser.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/bench/har-browser.mjs FILE.har');
  process.exit(1);
}
const megabytes = statSync(file).size / 1e6;

/** Chromium's renderer processes started (indirectly) by this node process. */
function renderers() {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // The command name may hold spaces and parentheses: split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = parent.get(p) ?? 0, hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    try {
      return descends(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch { return false; }
  });
}

function statusKb(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

const browser = await launch();
const served = await startServer();
try {
  const { context, page, problems } = await openPage(browser, served.url);
  const rounds = Number(process.env.BENCH_ROUNDS || 2);
  // Done when the worker's report is rendered: `#verdict` rewritten with a
  // verdict or a finding in it, or `#input-error` shown.
  await page.evaluate(() => {
    const bench = { longTasks: 0 };
    window.__bench = bench;
    new PerformanceObserver((list) => {
      if (bench.start && !bench.end) bench.longTasks += list.getEntries().filter((e) => e.duration > 50).length;
    }).observe({ type: 'longtask' });
    document.querySelector('#file').addEventListener('change', () => {
      bench.start = performance.now();
      bench.end = 0;
    }, { capture: true });
    const verdict = document.querySelector('#verdict');
    const error = document.querySelector('#input-error');
    const check = () => {
      if (!bench.start || bench.end) return;
      if (verdict.querySelector('[data-code]') || (error && !error.hidden && error.textContent)) bench.end = performance.now();
    };
    const observer = new MutationObserver(check);
    observer.observe(verdict, { childList: true, subtree: true, characterData: true });
    if (error) observer.observe(error, { attributes: true, childList: true, subtree: true });
  });
  let wasmMs = Infinity;
  let baselineMs = Infinity;
  let longTasks = 0;
  let peakKb = 0;
  for (let round = 0; round < rounds; round++) {
    // Resident memory before the file, and the peak reset ("5" clears VmHWM).
    const before = new Map();
    for (const pid of renderers()) {
      before.set(pid, statusKb(pid, 'VmRSS'));
      try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { /* not ours to reset */ }
    }
    await page.setInputFiles('#file', []);
    await page.evaluate(() => { window.__bench.start = 0; window.__bench.longTasks = 0; });
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000, polling: 50 });
    // Long tasks are reported after they end: give the last one time to arrive.
    await page.waitForTimeout(200);
    const run = await page.evaluate(() => window.__bench);
    wasmMs = Math.min(wasmMs, run.end - run.start);
    longTasks = Math.max(longTasks, run.longTasks);
    for (const [pid, rss] of before) {
      try { peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM') - rss); } catch { /* gone */ }
    }
    const error = await page.evaluate(() => {
      const e = document.querySelector('#input-error');
      return e && !e.hidden ? e.textContent : '';
    });
    if (error) throw new Error(`the page could not read ${file}: ${error}`);
    // The baseline most viewers use: read the whole file as text, JSON.parse
    // it, and walk the entries once (so an engine cannot skip the parse).
    baselineMs = Math.min(baselineMs, await page.evaluate(async () => {
      const f = document.querySelector('#file').files[0];
      const t0 = performance.now();
      const har = JSON.parse(await f.text());
      let statuses = 0;
      for (const e of har.log.entries) statuses += e?.response?.status === 401 ? 1 : 0;
      window.__sink = statuses;
      return performance.now() - t0;
    }));
    await page.evaluate(() => { window.__sink = null; });
  }
  console.log(`har.browser.file_mb: ${megabytes.toFixed(1)}`);
  console.log(`har.browser.wasm_ms: ${wasmMs.toFixed(0)}`);
  console.log(`har.browser.mb_per_s: ${(megabytes / (wasmMs / 1000)).toFixed(1)}`);
  console.log(`har.browser.json_parse_ms: ${baselineMs.toFixed(0)}`);
  console.log(`har.browser.ratio_vs_json_parse: ${(baselineMs / wasmMs).toFixed(2)}`);
  console.log(`har.browser.main_thread_long_tasks: ${longTasks}`);
  console.log(`har.browser.peak_heap_mb: ${(peakKb / 1024).toFixed(1)}`);
  if (problems.length) console.error(`console errors: ${problems.join('\n')}`);
  await context.close();
} finally {
  served.server.close();
  await browser.close();
}
