//! Any bytes as a scenario: reading, condition evaluation and deciding (with and without a trace)
//! never panic, and both paths agree.
#![no_main]
use iamsim_core::api::decide_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fast = decide_json(text, false);
    let explained = decide_json(text, true);
    assert_eq!(fast.get("decision"), explained.get("decision"));
    assert!(fast.get("decision").is_some() || fast.get("error").is_some());
});
