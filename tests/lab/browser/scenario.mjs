// Headless Chromium (Debian's, driven by playwright-core) against a small
// node server that answers for several host names on one port; each case
// runs in its own browser context and the HAR Chromium recorded is the capture.
//   samesite-lax-post     a SameSite=Lax session cookie left off a cross-site POST
//   secure-cookie-http    a Secure session cookie set over http: (refused)
//   cors-preflight-401    an OPTIONS preflight answered 401 (Playwright leaves
//                         preflights out of its HAR, so `curl -v` replays it too)
//   redirect-drops-auth   fetch with Authorization redirected to another origin
//   login-loop            /dashboard -> /login -> /dashboard... (the session
//                         cookie is SameSite=None without Secure, so refused)
import { createServer } from 'node:http';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../e2e/browser.mjs';
import { freePort } from '../lib.mjs';

const TOKEN = 'lab-browser-token-91c2'; // test-only

function handler(port) {
  const origin = (host) => `http://${host}:${port}`;
  return (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const url = new URL(req.url, origin(host));
    const cookies = Object.fromEntries((req.headers.cookie ?? '').split(/;\s*/).filter(Boolean).map((c) => c.split('=')));
    const send = (status, headers, body = '') => { res.writeHead(status, headers); res.end(body); };
    const html = (body) => send(200, { 'content-type': 'text/html' }, `<!doctype html><title>lab</title>${body}`);
    const json = (status, body, headers = {}) => send(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
    const route = `${host} ${req.method} ${url.pathname}`;
    switch (route) {
      // --- the bank on app.test: cookie sessions
      case 'app.test GET /login':
        return send(302, { location: '/home', 'set-cookie': 'session=s3ss10n-lax-7a; Path=/; HttpOnly; SameSite=Lax' });
      case 'app.test GET /home':
        return html('<p>logged in</p>');
      case 'app.test POST /transfer':
        return cookies.session ? json(200, { ok: true }) : json(401, { error: 'not logged in' });
      case 'app.test GET /secure-login':
        return send(302, { location: '/me', 'set-cookie': 'sid=s3cure-only-5b; Path=/; Secure; HttpOnly; SameSite=Lax' });
      case 'app.test GET /me':
        return cookies.sid ? json(200, { user: 'alice' }) : json(401, { error: 'not logged in' });
      case 'app.test GET /dashboard':
        return cookies.sso ? html('<p>dashboard</p>') : send(302, { location: '/sso/login?next=/dashboard' });
      case 'app.test GET /sso/login':
        return send(302, { location: url.searchParams.get('next') ?? '/dashboard', 'set-cookie': 'sso=l00p-3c; Path=/; SameSite=None' });
      case 'app.test GET /spa':
        return html('<p>single-page app</p>');
      // --- the shop on shop.test posts a form to app.test (cross-site)
      case 'shop.test GET /offer':
        return html(`<form method="post" action="${origin('app.test')}/transfer"><input name="amount" value="10"><button>Pay</button></form>`);
      // --- an API on api.test that wants a token on every method, preflights included
      case 'api.test OPTIONS /v1/orders':
        return send(401, { 'www-authenticate': 'Bearer realm="api"', 'content-type': 'application/json' }, '{"error":"missing token"}');
      case 'api.test GET /v1/orders':
        return json(200, []);
      // --- an API on api.test that moved to data.test: it redirects, the token is dropped
      case 'api.test OPTIONS /v1/reports':
      case 'data.test OPTIONS /v1/reports':
        return send(204, { 'access-control-allow-origin': origin('app.test'), 'access-control-allow-headers': 'authorization', 'access-control-allow-methods': 'GET' });
      case 'api.test GET /v1/reports':
        return send(307, { location: `${origin('data.test')}/v1/reports`, 'access-control-allow-origin': origin('app.test') });
      case 'data.test GET /v1/reports': {
        const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'www-authenticate' };
        if (req.headers.authorization === `Bearer ${TOKEN}`) return json(200, [], cors);
        return json(401, { error: 'missing token' }, { ...cors, 'www-authenticate': 'Bearer realm="data"' });
      }
      default:
        return send(404, { 'content-type': 'text/plain' }, 'not found');
    }
  };
}

async function withContext(browser, lab, file, fn) {
  const path = join(lab.out, file);
  const context = await browser.newContext({ recordHar: { path, content: 'embed' } });
  const page = await context.newPage();
  try {
    await fn(page);
  } finally {
    await context.close(); // writes the HAR
  }
  // Chromium's own file, untouched; the runner diagnoses it.
  lab.capture(file, readFileSync(path, 'utf8'));
}

export async function record(lab) {
  const port = await freePort();
  const server = createServer(handler(port));
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const o = (host) => `http://${host}:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    // Names without DNS; Playwright gives the browser a fresh profile of its own.
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
  try {
    await withContext(browser, lab, 'samesite-lax-post.har', async (page) => {
      await page.goto(`${o('app.test')}/login`);
      await page.goto(`${o('shop.test')}/offer`);
      await Promise.all([page.waitForNavigation(), page.click('button')]);
    });
    await withContext(browser, lab, 'secure-cookie-http.har', async (page) => {
      await page.goto(`${o('app.test')}/secure-login`);
    });
    await withContext(browser, lab, 'cors-preflight-401.har', async (page) => {
      await page.goto(`${o('app.test')}/spa`);
      await page.evaluate(async ([url, token]) => {
        try { await fetch(url, { headers: { Authorization: `Bearer ${token}` } }); } catch { /* CORS error, as in the app */ }
      }, [`${o('api.test')}/v1/orders`, TOKEN]);
    });
    await withContext(browser, lab, 'redirect-drops-auth.har', async (page) => {
      await page.goto(`${o('app.test')}/spa`);
      await page.evaluate(async ([url, token]) => {
        try { await fetch(url, { headers: { Authorization: `Bearer ${token}` } }); } catch { /* as in the app */ }
      }, [`${o('api.test')}/v1/reports`, TOKEN]);
    });
    await withContext(browser, lab, 'login-loop.har', async (page) => {
      await page.goto(`${o('app.test')}/dashboard`).catch(() => { /* ERR_TOO_MANY_REDIRECTS is the point */ });
    });
    // What a developer pastes after seeing the CORS error: the preflight, replayed.
    lab.capture('cors-preflight-401.curl.txt', await lab.runAsync('curl', ['-v', '-sS', '-X', 'OPTIONS', '--resolve', `api.test:${port}:127.0.0.1`,
      '-H', `Origin: ${o('app.test')}`, '-H', 'Access-Control-Request-Method: GET', '-H', 'Access-Control-Request-Headers: authorization',
      `${o('api.test')}/v1/orders`]));
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
