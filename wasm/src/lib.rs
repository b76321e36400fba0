//! wasm-bindgen bindings over iamsim-core.
