//! Any bytes: parsing and validating a policy never panics, and a policy that parses without
//! errors round-trips: parse → print → parse gives the same policy.
#![no_main]
use iamsim_core::policy::{parse_policy, policy_to_json, validate_policy, PolicyKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse_policy(text);
    let Some(policy) = parsed.policy.as_ref() else { return };
    for kind in PolicyKind::ALL {
        let _ = validate_policy(policy, kind, Some(text), "");
    }
    if parsed.has_errors() {
        return;
    }
    let printed = policy_to_json(policy).to_string();
    let reparsed = parse_policy(&printed);
    assert!(!reparsed.has_errors(), "printed policy does not parse: {printed}");
    let again = policy_to_json(reparsed.policy.as_ref().expect("parsed")).to_string();
    assert_eq!(printed, again, "round trip changed the policy");
});
