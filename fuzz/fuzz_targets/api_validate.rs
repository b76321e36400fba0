//! The wasm entry points' JSON: `validate_json` for every kind never panics and always answers
//! with a `diagnostics` array.
#![no_main]
use iamsim_core::api::validate_json;
use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 8] = ["identity", "resource", "trust", "boundary", "session", "scp", "rcp", "bogus"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let out = validate_json(text, kind);
    assert!(out.get("diagnostics").and_then(|d| d.as_array()).is_some());
});
