#!/usr/bin/env node
// The scenario lab: each folder of tests/lab/ starts real servers (and a real
// browser) on 127.0.0.1, provokes a 401/407, records what a user would paste,
// and checks AuthLens's verdict against its expected.json.
//
//   node tests/lab/lab.mjs [--out DIR] [SCENARIO…]
//
// Without --out the captures are re-recorded into tests/lab/captures/ (they are
// committed and replayed by the test command); with it they go elsewhere, so a
// live check leaves the committed ones alone.
import { readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LAB, Lab, expectations, diagnose, compare } from './lib.mjs';

export function scenarios() {
  return readdirSync(LAB, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(LAB, d.name, 'scenario.mjs')))
    .map((d) => d.name)
    .sort();
}

async function main(argv) {
  let out = join(LAB, 'captures');
  let scratch = false;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--out') names.push(argv[i]);
    else if (argv[++i] !== 'tmp') out = argv[i];
    else { out = mkdtempSync(join(tmpdir(), 'authlens-lab-out-')); scratch = true; }
  }
  const all = scenarios();
  for (const name of names) if (!all.includes(name)) throw new Error(`no scenario ${name} (have: ${all.join(', ')})`);
  let failed = 0;
  const misses = [];
  let passed = 0;
  for (const name of names.length ? names : all) {
    const t0 = Date.now();
    const lab = new Lab(name, out);
    const { record } = await import(join(LAB, name, 'scenario.mjs'));
    try {
      await record(lab);
    } catch (error) {
      await lab.close(true);
      throw error;
    }
    await lab.close();
    const { captures } = expectations(name);
    const expected = new Set(captures.map((c) => c.file));
    for (const file of lab.captures) {
      if (!expected.has(file)) { console.log(`FAIL ${name}/${file}: recorded but has no expectation`); failed++; }
    }
    for (const expect of captures) {
      const label = `${name}/${expect.file}`;
      if (!lab.captures.includes(expect.file)) { console.log(`FAIL ${label}: not recorded`); failed++; continue; }
      const report = diagnose(join(out, name, expect.file), expect.now);
      const problems = compare(expect, report);
      const got = `verdict ${report.verdict?.code ?? 'none'}; ${report.findings.map((f) => `${f.code}:${f.severity}`).join(' ')}`;
      if (expect.known_miss) {
        if (problems.length === 0) { console.log(`FAIL ${label}: marked known_miss but now passes; remove the mark`); failed++; }
        else { misses.push(`${label}: ${expect.known_miss} (${problems.join('; ')})`); }
      } else if (problems.length) {
        console.log(`FAIL ${label}: ${problems.join('; ')}\n     got ${got}`); failed++;
      } else {
        console.log(`ok   ${label}: ${expect.verdict}`); passed++;
      }
    }
    console.log(`     ${name}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  if (misses.length) console.log(`known misses (${misses.length}):\n  ${misses.join('\n  ')}`);
  // A live check's captures only matter when something failed.
  if (scratch && !failed) rmSync(out, { recursive: true, force: true });
  console.log(`lab: ${passed} passed, ${failed} failed, ${misses.length} known misses; captures ${scratch && !failed ? 'checked and removed' : `in ${out}`}`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => { console.error(error); process.exit(1); });
