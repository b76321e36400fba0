//! The model entry points' JSON (the wasm exports pathsJson, whoCanJson, checkJson, assumeJson,
//! diffJson, and batch request lines): any query text gets `{"result"}` or `{"error"}`, never a
//! panic. The model is a small fixed one (examples/diff), so each run is quick.
#![no_main]
use iamsim_core::api;
use iamsim_core::model::load_model;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const BEFORE: &str = include_str!("../../examples/diff/before.json");
const AFTER: &str = include_str!("../../examples/diff/after.json");

fn model() -> &'static iamsim_core::model::Model {
    static MODEL: OnceLock<iamsim_core::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| load_model(BEFORE).unwrap_or_else(|_| std::process::abort()))
}

fn answered(v: &serde_json::Value) -> bool {
    v.get("result").is_some() || v.get("error").is_some()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(query) = std::str::from_utf8(rest) else { return };
    match selector % 6 {
        0 => assert!(answered(&api::paths_json(Some(BEFORE), query))),
        1 => assert!(answered(&api::who_can_json(Some(BEFORE), query))),
        2 => assert!(answered(&api::check_json(Some(BEFORE), query))),
        3 => assert!(answered(&api::assume_json(Some(BEFORE), query))),
        4 => assert!(answered(&api::diff_json(BEFORE, AFTER, query))),
        _ => {
            let limits = iamsim_core::limits::Limits::default();
            let out = api::decide_batch_line(query, selector & 8 != 0, &limits, || {
                Ok(api::ModelSource { model: model(), text: BEFORE, principals: None })
            });
            assert!(out.get("decision").is_some() || out.get("error").is_some());
        }
    }
});
