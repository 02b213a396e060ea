// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core (never a downloaded browser), and the page served by the
// same server `./dev serve` uses.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../tools/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Screenshots and other artifacts of a run (git-ignored with target/).
export const ARTIFACTS = join(ROOT, 'target', 'e2e-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export async function startServer() {
  const server = await serve(join(ROOT, 'www'), 0);
  const { port } = server.address();
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Opens the page, records every request and console error, waits for data-ready. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options.context ?? {});
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  // A script to run before the page's own (to watch what it does from the start).
  if (options.init) await page.addInitScript(options.init);
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20000 });
  return { context, page, requests, problems };
}

/** Pastes `text` into the input as a person would (an input event). */
export async function paste(page, text) {
  await page.fill('#input', text);
}

/** One browser and one page server for all the tests of a file: registers
 * the file's `before`/`after` hooks and returns where they put both. */
export function useBrowser() {
  const env = { browser: undefined, served: undefined };
  before(async () => {
    env.browser = await launch();
    env.served = await startServer();
  });
  after(async () => {
    await env.browser?.close();
    env.served?.server.close();
  });
  return env;
}
