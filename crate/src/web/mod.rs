//! The browser face (wasm32 only): placeholder until the platform lands.
