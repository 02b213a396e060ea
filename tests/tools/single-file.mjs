// Writes dist/authlens.html: the page with its CSS, the wasm-bindgen glue, the
// bootstrap and the wasm (base64) inlined, so that one saved file works from
// file:// with the network off. The worker is a blob made from the page's own
// script, which runs as the page or as the worker depending on where it finds
// itself. It is a classic script with `--target no-modules` glue, because
// Chromium runs no module worker from a blob: URL in a file:// page. The CSP
// allows exactly these inline blocks by hash.
// Usage: node single-file.mjs WWW_DIR NO_MODULES_PKG_DIR OUT_FILE
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const [www, pkg, out] = process.argv.slice(2);
const html = await readFile(join(www, 'index.html'), 'utf8');
const css = await readFile(join(www, 'style.css'), 'utf8');
const glue = await readFile(join(pkg, 'authlens.js'), 'utf8');
const wasm = await readFile(join(pkg, 'authlens_bg.wasm'));

if (!/let wasm_bindgen/.test(glue)) {
  throw new Error('wasm-bindgen glue has an unexpected shape: build it with --target no-modules');
}
const boot = `
(async () => {
  // In the worker, messages that arrive while the wasm loads are held for
  // the Rust listener (see www/worker.js).
  const early = [];
  const hold = (event) => early.push(event.data);
  if (typeof document === 'undefined') self.addEventListener('message', hold);
  const bytes = Uint8Array.from(atob(${JSON.stringify(wasm.toString('base64'))}), (c) => c.charCodeAt(0));
  await wasm_bindgen({ module_or_path: bytes });
  if (typeof document === 'undefined') {
    self.removeEventListener('message', hold);
    wasm_bindgen.workerMain();
    for (const data of early) self.dispatchEvent(new MessageEvent('message', { data }));
  } else {
    // A classic inline script runs before the body is parsed (a module would be deferred).
    if (document.readyState === 'loading') {
      await new Promise((ready) => document.addEventListener('DOMContentLoaded', ready, { once: true }));
    }
    const source = document.getElementById('authlens-app').textContent;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    wasm_bindgen.start(new Worker(url), () => new Worker(url));
  }
})();
`;
const script = `${glue}\n${boot}`;
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${hash(script)} 'wasm-unsafe-eval'`,
  "connect-src 'none'",
  'worker-src blob:',
  `style-src ${hash(css)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const replaceOnce = (text, pattern, replacement) => {
  if (!pattern.test(text)) throw new Error(`index.html no longer matches ${pattern}`);
  return text.replace(pattern, () => replacement);
};
let page = html;
page = replaceOnce(page, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
page = replaceOnce(page, /<link rel="stylesheet" href="style.css">/, `<style>${css}</style>`);
// The script's text must not close the element early.
if (script.includes('</script')) throw new Error('inlined script contains </script');
page = replaceOnce(page, /<script type="module" src="main.js"><\/script>/, `<script id="authlens-app">${script}</script>`);

await mkdir(dirname(out), { recursive: true });
await writeFile(out, page);
console.log(`single-file build: ${out} (${page.length} bytes)`);
