// Bootstrap only: the worker's logic is in Rust (crate/src/web/worker.rs).
import init, { workerMain } from './pkg/authlens.js';

await init();
workerMain();
