// The second engine: Debian's Firefox ESR, driven by geckodriver (from
// crates.io) over plain WebDriver HTTP — playwright-core cannot drive a stock
// Firefox. A smoke test: the page loads its wasm and worker, a pasted example
// gets its verdict, nothing goes to the console as an error, and no request
// goes anywhere but the page's own server.
//
// GECKODRIVER names the driver (./dev test installs it under target/tools).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, startServer } from '../e2e/browser.mjs';

const GECKODRIVER = resolve(ROOT, process.env.GECKODRIVER ?? join('target', 'tools', 'bin', 'geckodriver'));
const FIREFOX = '/usr/bin/firefox-esr';
const EXAMPLE = 'jwt-expired';
const EXAMPLE_VERDICT = 'jwt.expired';

// Everything a fresh profile would otherwise fetch on its own. geckodriver
// adds its own testing prefs; these close what is left, and any request that
// still tries to leave goes to the trap proxy below, which counts it.
const prefs = (trapPort) => ({
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': 'data:,',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  // Remote Settings (JS and Rust clients) to a closed local port: a data:
  // dummy sends the Rust client back to the production server.
  'services.settings.server': 'http://127.0.0.1:1/v1',
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.shell.checkDefaultBrowser': false,
  'browser.topsites.contile.enabled': false,
  'browser.contentblocking.report.lockwise.enabled': false,
  'dom.push.connection.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'identity.fxaccounts.enabled': false,
  // Whatever still tries the network meets the trap; the page's own
  // server is on 127.0.0.1, which Firefox never sends through a proxy.
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': trapPort,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': trapPort,
  'network.proxy.share_proxy_settings': true,
  'network.proxy.allow_hijacking_localhost': false,
  // The page's console messages go to stdout, where this test reads them.
  'devtools.console.stdout.content': true,
});

let served;
let trap;
let trapped = [];
let driver;
let driverOutput = '';
let driverUrl;
let profileDir;

/** Listens on a free 127.0.0.1 port and answers every request with 403, recording it. */
function startTrap() {
  const server = createServer((req, res) => {
    trapped.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    trapped.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function freePort() {
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address();
  await new Promise((ok) => probe.close(ok));
  return port;
}

async function webdriver(method, path, body) {
  const response = await fetch(`${driverUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** Polls `script` (a function body run in the page) until it returns a truthy value. */
async function until(session, script, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await webdriver('POST', `/session/${session}/execute/sync`, { script, args: [] });
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

before(async () => {
  served = await startServer();
  trap = await startTrap();
  const port = await freePort();
  driverUrl = `http://127.0.0.1:${port}`;
  driver = spawn(GECKODRIVER, ['--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Firefox inherits it: a release build ignores `services.settings.server` without it.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
  });
  driver.stdout.on('data', (d) => { driverOutput += d; });
  driver.stderr.on('data', (d) => { driverOutput += d; });
  const end = Date.now() + 10000;
  for (;;) {
    try {
      const status = await (await fetch(`${driverUrl}/status`)).json();
      if (status.value?.ready) break;
    } catch { /* not listening yet */ }
    if (Date.now() > end || driver.exitCode !== null) throw new Error(`geckodriver did not start:\n${driverOutput}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  profileDir = mkdtempSync(join(tmpdir(), 'authlens-firefox-'));
});

after(async () => {
  driver?.kill();
  trap?.close();
  served?.server.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

test('Firefox ESR loads the page, diagnoses a pasted example and asks nothing of the network', async () => {
  const pageRequests = [];
  served.server.on('request', (req) => pageRequests.push(req.url));
  const { sessionId, capabilities } = await webdriver('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: FIREFOX,
          // A fresh, empty profile of our own: nothing carried over from any run.
          args: ['-headless', '-profile', profileDir],
          prefs: prefs(trap.address().port),
        },
      },
    },
  });
  try {
    const version = spawnSync(GECKODRIVER, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
    console.log(`${capabilities.browserName} ${capabilities.browserVersion} driven by ${version}`);
    await webdriver('POST', `/session/${sessionId}/url`, { url: served.url });
    await until(sessionId, "return document.documentElement.dataset.ready === 'true'", 'the wasm and worker to load');
    // Errors after load are caught in the page too (CSP violations do not reach stdout).
    await webdriver('POST', `/session/${sessionId}/execute/sync`, {
      script: `window.__problems = [];
        addEventListener('securitypolicyviolation', (e) => window.__problems.push('CSP ' + e.violatedDirective));
        addEventListener('error', (e) => window.__problems.push(String(e.message)));
        return true;`,
      args: [],
    });
    const loaded = pageRequests.length;
    const text = readFileSync(join(ROOT, 'tests', 'fixtures', 'examples', `${EXAMPLE}.txt`), 'utf8');
    await webdriver('POST', `/session/${sessionId}/execute/sync`, {
      script: `const input = document.querySelector('#input');
        input.value = arguments[0];
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return true;`,
      args: [text],
    });
    const code = await until(sessionId,
      "return document.querySelector('#verdict .verdict-card')?.dataset.code",
      'the verdict');
    assert.equal(code, EXAMPLE_VERDICT);
    const verdict = await webdriver('POST', `/session/${sessionId}/execute/sync`, {
      script: "return document.querySelector('#verdict').textContent", args: [],
    });
    assert.ok(verdict.includes(EXAMPLE_VERDICT), `#verdict names the code: ${verdict}`);
    const shown = await webdriver('POST', `/session/${sessionId}/execute/sync`, {
      script: "return [...document.querySelectorAll('#findings [data-code]')].length", args: [],
    });
    assert.ok(shown > 1, `the findings are listed (${shown})`);
    const problems = await webdriver('POST', `/session/${sessionId}/execute/sync`, { script: 'return window.__problems', args: [] });
    assert.deepEqual(problems, [], 'no error or CSP violation in the page');

    assert.ok(pageRequests.slice(0, loaded).some((url) => url.endsWith('.wasm')), `the wasm was fetched: ${pageRequests}`);
    assert.deepEqual(pageRequests.slice(loaded), [], 'no request to the page server after load');

    // The page's console errors and uncaught errors (from its scripts, its
    // worker included) reach stdout; a probe shows that they would be seen.
    await webdriver('POST', `/session/${sessionId}/execute/sync`, { script: "console.error('authlens-smoke-probe'); return true", args: [] });
    await new Promise((ok) => setTimeout(ok, 500));
  } finally {
    await webdriver('DELETE', `/session/${sessionId}`);
  }
  const errors = errorBlocks(driverOutput);
  assert.ok(errors.some((block) => block.includes('authlens-smoke-probe')), `the console probe reached the output:\n${driverOutput}`);
  // The browser's own modules complain too (Nimbus cannot reach the dummy
  // Remote Settings server, a window closes at shutdown): their messages
  // name resource:// or chrome:// code and not the page.
  const fromPage = errors.filter((block) => !block.includes('authlens-smoke-probe')
    && (block.includes(served.url) || !/\b(resource|chrome):\/\//.test(block)));
  assert.deepEqual(fromPage, [], 'no console error from the page');
  assert.deepEqual(trapped, [], 'Firefox sent no request anywhere but the page server');
});

/** The error messages in Firefox's output, each with its continuation lines
 * (a console.error's arguments and stack are indented below it). */
function errorBlocks(output) {
  const blocks = [];
  let current = null;
  for (const line of output.split('\n')) {
    if (/^(console\.\w+:|JavaScript \w+:|\d{10,}\t)/.test(line)) {
      current = /^(console\.error:|JavaScript error:)/.test(line) ? [line] : null;
      if (current) blocks.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  return blocks.map((block) => block.join('\n').trim());
}
