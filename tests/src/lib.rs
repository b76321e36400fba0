//! Shared helpers for the cross-crate conformance tests: loading the scenario corpus and deciding
//! scenarios through the library.

use iamsim_core::eval::{decide, decide_explained, Decision};
use iamsim_core::json::{self, Limits};
use iamsim_core::scenario::{read_scenario, Scenario};
use std::path::{Path, PathBuf};

/// Every `*.json` file under `tests/scenarios/`, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Reads a scenario from JSON text, or describes why it is invalid.
pub fn read(text: &str) -> Result<Scenario, String> {
    let value = json::parse(text, Limits::default()).map_err(|e| e.message())?;
    read_scenario(&value, text).map_err(|diags| {
        diags
            .iter()
            .map(|d| format!("{} at {}: {}", d.code, d.path, d.message))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Decides a scenario given as a JSON value (for property tests).
pub fn decide_value(value: &serde_json::Value) -> Result<Decision, String> {
    let s = read(&value.to_string())?;
    let fast = decide(&s.request, &s.caller, &s.resource);
    let explained = decide_explained(&s.request, &s.caller, &s.resource).decision;
    if fast != explained {
        return Err(format!(
            "decide gave {fast:?} but decide_explained gave {explained:?}"
        ));
    }
    Ok(fast)
}
