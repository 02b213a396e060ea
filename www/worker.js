// Bootstrap only: the worker's logic is in Rust (crate/src/web/worker.rs).
import init, { workerMain } from './pkg/authlens.js';

// Messages that arrive while the wasm loads (the page sends to a restarted
// worker at once) would find no listener and be lost: hold them, then
// hand them to the Rust listener in order.
const early = [];
const hold = (event) => early.push(event.data);
self.addEventListener('message', hold);
await init();
self.removeEventListener('message', hold);
workerMain();
for (const data of early) self.dispatchEvent(new MessageEvent('message', { data }));
