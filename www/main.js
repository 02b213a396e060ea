// Bootstrap only: load the wasm, start the worker, hand both to Rust.
import init, { start } from './pkg/authlens.js';

await init();
const spawn = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
start(spawn(), spawn);
