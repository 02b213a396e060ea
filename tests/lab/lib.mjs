// The scenario lab's plumbing: free ports, processes that are always
// stopped, curl/wget captures as a user would paste them, and the check of
// a capture against its expectation with the AuthLens CLI.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { chmodSync, mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(LAB, '..', '..');

/** A port nobody listens on right now (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tryConnect(port, host) {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

/** Every process a scenario started: stopped when it ends, whatever happens. */
const running = new Set();

function killGroup(child) {
  // Daemons run in the foreground in their own process group, so their
  // workers go with them.
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
}

export async function stopAll() {
  const waits = [];
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      waits.push(new Promise((resolve) => {
        const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } resolve(); }, 5000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      }));
      killGroup(child);
    }
  }
  await Promise.all(waits);
  running.clear();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { for (const child of running) killGroup(child); process.exit(130); });
}
process.on('exit', () => { for (const child of running) killGroup(child); });

/** One scenario's sandbox: a temporary directory, its processes and its captures. */
export class Lab {
  constructor(name, outDir) {
    this.name = name;
    this.dir = join(LAB, name);
    this.tmp = mkdtempSync(join(tmpdir(), `authlens-lab-${name}-`));
    // Servers that drop root (Apache, Squid) read their files from here.
    chmodSync(this.tmp, 0o755);
    this.out = join(outDir, name);
    mkdirSync(this.out, { recursive: true });
    this.captures = [];
  }

  /** Writes a file into the sandbox, with `{{KEY}}` placeholders filled from `vars`. */
  file(name, text, vars = {}) {
    const path = join(this.tmp, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text.replace(/\{\{(\w+)\}\}/g, (_, k) => {
      if (!(k in vars)) throw new Error(`${name}: no value for {{${k}}}`);
      return String(vars[k]);
    }));
    return path;
  }

  /** Reads a template from the scenario's folder and writes it filled into the sandbox. */
  template(name, vars, as = name) {
    return this.file(as, readFileSync(join(this.dir, name), 'utf8'), { TMP: this.tmp, ...vars });
  }

  /** Starts a foreground daemon; waits until `port` accepts connections. */
  async start(cmd, args, { port, host = '127.0.0.1', env = {}, cwd = this.tmp } = {}) {
    const log = openSync(join(this.tmp, `${cmd.split('/').pop()}-${port ?? 'x'}.log`), 'a');
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    running.add(child);
    child.on('exit', () => running.delete(child));
    if (port) {
      const deadline = Date.now() + 15000;
      while (!(await tryConnect(port, host))) {
        if (child.exitCode !== null) throw new Error(`${cmd} exited (${child.exitCode}); see ${this.tmp}`);
        if (Date.now() > deadline) throw new Error(`${cmd} did not listen on ${host}:${port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return child;
  }

  /** Runs a command to completion; stdout and stderr land in one stream, in order, as in a terminal. */
  run(cmd, args, { input } = {}) {
    const path = join(this.tmp, 'run.out');
    const fd = openSync(path, 'w');
    const result = spawnSync(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', fd, fd], input, cwd: this.tmp, timeout: 30000 });
    closeSync(fd);
    if (result.error) throw result.error;
    return readFileSync(path, 'utf8');
  }

  /** `run` without blocking the event loop, for servers that live in this process. */
  runAsync(cmd, args) {
    const path = join(this.tmp, 'run.out');
    const fd = openSync(path, 'w');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], cwd: this.tmp });
    closeSync(fd);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve(readFileSync(path, 'utf8')));
    });
  }

  /** `curl -v` output as a user would paste it (the body follows the headers). */
  curl(args) {
    return this.run('curl', ['-v', '-sS', '--no-progress-meter', ...args]);
  }

  /** `wget -S` output (headers on stderr, indented); the body goes to /dev/null. */
  wget(args) {
    return this.run('wget', ['-S', '-O', '/dev/null', '--no-config', '--tries=1', ...args]);
  }

  /** Stores a capture under captures/<scenario>/. */
  capture(file, text) {
    writeFileSync(join(this.out, file), text);
    this.captures.push(file);
    return file;
  }

  /** Stops everything; a failed scenario keeps its sandbox (configs, logs) for a look. */
  async close(failed = false) {
    await stopAll();
    if (failed) console.log(`     ${this.name}: sandbox kept in ${this.tmp}`);
    else rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** The expectation file of a scenario. */
export function expectations(name) {
  return JSON.parse(readFileSync(join(LAB, name, 'expected.json'), 'utf8'));
}

/** The AuthLens CLI: `$AUTHLENS_BIN`, else the debug build (built on demand). */
let cli;
export function authlens() {
  if (cli) return cli;
  if (process.env.AUTHLENS_BIN) return (cli = process.env.AUTHLENS_BIN);
  const built = spawnSync('cargo', ['build', '-q', '-p', 'authlens', '--bin', 'authlens'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('cargo build of the CLI failed');
  return (cli = join(ROOT, 'target', 'debug', 'authlens'));
}

export function diagnose(file, now) {
  const result = spawnSync(authlens(), ['diagnose', '--format', 'json', '--now', now, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`authlens diagnose ${file}: exit ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * Checks one report against its expectation: the verdict's code, the codes
 * that must be among the findings, and those that must not. Returns the
 * problems (empty when it matches).
 */
export function compare(expect, report) {
  const problems = [];
  const verdict = report.verdict?.code ?? null;
  if (verdict !== expect.verdict) problems.push(`verdict ${verdict}, expected ${expect.verdict}`);
  const codes = new Set(report.findings.map((f) => f.code));
  for (const code of expect.codes ?? []) if (!codes.has(code)) problems.push(`missing ${code}`);
  for (const code of expect.absent ?? []) if (codes.has(code)) problems.push(`unexpected ${code}`);
  return problems;
}
