// Turns the bench's `name: value` lines into JSON and fails when a figure of
// README "Performance" is missing or not a number.
//   node tests/bench/figures.mjs LINES.txt OUT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export const REQUIRED = [
  'paste.native_us_p50',
  'paste.verdict_ms_p50',
  'paste.verdict_ms_p95',
  'har.native.ratio_vs_serde_value',
  'har.native.mb_per_s',
  'har.native.entries_per_s',
  'har.native.peak_rss_mb.200mb',
  'har.native.peak_rss_mb.1gb',
  'har.native.scaling_exponent',
  'har.browser.ratio_vs_json_parse',
  'har.browser.main_thread_long_tasks',
  'har.browser.peak_heap_mb',
  'wasm.gzip_kb',
  'page.total_gzip_kb',
  'challenge.authlens.vectors_right',
  'challenge.http_auth.vectors_right',
  'challenge.speed_ratio_vs_http_auth',
];

const [linesFile, out] = process.argv.slice(2);
const figures = {};
for (const line of readFileSync(linesFile, 'utf8').split('\n')) {
  const match = /^([a-z0-9_.]+): (.*)$/.exec(line.trim());
  if (match) figures[match[1]] = Number(match[2]);
}
const missing = REQUIRED.filter((name) => !Number.isFinite(figures[name]));
writeFileSync(out, `${JSON.stringify({
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30) },
  figures,
}, null, 2)}\n`);
console.error(`wrote ${Object.keys(figures).length} figures to ${out}`);
if (missing.length) {
  console.error(`missing or not numeric: ${missing.join(', ')}`);
  process.exit(1);
}
